#include "engine/net/server.h"

#include "engine/common/log.h"

#include <asio/ssl.hpp>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <deque>

namespace runnel::net {

namespace {
constexpr size_t kReadChunk = 64 * 1024;
// Produce requests read ahead while earlier ones wait for their sync, so that one sync round
// covers them all. librdkafka keeps up to 5 in flight with idempotence, but without it
// (max.in.flight 1000000 by default) and linger.ms=0 it sends a request per few records
// without waiting: with 5 per round such a producer fell seconds behind at 10 MB/s
// (bench/README.md). The bounds keep one connection from holding unbounded memory.
constexpr size_t kMaxPipelinedProduces = 1024;
constexpr size_t kMaxPipelinedProduceBytes = 64 * 1024 * 1024;
constexpr int16_t kProduceApiKey = 0;

std::string peerSubject(SSL *ssl)
{
    X509 *cert = SSL_get1_peer_certificate(ssl);
    if (!cert)
        return {};
    std::string out;
    if (BIO *bio = BIO_new(BIO_s_mem())) {
        if (X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253) >= 0) {
            char *data = nullptr;
            const long n = BIO_get_mem_data(bio, &data);
            if (n > 0)
                out.assign(data, static_cast<size_t>(n));
        }
        BIO_free(bio);
    }
    X509_free(cert);
    return out;
}
} // namespace

class Connection : public std::enable_shared_from_this<Connection>
{
public:
    Connection(Server &server,
               asio::ip::tcp::socket socket,
               ConnectionInfo info,
               std::shared_ptr<asio::ssl::context> tls)
        : m_server(server)
        , m_socket(std::move(socket))
        , m_info(std::move(info))
        , m_tlsContext(std::move(tls))
    {
        if (m_tlsContext) {
            m_tls = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket &>>(m_socket,
                                                                                 *m_tlsContext);
            m_info.tls = true;
        }
    }

    void start()
    {
        asio::error_code ec;
        m_socket.set_option(asio::ip::tcp::no_delay(true), ec);
        if (!m_tls)
            return readMore();
        auto self = shared_from_this();
        m_tls->async_handshake(asio::ssl::stream_base::server, [self](const asio::error_code &ec) {
            if (self->m_closed)
                return;
            if (ec) {
                RLOG_WARN("net") << "TLS handshake with " << self->m_info.peer << " on "
                                 << self->m_info.listenerName << " failed: " << ec.message();
                self->close();
                return;
            }
            self->m_info.peerCertificateSubject = peerSubject(self->m_tls->native_handle());
            self->readMore();
        });
    }

    void close()
    {
        if (m_closed)
            return;
        m_closed = true;
        asio::error_code ec;
        m_socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
        m_socket.close(ec);
        m_server.m_handler.connectionClosed(m_info);
        m_server.removeConnection(shared_from_this());
    }

    const ConnectionInfo &info() const { return m_info; }

private:
    // Reads whatever the socket has, then dispatches complete frames. The buffer is only
    // compacted or grown here, never while a read into it is outstanding.
    void readMore()
    {
        if (m_closed || m_reading || m_closing)
            return;
        size_t want = kReadChunk;
        if (m_end - m_begin >= 4) {
            const auto size = static_cast<int32_t>(loadBE32(m_buffer.data() + m_begin));
            if (size > 0 && size <= m_server.m_maxRequestBytes) {
                const size_t frame = 4 + static_cast<size_t>(size);
                if (frame > m_end - m_begin)
                    want = std::max(want, frame - (m_end - m_begin));
            }
        }
        if (m_buffer.size() - m_end < want) {
            if (m_begin > 0) {
                std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
                m_end -= m_begin;
                m_begin = 0;
            }
            if (m_buffer.size() - m_end < want)
                m_buffer.resize(m_end + want);
        }
        m_reading = true;
        auto self = shared_from_this();
        asyncReadSome(asio::buffer(m_buffer.data() + m_end, m_buffer.size() - m_end),
                      [self](const asio::error_code &ec, size_t n) {
                          self->m_reading = false;
                          if (ec) {
                              if (ec != asio::error::eof && ec != asio::error::operation_aborted
                                  && ec != asio::error::connection_reset
                                  && ec != asio::ssl::error::stream_truncated)
                                  RLOG_DEBUG("net") << "connection " << self->m_info.peer
                                                    << " read error: " << ec.message();
                              self->close();
                              return;
                          }
                          self->m_end += n;
                          self->dispatch();
                      });
    }

    // One request handed to the handler; answers leave in request order.
    struct Slot
    {
        bool done = false;
        size_t bytes = 0; // the request frame's size, counted in m_inProgressBytes
        Response response;
    };

