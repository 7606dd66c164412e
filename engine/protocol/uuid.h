#pragma once

// Kafka's 128-bit UUID (topic ids, directory ids). A plain value type: sixteen bytes in
// wire order. Used by the generated messages and by whoever assigns topic ids.

#include <array>
#include <cstdint>
#include <string>

namespace runnel::protocol {

struct Uuid
{
    std::array<uint8_t, 16> bytes{};

    bool isZero() const
    {
        for (uint8_t b : bytes) {
            if (b != 0)
                return false;
        }
        return true;
    }
    // Lower-case hex, 32 characters, no dashes (for logs; Kafka shows base64 to users).
    std::string toHex() const
    {
        static constexpr char kDigits[] = "0123456789abcdef";
        std::string out;
        out.reserve(32);
        for (uint8_t b : bytes) {
            out.push_back(kDigits[b >> 4]);
            out.push_back(kDigits[b & 0xf]);
        }
        return out;
    }

    bool operator==(const Uuid &) const = default;
};

} // namespace runnel::protocol
