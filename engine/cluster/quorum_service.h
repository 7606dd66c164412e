#pragma once

// QuorumService: one voter (or observer) of the metadata quorum on real sockets and files.
//
// Owns: the RaftNode, its RaftLogStore (<dir>/__cluster_metadata-0/), a TCP acceptor on
// the controller listener address with the inbound connections it accepted, one PeerLink
// to every other voter, a steady_timer that ticks the node every tickIntervalMs, and when
// each link last went down (checked on every tick; see peerLossGraceMs).
//
// Called by: the broker (later) and tests, on the one thread that runs the io_context;
// nothing here is thread-safe. The callbacks are invoked on that thread, from inside the
// service: they may call propose() and the accessors, but must not destroy the service.
//
// After every input (tick, inbound message, propose) the service drains the node's outputs
// and carries them out in the order they were output:
//   Send          → the PeerLink of the addressee (encoded by raft_codec)
//   AppendToDisk  → store.append + store.sync, then node.onDiskAppended(end)
//   TruncateDisk  → store.truncate (durable before it returns)
//   PersistVote   → store.persistVote (atomic replace), then node.onVotePersisted()
//   Committed     → callbacks.onCommitted(entries)
//   RoleChanged   → callbacks.onRoleChanged(change)
// Disk requests run synchronously on the event loop for now: an fdatasync stalls every
// connection of the broker for its duration. Moving them to a disk thread (completions
// posted back) or group-committing the appends of one drain is the next step.
//
// Inbound frames: int32 size + encoded RaftMessage (raft_codec.h). A frame larger than
// maxFrameBytes or one that does not decode closes that connection; the peer's link
// reconnects and Raft retransmits. Frames from a node that is neither a voter nor an
// observer that said hello are dropped. A hello frame gives (or moves) that observer's link.
//
// Lifecycle: start() opens the store, recovers the log, binds the listener, connects to the
// peers and starts ticking; a RaftNode starts Unattached and finds or elects a leader.
// stop() (also the destructor) closes the listener, every connection and the store at
// once, so that a new service may reopen the same directory and port right away.
// A disk error is fatal to the service: it logs, stops and calls onFatalError.

#include "engine/cluster/peer_link.h"
#include "engine/common/result.h"
#include "engine/metadata/raft_types.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace asio {
class io_context;
}

namespace runnel::cluster {

struct VoterAddress
{
    metadata::NodeId id;
    std::string host;
    uint16_t port = 0;

    bool operator==(const VoterAddress &) const = default;
};

// Parses controller.quorum.voters: "1@127.0.0.1:19091,2@127.0.0.1:19092" ("[::1]:9093"
// for IPv6). Rejects empty lists, bad ids or ports and duplicate ids with InvalidConfig.
Result<std::vector<VoterAddress>> parseQuorumVoters(std::string_view text);

struct QuorumConfig
{
    metadata::NodeId selfId;
    // Includes this node, unless it is an observer (a broker-only member): then it
    // fetches the metadata log from the leader but never votes or counts toward commit,
    // and says hello (raft_codec.h) with observerHost:listenPort on every connection so
    // that voters can answer it.
    std::vector<VoterAddress> voters;
    bool observer = false;
    std::string observerHost = "127.0.0.1";
    std::string listenHost = "127.0.0.1";
    uint16_t listenPort = 0;   // 0: any free port (see QuorumService::listenPort())
    std::filesystem::path dir; // log.dir; the store lives in dir/__cluster_metadata-0
    metadata::RaftConfig raft;
    int64_t tickIntervalMs = 10;
    size_t maxFrameBytes = 128 * 1024 * 1024;
    PeerLinkOptions peerLink; // peerLink.tls: connect to the peers with TLS
    // A link that was up and has been down this long means the peer process is gone: a
    // kill -9 closes its sockets at once and its port refuses the reconnects, while a live
    // peer's link stays up or reconnects within the first backoff (50 ms). A follower
    // whose link to the leader is lost that long starts an election at once instead of
    // waiting for the fetch timeout (RaftNode::leaderUnreachable), and peerLostForMs()
    // reports the peer to the broker's controller. 0 turns both off.
    int64_t peerLossGraceMs = 500;
    // Set: the controller listener accepts only TLS connections whose certificate the
    // handshake verified (net::makePeerTlsContext, server side); a plaintext connection
    // fails its handshake and is closed before any frame is read.
    std::shared_ptr<asio::ssl::context> serverTls;
};

struct QuorumCallbacks
{
    // Newly committed entries in offset order, each once per service incarnation: a
    // started service reports again from offset 0 (there are no snapshots yet), so the
    // broker builds its MetadataImage from scratch. LeaderChange entries are included;
    // only Data entries carry metadata records.
    std::function<void(const std::vector<metadata::LogEntry> &)> onCommitted;
    std::function<void(const metadata::RoleChanged &)> onRoleChanged;
    std::function<void(const Error &)> onFatalError;
    // A peer frame (sendToPeer on another voter): the brokers' own RPCs — registration,
    // heartbeats, topic changes, ISR changes, replica fetches — ride the controller
    // connections beside Raft's. The payload is only valid during the call.
    std::function<void(metadata::NodeId from, ByteSpan payload)> onPeerMessage;
};

class InboundSession;

class QuorumService
{
public:
    static Result<std::unique_ptr<QuorumService>>
    start(asio::io_context &io, QuorumConfig config, QuorumCallbacks callbacks);
    ~QuorumService();
    QuorumService(const QuorumService &) = delete;
    QuorumService &operator=(const QuorumService &) = delete;

    // Leader only: appends a Data entry; its offset, or NotController naming the leader.
    // The entry is committed once onCommitted reports it (it may also vanish if this
    // leader loses its epoch before a majority has it).
    Result<Offset> propose(Bytes payload);

    // Queues `payload` for voter or observer `to` as a peer frame (see raft_codec.h); false
    // when `to` is neither another voter nor an observer that said hello or was added.
    // Delivery is best effort, like Raft's own messages.
    bool sendToPeer(metadata::NodeId to, Bytes payload);
    // Makes `id` (an observer known from its broker registration) reachable at host:port;
    // a changed address replaces the link. Voters are fixed and never replaced.
    void addPeer(metadata::NodeId id, const std::string &host, uint16_t port);
    // Stops dialling observer `id` (its broker was unregistered), unless the link to it is
    // up: a live process keeps its link, and one that comes back later says hello on its
    // own connection and is added again. Voters are never removed.
    void removeObserver(metadata::NodeId id);

    // How long the link to `id` has been down, once it was up and has been down for at
    // least peerLossGraceMs; nullopt while it is up, within the grace, never connected yet,
    // or `id` is unknown.
    std::optional<int64_t> peerLostForMs(metadata::NodeId id) const;
    // How long ago the link to `id` last went down after being up, even if it is up again
    // (a restarted process reconnects within the grace); nullopt if it never went down or
    // peerLossGraceMs is 0.
    std::optional<int64_t> peerLastLostMsAgo(metadata::NodeId id) const;

    std::optional<metadata::NodeId> leaderId() const;
    metadata::RaftRole role() const;
    metadata::QuorumEpoch epoch() const;
    Offset commitOffset() const;
    uint16_t listenPort() const;
    bool stopped() const;

    void stop();

private:
    friend class InboundSession;
    class Core;
    explicit QuorumService(std::shared_ptr<Core> core);
    std::shared_ptr<Core> m_core;
};

} // namespace runnel::cluster
