#include "engine/records/compression.h"

#include <lz4frame.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace runnel::records {
namespace {

constexpr uint8_t kXerialMagic[8] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
constexpr size_t kXerialHeaderSize = 16;       // magic + int32 version + int32 compatible version
constexpr size_t kXerialBlockSize = 32 * 1024; // what the Java client writes

Error corrupt(std::string_view codec, std::string_view what)
{
    return makeError(ErrorCode::CorruptMessage,
                     std::string(codec) + " decompression failed: " + std::string(what));
}

Error tooBig(std::string_view codec, size_t maxOutput)
{
    return makeError(ErrorCode::CorruptMessage,
                     std::string(codec) + " data expands beyond the limit of "
                         + std::to_string(maxOutput) + " bytes; refusing to decompress");
}

// First guess for the output buffer: compressed Kafka data usually expands 2–10x.
size_t initialCapacity(size_t inputSize, size_t maxOutput)
{
    return std::min(maxOutput, std::max<size_t>(64 * 1024, inputSize * 4));
}

// Grows out so that at least some room remains, never beyond maxOutput + 1 (the extra
// byte lets the codec tell us it wanted more than the limit).
bool grow(Bytes &out, size_t used, size_t maxOutput)
{
    if (out.size() > maxOutput)
        return false;
    size_t next = std::min(maxOutput + 1, std::max(out.size() * 2, used + 64 * 1024));
    if (next <= out.size())
        return false;
    out.resize(next);
    return true;
}

// ---- gzip ---------------------------------------------------------------------------

Result<Bytes> gzipCompress(ByteSpan in)
{
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        != Z_OK)
        return makeError(ErrorCode::UnknownServerError, "gzip: deflateInit2 failed");
    Bytes out(deflateBound(&zs, static_cast<uLong>(in.size())) + 32);
    zs.next_in = const_cast<Bytef *>(in.data());
    zs.avail_in = static_cast<uInt>(in.size());
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&zs, Z_FINISH);
    size_t produced = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END)
        return makeError(ErrorCode::UnknownServerError, "gzip: deflate did not finish");
    out.resize(produced);
    return out;
}

Result<Bytes> gzipDecompress(ByteSpan in, size_t maxOutput)
{
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) // 32: accept gzip or zlib headers
        return makeError(ErrorCode::UnknownServerError, "gzip: inflateInit2 failed");
    std::unique_ptr<z_stream, int (*)(z_stream *)> guard(&zs, inflateEnd);
    Bytes out(initialCapacity(in.size(), maxOutput));
    size_t used = 0;
    zs.next_in = const_cast<Bytef *>(in.data());
    zs.avail_in = static_cast<uInt>(in.size());
    for (;;) {
        if (used == out.size() && !grow(out, used, maxOutput))
            return tooBig("gzip", maxOutput);
        zs.next_out = out.data() + used;
        zs.avail_out = static_cast<uInt>(out.size() - used);
        int rc = inflate(&zs, Z_NO_FLUSH);
        used = out.size() - zs.avail_out;
        if (used > maxOutput)
            return tooBig("gzip", maxOutput);
        if (rc == Z_STREAM_END) {
            if (zs.avail_in == 0)
                break;
            // Concatenated gzip members, which GZIPInputStream also accepts.
            if (inflateReset(&zs) != Z_OK)
                return corrupt("gzip", "cannot reset for the next member");
            continue;
        }
        if (rc == Z_BUF_ERROR && zs.avail_in == 0 && zs.avail_out != 0)
            return corrupt("gzip", "truncated stream");
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            return corrupt("gzip", zs.msg ? zs.msg : "inflate error");
    }
    out.resize(used);
    return out;
}

// ---- snappy -------------------------------------------------------------------------

