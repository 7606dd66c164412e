#pragma once

// Encryption at rest of stored record batches (docs/decisions/0014-encryption-at-rest.md).
//
// A log encrypted at rest stores each batch as a frame that keeps the 61-byte v2 header in
// the clear — so indexes, recovery scans, retention by time and producer-state replay work
// from headers as before — and seals everything the header's CRC covers (record keys,
// values and headers) with AES-256-GCM under the cluster's data key:
//
//   offset  size  field
//   ------  ----  ------------------------------------------------------------------
//        0    61  batch header as in record_batch.h, except:
//                   batchLength  = the plaintext batch's + kFrameOverhead
//                   crc          = 0 (the real CRC is sealed below: a CRC of plaintext
//                                  in the clear would let anyone confirm a guess)
//                   attributes  |= kEncryptedFrame (bit 14, unused by Kafka)
//       61    12  nonce         random per frame (RAND_bytes)
//       73     4  sealed crc    ┐ AES-256-GCM ciphertext of the plaintext batch's CRC
//       77     n  sealed body   ┘ followed by bytes [61, end) of the plaintext batch
//    77+n    16  tag           GCM authentication tag
//
// Authenticated data: "runnel-at-rest-v1" | topic-partition (the log directory's name) |
// the frame's 61-byte header. The header carries baseOffset and lastOffsetDelta, so a
// frame moved to another offset or another partition fails authentication, as does any
// changed byte. Unencrypted logs never set bit 14 and stay byte-compatible.
//
// Nonces are 96 random bits per frame, never derived from the position, because follower
// truncation and recovery rewrite the same positions with different data. The data key
// should be rotated before 2^32 frames (NIST SP 800-38D §8.3); see the decision file.
//
// AtRestKey is immutable after load and shared (shared_ptr) by every log of a broker;
// seal/open are const and safe on any thread (each call uses its own EVP context).

#include "engine/common/bytes.h"
#include "engine/common/result.h"

#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace runnel::storage {

inline constexpr int16_t kEncryptedFrame = 0x4000;
inline constexpr size_t kFrameNonceSize = 12;
inline constexpr size_t kFrameTagSize = 16;
inline constexpr size_t kFrameOverhead = kFrameNonceSize + 4 + kFrameTagSize;
inline constexpr size_t kDataKeySize = 32;

class AtRestKey
{
public:
    // From raw key bytes (exactly 32).
    static Result<std::shared_ptr<const AtRestKey>> fromBytes(ByteSpan key);
    // From a key file: 64 hex digits (whitespace around them ignored) or 32 raw bytes. The
    // file must be a regular file not readable or writable by group or others (0600 or
    // 0400), as ssh insists for private keys: a key others can read protects nothing.
    static Result<std::shared_ptr<const AtRestKey>> fromFile(const std::filesystem::path &path);
    ~AtRestKey();
    AtRestKey(const AtRestKey &) = delete;
    AtRestKey &operator=(const AtRestKey &) = delete;

    // Appends the frame for one complete plaintext v2 batch to out.
    Status seal(ByteSpan batch, std::string_view topicPartition, Bytes &out) const;
    // Appends the plaintext batch for one complete frame to out. A frame that fails
    // authentication → KafkaStorageError naming the offset (tampered data or wrong key).
    Status open(ByteSpan frame, std::string_view topicPartition, Bytes &out) const;

    // Fingerprint for logs and checks: first 8 bytes of SHA-256("runnel key id" | key),
    // hex. Reveals nothing usable about the key.
    const std::string &keyId() const { return m_keyId; }

private:
    AtRestKey() = default;
    std::array<uint8_t, kDataKeySize> m_key{};
    std::string m_keyId;
};

// Whether a stored batch (its first 61 bytes at least) is an encrypted frame.
bool isEncryptedFrame(ByteSpan header);

} // namespace runnel::storage
