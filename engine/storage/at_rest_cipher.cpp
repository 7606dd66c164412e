#include "engine/storage/at_rest_cipher.h"

#include "engine/records/record_batch.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace runnel::storage {

using records::kBatchHeaderSize;
using records::kBatchLengthFieldEnd;

namespace {

constexpr size_t kCrcPos = 17;
constexpr size_t kAttributesPos = 21;
constexpr std::string_view kAadLabel = "runnel-at-rest-v1";

struct CtxDeleter
{
    void operator()(EVP_CIPHER_CTX *c) const { EVP_CIPHER_CTX_free(c); }
};
using CtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CtxDeleter>;

const EVP_CIPHER *aes256gcm()
{
    // Fetched once: the implicit fetch inside EVP_aes_256_gcm() costs a lookup per call.
    static EVP_CIPHER *cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    return cipher;
}

Error cryptoError(const std::string &what)
{
    return makeError(ErrorCode::KafkaStorageError, "encryption at rest: " + what);
}

bool addAad(EVP_CIPHER_CTX *ctx, std::string_view tp, const uint8_t *header)
{
    int len = 0;
    uint8_t tpLen[2] = {uint8_t(tp.size() >> 8), uint8_t(tp.size())};
    return EVP_CipherUpdate(ctx,
                            nullptr,
                            &len,
                            reinterpret_cast<const uint8_t *>(kAadLabel.data()),
                            int(kAadLabel.size()))
               == 1
           && EVP_CipherUpdate(ctx, nullptr, &len, tpLen, 2) == 1
           && EVP_CipherUpdate(
                  ctx, nullptr, &len, reinterpret_cast<const uint8_t *>(tp.data()), int(tp.size()))
                  == 1
           && EVP_CipherUpdate(ctx, nullptr, &len, header, int(kBatchHeaderSize)) == 1;
}

} // namespace

bool isEncryptedFrame(ByteSpan header)
{
    if (header.size() < kBatchHeaderSize)
        return false;
    return (loadBE16(header.data() + kAttributesPos) & uint16_t(kEncryptedFrame)) != 0;
}

AtRestKey::~AtRestKey()
{
    OPENSSL_cleanse(m_key.data(), m_key.size());
}

Result<std::shared_ptr<const AtRestKey>> AtRestKey::fromBytes(ByteSpan key)
{
    if (key.size() != kDataKeySize)
        return makeError(ErrorCode::InvalidConfig,
                         "the data key for encryption at rest must be 32 bytes (AES-256), not "
                             + std::to_string(key.size()));
    std::shared_ptr<AtRestKey> k(new AtRestKey());
    std::memcpy(k->m_key.data(), key.data(), kDataKeySize);
    uint8_t digest[EVP_MAX_MD_SIZE];
    unsigned int digestLen = 0;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    static constexpr std::string_view label = "runnel key id";
    bool ok = md && EVP_DigestInit_ex(md, EVP_sha256(), nullptr) == 1
              && EVP_DigestUpdate(md, label.data(), label.size()) == 1
              && EVP_DigestUpdate(md, key.data(), key.size()) == 1
              && EVP_DigestFinal_ex(md, digest, &digestLen) == 1;
    EVP_MD_CTX_free(md);
    if (!ok)
        return cryptoError("SHA-256 failed");
    static constexpr char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < 8; ++i) {
        k->m_keyId.push_back(hex[digest[i] >> 4]);
        k->m_keyId.push_back(hex[digest[i] & 15]);
    }
    return std::shared_ptr<const AtRestKey>(std::move(k));
}

Result<std::shared_ptr<const AtRestKey>> AtRestKey::fromFile(const std::filesystem::path &path)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return makeError(ErrorCode::InvalidConfig,
                         "cannot open the encryption key file " + path.string() + ": "
                             + std::strerror(errno));
    struct stat st
    {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return makeError(ErrorCode::InvalidConfig,
                         "the encryption key file " + path.string() + " is not a regular file");
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        ::close(fd);
        return makeError(ErrorCode::InvalidConfig,
                         "the encryption key file " + path.string()
                             + " is accessible to other users; make it private with chmod 600");
    }
    Bytes raw(256);
    ssize_t n = ::read(fd, raw.data(), raw.size());
    ::close(fd);
    if (n < 0)
        return makeError(ErrorCode::InvalidConfig,
                         "cannot read the encryption key file " + path.string() + ": "
                             + std::strerror(errno));
    raw.resize(size_t(n));
    Bytes key;
    if (raw.size() == kDataKeySize) {
        key = raw;
    } else {
        std::string text(raw.begin(), raw.end());
        size_t b = 0, e = text.size();
        while (b < e && std::isspace(static_cast<unsigned char>(text[b])))
            ++b;
        while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1])))
            --e;
        if (e - b == 2 * kDataKeySize) {
            for (size_t i = b; i < e; i += 2) {
                int hi = hexValue(text[i]), lo = hexValue(text[i + 1]);
                if (hi < 0 || lo < 0) {
                    key.clear();
                    break;
                }
                key.push_back(uint8_t(hi * 16 + lo));
            }
        }
        OPENSSL_cleanse(text.data(), text.size());
    }
    OPENSSL_cleanse(raw.data(), raw.size());
    if (key.size() != kDataKeySize)
        return makeError(ErrorCode::InvalidConfig,
                         "the encryption key file " + path.string()
                             + " must hold a 256-bit key: 64 hex digits or 32 raw bytes");
    auto k = fromBytes(key);
    OPENSSL_cleanse(key.data(), key.size());
    return k;
}

