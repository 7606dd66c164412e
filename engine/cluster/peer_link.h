#pragma once

// PeerLink: the outbound half of this voter's connection to one other voter.
//
// Owns: one TCP socket to the peer's controller listener, a reconnect timer and a bounded
// queue of frames (already size-prefixed) waiting to be written. It reads nothing but
// end-of-stream: answers come back on the peer's own link to us, which our listener
// accepts (one connection per direction keeps both sides simple).
//
// Called by: QuorumService on the event-loop thread that runs the io_context (not
// thread-safe). send() never blocks and never fails: Raft retransmits whatever is lost,
// so when the peer is unreachable frames wait in the queue and, once it is full, the
// oldest are dropped.
//
// Lifecycle: connects at construction; after a failed connect or a broken connection it
// reconnects after a backoff that doubles from minBackoffMs to maxBackoffMs and resets on
// success; a frame cut by a broken connection is written again, whole, on the next one.
// Destruction closes the socket at once; handlers still queued in the io_context keep
// only the internal state alive and do nothing.

#include "engine/common/bytes.h"

#include <cstdint>
#include <memory>
#include <string>

namespace asio {
class io_context;
namespace ssl {
class context;
}
} // namespace asio

namespace runnel::cluster {

struct PeerLinkOptions
{
    size_t maxQueuedFrames = 256;
    int64_t minBackoffMs = 50;
    int64_t maxBackoffMs = 1000;
    // Written first on every new connection when not empty (an observer's hello frame,
    // raft_codec.h), so that the peer knows where to answer before anything else arrives.
    Bytes hello;
    // Set: the link speaks TLS (net::makePeerTlsContext, client side) and a connection
    // counts as up only after the handshake verified the peer.
    std::shared_ptr<asio::ssl::context> tls;
};

class PeerLink
{
public:
    // `name` appears in log lines ("voter 2").
    PeerLink(asio::io_context &io,
             std::string name,
             std::string host,
             uint16_t port,
             PeerLinkOptions options = {});
    ~PeerLink();
    PeerLink(const PeerLink &) = delete;
    PeerLink &operator=(const PeerLink &) = delete;

    // Queues one frame (int32 size + payload) and writes it when connected.
    void send(Bytes frame);

    bool connected() const;
    size_t queuedFrames() const;
    uint64_t droppedFrames() const;
    uint64_t connectAttempts() const;

private:
    class State;
    std::shared_ptr<State> m_state;
};

} // namespace runnel::cluster
