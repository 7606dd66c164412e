#include "engine/cluster/peer_link.h"

#include "engine/cluster/peer_stream.h"

#include "engine/common/log.h"

#include <asio.hpp>

#include <algorithm>
#include <deque>

namespace runnel::cluster {

namespace {
constexpr const char *kComponent = "cluster";
}

class PeerLink::State : public std::enable_shared_from_this<PeerLink::State>
{
public:
    State(asio::io_context &io,
          std::string name,
          std::string host,
          uint16_t port,
          PeerLinkOptions options)
        : m_name(std::move(name))
        , m_host(std::move(host))
        , m_port(port)
        , m_options(options)
        , m_io(io)
        , m_resolver(io)
        , m_stream(std::make_shared<PeerStream>(io, options.tls))
        , m_timer(io)
        , m_backoffMs(options.minBackoffMs)
    {}

    void connect()
    {
        if (m_closed || m_connecting || m_connected)
            return;
        m_connecting = true;
        ++m_attempts;
        uint64_t generation = ++m_generation;
        // A TLS stream cannot be reused after a failure: every attempt gets a new one.
        m_stream = std::make_shared<PeerStream>(m_io, m_options.tls);
        m_resolver.async_resolve(
            m_host,
            std::to_string(m_port),
            [self = shared_from_this(), generation](const asio::error_code &ec,
                                                    asio::ip::tcp::resolver::results_type results) {
                if (self->m_closed || generation != self->m_generation)
                    return;
                if (ec) {
                    self->fail("resolve", ec);
                    return;
                }
                auto stream = self->m_stream;
                asio::async_connect(
                    stream->socket(),
                    results,
                    [self, stream, generation](const asio::error_code &ec2,
                                               const asio::ip::tcp::endpoint &) {
                        if (self->m_closed || generation != self->m_generation)
                            return;
                        if (ec2) {
                            self->fail("connect", ec2);
                            return;
                        }
                        stream->asyncHandshake(
                            asio::ssl::stream_base::client,
                            [self, stream, generation](const asio::error_code &ec3) {
                                self->onConnected(generation, ec3);
                            });
                    });
            });
    }

    void send(Bytes frame)
    {
        if (m_closed)
            return;
        if (m_queue.size() >= m_options.maxQueuedFrames) {
            // The front frame may be half written; drop the oldest one behind it.
            auto victim = m_writing ? m_queue.begin() + 1 : m_queue.begin();
            if (victim != m_queue.end()) {
                m_queue.erase(victim);
                ++m_dropped;
            }
        }
        m_queue.push_back(std::move(frame));
        if (m_connected)
            startWrite();
        else if (!m_connecting && !m_waiting)
            connect();
    }

    void close()
    {
        m_closed = true;
        asio::error_code ignored;
        m_timer.cancel();
        m_resolver.cancel();
        m_stream->close();
        m_queue.clear();
    }

    bool connected() const { return m_connected; }
    size_t queued() const { return m_queue.size(); }
    uint64_t dropped() const { return m_dropped; }
    uint64_t attempts() const { return m_attempts; }

private:
    void onConnected(uint64_t generation, const asio::error_code &ec)
    {
        if (m_closed || generation != m_generation)
            return;
        if (ec) {
            fail(m_stream->tls() ? "TLS handshake" : "connect", ec);
            return;
        }
        m_connecting = false;
        m_connected = true;
        m_failuresSinceConnect = 0;
        m_backoffMs = m_options.minBackoffMs;
        asio::error_code ignored;
        m_stream->socket().set_option(asio::ip::tcp::no_delay(true), ignored);
        RLOG_INFO(kComponent) << "connected to " << m_name << " at " << m_host << ":" << m_port
                              << (m_stream->tls() ? " (TLS, peer verified)" : "");
        if (!m_options.hello.empty())
            m_queue.push_front(m_options.hello);
        startRead(generation);
        startWrite();
    }

    // The peer never writes on this connection; a read completes only when it closes.
    void startRead(uint64_t generation)
    {
        auto stream = m_stream;
        stream->asyncReadSome(
            asio::buffer(m_readBuffer),
            [self = shared_from_this(), stream, generation](const asio::error_code &ec, size_t) {
                if (self->m_closed || generation != self->m_generation)
                    return;
                if (ec) {
                    self->fail("read", ec);
                    return;
                }
                self->startRead(generation);
            });
    }

    void startWrite()
    {
        if (m_writing || m_queue.empty() || !m_connected)
            return;
        m_writing = true;
        uint64_t generation = m_generation;
        auto stream = m_stream;
        stream->asyncWrite(
            asio::buffer(m_queue.front()),
            [self = shared_from_this(), stream, generation](const asio::error_code &ec, size_t) {
                if (self->m_closed || generation != self->m_generation)
                    return;
                self->m_writing = false;
                if (ec) {
                    self->fail("write", ec);
                    return;
                }
                self->m_queue.pop_front();
                self->startWrite();
            });
    }

    void fail(const char *what, const asio::error_code &ec)
    {
        // A voter that stays down would otherwise log a line per retry: log the loss of a
        // connection, the first failed attempt after it, and then one attempt in 60.
        if (m_connected || m_failuresSinceConnect % 60 == 0)
            RLOG_INFO(kComponent) << "link to " << m_name << " at " << m_host << ":" << m_port
                                  << ": " << what << " failed (" << ec.message()
                                  << "); retrying in " << m_backoffMs << " ms";
        m_failuresSinceConnect = m_connected ? 0 : m_failuresSinceConnect + 1;
        ++m_generation; // every handler of this connection is now stale
        m_stream->close();
        m_connected = false;
        m_connecting = false;
        m_writing = false;
        m_waiting = true;
        m_timer.expires_after(std::chrono::milliseconds(m_backoffMs));
        m_backoffMs = std::min(m_backoffMs * 2, m_options.maxBackoffMs);
        m_timer.async_wait([self = shared_from_this()](const asio::error_code &ec2) {
            if (self->m_closed || ec2)
                return;
            self->m_waiting = false;
            self->connect();
        });
    }

    std::string m_name;
    std::string m_host;
    uint16_t m_port;
    PeerLinkOptions m_options;
    asio::io_context &m_io;
    asio::ip::tcp::resolver m_resolver;
    std::shared_ptr<PeerStream> m_stream;
    asio::steady_timer m_timer;
    std::deque<Bytes> m_queue;
    std::array<uint8_t, 64> m_readBuffer{};
    int64_t m_backoffMs;
    uint64_t m_generation = 0;
    uint64_t m_dropped = 0;
    uint64_t m_attempts = 0;
    uint64_t m_failuresSinceConnect = 0;
    bool m_connecting = false;
    bool m_connected = false;
    bool m_writing = false;
    bool m_waiting = false;
    bool m_closed = false;
};

PeerLink::PeerLink(asio::io_context &io,
                   std::string name,
                   std::string host,
                   uint16_t port,
                   PeerLinkOptions options)
    : m_state(std::make_shared<State>(io, std::move(name), std::move(host), port, options))
{
    m_state->connect();
}

PeerLink::~PeerLink()
{
    m_state->close();
}

void PeerLink::send(Bytes frame)
{
    m_state->send(std::move(frame));
}

bool PeerLink::connected() const
{
    return m_state->connected();
}

size_t PeerLink::queuedFrames() const
{
    return m_state->queued();
}

uint64_t PeerLink::droppedFrames() const
{
    return m_state->dropped();
}

uint64_t PeerLink::connectAttempts() const
{
    return m_state->attempts();
}

} // namespace runnel::cluster
