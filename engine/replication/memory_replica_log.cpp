#include "engine/replication/memory_replica_log.h"

#include "engine/records/record_batch.h"

#include <algorithm>

namespace runnel::replication {

Offset MemoryReplicaLog::logEndOffset() const
{
    return Offset(m_entries.empty() ? m_start : m_entries.back().lastOffset + 1);
}

Result<LogAppendInfo>
MemoryReplicaLog::appendEntries(std::span<uint8_t> batches, int64_t assignFrom, LeaderEpoch epoch)
{
    // Parse everything first so that a bad batch appends nothing.
    std::vector<Entry> parsed;
    int64_t expect = logEndOffset().value();
    size_t pos = 0;
    while (pos < batches.size()) {
        auto header
            = records::parseBatchHeader(ByteSpan(batches.data() + pos, batches.size() - pos));
        if (!header.ok())
            return header.error();
        size_t size = header->totalSize();
        if (size < records::kBatchHeaderSize || pos + size > batches.size())
            return makeError(ErrorCode::CorruptMessage, "truncated batch");
        uint8_t *batch = batches.data() + pos;
        int64_t base = header->baseOffset;
        if (assignFrom >= 0) {
            base = expect;
            records::setBaseOffset(batch, base);
            records::setPartitionLeaderEpoch(batch, epoch.value());
        } else {
            if (!records::verifyBatch(ByteSpan(batch, size)).ok())
                return makeError(ErrorCode::CorruptMessage, "replicated batch fails its CRC");
            if (base != expect)
                return makeError(ErrorCode::CorruptMessage, "replicated batch is not contiguous");
        }
        int32_t batchEpoch = assignFrom >= 0 ? epoch.value() : header->partitionLeaderEpoch;
        parsed.push_back(
            Entry{base, base + header->lastOffsetDelta, batchEpoch, Bytes(batch, batch + size)});
        expect = base + header->lastOffsetDelta + 1;
        pos += size;
    }
    if (parsed.empty())
        return makeError(ErrorCode::CorruptMessage, "no batch to append");
    LogAppendInfo info{Offset(parsed.front().baseOffset), Offset(parsed.back().lastOffset)};
    for (auto &e : parsed) {
        if (e.epoch >= 0 && (m_epochs.empty() || e.epoch > m_epochs.back().first))
            m_epochs.emplace_back(e.epoch, e.baseOffset);
        m_entries.push_back(std::move(e));
    }
    return info;
}

Result<LogAppendInfo>
MemoryReplicaLog::appendAsLeader(std::span<uint8_t> batches, LeaderEpoch epoch, TimestampMs)
{
    return appendEntries(batches, logEndOffset().value(), epoch);
}

Result<LogAppendInfo> MemoryReplicaLog::appendAsFollower(std::span<uint8_t> batches, TimestampMs)
{
    return appendEntries(batches, -1, LeaderEpoch(-1));
}

void MemoryReplicaLog::removeFrom(size_t index)
{
    if (index >= m_entries.size())
        return;
    int64_t offset = m_entries[index].baseOffset;
    m_entries.erase(m_entries.begin() + static_cast<ptrdiff_t>(index), m_entries.end());
    while (!m_epochs.empty() && m_epochs.back().second >= offset)
        m_epochs.pop_back();
    m_synced = std::min(m_synced, offset);
    m_syncTarget = std::min(m_syncTarget, offset);
    ++m_generation;
}

Status MemoryReplicaLog::truncateFullyAndStartAt(Offset offset)
{
    m_entries.clear();
    m_epochs.clear();
    m_start = offset.value();
    m_synced = m_start;
    m_syncTarget = m_start;
    m_syncInFlight = false;
    ++m_generation;
    return Status::success();
}

Status MemoryReplicaLog::truncateTo(Offset offset)
{
    size_t keep = 0;
    while (keep < m_entries.size() && m_entries[keep].lastOffset < offset.value())
        ++keep;
    removeFrom(keep);
    return Status::success();
}

int64_t MemoryReplicaLog::indexOf(Offset offset) const
{
    auto it = std::upper_bound(m_entries.begin(),
                               m_entries.end(),
                               offset.value(),
                               [](int64_t o, const Entry &e) { return o < e.baseOffset; });
    if (it == m_entries.begin())
        return -1;
    --it;
    if (offset.value() > it->lastOffset)
        return -1;
    return it - m_entries.begin();
}

Result<Bytes> MemoryReplicaLog::read(Offset from, size_t maxBytes, Offset upTo) const
{
    if (from < logStartOffset() || from > logEndOffset())
        return makeError(ErrorCode::OffsetOutOfRange, "fetch offset outside the log");
    Bytes out;
    int64_t i = indexOf(from);
    if (i < 0)
        return out;
    for (size_t k = static_cast<size_t>(i); k < m_entries.size(); ++k) {
        const Entry &e = m_entries[k];
        if (e.lastOffset >= upTo.value())
            break;
        if (!out.empty() && out.size() + e.bytes.size() > maxBytes)
            break;
        out.insert(out.end(), e.bytes.begin(), e.bytes.end());
    }
    return out;
}

EpochEndOffset MemoryReplicaLog::endOffsetForEpoch(LeaderEpoch epoch) const
{
    // The largest known epoch <= the one asked for; it ends where the next one starts.
    for (size_t i = m_epochs.size(); i-- > 0;) {
        if (m_epochs[i].first <= epoch.value()) {
            int64_t end = i + 1 < m_epochs.size() ? m_epochs[i + 1].second : logEndOffset().value();
            return {LeaderEpoch(m_epochs[i].first), Offset(end)};
        }
    }
    return {};
}

LeaderEpoch MemoryReplicaLog::latestEpoch() const
{
    return LeaderEpoch(m_epochs.empty() ? -1 : m_epochs.back().first);
}

void MemoryReplicaLog::requestSync()
{
    if (m_syncInFlight)
        return;
    m_syncInFlight = true;
    m_syncTarget = logEndOffset().value();
}

void MemoryReplicaLog::completeSync()
{
    if (!m_syncInFlight)
        return;
    m_syncInFlight = false;
    m_synced = std::max(m_synced, std::min(m_syncTarget, logEndOffset().value()));
}

void MemoryReplicaLog::crash(size_t keepUnsyncedBatches)
{
    size_t keep = 0;
    while (keep < m_entries.size() && m_entries[keep].lastOffset < m_synced)
        ++keep;
    keep = std::min(m_entries.size(), keep + keepUnsyncedBatches);
    m_syncInFlight = false;
    removeFrom(keep);
    ++m_generation;
    // What survived is on disk now, whether or not it was synced before.
    m_synced = logEndOffset().value();
    m_syncTarget = m_synced;
}

} // namespace runnel::replication
