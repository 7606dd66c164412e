#include "engine/metrics/http_endpoint.h"

#include "engine/common/log.h"
#include "engine/metrics/exposition.h"

#include <chrono>

namespace runnel::metrics {

namespace {

constexpr size_t kMaxHeaderBytes = 16 * 1024;
constexpr auto kRequestTimeout = std::chrono::seconds(10);

class HttpSession : public std::enable_shared_from_this<HttpSession>
{
public:
    HttpSession(asio::ip::tcp::socket socket, MetricsEndpoint::Render render)
        : m_socket(std::move(socket))
        , m_timer(m_socket.get_executor())
        , m_buffer(kMaxHeaderBytes)
        , m_render(std::move(render))
    {}

    void start()
    {
        auto self = shared_from_this();
        m_timer.expires_after(kRequestTimeout);
        m_timer.async_wait([self](const asio::error_code &ec) {
            if (!ec) {
                asio::error_code ignored;
                self->m_socket.close(ignored);
            }
        });
        asio::async_read_until(m_socket,
                               m_buffer,
                               "\r\n\r\n",
                               [self](const asio::error_code &ec, size_t) { self->onRequest(ec); });
    }

private:
    void onRequest(const asio::error_code &ec)
    {
        if (ec == asio::error::not_found) // headers larger than the buffer
            return answer(431, "Request Header Fields Too Large", "text/plain", "too large\n");
        if (ec)
            return close();
        std::istream in(&m_buffer);
        std::string method, target, version;
        in >> method >> target >> version;
        if (method != "GET" && method != "HEAD")
            return answer(405, "Method Not Allowed", "text/plain", "only GET is served\n");
        const std::string path = target.substr(0, target.find('?'));
        if (path != "/metrics")
            return answer(404, "Not Found", "text/plain", "metrics are at /metrics\n");
        std::string body = m_render();
        if (method == "HEAD")
            m_headOnly = true;
        answer(200, "OK", std::string(kExpositionContentType), std::move(body));
    }

    void answer(int status, const char *reason, const std::string &type, std::string body)
    {
        m_out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: " + type
                + "\r\nContent-Length: " + std::to_string(body.size())
                + "\r\nConnection: close\r\n\r\n";
        if (!m_headOnly)
            m_out += body;
        auto self = shared_from_this();
        asio::async_write(m_socket, asio::buffer(m_out), [self](const asio::error_code &, size_t) {
            self->close();
        });
    }

    void close()
    {
        asio::error_code ignored;
        m_timer.cancel();
        m_socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        m_socket.close(ignored);
    }

    asio::ip::tcp::socket m_socket;
    asio::steady_timer m_timer;
    asio::streambuf m_buffer;
    MetricsEndpoint::Render m_render;
    std::string m_out;
    bool m_headOnly = false;
};

} // namespace

MetricsEndpoint::MetricsEndpoint(asio::io_context &io, Render render, Tick tick)
    : m_io(io)
    , m_render(std::move(render))
    , m_tick(std::move(tick))
    , m_acceptor(io)
    , m_timer(io)
{}

MetricsEndpoint::~MetricsEndpoint()
{
    stop();
}

Result<uint16_t> MetricsEndpoint::listen(const std::string &host, uint16_t port)
{
    asio::error_code ec;
    const auto address = asio::ip::make_address(host.empty() ? "127.0.0.1" : host, ec);
    if (ec)
        return makeError(ErrorCode::InvalidConfig,
                         "metrics listener: '" + host + "' is not an IP address");
    const asio::ip::tcp::endpoint endpoint(address, port);
    m_acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        m_acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        m_acceptor.bind(endpoint, ec);
    if (!ec)
        m_acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return makeError(ErrorCode::UnknownServerError,
                         "metrics listener: cannot listen on " + host + ":" + std::to_string(port)
                             + ": " + ec.message());
    accept();
    if (m_tick)
        m_tick(); // the first reading, so rates have a start
    scheduleTick();
    return m_acceptor.local_endpoint().port();
}

void MetricsEndpoint::stop()
{
    *m_alive = false;
    asio::error_code ignored;
    m_timer.cancel();
    if (m_acceptor.is_open())
        m_acceptor.close(ignored);
}

void MetricsEndpoint::accept()
{
    std::weak_ptr<bool> alive = m_alive;
    m_acceptor.async_accept([this, alive](const asio::error_code &ec, asio::ip::tcp::socket s) {
        auto a = alive.lock();
        if (!a || !*a)
            return;
        if (!ec)
            std::make_shared<HttpSession>(std::move(s), m_render)->start();
        else if (ec == asio::error::operation_aborted)
            return;
        accept();
    });
}

void MetricsEndpoint::scheduleTick()
{
    std::weak_ptr<bool> alive = m_alive;
    m_timer.expires_after(std::chrono::seconds(1));
    m_timer.async_wait([this, alive](const asio::error_code &ec) {
        auto a = alive.lock();
        if (ec || !a || !*a)
            return;
        if (m_tick)
            m_tick();
        scheduleTick();
    });
}

} // namespace runnel::metrics
