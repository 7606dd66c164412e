#include "engine/records/crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace runnel::records {
namespace {

constexpr uint32_t kPolynomial = 0x82F63B78u;

using Tables = std::array<std::array<uint32_t, 256>, 8>;

constexpr Tables makeTables()
{
    Tables t{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? (c >> 1) ^ kPolynomial : c >> 1;
        t[0][i] = c;
    }
    for (size_t s = 1; s < 8; ++s)
        for (uint32_t i = 0; i < 256; ++i)
            t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xff];
    return t;
}

constexpr Tables kTables = makeTables();

uint32_t portableRaw(const uint8_t *p, size_t len, uint32_t c)
{
    // Byte at a time until the pointer is 8-aligned, then 8 bytes per step.
    while (len && (reinterpret_cast<uintptr_t>(p) & 7)) {
        c = kTables[0][(c ^ *p++) & 0xff] ^ (c >> 8);
        --len;
    }
    while (len >= 8) {
        uint32_t lo;
        uint32_t hi;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + 4, 4);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        lo = __builtin_bswap32(lo);
        hi = __builtin_bswap32(hi);
#endif
        lo ^= c;
        c = kTables[7][lo & 0xff] ^ kTables[6][(lo >> 8) & 0xff] ^ kTables[5][(lo >> 16) & 0xff]
            ^ kTables[4][lo >> 24] ^ kTables[3][hi & 0xff] ^ kTables[2][(hi >> 8) & 0xff]
            ^ kTables[1][(hi >> 16) & 0xff] ^ kTables[0][hi >> 24];
        p += 8;
        len -= 8;
    }
    while (len--)
        c = kTables[0][(c ^ *p++) & 0xff] ^ (c >> 8);
    return c;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t sse42Raw(const uint8_t *p, size_t len, uint32_t c)
{
    while (len && (reinterpret_cast<uintptr_t>(p) & 7)) {
        c = _mm_crc32_u8(c, *p++);
        --len;
    }
    uint64_t c64 = c;
    while (len >= 8) {
        uint64_t v;
        std::memcpy(&v, p, 8);
        c64 = _mm_crc32_u64(c64, v);
        p += 8;
        len -= 8;
    }
    c = static_cast<uint32_t>(c64);
    while (len--)
        c = _mm_crc32_u8(c, *p++);
    return c;
}
#endif

using RawFn = uint32_t (*)(const uint8_t *, size_t, uint32_t);

RawFn chooseImplementation()
{
#if defined(__x86_64__)
    if (__builtin_cpu_supports("sse4.2"))
        return &sse42Raw;
#endif
    return &portableRaw;
}

} // namespace

uint32_t crc32c(const uint8_t *data, size_t len, uint32_t crc)
{
    static const RawFn impl = chooseImplementation();
    return ~impl(data, len, ~crc);
}

uint32_t crc32cPortable(const uint8_t *data, size_t len, uint32_t crc)
{
    return ~portableRaw(data, len, ~crc);
}

} // namespace runnel::records
