#pragma once

// Big-endian byte reading and writing, and the varint encodings Kafka uses:
//   - unsigned varint (LEB128, 7 bits per byte): compact lengths, tagged fields
//   - varint / varlong (zigzag then LEB128): fields inside record batch v2 records
// ByteReader never reads past its span: a short read sets a sticky failure flag and
// returns zeros, so decoders check ok() once at the end instead of after every field.

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace runnel {

using Bytes = std::vector<uint8_t>;
using ByteSpan = std::span<const uint8_t>;

class ByteReader
{
public:
    ByteReader() = default;
    explicit ByteReader(ByteSpan data)
        : m_data(data)
    {}

    bool ok() const { return !m_failed; }
    void fail() { m_failed = true; }
    size_t position() const { return m_pos; }
    size_t remaining() const { return m_failed ? 0 : m_data.size() - m_pos; }
    bool atEnd() const { return remaining() == 0; }
    ByteSpan rest() const { return m_failed ? ByteSpan{} : m_data.subspan(m_pos); }

    // Returns a view of the next n bytes and advances, or an empty span on failure.
    ByteSpan take(size_t n)
    {
        if (m_failed || n > m_data.size() - m_pos) {
            m_failed = true;
            return {};
        }
        ByteSpan out = m_data.subspan(m_pos, n);
        m_pos += n;
        return out;
    }
    void skip(size_t n) { take(n); }

    uint8_t readU8()
    {
        auto s = take(1);
        return s.empty() ? 0 : s[0];
    }
    int8_t readI8() { return static_cast<int8_t>(readU8()); }
    uint16_t readU16() { return static_cast<uint16_t>(readBE(2)); }
    int16_t readI16() { return static_cast<int16_t>(readBE(2)); }
    uint32_t readU32() { return static_cast<uint32_t>(readBE(4)); }
    int32_t readI32() { return static_cast<int32_t>(readBE(4)); }
    int64_t readI64() { return static_cast<int64_t>(readBE(8)); }
    double readF64()
    {
        uint64_t bits = readBE(8);
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }

    uint32_t readUnsignedVarint()
    {
        uint32_t value = 0;
        for (int shift = 0; shift <= 28; shift += 7) {
            uint8_t b = readU8();
            if (m_failed)
                return 0;
            value |= static_cast<uint32_t>(b & 0x7f) << shift;
            if (!(b & 0x80))
                return value;
        }
        m_failed = true; // more than 5 bytes: malformed
        return 0;
    }
    uint64_t readUnsignedVarlong()
    {
        uint64_t value = 0;
        for (int shift = 0; shift <= 63; shift += 7) {
            uint8_t b = readU8();
            if (m_failed)
                return 0;
            value |= static_cast<uint64_t>(b & 0x7f) << shift;
            if (!(b & 0x80))
                return value;
        }
        m_failed = true;
        return 0;
    }
    int32_t readVarint()
    {
        uint32_t v = readUnsignedVarint();
        return static_cast<int32_t>((v >> 1) ^ (~(v & 1) + 1));
    }
    int64_t readVarlong()
    {
        uint64_t v = readUnsignedVarlong();
        return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
    }

private:
    uint64_t readBE(size_t n)
    {
        auto s = take(n);
        if (s.empty())
            return 0;
        uint64_t v = 0;
        for (uint8_t b : s)
            v = (v << 8) | b;
        return v;
    }

    ByteSpan m_data;
    size_t m_pos = 0;
    bool m_failed = false;
};

class ByteWriter
{
public:
    ByteWriter() = default;
    explicit ByteWriter(Bytes &out)
        : m_out(&out)
    {}

    Bytes &buffer() { return *m_out; }
    size_t size() const { return m_out->size(); }

    void writeBytes(ByteSpan data) { m_out->insert(m_out->end(), data.begin(), data.end()); }
    void writeBytes(std::string_view data)
    {
        m_out->insert(m_out->end(), data.begin(), data.end());
    }
    void writeU8(uint8_t v) { m_out->push_back(v); }
    void writeI8(int8_t v) { writeU8(static_cast<uint8_t>(v)); }
    void writeU16(uint16_t v) { writeBE(v, 2); }
    void writeI16(int16_t v) { writeBE(static_cast<uint16_t>(v), 2); }
    void writeU32(uint32_t v) { writeBE(v, 4); }
    void writeI32(int32_t v) { writeBE(static_cast<uint32_t>(v), 4); }
    void writeI64(int64_t v) { writeBE(static_cast<uint64_t>(v), 8); }
    void writeF64(double d)
    {
        uint64_t bits;
        std::memcpy(&bits, &d, sizeof bits);
        writeBE(bits, 8);
    }
    void writeUnsignedVarint(uint32_t v)
    {
        while (v >= 0x80) {
            writeU8(static_cast<uint8_t>(v | 0x80));
            v >>= 7;
        }
        writeU8(static_cast<uint8_t>(v));
    }
    void writeUnsignedVarlong(uint64_t v)
    {
        while (v >= 0x80) {
            writeU8(static_cast<uint8_t>(v | 0x80));
            v >>= 7;
        }
        writeU8(static_cast<uint8_t>(v));
    }
    void writeVarint(int32_t v)
    {
        writeUnsignedVarint((static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31));
    }
    void writeVarlong(int64_t v)
    {
        writeUnsignedVarlong((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
    }

    // Overwrites 4 bytes at pos (used to patch lengths and CRCs after the fact).
    void patchI32(size_t pos, int32_t v)
    {
        auto u = static_cast<uint32_t>(v);
        (*m_out)[pos] = static_cast<uint8_t>(u >> 24);
        (*m_out)[pos + 1] = static_cast<uint8_t>(u >> 16);
        (*m_out)[pos + 2] = static_cast<uint8_t>(u >> 8);
        (*m_out)[pos + 3] = static_cast<uint8_t>(u);
    }

    static size_t unsignedVarintSize(uint32_t v)
    {
        size_t n = 1;
        while (v >= 0x80) {
            v >>= 7;
            ++n;
        }
        return n;
    }
    static size_t varintSize(int32_t v)
    {
        return unsignedVarintSize((static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31));
    }
    static size_t varlongSize(int64_t v)
    {
        uint64_t u = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
        size_t n = 1;
        while (u >= 0x80) {
            u >>= 7;
            ++n;
        }
        return n;
    }

private:
    void writeBE(uint64_t v, size_t n)
    {
        for (size_t i = n; i-- > 0;)
            m_out->push_back(static_cast<uint8_t>(v >> (i * 8)));
    }

    Bytes *m_out = nullptr;
};

// Big-endian helpers on raw memory, for headers read in place (record batches, indexes).
inline uint32_t loadBE32(const uint8_t *p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}
inline uint64_t loadBE64(const uint8_t *p)
{
    return (uint64_t(loadBE32(p)) << 32) | loadBE32(p + 4);
}
inline uint16_t loadBE16(const uint8_t *p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}
inline void storeBE16(uint8_t *p, uint16_t v)
{
    p[0] = uint8_t(v >> 8);
    p[1] = uint8_t(v);
}
inline void storeBE32(uint8_t *p, uint32_t v)
{
    p[0] = uint8_t(v >> 24);
    p[1] = uint8_t(v >> 16);
    p[2] = uint8_t(v >> 8);
    p[3] = uint8_t(v);
}
inline void storeBE64(uint8_t *p, uint64_t v)
{
    storeBE32(p, uint32_t(v >> 32));
    storeBE32(p + 4, uint32_t(v));
}

// The value of one hexadecimal digit (either case), or -1.
inline int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace runnel
