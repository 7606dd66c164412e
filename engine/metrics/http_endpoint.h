#pragma once

// MetricsEndpoint: a minimal HTTP/1.1 server for `GET /metrics` (Prometheus text), as
// MSK's Open Monitoring serves it on port 11001. Each connection reads one request (at
// most 16 KiB of headers, within 10 s), gets one answer and is closed; other paths get
// 404, other methods 405. It also owns the one-second timer that advances the broker's
// rate windows (tick callback), so metrics cost nothing when the endpoint is off.
//
// Owned by the Broker; runs on the broker's event-loop thread, like everything the
// broker does. Lifecycle: listen() → io_context runs → stop() closes the acceptor and
// cancels the timer (connections in flight finish on their own).

#include "engine/common/result.h"

#include <asio.hpp>

#include <functional>
#include <memory>
#include <string>

namespace runnel::metrics {

class MetricsEndpoint
{
public:
    using Render = std::function<std::string()>;
    using Tick = std::function<void()>;

    MetricsEndpoint(asio::io_context &io, Render render, Tick tick);
    ~MetricsEndpoint();

    // Binds host:port (port 0 picks one) and starts serving; returns the bound port.
    Result<uint16_t> listen(const std::string &host, uint16_t port);
    void stop();

private:
    void accept();
    void scheduleTick();

    asio::io_context &m_io;
    Render m_render;
    Tick m_tick;
    asio::ip::tcp::acceptor m_acceptor;
    asio::steady_timer m_timer;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace runnel::metrics
