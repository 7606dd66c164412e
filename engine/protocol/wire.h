#pragma once

// Kafka's wire primitives shared by the generated codec (messages.cpp) and the
// hand-written headers: classic and compact (KIP-482) strings, bytes and arrays, UUIDs
// and tagged-field sections. Stateless functions over ByteReader/ByteWriter; callable
// from any thread.
//
// Lengths:  classic string  int16 (-1 = null)      compact: unsigned varint length+1
//           classic bytes   int32 (-1 = null)               (0 = null)
//           classic array   int32 (-1 = null)
// Every read checks a declared length against the bytes left before allocating, so a
// hostile length costs nothing; failures go to the reader's sticky flag.

#include "engine/common/bytes.h"
#include "engine/protocol/uuid.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runnel::protocol::wire {

// Reads a classic (int16/int32) or compact length. Returns -1 for null, and -1 with the
// reader failed on malformed input (callers check r.ok()).
inline int64_t readLength(ByteReader &r, bool flexible, bool wide)
{
    if (flexible) {
        uint32_t n = r.readUnsignedVarint();
        // A compact string still has the classic int16 limit (as Kafka checks), so it can
        // always be written again in a classic version.
        if (r.ok() && !wide && n > 0x8000)
            r.fail();
        return r.ok() ? static_cast<int64_t>(n) - 1 : -1;
    }
    int64_t n = wide ? r.readI32() : r.readI16();
    if (n < -1)
        r.fail();
    return n;
}

inline void writeLength(ByteWriter &w, bool flexible, bool wide, int64_t n)
{
    if (flexible)
        w.writeUnsignedVarint(static_cast<uint32_t>(n + 1));
    else if (wide)
        w.writeI32(static_cast<int32_t>(n));
    else
        w.writeI16(static_cast<int16_t>(n));
}

// Strings. A null where the version does not allow one is malformed.
inline void readString(ByteReader &r, bool flexible, bool nullable, std::string &out)
{
    (void)nullable;
    int64_t n = readLength(r, flexible, false);
    if (n < 0) {
        r.fail();
        return;
    }
    ByteSpan s = r.take(static_cast<size_t>(n));
    out.assign(s.begin(), s.end());
}

inline void readString(ByteReader &r, bool flexible, bool nullable, std::optional<std::string> &out)
{
    int64_t n = readLength(r, flexible, false);
    if (!r.ok())
        return;
    if (n < 0) {
        if (!nullable)
            r.fail();
        out.reset();
        return;
    }
    ByteSpan s = r.take(static_cast<size_t>(n));
    out.emplace(s.begin(), s.end());
}

inline void writeString(ByteWriter &w, bool flexible, std::string_view s)
{
    writeLength(w, flexible, false, static_cast<int64_t>(s.size()));
    w.writeBytes(s);
}

inline void writeString(ByteWriter &w, bool flexible, const std::string &s)
{
    writeString(w, flexible, std::string_view(s));
}

// A null value in a version that cannot carry one is written as empty.
inline void writeString(ByteWriter &w, bool flexible, const std::optional<std::string> &s)
{
    if (s)
        writeString(w, flexible, std::string_view(*s));
    else
        writeLength(w, flexible, false, -1);
}

// Bytes and records (records are nullable bytes on the wire).
inline void readBytes(ByteReader &r, bool flexible, bool nullable, Bytes &out)
{
    (void)nullable;
    int64_t n = readLength(r, flexible, true);
    if (n < 0) {
        r.fail();
        return;
    }
    ByteSpan s = r.take(static_cast<size_t>(n));
    out.assign(s.begin(), s.end());
}

inline void readBytes(ByteReader &r, bool flexible, bool nullable, std::optional<Bytes> &out)
{
    int64_t n = readLength(r, flexible, true);
    if (!r.ok())
        return;
    if (n < 0) {
        if (!nullable)
            r.fail();
        out.reset();
        return;
    }
    ByteSpan s = r.take(static_cast<size_t>(n));
    out.emplace(s.begin(), s.end());
}

