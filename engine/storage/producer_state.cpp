#include "engine/storage/producer_state.h"

#include "engine/records/crc32c.h"
#include "engine/storage/file_io.h"

#include <limits>

namespace runnel::storage {
namespace {

constexpr int16_t kSnapshotVersion = 1;
constexpr size_t kSnapshotHeaderSize = 6; // version + crc

bool inSequence(int32_t lastSeq, int32_t nextSeq)
{
    if (lastSeq == std::numeric_limits<int32_t>::max())
        return nextSeq == 0;
    return nextSeq == lastSeq + 1;
}

} // namespace

const ProducerEntry *ProducerStateManager::find(int64_t producerId) const
{
    auto it = m_producers.find(producerId);
    return it == m_producers.end() ? nullptr : &it->second;
}

void ProducerStateManager::put(int64_t producerId, ProducerEntry entry)
{
    m_producers[producerId] = std::move(entry);
}

Result<std::optional<ProducerBatchInfo>> ProducerStateManager::check(const records::BatchHeader &b,
                                                                     const ProducerEntry *current)
{
    using Found = std::optional<ProducerBatchInfo>;
    if (!current || current->epoch < 0)
        return Found{};
    if (b.producerEpoch < current->epoch)
        return makeError(ErrorCode::InvalidProducerEpoch,
                         "producer " + std::to_string(b.producerId) + " epoch "
                             + std::to_string(b.producerEpoch) + " is older than the current epoch "
                             + std::to_string(current->epoch) + " (fenced by a newer producer)");
    if (b.producerEpoch > current->epoch) {
        if (b.baseSequence != 0)
            return makeError(ErrorCode::OutOfOrderSequenceNumber,
                             "producer " + std::to_string(b.producerId) + " started epoch "
                                 + std::to_string(b.producerEpoch) + " at sequence "
                                 + std::to_string(b.baseSequence) + "; a new epoch starts at 0");
        return Found{};
    }
    int32_t lastSeq = b.lastSequence();
    for (const ProducerBatchInfo &cached : current->batches)
        if (cached.firstSeq == b.baseSequence && cached.lastSeq == lastSeq)
            return Found{cached};
    int32_t currentLast = current->batches.empty() ? -1 : current->batches.back().lastSeq;
    if (!inSequence(currentLast, b.baseSequence))
        return makeError(ErrorCode::OutOfOrderSequenceNumber,
                         "producer " + std::to_string(b.producerId) + " sent sequence "
                             + std::to_string(b.baseSequence) + " after "
                             + std::to_string(currentLast) + " (epoch "
                             + std::to_string(b.producerEpoch) + ")");
    return Found{};
}

bool ProducerStateManager::sequenceGapAhead(const records::BatchHeader &b,
                                            const ProducerEntry *current)
{
    if (!current || current->epoch < 0 || b.producerEpoch != current->epoch
        || current->batches.empty() || b.baseSequence < 0)
        return false;
    for (const ProducerBatchInfo &cached : current->batches)
        if (cached.firstSeq == b.baseSequence && cached.lastSeq == b.lastSequence())
            return false;
    // Distance from the next expected sequence, modulo 2^31 (sequences wrap to 0).
    const int64_t expected = (int64_t(current->batches.back().lastSeq) + 1) % (int64_t(1) << 31);
    const int64_t ahead
        = (int64_t(b.baseSequence) - expected + (int64_t(1) << 31)) % (int64_t(1) << 31);
    return ahead > 0 && ahead < (int64_t(1) << 30);
}

void ProducerStateManager::apply(ProducerEntry &entry,
                                 const records::BatchHeader &b,
                                 TimestampMs appendTime,
                                 TimestampMs logAppendTime)
{
    if (b.producerEpoch != entry.epoch) {
        entry.epoch = b.producerEpoch;
        entry.batches.clear();
    }
    if (!b.isControl() && b.baseSequence >= 0) {
        entry.batches.push_back(
            {b.baseSequence, b.lastSequence(), b.baseOffset, b.lastOffset(), logAppendTime});
        while (entry.batches.size() > kMaxCachedBatches)
            entry.batches.pop_front();
    }
    entry.lastTimestamp = std::max(entry.lastTimestamp, appendTime);
}

void ProducerStateManager::replay(const records::BatchHeader &b)
{
    if (b.producerId < 0)
        return;
    ProducerEntry &entry = m_producers[b.producerId];
    if (b.producerEpoch < entry.epoch)
        return;
    apply(entry, b, b.maxTimestamp, b.logAppendTime() ? b.maxTimestamp : -1);
}

void ProducerStateManager::expire(TimestampMs now, int64_t expirationMs)
{
    if (expirationMs < 0)
        return;
    std::erase_if(m_producers, [&](const auto &kv) {
        return kv.second.lastTimestamp >= 0 && now - kv.second.lastTimestamp > expirationMs;
    });
}

Status ProducerStateManager::writeSnapshot(const std::filesystem::path &path) const
{
    Bytes out;
    ByteWriter w(out);
    w.writeI16(kSnapshotVersion);
    w.writeU32(0); // CRC, patched below
    w.writeI32(int32_t(m_producers.size()));
    for (const auto &[pid, e] : m_producers) {
        w.writeI64(pid);
        w.writeI16(e.epoch);
        w.writeI64(e.lastTimestamp);
        w.writeI8(int8_t(e.batches.size()));
        for (const ProducerBatchInfo &b : e.batches) {
            w.writeI32(b.firstSeq);
            w.writeI32(b.lastSeq);
            w.writeI64(b.firstOffset);
            w.writeI64(b.lastOffset);
            w.writeI64(b.timestamp);
        }
    }
    storeBE32(out.data() + 2,
              records::crc32c(out.data() + kSnapshotHeaderSize, out.size() - kSnapshotHeaderSize));
    return writeFileAtomically(path, out);
}

Status ProducerStateManager::readSnapshot(const std::filesystem::path &path)
{
    auto data = readWholeFile(path);
    if (!data)
        return data.error();
    auto bad = [&](const char *why) {
        return makeError(ErrorCode::CorruptMessage,
                         "producer snapshot " + path.string() + " is unusable: " + why);
    };
    if (data->size() < kSnapshotHeaderSize + 4)
        return bad("too short");
    ByteReader r(*data);
    if (r.readI16() != kSnapshotVersion)
        return bad("unknown version");
    uint32_t crc = r.readU32();
    if (crc
        != records::crc32c(data->data() + kSnapshotHeaderSize, data->size() - kSnapshotHeaderSize))
        return bad("CRC mismatch");
    std::unordered_map<int64_t, ProducerEntry> producers;
    int32_t count = r.readI32();
    for (int32_t i = 0; i < count && r.ok(); ++i) {
        int64_t pid = r.readI64();
        ProducerEntry e;
        e.epoch = r.readI16();
        e.lastTimestamp = r.readI64();
        int8_t n = r.readI8();
        for (int8_t k = 0; k < n && r.ok(); ++k) {
            ProducerBatchInfo b;
            b.firstSeq = r.readI32();
            b.lastSeq = r.readI32();
            b.firstOffset = r.readI64();
            b.lastOffset = r.readI64();
            b.timestamp = r.readI64();
            e.batches.push_back(b);
        }
        producers[pid] = std::move(e);
    }
    if (!r.ok() || !r.atEnd())
        return bad("truncated");
    m_producers = std::move(producers);
    return {};
}

} // namespace runnel::storage
