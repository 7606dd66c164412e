#pragma once

// Kafka record batch, magic v2 — the unit the broker validates, stores and serves.
// All integers big-endian. The CRC is CRC-32C over everything from `attributes` to the
// end of the batch, so baseOffset, batchLength and partitionLeaderEpoch can be rewritten
// by the broker without recomputing it.
//
//   offset  size  field
//   ------  ----  ------------------------------------------------------------------
//        0     8  baseOffset            offset of the first record (assigned by broker)
//        8     4  batchLength           bytes after this field (total size - 12)
//       12     4  partitionLeaderEpoch  leader epoch that appended it (set by broker)
//       16     1  magic                 = 2
//       17     4  crc                   CRC-32C of bytes [21, end)
//       21     2  attributes            bits 0-2 compression (0 none, 1 gzip, 2 snappy,
//                                         3 lz4, 4 zstd), bit 3 timestamp type
//                                         (1 = LogAppendTime), bit 4 transactional,
//                                         bit 5 control, bit 6 has delete horizon
//       23     4  lastOffsetDelta       last record's offset - baseOffset
//       27     8  baseTimestamp         first record's timestamp
//       35     8  maxTimestamp          largest timestamp (the append time for LAT)
//       43     8  producerId            -1 unless idempotent / transactional
//       51     2  producerEpoch
//       53     4  baseSequence          producer sequence of the first record
//       57     4  recordCount
//       61     …  records               compressed as a whole if the codec is not none
//
// One record (varint/varlong are zigzag-encoded):
//   length varint | attributes int8 (unused) | timestampDelta varlong |
//   offsetDelta varint | keyLength varint (-1 = null) | key |
//   valueLength varint (-1 = null, a tombstone) | value |
//   headerCount varint | { headerKeyLength varint | headerKey |
//                          headerValueLength varint | headerValue } ...
//
// Pure functions over byte buffers; safe on any thread.

#include "engine/common/bytes.h"
#include "engine/common/result.h"
#include "engine/records/compression.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace runnel::records {

inline constexpr size_t kBatchHeaderSize = 61;
inline constexpr size_t kBatchLengthFieldEnd = 12; // baseOffset + batchLength
inline constexpr int8_t kMagicV2 = 2;
inline constexpr size_t kMagicOffset = 16;

namespace attr {
inline constexpr int16_t kCompressionMask = 0x07;
inline constexpr int16_t kLogAppendTime = 0x08;
inline constexpr int16_t kTransactional = 0x10;
inline constexpr int16_t kControl = 0x20;
inline constexpr int16_t kDeleteHorizon = 0x40;
} // namespace attr

struct BatchHeader
{
    int64_t baseOffset = 0;
    int32_t batchLength = 0;
    int32_t partitionLeaderEpoch = -1;
    int8_t magic = kMagicV2;
    uint32_t crc = 0;
    int16_t attributes = 0;
    int32_t lastOffsetDelta = 0;
    int64_t baseTimestamp = -1;
    int64_t maxTimestamp = -1;
    int64_t producerId = -1;
    int16_t producerEpoch = -1;
    int32_t baseSequence = -1;
    int32_t recordCount = 0;

    Compression compression() const
    {
        return static_cast<Compression>(attributes & attr::kCompressionMask);
    }
    bool isTransactional() const { return attributes & attr::kTransactional; }
    bool isControl() const { return attributes & attr::kControl; }
    bool logAppendTime() const { return attributes & attr::kLogAppendTime; }
    bool hasDeleteHorizon() const { return attributes & attr::kDeleteHorizon; }
    int64_t lastOffset() const { return baseOffset + lastOffsetDelta; }
    size_t totalSize() const { return static_cast<size_t>(batchLength) + kBatchLengthFieldEnd; }
    // Sequence of the last record, wrapping at INT32_MAX as Kafka's producers do.
    int32_t lastSequence() const;
};

// Parses the 61-byte header at the start of data. Checks only that the header is present
// and that magic is 2 (magic 0/1 → UnsupportedForMessageFormat); data may be longer or
// shorter than the batch itself. Short input → CorruptMessage.
Result<BatchHeader> parseBatchHeader(ByteSpan data);

// Checks one complete stored batch: header, length within data, CRC. Unlike
// validateBatches it does not require recordCount == lastOffsetDelta + 1, because
// compacted batches keep their original offset range with fewer records. Used by log
// recovery and by followers appending replicated data.
Result<BatchHeader> verifyBatch(ByteSpan data);

// Validates a produce payload of one or more concatenated batches:
//   magic 0/1                                   → UnsupportedForMessageFormat
//   truncated, bad batchLength, trailing bytes  → CorruptMessage
//   CRC-32C mismatch                            → CorruptMessage
//   a batch larger than maxBatchBytes           → MessageTooLarge
//   recordCount != lastOffsetDelta + 1, or 0    → InvalidRecord (as Kafka's LogValidator)
//   unknown compression codec                   → UnsupportedCompressionType
//   control batch from a client                 → InvalidRecord
// Records inside are not decoded: the CRC already proves the bytes are the producer's.
Result<std::vector<BatchHeader>> validateBatches(ByteSpan data, size_t maxBatchBytes);

// In-place header patches. The first two are outside the CRC; setLogAppendTime sets the
// timestamp-type bit and maxTimestamp, then recomputes the CRC (batch must be complete).
void setBaseOffset(uint8_t *batch, int64_t baseOffset);
void setPartitionLeaderEpoch(uint8_t *batch, int32_t epoch);
void setLogAppendTime(uint8_t *batch, int64_t timestamp);
// Recomputes and stores the CRC of a complete batch.
void updateCrc(uint8_t *batch);

struct Header
{
    std::string key;
    std::optional<Bytes> value;
    bool operator==(const Header &) const = default;
};

struct Record
{
    int64_t offset = 0;
    int64_t timestamp = -1;
    std::optional<Bytes> key;
    std::optional<Bytes> value; // nullopt = tombstone
    std::vector<Header> headers;
    bool operator==(const Record &) const = default;
};

// Decodes every record of one complete batch (decompressing as needed, bounded by
// kMaxDecompressedBytes). Offsets are absolute; timestamps are the batch's maxTimestamp
// when the batch uses LogAppendTime. Malformed records → CorruptMessage.
Result<std::vector<Record>> decodeRecords(ByteSpan batch);

struct BatchOptions
{
    int64_t baseOffset = 0;
    Compression compression = Compression::None;
    int64_t producerId = -1;
    int16_t producerEpoch = -1;
    int32_t baseSequence = -1;
    int32_t partitionLeaderEpoch = -1;
    bool isControl = false;
    bool isTransactional = false;
    bool logAppendTime = false;
    // false: record offsets are encoded relative to the first record (a producer's view:
    // deltas 0, 1, 2 …). true: relative to baseOffset, keeping gaps (log compaction).
    bool preserveOffsets = false;
    // >= 0 overrides lastOffsetDelta, e.g. a compacted batch keeps its original range so
    // that producer sequences and offsets stay accounted for.
    int32_t lastOffsetDelta = -1;
};

// Builds one batch. Timestamps are encoded as deltas from the first record's timestamp;
// maxTimestamp is the largest record timestamp. The result passes validateBatches when
// offsets are contiguous. Fails only if compression fails.
Result<Bytes> buildBatch(const BatchOptions &opts, const std::vector<Record> &records);

} // namespace runnel::records
