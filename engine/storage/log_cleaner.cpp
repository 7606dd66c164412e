// Log compaction for PartitionLog (cleanup.policy=compact): keeps the latest record per
// key in the closed segments, drops tombstones once delete.retention.ms has passed, and
// swaps each rewritten segment in atomically. Offsets never change; gaps are expected.
//
// Simplifications against Kafka's LogCleaner, chosen for correctness first:
//   - one pass over all closed segments, with an in-memory key → latest offset map;
//   - a tombstone becomes removable when its batch's maxTimestamp is more than
//     delete.retention.ms in the past (Kafka uses the segment's modification time or, since
//     KIP-534, the time of the first cleaning; with LogAppendTime these coincide);
//   - segments are not merged; a closed segment cleaned down to nothing is deleted unless
//     it is the first (which anchors the log start offset);
//   - batches are kept whole when none of their records go, rebuilt with their original
//     base offset, offset range, producer fields and codec otherwise.

#include "engine/common/log.h"
#include "engine/storage/partition_log.h"

#include <algorithm>

namespace runnel::storage {

using records::BatchHeader;

Status PartitionLog::maybeCompact(TimestampMs now, bool force)
{
    if (m_segments.size() < 2)
        return {};
    const int64_t activeBase = active().baseOffset();
    int64_t total = 0;
    int64_t dirty = 0;
    for (const auto &[base, seg] : m_segments) {
        if (base == activeBase)
            break;
        total += seg->sizeBytes();
        if (seg->nextOffset() > m_cleanerOffset)
            dirty += seg->sizeBytes();
    }
    if (total == 0)
        return {};
    const bool tombstonesDue = m_tombstoneDue >= 0 && now >= m_tombstoneDue;
    const double ratio = double(dirty) / double(total);
    if (!force && ratio < m_config.minCleanableDirtyRatio && !tombstonesDue)
        return {};

    // Pass 1: the latest offset of every key in the cleanable range.
    std::unordered_map<std::string, int64_t> latest;
    for (const auto &[base, seg] : m_segments) {
        if (base == activeBase)
            break;
        Status io;
        Segment *s = seg.get();
        auto st = s->forEachBatch(base, [&](const BatchHeader &h, int64_t pos) {
            if (h.isControl())
                return true;
            auto batch = s->readBatch(pos, h);
            if (!batch) {
                io = batch.error();
                return false;
            }
            auto recs = records::decodeRecords(*batch);
            if (!recs)
                return true; // kept whole in pass 2
            for (const records::Record &r : *recs) {
                if (!r.key)
                    continue;
                std::string key(r.key->begin(), r.key->end());
                auto [it, inserted] = latest.try_emplace(std::move(key), r.offset);
                if (!inserted)
                    it->second = std::max(it->second, r.offset);
            }
            return true;
        });
        if (!st)
            return st;
        if (!io)
            return io;
    }

    // Pass 2: rewrite each closed segment.
    m_tombstoneDue = -1;
    std::vector<int64_t> bases;
    for (const auto &[base, seg] : m_segments)
        if (base != activeBase)
            bases.push_back(base);
    int64_t before = total;
    for (int64_t base : bases) {
        std::unique_ptr<Segment> replacement;
        if (auto s = cleanSegment(*m_segments.at(base), latest, now, replacement); !s)
            return s;
        if (!replacement)
            continue;
        m_segments[base] = std::move(replacement);
        if (m_segments.at(base)->empty() && base != m_segments.begin()->first) {
            if (auto s = deleteSegment(m_segments.find(base)); !s)
                return s;
        }
    }
    int64_t after = 0;
    for (const auto &[base, seg] : m_segments)
        if (base != activeBase)
            after += seg->sizeBytes();
    m_cleanerOffset = activeBase;
    RLOG_INFO("storage") << "compacted " << m_dir.string() << ": " << before << " → " << after
                         << " bytes below offset " << activeBase;
    return writeCheckpoint();
}

Status PartitionLog::cleanSegment(Segment &seg,
                                  const std::unordered_map<std::string, int64_t> &latest,
                                  TimestampMs now,
                                  std::unique_ptr<Segment> &replacement)
{
    auto created = Segment::create(
        m_dir, seg.baseOffset(), seg.rollBaseTime(), ".cleaned", m_config.encryptionKey);
    if (!created)
        return created.error();
    std::unique_ptr<Segment> cleaned = std::move(created).value();
    bool changed = false;
    Status io;
    auto keepBytes = [&](ByteSpan bytes, const BatchHeader &h) {
        if (auto s = cleaned->append(bytes, {h}, m_config.indexIntervalBytes); !s) {
            io = s;
            return false;
        }
        return true;
    };
    auto st = seg.forEachBatch(seg.baseOffset(), [&](const BatchHeader &h, int64_t pos) {
        auto batch = seg.readBatch(pos, h);
        if (!batch) {
            io = batch.error();
            return false;
        }
        if (h.isControl())
            return keepBytes(*batch, h);
        auto recs = records::decodeRecords(*batch);
        if (!recs) {
            RLOG_WARN("storage") << "compaction keeps undecodable batch at offset " << h.baseOffset
                                 << " of " << m_dir.string() << ": " << recs.error().message;
            return keepBytes(*batch, h);
        }
        std::vector<records::Record> kept;
        for (records::Record &r : *recs) {
            if (r.key) {
                auto it = latest.find(std::string(r.key->begin(), r.key->end()));
                if (it != latest.end() && r.offset < it->second)
                    continue; // superseded by a later value of the same key
                if (!r.value) {
                    TimestampMs due = h.maxTimestamp + m_config.deleteRetentionMs;
                    if (now > due)
                        continue; // tombstone past delete.retention.ms
                    if (m_tombstoneDue < 0 || due + 1 < m_tombstoneDue)
                        m_tombstoneDue = due + 1;
                }
            }
            kept.push_back(std::move(r));
        }
        if (kept.size() == recs->size())
            return keepBytes(*batch, h);
        changed = true;
        if (kept.empty())
            return true;
        records::BatchOptions opts;
        opts.baseOffset = h.baseOffset;
        opts.compression = h.compression();
        opts.producerId = h.producerId;
        opts.producerEpoch = h.producerEpoch;
        opts.baseSequence = h.baseSequence;
        opts.partitionLeaderEpoch = h.partitionLeaderEpoch;
        opts.isTransactional = h.isTransactional();
        opts.logAppendTime = h.logAppendTime();
        opts.preserveOffsets = true;
        opts.lastOffsetDelta = h.lastOffsetDelta;
        auto rebuilt = records::buildBatch(opts, kept);
        if (!rebuilt) {
            io = rebuilt.error();
            return false;
        }
        auto nh = records::parseBatchHeader(*rebuilt);
        if (!nh) {
            io = nh.error();
            return false;
        }
        return keepBytes(*rebuilt, *nh);
    });
    if (!st || !io || !changed) {
        cleaned->deleteFiles();
        return !st ? st : io;
    }
    if (auto s = cleaned->seal(); !s) {
        cleaned->deleteFiles();
        return s;
    }
    if (auto s = cleaned->replaceOriginal(); !s)
        return s;
    replacement = std::move(cleaned);
    return {};
}

} // namespace runnel::storage