    // Hands the next complete frames to the handler: one at a time, except that further
    // Produce requests are taken while only Produce requests are in progress.
    void dispatch()
    {
        while (!m_closed && !m_closing) {
            const size_t available = m_end - m_begin;
            if (available < 4)
                break;
            const int32_t size = static_cast<int32_t>(loadBE32(m_buffer.data() + m_begin));
            if (size < 0 || size > m_server.m_maxRequestBytes) {
                RLOG_WARN("net") << "closing connection from " << m_info.peer
                                 << ": request frame of " << size
                                 << " bytes is over socket.request.max.bytes ("
                                 << m_server.m_maxRequestBytes << ")";
                close();
                return;
            }
            const bool produce = size >= 2
                                 && static_cast<int16_t>(loadBE16(m_buffer.data() + m_begin + 4))
                                        == kProduceApiKey;
            if (!m_slots.empty()
                && (!produce || !m_onlyProduces || m_slots.size() >= kMaxPipelinedProduces
                    || m_inProgressBytes + static_cast<size_t>(size) > kMaxPipelinedProduceBytes))
                break;
            if (available < 4 + static_cast<size_t>(size))
                break; // readMore makes room for the rest
            Bytes frame(m_buffer.begin() + static_cast<ptrdiff_t>(m_begin + 4),
                        m_buffer.begin() + static_cast<ptrdiff_t>(m_begin + 4 + size));
            m_begin += 4 + static_cast<size_t>(size);
            m_onlyProduces = (m_slots.empty() || m_onlyProduces) && produce;
            auto slot = std::make_shared<Slot>();
            slot->bytes = static_cast<size_t>(size);
            m_inProgressBytes += slot->bytes;
            m_slots.push_back(slot);
            auto weak = weak_from_this();
            m_server.m_handler.handleRequest(m_info, std::move(frame), [weak, slot](Response r) {
                if (auto self = weak.lock())
                    self->finish(*slot, std::move(r));
            });
        }
        if (!m_closed && m_slots.empty())
            readMore();
        else if (!m_closed && m_end - m_begin < kReadChunk * 16)
            readMore(); // keep draining the socket while requests are processed
    }

    void finish(Slot &slot, Response r)
    {
        if (m_closed)
            return;
        slot.done = true;
        slot.response = std::move(r);
        m_inProgressBytes -= slot.bytes;
        slot.bytes = 0;
        while (!m_closed && !m_slots.empty() && m_slots.front()->done) {
            Response next = std::move(m_slots.front()->response);
            m_slots.pop_front();
            if (!send(std::move(next)))
                return;
        }
        // Continue with the next buffered request without re-entering handler recursion
        // too deeply: post it.
        auto self = shared_from_this();
        asio::post(m_socket.get_executor(), [self] { self->dispatch(); });
    }

    // Writes one answer; false once the connection is closed or closing.
    bool send(Response r)
    {
        if (m_closing) // answers after a SendThenClose are never written
            return false;
        switch (r.kind) {
        case Response::Kind::Close:
            close();
            return false;
        case Response::Kind::None:
            break;
        case Response::Kind::SendThenClose:
            m_closing = true;
            [[fallthrough]];
        case Response::Kind::Send: {
            Bytes out;
            out.reserve(4 + r.payload.size());
            ByteWriter w(out);
            w.writeI32(static_cast<int32_t>(r.payload.size()));
            if (r.payload.size() < 64 * 1024) {
                w.writeBytes(r.payload);
                queueWrite(std::move(out));
            } else {
                queueWrite(std::move(out));
                queueWrite(std::move(r.payload));
            }
            break;
        }
        }
        return !m_closed;
    }

    void queueWrite(Bytes data)
    {
        m_writeQueue.push_back(std::move(data));
        if (!m_writing)
            writeNext();
    }

    void writeNext()
    {
        if (m_closed || m_writeQueue.empty()) {
            m_writing = false;
            if (m_closing && !m_closed)
                close();
            return;
        }
        m_writing = true;
        // Gather up to a few queued buffers in one write.
        std::vector<asio::const_buffer> buffers;
        size_t count = std::min<size_t>(m_writeQueue.size(), 16);
        for (size_t i = 0; i < count; ++i)
            buffers.emplace_back(asio::buffer(m_writeQueue[i]));
        auto self = shared_from_this();
        auto done = [self, count](const asio::error_code &ec, size_t) {
            if (ec) {
                self->m_writing = false;
                self->close();
                return;
            }
            for (size_t i = 0; i < count; ++i)
                self->m_writeQueue.pop_front();
            self->writeNext();
        };
        if (m_tls)
            asio::async_write(*m_tls, buffers, std::move(done));
        else
            asio::async_write(m_socket, buffers, std::move(done));
    }

