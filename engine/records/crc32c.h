#pragma once

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of record batch v2.
// Uses the SSE4.2 crc32 instruction when the CPU has it (chosen once at first call),
// slicing-by-8 tables otherwise. Pure function, safe on any thread.

#include <cstddef>
#include <cstdint>

namespace runnel::records {

// Extends a finished CRC over more bytes: crc32c(b, nb, crc32c(a, na)) equals the CRC of
// a followed by b. Start with crc = 0.
uint32_t crc32c(const uint8_t *data, size_t len, uint32_t crc = 0);

// The portable implementation, exposed so tests can compare it with the dispatched one.
uint32_t crc32cPortable(const uint8_t *data, size_t len, uint32_t crc = 0);

} // namespace runnel::records
