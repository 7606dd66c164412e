#pragma once

// Idempotent-producer state of one partition, kept in the log layer as Kafka does: for
// every producer id, its current epoch and the sequence/offset ranges of its last five
// batches. PartitionLog consults it before each append (dedupe, fencing, sequence gaps)
// and updates it after the write; it is rebuilt at open from a snapshot plus the batch
// headers appended after the snapshot.
//
// Rules (Kafka's ProducerStateManager / ProducerAppendInfo, Kafka 2.5+ semantics):
//   - epoch older than the known one                 → InvalidProducerEpoch (fenced)
//   - same epoch, (firstSeq, lastSeq) equal to one of the cached 5 batches
//                                                    → duplicate: the original offsets
//   - same epoch, firstSeq != lastSeq + 1 (mod 2^31) → OutOfOrderSequenceNumber
//   - newer epoch must start at sequence 0           → OutOfOrderSequenceNumber otherwise
//   - producer unknown to this partition (never seen, expired, or its data removed by
//     retention/DeleteRecords): any sequence is accepted and starts the state. Since
//     KIP-360 (Kafka 2.5) brokers no longer answer UnknownProducerId here; the producer
//     cannot tell "forgotten" from "new" and would otherwise be stuck.
//
// Snapshot file <20-digit offset>.snapshot = state after every batch below that offset:
//   +-------------+----------------------------------------------+
//   | version i16 | crc u32: CRC-32C of all bytes after this field|
//   +-------------+----------------------------------------------+
//   | producerCount i32                                          |
//   | per producer: producerId i64 | epoch i16 | lastTimestamp i64 |
//   |               batchCount i8  | per batch: firstSeq i32 | lastSeq i32 |
//   |                              firstOffset i64 | lastOffset i64 | timestamp i64 |
//   +------------------------------------------------------------+
//
// Owned by PartitionLog; single-threaded like its owner.

#include "engine/common/bytes.h"
#include "engine/common/result.h"
#include "engine/common/types.h"
#include "engine/records/record_batch.h"

#include <deque>
#include <filesystem>
#include <optional>
#include <unordered_map>

namespace runnel::storage {

struct ProducerBatchInfo
{
    int32_t firstSeq = -1;
    int32_t lastSeq = -1;
    int64_t firstOffset = -1;
    int64_t lastOffset = -1;
    TimestampMs timestamp = -1; // LogAppendTime of the batch, or -1
};

struct ProducerEntry
{
    int16_t epoch = -1;
    std::deque<ProducerBatchInfo> batches; // oldest first, at most kMaxCachedBatches
    TimestampMs lastTimestamp = -1;        // for producer.id.expiration.ms
};

class ProducerStateManager
{
public:
    static constexpr size_t kMaxCachedBatches = 5;

    const ProducerEntry *find(int64_t producerId) const;
    size_t size() const { return m_producers.size(); }
    void clear() { m_producers.clear(); }
    void put(int64_t producerId, ProducerEntry entry);

    // Checks a client batch against the producer's state (current may be null for an
    // unknown producer). Returns the cached batch when this one is a duplicate.
    static Result<std::optional<ProducerBatchInfo>> check(const records::BatchHeader &batch,
                                                          const ProducerEntry *current);
    // True when check() refuses `batch` only because it comes too early: same epoch, not a
    // retry, and its first sequence lies ahead of the next expected one — an earlier batch
    // of this producer has not been written here (it is unacknowledged, still with the
    // producer or failed at a former leader). Such a batch can simply be sent again later.
    static bool sequenceGapAhead(const records::BatchHeader &batch, const ProducerEntry *current);
    // Folds a written batch (with its real offsets) into an entry.
    static void apply(ProducerEntry &entry,
                      const records::BatchHeader &batch,
                      TimestampMs appendTime,
                      TimestampMs logAppendTime);
    // Rebuild path: applies a stored batch header without checks.
    void replay(const records::BatchHeader &batch);

    // Forgets producers idle for longer than expirationMs.
    void expire(TimestampMs now, int64_t expirationMs);

    Status writeSnapshot(const std::filesystem::path &path) const;
    Status readSnapshot(const std::filesystem::path &path);

private:
    std::unordered_map<int64_t, ProducerEntry> m_producers;
};

} // namespace runnel::storage