inline void writeBytes(ByteWriter &w, bool flexible, const Bytes &b)
{
    writeLength(w, flexible, true, static_cast<int64_t>(b.size()));
    w.writeBytes(ByteSpan(b));
}

inline void writeBytes(ByteWriter &w, bool flexible, const std::optional<Bytes> &b)
{
    if (b)
        writeBytes(w, flexible, *b);
    else
        writeLength(w, flexible, true, -1);
}

inline Uuid readUuid(ByteReader &r)
{
    Uuid u;
    ByteSpan s = r.take(16);
    if (s.size() == 16)
        std::copy(s.begin(), s.end(), u.bytes.begin());
    return u;
}

inline void writeUuid(ByteWriter &w, const Uuid &u)
{
    w.writeBytes(ByteSpan(u.bytes));
}

// Arrays. minElementSize is the smallest encoding of one element: a count that could not
// fit in the bytes left is rejected before anything is allocated.
// Elements are appended one by one as they decode: a count that passes the size check
// but whose elements are garbage costs only what was actually decoded, never count times
// sizeof(T) up front (structs are much larger in memory than on the wire).
template<typename T, typename ReadElement>
void readElements(ByteReader &r, size_t count, std::vector<T> &out, ReadElement &readElement)
{
    if constexpr (sizeof(T) <= 16)
        out.reserve(count);
    for (size_t i = 0; i < count && r.ok(); ++i)
        readElement(r, out.emplace_back());
}

template<typename T, typename ReadElement>
void readArray(ByteReader &r,
               bool flexible,
               bool nullable,
               size_t minElementSize,
               std::vector<T> &out,
               ReadElement &&readElement)
{
    (void)nullable;
    int64_t n = readLength(r, flexible, true);
    if (n < 0 || static_cast<uint64_t>(n) > r.remaining() / minElementSize) {
        r.fail();
        return;
    }
    out.clear();
    readElements(r, static_cast<size_t>(n), out, readElement);
}

template<typename T, typename ReadElement>
void readArray(ByteReader &r,
               bool flexible,
               bool nullable,
               size_t minElementSize,
               std::optional<std::vector<T>> &out,
               ReadElement &&readElement)
{
    int64_t n = readLength(r, flexible, true);
    if (!r.ok())
        return;
    if (n < 0) {
        if (!nullable)
            r.fail();
        out.reset();
        return;
    }
    if (static_cast<uint64_t>(n) > r.remaining() / minElementSize) {
        r.fail();
        return;
    }
    out.emplace();
    readElements(r, static_cast<size_t>(n), *out, readElement);
}

template<typename T, typename WriteElement>
void writeArray(ByteWriter &w, bool flexible, const std::vector<T> &v, WriteElement &&writeElement)
{
    writeLength(w, flexible, true, static_cast<int64_t>(v.size()));
    for (const T &e : v)
        writeElement(w, e);
}

template<typename T, typename WriteElement>
void writeArray(ByteWriter &w,
                bool flexible,
                const std::optional<std::vector<T>> &v,
                WriteElement &&writeElement)
{
    if (v)
        writeArray<T>(w, flexible, *v, writeElement);
    else
        writeLength(w, flexible, true, -1);
}

// Tagged-field section: count, then (tag, size, value) each. onField gets a reader over
// exactly the field's bytes; tags it does not know it simply ignores.
template<typename OnField>
void readTaggedFields(ByteReader &r, OnField &&onField)
{
    uint32_t count = r.readUnsignedVarint();
    for (uint32_t i = 0; i < count && r.ok(); ++i) {
        uint32_t tag = r.readUnsignedVarint();
        uint32_t size = r.readUnsignedVarint();
        ByteSpan data = r.take(size);
        if (!r.ok())
            return;
        ByteReader field(data);
        onField(tag, field);
        if (!field.ok())
            r.fail();
    }
}

inline void skipTaggedFields(ByteReader &r)
{
    readTaggedFields(r, [](uint32_t, ByteReader &) {});
}

} // namespace runnel::protocol::wire
