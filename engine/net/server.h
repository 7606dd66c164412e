#pragma once

// TCP listeners and Kafka framing.
//
// A Kafka connection carries size-prefixed frames:
//
//   +----------------+----------------------------------+
//   | int32 size (N) | N bytes: request header + body   |
//   +----------------+----------------------------------+
//
// Server owns the acceptors of every listener and the live connections. It runs on the
// broker's single event-loop thread (the io_context's thread); nothing here locks.
// Each Connection hands one complete frame at a time to the RequestHandler and hands out
// the next only after the handler has answered the previous one — except that while only
// Produce requests are in progress, further buffered Produce requests are handed out (up to
// 1024 or 64 MiB per connection, so that one acks=all sync round covers every request a
// producer pipelined meanwhile). Answers always leave in
// request order (clients pipeline requests and rely on that), and a slow request (a
// long-polling fetch) holds back only its own connection. Bytes already received are
// kept buffered meanwhile; the kernel's socket buffer applies back-pressure beyond that.
// A listener with a TLS context (SSL, SASL_SSL) runs the same framing inside TLS: the
// handshake completes before the first frame is read, and the client certificate's
// subject (if any) is in ConnectionInfo.

#include "engine/common/bytes.h"
#include "engine/common/result.h"

#include <asio.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

namespace asio::ssl {
class context;
}

namespace runnel::net {

class Connection;

// What the handler does with a request once it is done with it.
struct Response
{
    // SendThenClose: write the payload, read nothing more, close once it is written
    // (Kafka does this after a failed SaslAuthenticate).
    enum class Kind { Send, None, Close, SendThenClose };
    Kind kind = Kind::Send;
    Bytes payload; // header + body, without the size prefix
    static Response send(Bytes payload) { return {Kind::Send, std::move(payload)}; }
    static Response none() { return {Kind::None, {}}; }
    static Response close() { return {Kind::Close, {}}; }
    static Response sendThenClose(Bytes payload)
    {
        return {Kind::SendThenClose, std::move(payload)};
    }
};

using Respond = std::function<void(Response)>;

struct ConnectionInfo
{
    uint64_t id = 0;
    std::string listenerName;
    std::string peer; // "host:port"
    std::string peerHost;
    bool tls = false;
    // The verified client certificate's subject, RFC 2253 ("CN=alice,O=Example"), as
    // Kafka's default SSL principal builder uses it; empty without a client certificate.
    std::string peerCertificateSubject;
};

class RequestHandler
{
public:
    virtual ~RequestHandler() = default;
    // Called on the event-loop thread with one frame (header + body). `respond` must be
    // called exactly once, now or later, on the event-loop thread.
    virtual void handleRequest(const ConnectionInfo &connection, Bytes frame, Respond respond) = 0;
    virtual void connectionClosed(const ConnectionInfo &) {}
};

struct ListenerSpec
{
    std::string name;
    std::string host;
    uint16_t port = 0;
    std::shared_ptr<asio::ssl::context> tls; // null: plaintext
};

class Server
{
public:
    Server(asio::io_context &io, RequestHandler &handler, int32_t maxRequestBytes);
    ~Server();

    // Binds and listens; returns the bound port (useful with port 0). Connections are
    // accepted at once, or with `hold` only from startAccepting() on (until then they wait
    // in the kernel's backlog).
    Result<uint16_t> listen(const ListenerSpec &spec, bool hold = false);
    void startAccepting();
    void stop();
    size_t connectionCount() const { return m_connections.size(); }

private:
    friend class Connection;
    void accept(const std::shared_ptr<asio::ip::tcp::acceptor> &acceptor,
                std::string name,
                std::shared_ptr<asio::ssl::context> tls);
    void removeConnection(const std::shared_ptr<Connection> &c);

    asio::io_context &m_io;
    RequestHandler &m_handler;
    int32_t m_maxRequestBytes;
    uint64_t m_nextConnectionId = 1;
    std::vector<std::shared_ptr<asio::ip::tcp::acceptor>> m_acceptors;
    struct Held
    {
        std::shared_ptr<asio::ip::tcp::acceptor> acceptor;
        std::string name;
        std::shared_ptr<asio::ssl::context> tls;
    };
    std::vector<Held> m_held; // listening, not accepting yet
    std::unordered_set<std::shared_ptr<Connection>> m_connections;
    bool m_stopped = false;
};

} // namespace runnel::net