Result<Bytes> snappyCompress(ByteSpan in)
{
    Bytes out;
    ByteWriter w(out);
    w.writeBytes(ByteSpan(kXerialMagic, sizeof kXerialMagic));
    w.writeI32(1); // version
    w.writeI32(1); // minimum compatible version
    std::string block;
    for (size_t pos = 0; pos < in.size(); pos += kXerialBlockSize) {
        size_t n = std::min(kXerialBlockSize, in.size() - pos);
        snappy::Compress(reinterpret_cast<const char *>(in.data() + pos), n, &block);
        w.writeI32(static_cast<int32_t>(block.size()));
        w.writeBytes(std::string_view(block));
    }
    return out;
}

bool appendRawSnappy(ByteSpan block, Bytes &out, size_t maxOutput, Error &err)
{
    size_t n = 0;
    auto *src = reinterpret_cast<const char *>(block.data());
    if (!snappy::GetUncompressedLength(src, block.size(), &n)) {
        err = corrupt("snappy", "bad block header");
        return false;
    }
    if (n > maxOutput - out.size()) {
        err = tooBig("snappy", maxOutput);
        return false;
    }
    size_t at = out.size();
    out.resize(at + n);
    if (!snappy::RawUncompress(src, block.size(), reinterpret_cast<char *>(out.data() + at))) {
        err = corrupt("snappy", "bad block");
        return false;
    }
    return true;
}

Result<Bytes> snappyDecompress(ByteSpan in, size_t maxOutput)
{
    Bytes out;
    Error err;
    bool xerial = in.size() >= kXerialHeaderSize
                  && std::memcmp(in.data(), kXerialMagic, sizeof kXerialMagic) == 0;
    if (!xerial) {
        if (!appendRawSnappy(in, out, maxOutput, err))
            return err;
        return out;
    }
    ByteReader r(in.subspan(kXerialHeaderSize));
    while (!r.atEnd()) {
        int32_t len = r.readI32();
        ByteSpan block = len >= 0 ? r.take(static_cast<size_t>(len)) : ByteSpan{};
        if (!r.ok() || len < 0)
            return corrupt("snappy", "truncated xerial block");
        if (!appendRawSnappy(block, out, maxOutput, err))
            return err;
    }
    return out;
}

// ---- lz4 ----------------------------------------------------------------------------

Result<Bytes> lz4Compress(ByteSpan in)
{
    LZ4F_preferences_t prefs{};
    prefs.frameInfo.blockSizeID = LZ4F_max64KB;
    prefs.frameInfo.blockMode = LZ4F_blockIndependent; // Kafka's Java reader needs this
    prefs.frameInfo.contentChecksumFlag = LZ4F_noContentChecksum;
    Bytes out(LZ4F_compressFrameBound(in.size(), &prefs));
    size_t n = LZ4F_compressFrame(out.data(), out.size(), in.data(), in.size(), &prefs);
    if (LZ4F_isError(n))
        return makeError(ErrorCode::UnknownServerError,
                         std::string("lz4: ") + LZ4F_getErrorName(n));
    out.resize(n);
    return out;
}

Result<Bytes> lz4Decompress(ByteSpan in, size_t maxOutput)
{
    LZ4F_dctx *ctx = nullptr;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION)))
        return makeError(ErrorCode::UnknownServerError, "lz4: cannot create context");
    std::unique_ptr<LZ4F_dctx, size_t (*)(LZ4F_dctx *)> guard(ctx, LZ4F_freeDecompressionContext);
    Bytes out(initialCapacity(in.size(), maxOutput));
    size_t used = 0;
    size_t consumed = 0;
    for (;;) {
        if (used == out.size() && !grow(out, used, maxOutput))
            return tooBig("lz4", maxOutput);
        size_t dstSize = out.size() - used;
        size_t srcSize = in.size() - consumed;
        size_t hint = LZ4F_decompress(
            ctx, out.data() + used, &dstSize, in.data() + consumed, &srcSize, nullptr);
        if (LZ4F_isError(hint))
            return corrupt("lz4", LZ4F_getErrorName(hint));
        used += dstSize;
        consumed += srcSize;
        if (used > maxOutput)
            return tooBig("lz4", maxOutput);
        if (hint == 0) {
            if (consumed == in.size())
                break;
            // Another frame follows; LZ4F resets itself after a complete frame.
            continue;
        }
        if (consumed == in.size() && dstSize == 0 && srcSize == 0)
            return corrupt("lz4", "truncated frame");
    }
    out.resize(used);
    return out;
}

