#pragma once

// The log of one partition replica on this broker: a directory <log.dir>/<topic>-<partition>
// holding its segments (see segment.h for the .log/.index/.timeindex formats) and:
//
//   partition.checkpoint     text, replaced atomically (temp, fsync, rename, fsync dir):
//                              version 1
//                              log-start-offset <n>   moved by DeleteRecords and retention
//                              recovery-point <n>     everything below is fsynced
//                              cleaner-offset <n>     compaction has cleaned below this
//   leader-epoch-checkpoint  epoch → first offset, for OffsetForLeaderEpoch
//                            (leader_epoch_cache.h)
//   <offset>.snapshot        idempotent-producer state below <offset> (producer_state.h),
//                            written at each segment roll and at close
//   .runnel_clean_shutdown   empty marker written by close(), removed by open()
//
// What it does: assigns offsets to produced batches and stores them as they came (wire
// form, so fetch serves bytes without re-encoding), deduplicates idempotent producers,
// answers reads by offset and lookups by timestamp, rolls segments, applies retention and
// compaction, and recovers from a crash by verifying the unsynced tail and truncating it
// at the first torn or corrupt batch.
//
// Durability: append() only writes to the page cache. flush() fdatasyncs the active
// segment (the broker's acks=all group commit calls it once per round). A rolled segment
// is fsynced and the recovery point advanced at roll time, so recovery after a crash only
// verifies segments from the recovery point on.
//
// Threading: NOT thread-safe. The broker's event-loop thread that owns the partition is
// the only caller of every method, including runHousekeeping(). Reads are synchronous
// pread()s from the page cache.
//
// Lifecycle: open() (creates or recovers) → append/read/… → close() (clean shutdown:
// indexes, producer snapshot, checkpoint, marker). Destroying without close() is treated
// as a crash on the next open (the tail is re-verified), which is always safe.

#include "engine/common/bytes.h"
#include "engine/common/result.h"
#include "engine/common/types.h"
#include "engine/records/record_batch.h"
#include "engine/storage/leader_epoch_cache.h"
#include "engine/storage/log_config.h"
#include "engine/storage/producer_state.h"
#include "engine/storage/segment.h"
#include "engine/storage/sync_worker.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace runnel::storage {

struct AppendResult
{
    Offset firstOffset{-1};
    Offset lastOffset{-1};
    TimestampMs logAppendTime = -1; // the stamped time when the topic uses LogAppendTime
    Offset logStartOffset{0};
    bool duplicate = false; // an idempotent retry: offsets are those of the original write
};

struct ReadResult
{
    Bytes data; // whole record batches in wire form, possibly empty
    Offset logStartOffset{0};
};

class PartitionLog
{
public:
    static Result<std::unique_ptr<PartitionLog>> open(const std::filesystem::path &dir,
                                                      const LogConfig &cfg);
    ~PartitionLog();
    PartitionLog(const PartitionLog &) = delete;
    PartitionLog &operator=(const PartitionLog &) = delete;

    // Appends client batches already checked by records::validateBatches. Rewrites each
    // batch's baseOffset in place (and partitionLeaderEpoch when leaderEpoch >= 0, and the
    // timestamp when the topic uses LogAppendTime) and writes them. Errors:
    //   InvalidProducerEpoch, OutOfOrderSequenceNumber (idempotence, see producer_state.h),
    //   DuplicateSequenceNumber (a duplicate inside a multi-batch append),
    //   MessageTooLarge (batch over max.message.bytes), CorruptMessage (inconsistent
    //   headers), KafkaStorageError (write failed; nothing was appended).
    Result<AppendResult>
    append(std::span<uint8_t> batches, TimestampMs now, LeaderEpoch leaderEpoch = LeaderEpoch(-1));

    // The original write when `batches` is one idempotent batch that repeats one of the
    // last five its producer wrote here (same producer epoch and sequence range): what
    // append() would answer without writing. nullopt otherwise, also for anything append()
    // would refuse. Lets the replicated produce path answer a retry before it applies
    // min.insync.replicas, which only governs new writes.
    std::optional<AppendResult> findDuplicate(std::span<const uint8_t> batches) const;

    // Appends batches replicated from the leader: offsets are kept (the first must be
    // >= logEndOffset), CRCs verified, producer state updated without sequence checks.
    Result<AppendResult> appendAsFollower(std::span<uint8_t> batches, TimestampMs now);

    // Whole batches from the one containing `from`, stopping before the first batch whose
    // last offset is >= upTo (the broker passes the high watermark; batches are replicated
    // whole, so this matches Kafka's "nothing above the high watermark") and within
    // maxBytes — except the first batch, returned whole when minOneBatch. `from` outside
    // [logStartOffset, logEndOffset] → OffsetOutOfRange; from == logEndOffset → no data.
    Result<ReadResult>
    read(Offset from, size_t maxBytes, Offset upTo, bool minOneBatch = true) const;

    Offset logStartOffset() const { return Offset(m_logStartOffset); }
    Offset logEndOffset() const;
    int64_t sizeBytes() const;
    size_t segmentCount() const { return m_segments.size(); }
    const std::filesystem::path &dir() const { return m_dir; }
    const LogConfig &config() const { return m_config; }

