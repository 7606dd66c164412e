#pragma once

// MemoryReplicaLog: a ReplicaLog held in memory, for unit tests and the deterministic
// simulation. It keeps whole wire-form batches, derives the leader-epoch cache from their
// partitionLeaderEpoch fields as storage::PartitionLog does, and models the page cache:
//
//   offsets  0 ........ syncedOffset ............ logEndOffset
//            [ durable  |  unsynced tail (page cache)        ]
//
// requestSync() remembers the log end at that moment; completeSync() (the test plays the
// disk) makes everything below it durable. crash() keeps the durable prefix plus some
// whole batches of the unsynced tail (the kernel may have written part of it back) and
// drops the rest, as recovery after a torn write would. Truncation is durable at once
// (the real log fsyncs the truncated segment before appending again).
//
// Owned by a test or simulated node; single-threaded.

#include "engine/replication/replica_log.h"

#include <vector>

namespace runnel::replication {

class MemoryReplicaLog final : public ReplicaLog
{
public:
    struct Entry
    {
        int64_t baseOffset = 0;
        int64_t lastOffset = 0;
        int32_t epoch = -1;
        Bytes bytes; // the whole batch in wire form
    };

    Offset logStartOffset() const override { return Offset(m_start); }
    Offset logEndOffset() const override;
    Result<LogAppendInfo>
    appendAsLeader(std::span<uint8_t> batches, LeaderEpoch epoch, TimestampMs now) override;
    Result<LogAppendInfo> appendAsFollower(std::span<uint8_t> batches, TimestampMs now) override;
    Status truncateTo(Offset offset) override;
    Status truncateFullyAndStartAt(Offset offset) override;
    Result<Bytes> read(Offset from, size_t maxBytes, Offset upTo) const override;
    EpochEndOffset endOffsetForEpoch(LeaderEpoch epoch) const override;
    LeaderEpoch latestEpoch() const override;
    Offset syncedOffset() const override { return Offset(m_synced); }
    void requestSync() override;
    bool syncInFlight() const override { return m_syncInFlight; }

    // The disk finished the sync asked for by requestSync(). No-op when none is in flight.
    void completeSync();
    // Simulated power loss: keeps the durable prefix and at most keepUnsyncedBatches whole
    // batches of the unsynced tail; forgets any sync in flight.
    void crash(size_t keepUnsyncedBatches);

    const std::vector<Entry> &entries() const { return m_entries; }
    // Index of the batch holding offset, or -1.
    int64_t indexOf(Offset offset) const;
    // Bumped whenever data is removed (truncation, crash): lets checkers skip re-verifying
    // a prefix that cannot have changed.
    uint64_t generation() const { return m_generation; }

private:
    Result<LogAppendInfo>
    appendEntries(std::span<uint8_t> batches, int64_t assignFrom, LeaderEpoch epoch);
    void removeFrom(size_t index);

    std::vector<Entry> m_entries;
    int64_t m_start = 0;                               // logStartOffset
    std::vector<std::pair<int32_t, int64_t>> m_epochs; // (epoch, start offset), ascending
    int64_t m_synced = 0;
    int64_t m_syncTarget = 0;
    bool m_syncInFlight = false;
    uint64_t m_generation = 0;
};

} // namespace runnel::replication