// ---- zstd ---------------------------------------------------------------------------

Result<Bytes> zstdCompress(ByteSpan in)
{
    Bytes out(ZSTD_compressBound(in.size()));
    size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3);
    if (ZSTD_isError(n))
        return makeError(ErrorCode::UnknownServerError,
                         std::string("zstd: ") + ZSTD_getErrorName(n));
    out.resize(n);
    return out;
}

Result<Bytes> zstdDecompress(ByteSpan in, size_t maxOutput)
{
    ZSTD_DStream *ds = ZSTD_createDStream();
    if (!ds)
        return makeError(ErrorCode::UnknownServerError, "zstd: cannot create stream");
    std::unique_ptr<ZSTD_DStream, size_t (*)(ZSTD_DStream *)> guard(ds, ZSTD_freeDStream);
    ZSTD_initDStream(ds);
    Bytes out(initialCapacity(in.size(), maxOutput));
    ZSTD_inBuffer input{in.data(), in.size(), 0};
    size_t used = 0;
    size_t lastRc = 0;
    for (;;) {
        if (used == out.size() && !grow(out, used, maxOutput))
            return tooBig("zstd", maxOutput);
        ZSTD_outBuffer output{out.data(), out.size(), used};
        size_t before = input.pos;
        lastRc = ZSTD_decompressStream(ds, &output, &input);
        if (ZSTD_isError(lastRc))
            return corrupt("zstd", ZSTD_getErrorName(lastRc));
        bool progressed = output.pos != used || input.pos != before;
        used = output.pos;
        if (used > maxOutput)
            return tooBig("zstd", maxOutput);
        if (lastRc == 0 && input.pos == input.size)
            break; // last frame complete and flushed; another call would expect a new frame
        if (input.pos == input.size && used < out.size())
            break; // all input consumed and the decoder did not fill the buffer
        if (!progressed && used < out.size())
            break;
    }
    if (lastRc != 0)
        return corrupt("zstd", "truncated frame");
    out.resize(used);
    return out;
}

} // namespace

std::string_view compressionName(Compression c)
{
    switch (c) {
    case Compression::None:
        return "none";
    case Compression::Gzip:
        return "gzip";
    case Compression::Snappy:
        return "snappy";
    case Compression::Lz4:
        return "lz4";
    case Compression::Zstd:
        return "zstd";
    }
    return "unknown";
}

Result<Bytes> compress(Compression codec, ByteSpan input)
{
    switch (codec) {
    case Compression::None:
        return Bytes(input.begin(), input.end());
    case Compression::Gzip:
        return gzipCompress(input);
    case Compression::Snappy:
        return snappyCompress(input);
    case Compression::Lz4:
        return lz4Compress(input);
    case Compression::Zstd:
        return zstdCompress(input);
    }
    return makeError(ErrorCode::UnsupportedCompressionType,
                     "unknown compression codec " + std::to_string(int(codec)));
}

Result<Bytes> decompress(Compression codec, ByteSpan input, size_t maxOutput)
{
    switch (codec) {
    case Compression::None:
        if (input.size() > maxOutput)
            return tooBig("uncompressed", maxOutput);
        return Bytes(input.begin(), input.end());
    case Compression::Gzip:
        return gzipDecompress(input, maxOutput);
    case Compression::Snappy:
        return snappyDecompress(input, maxOutput);
    case Compression::Lz4:
        return lz4Decompress(input, maxOutput);
    case Compression::Zstd:
        return zstdDecompress(input, maxOutput);
    }
    return makeError(ErrorCode::UnsupportedCompressionType,
                     "unknown compression codec " + std::to_string(int(codec)));
}

} // namespace runnel::records
