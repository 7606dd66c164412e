#pragma once

// PeerStream: one controller connection's byte stream, TCP or TLS over TCP, behind one
// interface so that PeerLink (outbound) and the quorum's inbound sessions read and write
// the same way either way. TLS is used when a context is given
// (EncryptionInTransit.InCluster: `listener.security.protocol.map` CONTROLLER:SSL).
//
// Owned through a shared_ptr by its connection; pending handlers capture it, so a stream
// outlives a close() until its handlers have run. Single-threaded: the io_context's thread.

#include <asio.hpp>
#include <asio/ssl.hpp>

#include <memory>
#include <optional>

namespace runnel::cluster {

class PeerStream
{
public:
    PeerStream(asio::ip::tcp::socket socket, const std::shared_ptr<asio::ssl::context> &tls)
    {
        if (tls)
            m_tls.emplace(std::move(socket), *tls);
        else
            m_plain.emplace(std::move(socket));
        m_context = tls;
    }
    PeerStream(asio::io_context &io, const std::shared_ptr<asio::ssl::context> &tls)
        : PeerStream(asio::ip::tcp::socket(io), tls)
    {}

    bool tls() const { return m_tls.has_value(); }
    asio::ip::tcp::socket &socket() { return m_tls ? m_tls->next_layer() : *m_plain; }
    const asio::ip::tcp::socket &socket() const { return m_tls ? m_tls->next_layer() : *m_plain; }

    // Completes at once (success) on plain TCP.
    template<typename Handler>
    void asyncHandshake(asio::ssl::stream_base::handshake_type type, Handler &&handler)
    {
        if (m_tls)
            m_tls->async_handshake(type, std::forward<Handler>(handler));
        else
            asio::post(socket().get_executor(),
                       [h = std::forward<Handler>(handler)]() mutable { h(asio::error_code()); });
    }
    template<typename Buffer, typename Handler>
    void asyncRead(const Buffer &buffer, Handler &&handler)
    {
        if (m_tls)
            asio::async_read(*m_tls, buffer, std::forward<Handler>(handler));
        else
            asio::async_read(*m_plain, buffer, std::forward<Handler>(handler));
    }
    template<typename Buffer, typename Handler>
    void asyncReadSome(const Buffer &buffer, Handler &&handler)
    {
        if (m_tls)
            m_tls->async_read_some(buffer, std::forward<Handler>(handler));
        else
            m_plain->async_read_some(buffer, std::forward<Handler>(handler));
    }
    template<typename Buffer, typename Handler>
    void asyncWrite(const Buffer &buffer, Handler &&handler)
    {
        if (m_tls)
            asio::async_write(*m_tls, buffer, std::forward<Handler>(handler));
        else
            asio::async_write(*m_plain, buffer, std::forward<Handler>(handler));
    }
    void close()
    {
        asio::error_code ignored;
        socket().close(ignored);
    }

private:
    std::shared_ptr<asio::ssl::context> m_context; // kept alive for the stream
    std::optional<asio::ip::tcp::socket> m_plain;
    std::optional<asio::ssl::stream<asio::ip::tcp::socket>> m_tls;
};

} // namespace runnel::cluster