Status AtRestKey::seal(ByteSpan batch, std::string_view tp, Bytes &out) const
{
    if (batch.size() < kBatchHeaderSize)
        return cryptoError("batch shorter than its header");
    const size_t bodySize = batch.size() - kBatchHeaderSize;
    const size_t base = out.size();
    out.resize(base + batch.size() + kFrameOverhead);
    uint8_t *f = out.data() + base;
    std::memcpy(f, batch.data(), kBatchHeaderSize);
    storeBE32(f + 8, uint32_t(batch.size() + kFrameOverhead - kBatchLengthFieldEnd));
    storeBE32(f + kCrcPos, 0);
    storeBE16(f + kAttributesPos,
              uint16_t(loadBE16(batch.data() + kAttributesPos) | uint16_t(kEncryptedFrame)));
    uint8_t *nonce = f + kBatchHeaderSize;
    if (RAND_bytes(nonce, int(kFrameNonceSize)) != 1) {
        out.resize(base);
        return cryptoError("no random bytes for a nonce");
    }
    CtxPtr ctx(EVP_CIPHER_CTX_new());
    uint8_t *sealed = nonce + kFrameNonceSize;
    int len = 0;
    bool ok = ctx && aes256gcm()
              && EVP_EncryptInit_ex2(ctx.get(), aes256gcm(), m_key.data(), nonce, nullptr) == 1
              && addAad(ctx.get(), tp, f)
              && EVP_EncryptUpdate(ctx.get(), sealed, &len, batch.data() + kCrcPos, 4) == 1
              && EVP_EncryptUpdate(
                     ctx.get(), sealed + 4, &len, batch.data() + kBatchHeaderSize, int(bodySize))
                     == 1
              && EVP_EncryptFinal_ex(ctx.get(), sealed + 4 + bodySize, &len) == 1
              && EVP_CIPHER_CTX_ctrl(
                     ctx.get(), EVP_CTRL_GCM_GET_TAG, int(kFrameTagSize), sealed + 4 + bodySize)
                     == 1;
    if (!ok) {
        out.resize(base);
        return cryptoError("AES-256-GCM encryption failed");
    }
    return {};
}

Status AtRestKey::open(ByteSpan frame, std::string_view tp, Bytes &out) const
{
    if (frame.size() < kBatchHeaderSize + kFrameOverhead || !isEncryptedFrame(frame))
        return cryptoError("not an encrypted frame");
    const int64_t baseOffset = int64_t(loadBE64(frame.data()));
    const size_t bodySize = frame.size() - kBatchHeaderSize - kFrameOverhead;
    const size_t base = out.size();
    out.resize(base + kBatchHeaderSize + bodySize);
    uint8_t *b = out.data() + base;
    std::memcpy(b, frame.data(), kBatchHeaderSize);
    const uint8_t *nonce = frame.data() + kBatchHeaderSize;
    const uint8_t *sealed = nonce + kFrameNonceSize;
    uint8_t tag[kFrameTagSize];
    std::memcpy(tag, sealed + 4 + bodySize, kFrameTagSize);
    uint8_t crc[4];
    CtxPtr ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    bool ok = ctx && aes256gcm()
              && EVP_DecryptInit_ex2(ctx.get(), aes256gcm(), m_key.data(), nonce, nullptr) == 1
              && addAad(ctx.get(), tp, frame.data())
              && EVP_DecryptUpdate(ctx.get(), crc, &len, sealed, 4) == 1
              && EVP_DecryptUpdate(ctx.get(), b + kBatchHeaderSize, &len, sealed + 4, int(bodySize))
                     == 1
              && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(kFrameTagSize), tag) == 1;
    if (ok && EVP_DecryptFinal_ex(ctx.get(), b + kBatchHeaderSize + bodySize, &len) != 1) {
        OPENSSL_cleanse(b, kBatchHeaderSize + bodySize);
        out.resize(base);
        return cryptoError("the batch at offset " + std::to_string(baseOffset) + " of "
                           + std::string(tp)
                           + " failed authentication: it was modified on disk, or the data "
                             "key (key id "
                           + m_keyId + ") is not the one it was written with");
    }
    if (!ok) {
        out.resize(base);
        return cryptoError("AES-256-GCM decryption failed");
    }
    storeBE32(b + 8, uint32_t(kBatchHeaderSize + bodySize - kBatchLengthFieldEnd));
    std::memcpy(b + kCrcPos, crc, 4);
    storeBE16(b + kAttributesPos,
              uint16_t(loadBE16(frame.data() + kAttributesPos) & ~uint16_t(kEncryptedFrame)));
    return {};
}

} // namespace runnel::storage
