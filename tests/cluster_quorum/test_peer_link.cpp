// PeerLink against a plain asio acceptor on loopback: frames queue while the peer is down
// (the oldest dropped beyond the bound), are written in order once it listens, and the
// link reconnects by itself after the peer closes the connection.

#include "engine/cluster/peer_link.h"

#include <asio.hpp>

#include <QtTest>

#include <chrono>

using namespace runnel;
using namespace runnel::cluster;

namespace {

uint16_t freePort()
{
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(
        io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return acceptor.local_endpoint().port();
}

Bytes frame(int32_t n)
{
    Bytes out;
    ByteWriter w(out);
    w.writeI32(4);
    w.writeI32(n);
    return out;
}

// Accepts one connection at a time and records the int32 carried by each frame.
class Receiver
{
public:
    Receiver(asio::io_context &io, uint16_t port)
        : m_acceptor(io)
        , m_socket(io)
    {
        asio::ip::tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
        m_acceptor.open(ep.protocol());
        m_acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true));
        m_acceptor.bind(ep);
        m_acceptor.listen();
        accept();
    }

    std::vector<int32_t> received;
    int connections = 0;

    void dropConnection()
    {
        asio::error_code ignored;
        m_socket.close(ignored);
        accept();
    }

private:
    void accept()
    {
        m_acceptor.async_accept(m_socket, [this](const asio::error_code &ec) {
            if (ec)
                return;
            ++connections;
            read();
        });
    }
    void read()
    {
        asio::async_read(
            m_socket, asio::buffer(m_buffer), [this](const asio::error_code &ec, size_t) {
                if (ec)
                    return;
                QCOMPARE(loadBE32(m_buffer.data()), 4u);
                received.push_back(static_cast<int32_t>(loadBE32(m_buffer.data() + 4)));
                read();
            });
    }

    asio::ip::tcp::acceptor m_acceptor;
    asio::ip::tcp::socket m_socket;
    std::array<uint8_t, 8> m_buffer{};
};

template<typename Pred>
bool runUntil(asio::io_context &io, Pred pred, int timeoutMs)
{
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (!pred()) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        if (io.stopped())
            io.restart();
        io.run_for(std::chrono::milliseconds(5));
    }
    return true;
}

} // namespace

class TestPeerLink : public QObject
{
    Q_OBJECT
private slots:
    void queuesWhileDownThenDeliversInOrder()
    {
        asio::io_context io;
        uint16_t port = freePort();
        PeerLinkOptions options;
        options.maxQueuedFrames = 8;
        options.minBackoffMs = 10;
        options.maxBackoffMs = 40;
        PeerLink link(io, "test peer", "127.0.0.1", port, options);
        for (int32_t i = 0; i < 20; ++i)
            link.send(frame(i));

        // Nobody listens: connects are refused and retried; the queue holds the newest 8.
        QVERIFY(runUntil(
            io, [&] { return link.connectAttempts() >= 3; }, 2000));
        QVERIFY(!link.connected());
        QCOMPARE(link.queuedFrames(), size_t(8));
        QCOMPARE(link.droppedFrames(), uint64_t(12));

        Receiver peer(io, port);
        QVERIFY(runUntil(
            io, [&] { return peer.received.size() >= 8; }, 3000));
        QCOMPARE(peer.received, (std::vector<int32_t>{12, 13, 14, 15, 16, 17, 18, 19}));
        QVERIFY(link.connected());
        QCOMPARE(link.queuedFrames(), size_t(0));

        // The peer drops the connection (a restart): the link notices and reconnects.
        peer.dropConnection();
        QVERIFY(runUntil(
            io, [&] { return peer.connections == 2; }, 3000));
        // A burst beyond the bound: the frame already being written (100) is kept whole,
        // the oldest of the rest are dropped, the newest 7 follow it in order.
        for (int32_t i = 100; i < 150; ++i)
            link.send(frame(i));
        QVERIFY2(runUntil(
                     io, [&] { return peer.received.size() == 16; }, 3000),
                 qPrintable(QStringLiteral("received %1 frames, %2 queued, connected %3")
                                .arg(peer.received.size())
                                .arg(link.queuedFrames())
                                .arg(link.connected())));
        QCOMPARE(std::vector<int32_t>(peer.received.begin() + 8, peer.received.end()),
                 (std::vector<int32_t>{100, 143, 144, 145, 146, 147, 148, 149}));
        QCOMPARE(link.droppedFrames(), uint64_t(12 + 42));
        runUntil(
            io, [] { return false; }, 30);
        QCOMPARE(peer.received.size(), size_t(16));
    }

    void destroyedWithWorkPending()
    {
        // Handlers still queued in the io_context after the link is gone must do nothing
        // (ASan catches a use after free here).
        asio::io_context io;
        uint16_t port = freePort();
        Receiver peer(io, port);
        {
            PeerLink link(io, "test peer", "127.0.0.1", port);
            link.send(frame(1));
            io.run_for(std::chrono::milliseconds(1));
        }
        io.restart();
        io.run_for(std::chrono::milliseconds(50));
        QVERIFY(peer.received.size() <= 1);
    }
};

QTEST_GUILESS_MAIN(TestPeerLink)
#include "test_peer_link.moc"
