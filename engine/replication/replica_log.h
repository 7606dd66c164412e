#pragma once

// ReplicaLog: what a partition replica needs from its log, and nothing more. The broker
// adapts storage::PartitionLog to it; tests use MemoryReplicaLog (memory_replica_log.h).
//
// Data is whole record batches in wire form (records/record_batch.h): offsets and the
// partitionLeaderEpoch live in each batch header, so a follower stores exactly the bytes
// the leader sent and the epoch cache can be rebuilt from the batches alone.
//
// Durability is explicit because on one machine all replicas share a disk: appends only
// reach the page cache; requestSync() asks for an fdatasync of everything appended so far
// and completes later (the broker runs it off the event loop, then calls
// PartitionReplica::onLogSynced on the event-loop thread). syncedOffset() is the offset
// below which every batch survives a crash. One sync in flight per log is enough: the
// replica asks again when it completes and more data arrived meanwhile (group commit).
//
// Threading: called only from the broker's event-loop thread that owns the partition.
// Lifecycle: owned by the broker (the same log outlives leader/follower transitions and
// PartitionReplica objects); the replica holds a reference.

#include "engine/common/bytes.h"
#include "engine/common/result.h"
#include "engine/common/types.h"

#include <cstddef>
#include <span>

namespace runnel::replication {

// OffsetForLeaderEpoch's answer, as Kafka's LeaderEpochFileCache gives it: the largest
// epoch <= the one asked for, and the offset where it ended (the start of the next epoch,
// or the log end offset when it is the latest). {-1, -1} when no such epoch is known.
struct EpochEndOffset
{
    LeaderEpoch epoch{-1};
    Offset endOffset{-1};
    bool operator==(const EpochEndOffset &) const = default;
};

struct LogAppendInfo
{
    Offset firstOffset{-1};
    Offset lastOffset{-1};
};

class ReplicaLog
{
public:
    virtual ~ReplicaLog() = default;

    virtual Offset logStartOffset() const = 0;
    virtual Offset logEndOffset() const = 0;

    // Leader append: assigns offsets from logEndOffset (rewriting each batch's baseOffset)
    // and stamps `epoch` as each batch's partitionLeaderEpoch. Batches are already
    // validated by the broker (records::validateBatches).
    virtual Result<LogAppendInfo>
    appendAsLeader(std::span<uint8_t> batches, LeaderEpoch epoch, TimestampMs now) = 0;
    // Follower append: offsets and epochs kept as the leader wrote them; the first batch
    // must start at logEndOffset (anything else → CorruptMessage, nothing appended).
    virtual Result<LogAppendInfo> appendAsFollower(std::span<uint8_t> batches, TimestampMs now) = 0;
    // Removes every batch whose last offset is >= offset (logEndOffset becomes <= offset)
    // and the epoch entries that start at or after it.
    virtual Status truncateTo(Offset offset) = 0;
    // Drops everything and starts empty at offset (logStartOffset == logEndOffset ==
    // offset, durable at once): a follower behind the leader's log start.
    virtual Status truncateFullyAndStartAt(Offset offset) = 0;
    // Whole batches from the one holding `from`, none ending at or after `upTo`, within
    // maxBytes (the first batch whole regardless). from == logEndOffset → empty;
    // outside [logStartOffset, logEndOffset] → OffsetOutOfRange.
    virtual Result<Bytes> read(Offset from, size_t maxBytes, Offset upTo) const = 0;

    virtual EpochEndOffset endOffsetForEpoch(LeaderEpoch epoch) const = 0;
    // Epoch of the last batch in the log (-1 when empty): a follower's lastFetchedEpoch.
    virtual LeaderEpoch latestEpoch() const = 0;

    // Everything below this offset is durable.
    virtual Offset syncedOffset() const = 0;
    // Asks for a sync of everything appended so far; no-op while one is in flight.
    virtual void requestSync() = 0;
    virtual bool syncInFlight() const = 0;
};

} // namespace runnel::replication
