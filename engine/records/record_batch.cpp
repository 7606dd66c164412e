#include "engine/records/record_batch.h"

#include "engine/records/crc32c.h"

#include <algorithm>
#include <limits>

namespace runnel::records {
namespace {

// Byte positions of the header fields (see the drawing in record_batch.h).
constexpr size_t kBatchLengthPos = 8;
constexpr size_t kLeaderEpochPos = 12;
constexpr size_t kCrcPos = 17;
constexpr size_t kAttributesPos = 21;
constexpr size_t kMaxTimestampPos = 35;
constexpr size_t kCrcCoveredStart = kAttributesPos;
// batchLength counts everything after its own field, so the smallest legal value is a
// header with no records.
constexpr int32_t kMinBatchLength = static_cast<int32_t>(kBatchHeaderSize - kBatchLengthFieldEnd);

Error corrupt(std::string message)
{
    return makeError(ErrorCode::CorruptMessage, std::move(message));
}

Result<BatchHeader> checkMagic(ByteSpan data)
{
    if (data.size() <= kMagicOffset)
        return corrupt("record batch truncated before its magic byte");
    auto magic = static_cast<int8_t>(data[kMagicOffset]);
    if (magic == 0 || magic == 1)
        return makeError(ErrorCode::UnsupportedForMessageFormat,
                         "message format v" + std::to_string(magic)
                             + " is not supported; producers must use record batch v2 (Kafka "
                               "0.11+ clients)");
    if (magic != kMagicV2)
        return corrupt("unknown record batch magic " + std::to_string(magic));
    return BatchHeader{};
}

// Structure and CRC of the batch at the start of data; the common part of
// verifyBatch and validateBatches.
Result<BatchHeader> checkBatch(ByteSpan data, size_t maxBatchBytes)
{
    if (data.size() < kBatchLengthFieldEnd)
        return corrupt("record batch truncated: " + std::to_string(data.size())
                       + " trailing bytes are not a whole batch");
    auto batchLength = static_cast<int32_t>(loadBE32(data.data() + kBatchLengthPos));
    if (batchLength < kMinBatchLength)
        return corrupt("record batch length " + std::to_string(batchLength) + " is too small");
    if (auto m = checkMagic(data); !m)
        return m.error();
    size_t total = static_cast<size_t>(batchLength) + kBatchLengthFieldEnd;
    if (total > maxBatchBytes)
        return makeError(ErrorCode::MessageTooLarge,
                         "record batch of " + std::to_string(total) + " bytes exceeds the limit of "
                             + std::to_string(maxBatchBytes) + " bytes (max.message.bytes)");
    if (total > data.size())
        return corrupt("record batch truncated: header says " + std::to_string(total)
                       + " bytes, only " + std::to_string(data.size()) + " present");
    auto header = parseBatchHeader(data);
    if (!header)
        return header;
    uint32_t actual = crc32c(data.data() + kCrcCoveredStart, total - kCrcCoveredStart);
    if (actual != header->crc)
        return corrupt("record batch at offset " + std::to_string(header->baseOffset)
                       + " fails its CRC-32C check");
    if (header->lastOffsetDelta < 0 || header->recordCount < 0)
        return corrupt("record batch has a negative offset delta or record count");
    return header;
}

bool readBytesField(ByteReader &r, std::optional<Bytes> &out)
{
    int32_t len = r.readVarint();
    if (!r.ok() || len < -1)
        return false;
    if (len == -1) {
        out.reset();
        return true;
    }
    ByteSpan s = r.take(static_cast<size_t>(len));
    if (!r.ok())
        return false;
    out.emplace(s.begin(), s.end());
    return true;
}

void writeBytesField(ByteWriter &w, const std::optional<Bytes> &v)
{
    if (!v) {
        w.writeVarint(-1);
        return;
    }
    w.writeVarint(static_cast<int32_t>(v->size()));
    w.writeBytes(ByteSpan(*v));
}

} // namespace

int32_t BatchHeader::lastSequence() const
{
    if (baseSequence < 0)
        return -1;
    int64_t last = int64_t(baseSequence) + lastOffsetDelta;
    if (last > std::numeric_limits<int32_t>::max())
        last -= int64_t(std::numeric_limits<int32_t>::max()) + 1;
    return static_cast<int32_t>(last);
}

Result<BatchHeader> parseBatchHeader(ByteSpan data)
{
    if (auto m = checkMagic(data); !m)
        return m.error();
    if (data.size() < kBatchHeaderSize)
        return corrupt("record batch header truncated");
    ByteReader r(data.first(kBatchHeaderSize));
    BatchHeader h;
    h.baseOffset = r.readI64();
    h.batchLength = r.readI32();
    h.partitionLeaderEpoch = r.readI32();
    h.magic = r.readI8();
    h.crc = r.readU32();
    h.attributes = r.readI16();
    h.lastOffsetDelta = r.readI32();
    h.baseTimestamp = r.readI64();
    h.maxTimestamp = r.readI64();
    h.producerId = r.readI64();
    h.producerEpoch = r.readI16();
    h.baseSequence = r.readI32();
    h.recordCount = r.readI32();
    return h;
}

Result<BatchHeader> verifyBatch(ByteSpan data)
{
    return checkBatch(data, std::numeric_limits<size_t>::max());
}

Result<std::vector<BatchHeader>> validateBatches(ByteSpan data, size_t maxBatchBytes)
{
    if (data.empty())
        return corrupt("produce payload contains no record batch");
    std::vector<BatchHeader> headers;
    size_t pos = 0;
    while (pos < data.size()) {
        auto h = checkBatch(data.subspan(pos), maxBatchBytes);
        if (!h)
            return h.error();
        if (h->recordCount == 0 || int64_t(h->recordCount) != int64_t(h->lastOffsetDelta) + 1)
            return makeError(ErrorCode::InvalidRecord,
                             "record batch claims " + std::to_string(h->recordCount)
                                 + " records but an offset range of "
                                 + std::to_string(int64_t(h->lastOffsetDelta) + 1));
        if (int(h->compression()) > int(Compression::Zstd))
            return makeError(ErrorCode::UnsupportedCompressionType,
                             "record batch uses unknown compression codec "
                                 + std::to_string(int(h->compression())));
        if (h->isControl())
            return makeError(ErrorCode::InvalidRecord, "clients may not produce control batches");
        pos += h->totalSize();
        headers.push_back(*h);
    }
    return headers;
}

void setBaseOffset(uint8_t *batch, int64_t baseOffset)
{
    storeBE64(batch, static_cast<uint64_t>(baseOffset));
}

void setPartitionLeaderEpoch(uint8_t *batch, int32_t epoch)
{
    storeBE32(batch + kLeaderEpochPos, static_cast<uint32_t>(epoch));
}

void updateCrc(uint8_t *batch)
{
    size_t total = size_t(loadBE32(batch + kBatchLengthPos)) + kBatchLengthFieldEnd;
    storeBE32(batch + kCrcPos, crc32c(batch + kCrcCoveredStart, total - kCrcCoveredStart));
}

void setLogAppendTime(uint8_t *batch, int64_t timestamp)
{
    uint16_t attributes = loadBE16(batch + kAttributesPos);
    attributes |= attr::kLogAppendTime;
    batch[kAttributesPos] = uint8_t(attributes >> 8);
    batch[kAttributesPos + 1] = uint8_t(attributes);
    storeBE64(batch + kMaxTimestampPos, static_cast<uint64_t>(timestamp));
    updateCrc(batch);
}

Result<std::vector<Record>> decodeRecords(ByteSpan batch)
{
    auto h = verifyBatch(batch);
    if (!h)
        return h.error();
    ByteSpan body = batch.subspan(kBatchHeaderSize, h->totalSize() - kBatchHeaderSize);
    Bytes inflated;
    if (h->compression() != Compression::None) {
        auto d = decompress(h->compression(), body);
        if (!d)
            return d.error();
        inflated = std::move(d).value();
        body = inflated;
    }
    std::vector<Record> records;
    // recordCount is attacker-controlled; cap the reservation by what the bytes can hold.
    records.reserve(std::min<size_t>(size_t(h->recordCount), body.size() / 7 + 1));
    ByteReader r(body);
    for (int32_t i = 0; i < h->recordCount; ++i) {
        int32_t length = r.readVarint();
        if (!r.ok() || length < 0)
            return corrupt("record " + std::to_string(i) + " has a bad length");
        ByteReader rr(r.take(size_t(length)));
        if (!r.ok())
            return corrupt("record " + std::to_string(i) + " is truncated");
        Record rec;
        rr.readI8(); // record attributes: unused by the protocol
        int64_t tsDelta = rr.readVarlong();
        int32_t offsetDelta = rr.readVarint();
        rec.offset = h->baseOffset + offsetDelta;
        rec.timestamp = h->logAppendTime() ? h->maxTimestamp : h->baseTimestamp + tsDelta;
        bool ok = readBytesField(rr, rec.key) && readBytesField(rr, rec.value);
        int32_t headerCount = ok ? rr.readVarint() : -1;
        if (!rr.ok() || headerCount < 0)
            return corrupt("record " + std::to_string(i) + " is malformed");
        for (int32_t k = 0; k < headerCount; ++k) {
            int32_t keyLen = rr.readVarint();
            if (!rr.ok() || keyLen < 0)
                return corrupt("record header key is malformed");
            ByteSpan key = rr.take(size_t(keyLen));
            Header hdr;
            hdr.key.assign(key.begin(), key.end());
            if (!readBytesField(rr, hdr.value))
                return corrupt("record header value is malformed");
            rec.headers.push_back(std::move(hdr));
        }
        if (!rr.ok() || !rr.atEnd())
            return corrupt("record " + std::to_string(i) + " length does not match its fields");
        records.push_back(std::move(rec));
    }
    if (!r.atEnd())
        return corrupt("record batch has bytes after its last record");
    return records;
}

Result<Bytes> buildBatch(const BatchOptions &opts, const std::vector<Record> &records)
{
    int64_t firstOffset = records.empty() ? opts.baseOffset : records.front().offset;
    int64_t offsetBase = opts.preserveOffsets ? opts.baseOffset : firstOffset;
    int64_t baseTimestamp = records.empty() ? -1 : records.front().timestamp;
    int64_t maxTimestamp = -1;
    int32_t lastOffsetDelta = 0;

    Bytes body;
    ByteWriter w(body);
    Bytes one;
    for (const Record &rec : records) {
        one.clear();
        ByteWriter rw(one);
        auto offsetDelta = static_cast<int32_t>(rec.offset - offsetBase);
        rw.writeI8(0);
        rw.writeVarlong(rec.timestamp - baseTimestamp);
        rw.writeVarint(offsetDelta);
        writeBytesField(rw, rec.key);
        writeBytesField(rw, rec.value);
        rw.writeVarint(static_cast<int32_t>(rec.headers.size()));
        for (const Header &hdr : rec.headers) {
            rw.writeVarint(static_cast<int32_t>(hdr.key.size()));
            rw.writeBytes(std::string_view(hdr.key));
            writeBytesField(rw, hdr.value);
        }
        w.writeVarint(static_cast<int32_t>(one.size()));
        w.writeBytes(ByteSpan(one));
        maxTimestamp = std::max(maxTimestamp, rec.timestamp);
        lastOffsetDelta = std::max(lastOffsetDelta, offsetDelta);
    }
    if (opts.lastOffsetDelta >= 0)
        lastOffsetDelta = opts.lastOffsetDelta;
    if (opts.compression != Compression::None) {
        auto c = compress(opts.compression, body);
        if (!c)
            return c.error();
        body = std::move(c).value();
    }

    int16_t attributes = static_cast<int16_t>(opts.compression);
    if (opts.logAppendTime)
        attributes |= attr::kLogAppendTime;
    if (opts.isTransactional)
        attributes |= attr::kTransactional;
    if (opts.isControl)
        attributes |= attr::kControl;

    Bytes out;
    out.reserve(kBatchHeaderSize + body.size());
    ByteWriter bw(out);
    bw.writeI64(opts.baseOffset);
    bw.writeI32(static_cast<int32_t>(kBatchHeaderSize - kBatchLengthFieldEnd + body.size()));
    bw.writeI32(opts.partitionLeaderEpoch);
    bw.writeI8(kMagicV2);
    bw.writeU32(0); // CRC, patched below
    bw.writeI16(attributes);
    bw.writeI32(lastOffsetDelta);
    bw.writeI64(baseTimestamp);
    bw.writeI64(maxTimestamp);
    bw.writeI64(opts.producerId);
    bw.writeI16(opts.producerEpoch);
    bw.writeI32(opts.baseSequence);
    bw.writeI32(static_cast<int32_t>(records.size()));
    bw.writeBytes(ByteSpan(body));
    updateCrc(out.data());
    return out;
}

} // namespace runnel::records