    template<typename Buffer, typename Handler>
    void asyncReadSome(const Buffer &buffer, Handler &&handler)
    {
        if (m_tls)
            m_tls->async_read_some(buffer, std::forward<Handler>(handler));
        else
            m_socket.async_read_some(buffer, std::forward<Handler>(handler));
    }

    Server &m_server;
    asio::ip::tcp::socket m_socket;
    ConnectionInfo m_info;
    std::shared_ptr<asio::ssl::context> m_tlsContext;
    std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket &>> m_tls;
    std::vector<uint8_t> m_buffer;
    size_t m_begin = 0;
    size_t m_end = 0;
    bool m_reading = false;
    std::deque<std::shared_ptr<Slot>> m_slots; // requests handed out, oldest first
    bool m_onlyProduces = false;               // every request in m_slots is a Produce
    size_t m_inProgressBytes = 0;              // frames handed out and not yet answered
    bool m_writing = false;
    bool m_closed = false;
    bool m_closing = false; // SendThenClose: no more requests; close when written
    std::deque<Bytes> m_writeQueue;
};

Server::Server(asio::io_context &io, RequestHandler &handler, int32_t maxRequestBytes)
    : m_io(io)
    , m_handler(handler)
    , m_maxRequestBytes(maxRequestBytes)
{}

Server::~Server()
{
    stop();
}

Result<uint16_t> Server::listen(const ListenerSpec &spec, bool hold)
{
    asio::error_code ec;
    auto address = asio::ip::make_address(spec.host, ec);
    if (ec) {
        // A host name: resolve it (localhost and the like).
        asio::ip::tcp::resolver resolver(m_io);
        auto results = resolver.resolve(spec.host, std::to_string(spec.port), ec);
        if (ec || results.empty())
            return makeError(ErrorCode::InvalidConfig,
                             "listener " + spec.name + ": cannot resolve host '" + spec.host
                                 + "': " + ec.message());
        address = results.begin()->endpoint().address();
    }
    auto acceptor = std::make_shared<asio::ip::tcp::acceptor>(m_io);
    asio::ip::tcp::endpoint endpoint(address, spec.port);
    acceptor->open(endpoint.protocol(), ec);
    if (!ec)
        acceptor->set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        acceptor->bind(endpoint, ec);
    if (!ec)
        acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return makeError(ErrorCode::InvalidConfig,
                         "listener " + spec.name + " cannot listen on " + spec.host + ":"
                             + std::to_string(spec.port) + ": " + ec.message());
    const uint16_t port = acceptor->local_endpoint().port();
    m_acceptors.push_back(acceptor);
    if (hold)
        m_held.push_back(Held{acceptor, spec.name, spec.tls});
    else
        accept(acceptor, spec.name, spec.tls);
    return port;
}

void Server::startAccepting()
{
    auto held = std::move(m_held);
    m_held.clear();
    if (m_stopped)
        return;
    for (Held &h : held)
        accept(h.acceptor, std::move(h.name), std::move(h.tls));
}

void Server::accept(const std::shared_ptr<asio::ip::tcp::acceptor> &acceptor,
                    std::string name,
                    std::shared_ptr<asio::ssl::context> tls)
{
    acceptor->async_accept(
        [this, acceptor, name, tls](const asio::error_code &ec, asio::ip::tcp::socket socket) {
            if (m_stopped)
                return;
            if (!ec) {
                ConnectionInfo info;
                info.id = m_nextConnectionId++;
                info.listenerName = name;
                asio::error_code rec;
                auto remote = socket.remote_endpoint(rec);
                if (!rec) {
                    info.peerHost = remote.address().to_string();
                    info.peer = info.peerHost + ":" + std::to_string(remote.port());
                }
                auto connection = std::make_shared<Connection>(*this, std::move(socket), info, tls);
                m_connections.insert(connection);
                connection->start();
            } else if (ec == asio::error::operation_aborted) {
                return;
            } else {
                RLOG_WARN("net") << "accept failed on " << name << ": " << ec.message();
            }
            accept(acceptor, name, tls);
        });
}

void Server::removeConnection(const std::shared_ptr<Connection> &c)
{
    m_connections.erase(c);
}

void Server::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    for (auto &a : m_acceptors) {
        asio::error_code ec;
        a->close(ec);
    }
    auto connections = m_connections;
    for (auto &c : connections)
        c->close();
    m_connections.clear();
}

} // namespace runnel::net
