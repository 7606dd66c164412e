#pragma once

// The messages PartitionReplica exchanges with other brokers and with the controller.
// They are plain values: the broker encodes them as Kafka's Fetch (v12+, per leader broker,
// many partitions in one request) and AlterPartition requests; the simulation passes them
// through its in-memory network as they are.
//
//   follower                         leader                         controller
//      │ FetchRequest{fetchOffset,      │                                │
//      │   lastFetchedEpoch,            │                                │
//      │   currentLeaderEpoch}  ──────► │ onFollowerFetch                │
//      │ ◄────── FetchAnswer{records,   │  (KIP-320 fencing, divergence  │
//      │   highWatermark,               │   check, HW, ISR expand)       │
//      │   divergingEpoch?}             │                                │
//      │                                │ AlterPartitionRequest{         │
//      │                                │   leaderEpoch, partitionEpoch, │
//      │                                │   newIsr}  ──────────────────► │ checks epochs,
//      │                                │ ◄── AlterPartitionAnswer ───── │ commits to the
//      │                                │ ◄── metadata (onIsrUpdated) ── │ metadata log
//      │ ◄────────────────── metadata (becomeLeader / becomeFollower) ── │

#include "engine/common/bytes.h"
#include "engine/common/error_code.h"
#include "engine/common/types.h"
#include "engine/replication/replica_log.h"

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace runnel::replication {

// Bumped by the controller on every change of a partition's replicas, ISR or leader
// (KIP-497's partition epoch, ZooKeeper's zkVersion before it).
using PartitionEpoch = NamedType<int32_t, struct PartitionEpochTag>;

inline constexpr BrokerId kNoLeader{-1};

struct FetchRequest
{
    BrokerId leaderId{-1};            // where to send it
    BrokerId followerId{-1};          // the fetching replica (Fetch's replica_id)
    uint64_t requestId = 0;           // echoed in the answer; the broker keeps it with the request
    Offset fetchOffset{0};            // the follower's log end offset
    Offset syncedOffset{-1};          // what of it is synced (acks=all); -1: all of it
    LeaderEpoch lastFetchedEpoch{-1}; // epoch of the follower's last batch
    LeaderEpoch currentLeaderEpoch{-1};
    size_t maxBytes = 0;
    // Only reports syncedOffset (a sync completed while the follower's fetch is in flight):
    // the leader updates its view and answers nothing; the fetch in flight stays valid.
    bool syncReport = false;
};

struct FetchAnswer
{
    uint64_t requestId = 0;
    ErrorCode error = ErrorCode::None;
    Offset highWatermark{-1};
    Offset logStartOffset{-1};
    // KIP-595 style (Fetch v12+): set when the follower's (fetchOffset, lastFetchedEpoch)
    // is not on the leader's log; the follower truncates and fetches again.
    std::optional<EpochEndOffset> divergingEpoch;
    Bytes records; // whole batches from fetchOffset
};

struct AlterPartitionRequest
{
    BrokerId leaderId{-1};
    LeaderEpoch leaderEpoch{-1};
    PartitionEpoch partitionEpoch{-1}; // the epoch the proposal is based on
    std::vector<BrokerId> newIsr;
};

struct AlterPartitionAnswer
{
    // None: applied, the fields below are the new state. OperationNotAttempted: rejected
    // and certainly not applied (for example a proposed member is fenced). Anything else
    // (InvalidUpdateVersion, FencedLeaderEpoch, NotController…): the outcome is unknown
    // to the leader; it waits for the metadata update.
    ErrorCode error = ErrorCode::None;
    LeaderEpoch leaderEpoch{-1};
    PartitionEpoch partitionEpoch{-1};
    std::vector<BrokerId> isr;
};

using ReplicaOutput = std::variant<FetchRequest, AlterPartitionRequest>;

struct ReplicaConfig
{
    BrokerId localId{-1};
    // replica.lag.time.max.ms: an ISR follower not caught up to the leader's log end for
    // this long is proposed for removal.
    int64_t replicaLagTimeMaxMs = 30000;
    // After an empty fetch answer the follower waits this long before fetching again; it
    // stands in for the leader holding the fetch (replica.fetch.wait.max.ms).
    int64_t fetchWaitMs = 500;
    // After an error answer (replica.fetch.backoff.ms).
    int64_t fetchBackoffMs = 1000;
    // A fetch without an answer for this long is considered lost and sent again.
    int64_t fetchTimeoutMs = 30000;
    // An AlterPartition without an answer for this long is sent again, unchanged.
    int64_t alterPartitionRetryMs = 5000;
    size_t fetchMaxBytes = 1 << 20; // replica.fetch.max.bytes
    // write.caching (opt-in per topic): acks=all counts what the ISR members hold, synced
    // or not (as the high watermark always does); each replica syncs at least every
    // writeCachingFlushMs instead of once per fetch round.
    bool writeCaching = false;
    int64_t writeCachingFlushMs = 100;
};

} // namespace runnel::replication
