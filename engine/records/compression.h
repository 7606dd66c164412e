#pragma once

// The four codecs a record batch v2 may use, as Kafka clients write them:
//   gzip    RFC 1952 gzip stream (concatenated members accepted)
//   snappy  Java clients: xerial framing ("\x82SNAPPY\0", version, compat, then
//           [int32 length][raw snappy block]...); librdkafka and others: one raw block.
//           Both are read; we write xerial framing, which every client can read.
//   lz4     the LZ4 frame format (magic 0x184D2204), independent blocks, as Kafka >= 0.10
//   zstd    a zstd frame (Kafka >= 2.1)
// Decompression is bounded: output beyond maxOutput is refused rather than allocated, so
// a small malicious batch cannot make the broker allocate gigabytes.
// Pure functions, safe on any thread.

#include "engine/common/bytes.h"
#include "engine/common/result.h"

#include <cstdint>
#include <string_view>

namespace runnel::records {

// The low three bits of a batch's attributes.
enum class Compression : int8_t { None = 0, Gzip = 1, Snappy = 2, Lz4 = 3, Zstd = 4 };

inline constexpr size_t kMaxDecompressedBytes = 64u * 1024 * 1024;

std::string_view compressionName(Compression c);

// Unknown codec → UnsupportedCompressionType.
Result<Bytes> compress(Compression codec, ByteSpan input);

// Malformed input → CorruptMessage; output larger than maxOutput → CorruptMessage (the
// message says the bound was hit); unknown codec → UnsupportedCompressionType.
Result<Bytes>
decompress(Compression codec, ByteSpan input, size_t maxOutput = kMaxDecompressedBytes);

} // namespace runnel::records
