#pragma once

// The vocabulary of the metadata quorum: log entries, the KRaft RPCs exchanged between
// voters, the outputs a RaftNode asks its driver to carry out, and what a restart reads
// back from disk. Everything here is a plain value type so that the broker can encode it
// onto sockets and files and the simulation can copy it between in-memory nodes.

#include "engine/common/bytes.h"
#include "engine/common/error_code.h"
#include "engine/common/types.h"

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace runnel::metadata {

// In combined mode a voter's node.id is its broker id.
using NodeId = BrokerId;

// The quorum's term: KRaft calls it the leader epoch of the metadata log. Distinct from a
// partition's LeaderEpoch so that the two cannot be mixed up.
using QuorumEpoch = NamedType<int32_t, struct QuorumEpochTag>;

enum class EntryKind : uint8_t {
    Data = 0,         // a metadata record batch proposed by the controller
    LeaderChange = 1, // the no-op a new leader writes first in its epoch
};

// One entry of the metadata log. Offsets are dense and start at 0.
struct LogEntry
{
    Offset offset;
    QuorumEpoch epoch;
    EntryKind kind = EntryKind::Data;
    Bytes payload;

    bool operator==(const LogEntry &) const = default;
};

struct OffsetAndEpoch
{
    Offset offset; // exclusive end offset
    QuorumEpoch epoch;

    bool operator==(const OffsetAndEpoch &) const = default;
};

// ---- RPCs (KIP-595 shapes, reduced to what the state machine needs) ----

// Vote and pre-vote (KIP-996). For a pre-vote, `epoch` is the epoch the candidate would
// move to; the receiver changes nothing and persists nothing.
struct VoteRequest
{
    QuorumEpoch epoch;
    NodeId candidateId;
    QuorumEpoch lastEpoch; // epoch of the candidate's last log entry
    Offset endOffset;      // candidate's log end offset
    bool preVote = false;
};

struct VoteResponse
{
    QuorumEpoch epoch; // the responder's current epoch
    bool granted = false;
    bool preVote = false;
    std::optional<NodeId> leaderId; // the responder's known leader in `epoch`
};

// Sent by a new leader to every voter until each has fetched in the new epoch.
struct BeginQuorumEpoch
{
    QuorumEpoch epoch;
    NodeId leaderId;
};

// The answer to BeginQuorumEpoch; it matters when the voter is at a higher epoch (it
// persisted an epoch of its own during an election the leader never heard of): the
// leader then learns that its epoch is over.
struct BeginQuorumEpochResponse
{
    QuorumEpoch epoch; // the responder's current epoch
};

// Sent by a leader that resigns (gracefully or by check-quorum) so that voters start an
// election without waiting for their fetch timeout. Successors listed first go first.
struct EndQuorumEpoch
{
    QuorumEpoch epoch;
    NodeId leaderId;
    std::vector<NodeId> preferredSuccessors;
};

// A follower asks the leader for entries from fetchOffset; the pair (fetchOffset,
// lastFetchedEpoch) is also its acknowledgement: fetchOffset is its durable log end.
struct FetchRequest
{
    QuorumEpoch epoch;
    NodeId replicaId;
    Offset fetchOffset;
    QuorumEpoch lastFetchedEpoch;
};

struct FetchResponse
{
    QuorumEpoch epoch; // the responder's current epoch
    std::optional<NodeId> leaderId;
    ErrorCode error = ErrorCode::None; // FencedLeaderEpoch / NotLeaderOrFollower / ...
    Offset fetchOffset;                // echoed from the request
    Offset highWatermark;
    // Set when the follower's log diverges: truncate to at most endOffset, then refetch.
    std::optional<OffsetAndEpoch> divergingEpoch;
    std::vector<LogEntry> entries;
};

using RaftBody = std::variant<VoteRequest,
                              VoteResponse,
                              BeginQuorumEpoch,
                              BeginQuorumEpochResponse,
                              EndQuorumEpoch,
                              FetchRequest,
                              FetchResponse>;

struct RaftMessage
{
    NodeId from;
    RaftBody body;
};

// ---- Outputs a RaftNode asks its driver to carry out ----

struct Send
{
    NodeId to;
    RaftMessage message;
};

// Append these entries (contiguous, following what is on disk) and sync; report with
// RaftNode::onDiskAppended(end offset of the last entry + 1). The driver executes disk
// requests in the order they were output.
struct AppendToDisk
{
    std::vector<LogEntry> entries;
};

// Drop every entry at or after `offset`. Executed in order with appends; the node never
// outputs it while an append is still unreported, so no completion refers to dropped data.
struct TruncateDisk
{
    Offset offset;
};

// Replace the quorum-state file atomically (temp, fsync, rename); report with
// RaftNode::onVotePersisted(), once per request, in order.
struct PersistVote
{
    QuorumEpoch epoch;
    std::optional<NodeId> votedFor;
};

// Entries that became committed, in offset order, each reported exactly once per node
// incarnation (a restarted node reports again from offset 0).
struct Committed
{
    std::vector<LogEntry> entries;
};

enum class RaftRole : uint8_t {
    Unattached,  // knows an epoch but no leader; waits for one or for its election timeout
    Follower,    // fetches from a known leader
    Prospective, // runs a pre-vote; has not bumped the epoch
    Candidate,   // bumped the epoch and voted for itself; asks for votes
    Leader,
    Resigned, // left leadership in this epoch; waits for a successor
};

const char *roleName(RaftRole role);

// Informational: the node's role, epoch or leader changed (the controller activates on it).
struct RoleChanged
{
    RaftRole role;
    QuorumEpoch epoch;
    std::optional<NodeId> leaderId;
};

using RaftOutput
    = std::variant<Send, AppendToDisk, TruncateDisk, PersistVote, Committed, RoleChanged>;

// What the disk held at startup: the quorum-state file and the log (recovered up to its
// first torn entry). A fresh node passes the default.
struct PersistedState
{
    QuorumEpoch epoch{0};
    std::optional<NodeId> votedFor;
    std::vector<LogEntry> log;
};

// Timeouts in milliseconds, named after Kafka's controller.quorum.* settings.
struct RaftConfig
{
    int64_t electionTimeoutMs = 1000; // controller.quorum.election.timeout.ms
    int64_t electionJitterMs = 1000;  // random extra added to each election timeout
    int64_t fetchTimeoutMs = 2000;    // controller.quorum.fetch.timeout.ms
    int64_t requestTimeoutMs = 500;   // resend an unanswered vote/fetch/begin-epoch after this
    // The leader holds a fetch that has nothing new — no entry, no high watermark the
    // fetcher was not told yet — until it has (an append, a commit) or for at most this long
    // (KIP-595's long poll; at most fetchTimeoutMs / 4). 0: answer at once, and the
    // follower pauses fetchIntervalMs instead.
    int64_t fetchMaxWaitMs = 500;
    int64_t fetchIntervalMs = 50; // pause after a failed fetch (and an empty one without long poll)
    size_t maxFetchEntries = 256; // entries per fetch response
};

} // namespace runnel::metadata