    // ListOffsets by timestamp: the first record at or after logStartOffset whose
    // timestamp >= ts, with that timestamp; nullopt if none.
    std::optional<std::pair<Offset, TimestampMs>> offsetForTimestamp(TimestampMs ts) const;
    // ListOffsets -3 (KIP-734): the record with the largest timestamp; nullopt if empty.
    std::optional<std::pair<Offset, TimestampMs>> offsetOfMaxTimestamp() const;
    TimestampMs maxTimestamp() const;

    // OffsetForLeaderEpoch: the largest epoch <= epoch this log knows and the offset where
    // it ended (the log end for the latest epoch); (-1, -1) when unknown. Epochs come from
    // the partitionLeaderEpoch field of appended batches.
    std::pair<LeaderEpoch, Offset> endOffsetForEpoch(LeaderEpoch epoch) const;
    LeaderEpoch latestEpoch() const { return LeaderEpoch(m_epochs.latestEpoch()); }

    // DeleteRecords: moves logStartOffset to offset (never backwards), deletes segments
    // wholly below it and checkpoints it. offset > logEndOffset → OffsetOutOfRange.
    Status deleteRecordsBefore(Offset offset);

    // Follower truncation (OffsetForLeaderEpoch): removes every batch whose last offset is
    // >= offset; logEndOffset becomes <= offset (== offset, with logStartOffset too, when
    // offset is at or below the first segment's base). Producer state is rebuilt.
    Status truncateTo(Offset offset);
    // Drops every segment and continues empty at `offset` (a follower whose leader's log
    // starts beyond this log's end).
    Status truncateFullyAndStartAt(Offset offset);

    void setConfig(const LogConfig &cfg)
    {
        auto key = m_config.encryptionKey;
        m_config = cfg;
        m_config.encryptionKey = std::move(key);
    }
    // Retention never deletes a segment holding offsets at or above the high watermark.
    // Unset means logEndOffset (a single replica, or the caller does not track one).
    void setHighWatermark(Offset hw) { m_highWatermark = hw.value(); }

    // fdatasync of the active segment's data. Index files need no sync: after a crash the
    // active segment's indexes are rebuilt from the data.
    Status flush();
    // What flush() syncs, for a SyncWorker to sync on its own thread: everything appended
    // before this call (up to `end`, the log end offset now) is durable once that sync
    // succeeds — a roll seals (syncs) the segments before the active one, and a later
    // truncation below `end` is the caller's to account for.
    struct SyncHandle
    {
        SyncItem item;
        Offset end{0};
    };
    Result<SyncHandle> syncHandle() const;

    // Periodic work (the broker calls it every few seconds): roll by segment.ms, retention
    // by time and size when cleanup.policy has delete, compaction when it has compact,
    // producer-id expiry, and unlinking files deleted more than file.delete.delay.ms ago.
    void runHousekeeping(TimestampMs now);

    // Compacts closed segments now regardless of the dirty ratio (tools and tests).
    Status compact(TimestampMs now);

    // Clean shutdown. The object must not be used afterwards, except for destruction.
    Status close();
    // Deletes a partition directory and everything in it (the log must not be open).
    static Status remove(const std::filesystem::path &dir);

    // The producer's cached state, or null; for tests and DescribeProducers.
    const ProducerEntry *producerState(int64_t producerId) const
    {
        return m_producers.find(producerId);
    }

private:
    explicit PartitionLog(const std::filesystem::path &dir, const LogConfig &cfg);

    Status load();
    Status loadProducerState();
    Status assignEpochsFrom(int64_t offset);
    Status roll(TimestampMs now);
    Status writeCheckpoint();
    Status writeProducerSnapshot();
    void pruneSnapshots(size_t keep);
    Segment &active() const { return *m_segments.rbegin()->second; }
    Status deleteSegment(std::map<int64_t, std::unique_ptr<Segment>>::iterator it);
    void deleteOldSegments(TimestampMs now);
    bool segmentBelowHighWatermark(std::map<int64_t, std::unique_ptr<Segment>>::iterator it) const;
    Status maybeCompact(TimestampMs now, bool force);
    Status cleanSegment(Segment &seg,
                        const std::unordered_map<std::string, int64_t> &latest,
                        TimestampMs now,
                        std::unique_ptr<Segment> &replacement);
    Result<std::vector<records::BatchHeader>> parseHeaders(std::span<uint8_t> batches) const;
    Result<AppendResult> writeBatches(std::span<uint8_t> batches,
                                      std::vector<records::BatchHeader> &headers,
                                      int64_t firstOffset,
                                      TimestampMs now);

    std::filesystem::path m_dir;
    LogConfig m_config;
    std::map<int64_t, std::unique_ptr<Segment>> m_segments; // by base offset; last = active
    int64_t m_logStartOffset = 0;
    int64_t m_recoveryPoint = 0;
    int64_t m_cleanerOffset = 0;
    std::optional<int64_t> m_highWatermark;
    ProducerStateManager m_producers;
    LeaderEpochCache m_epochs;
    // Files renamed to *.deleted and when they may be unlinked.
    std::vector<std::pair<std::filesystem::path, TimestampMs>> m_pendingDeletes;
    TimestampMs m_lastNow = 0;
    // Earliest time a retained tombstone becomes removable (-1: none known; 0: unknown
    // after open, so the first housekeeping pass checks).
    TimestampMs m_tombstoneDue = 0;
    bool m_closed = false;
};

} // namespace runnel::storage
