#include "engine/security/scram.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <vector>

namespace runnel::security {

namespace {

const EVP_MD *digestOf(ScramMechanism mechanism)
{
    return mechanism == ScramMechanism::Sha512 ? EVP_sha512() : EVP_sha256();
}

Bytes hmac(ScramMechanism mechanism, std::span<const uint8_t> key, std::string_view data)
{
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    if (!HMAC(digestOf(mechanism),
              key.data(),
              static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char *>(data.data()),
              data.size(),
              out.data(),
              &length))
        std::abort(); // only fails on allocation failure or a broken libcrypto
    out.resize(length);
    return out;
}

Bytes hash(ScramMechanism mechanism, std::span<const uint8_t> data)
{
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    if (!EVP_Digest(data.data(), data.size(), out.data(), &length, digestOf(mechanism), nullptr))
        std::abort();
    out.resize(length);
    return out;
}

Bytes xorBytes(std::span<const uint8_t> a, std::span<const uint8_t> b)
{
    Bytes out(a.begin(), a.end());
    for (size_t i = 0; i < out.size() && i < b.size(); ++i)
        out[i] ^= b[i];
    return out;
}

// "a=1,b=2" → the value of attribute `name` if it is present.
std::optional<std::string_view> attribute(std::string_view message, char name)
{
    while (!message.empty()) {
        size_t comma = message.find(',');
        std::string_view item = message.substr(0, comma);
        if (item.size() >= 2 && item[0] == name && item[1] == '=')
            return item.substr(2);
        if (comma == std::string_view::npos)
            break;
        message.remove_prefix(comma + 1);
    }
    return std::nullopt;
}

// RFC 5802 saslname: ',' and '=' travel as "=2C" and "=3D".
std::optional<std::string> decodeSaslName(std::string_view name)
{
    std::string out;
    for (size_t i = 0; i < name.size(); ++i) {
        if (name[i] != '=') {
            out += name[i];
            continue;
        }
        std::string_view esc = name.substr(i + 1, 2);
        if (esc == "2C")
            out += ',';
        else if (esc == "3D")
            out += '=';
        else
            return std::nullopt;
        i += 2;
    }
    return out;
}

std::string encodeSaslName(std::string_view name)
{
    std::string out;
    for (char c : name) {
        if (c == ',')
            out += "=2C";
        else if (c == '=')
            out += "=3D";
        else
            out += c;
    }
    return out;
}

std::span<const uint8_t> asBytes(std::string_view s)
{
    return {reinterpret_cast<const uint8_t *>(s.data()), s.size()};
}

std::string freshNonce()
{
    return base64Encode(randomBytes(24));
}

} // namespace

std::string_view scramMechanismName(ScramMechanism mechanism)
{
    return mechanism == ScramMechanism::Sha512 ? "SCRAM-SHA-512" : "SCRAM-SHA-256";
}

std::optional<ScramMechanism> scramMechanismByName(std::string_view name)
{
    if (name == "SCRAM-SHA-256")
        return ScramMechanism::Sha256;
    if (name == "SCRAM-SHA-512")
        return ScramMechanism::Sha512;
    return std::nullopt;
}

std::optional<ScramMechanism> scramMechanismFromWire(int8_t value)
{
    if (value == 1)
        return ScramMechanism::Sha256;
    if (value == 2)
        return ScramMechanism::Sha512;
    return std::nullopt;
}

Bytes scramSaltedPassword(ScramMechanism mechanism,
                          std::string_view password,
                          std::span<const uint8_t> salt,
                          int32_t iterations)
{
    Bytes out(static_cast<size_t>(EVP_MD_get_size(digestOf(mechanism))));
    if (!PKCS5_PBKDF2_HMAC(password.data(),
                           static_cast<int>(password.size()),
                           salt.data(),
                           static_cast<int>(salt.size()),
                           iterations,
                           digestOf(mechanism),
                           static_cast<int>(out.size()),
                           out.data()))
        std::abort();
    return out;
}

ScramCredential scramCredentialFromSaltedPassword(ScramMechanism mechanism,
                                                  std::span<const uint8_t> salt,
                                                  int32_t iterations,
                                                  std::span<const uint8_t> saltedPassword)
{
    ScramCredential c;
    c.salt.assign(salt.begin(), salt.end());
    c.iterations = iterations;
    c.storedKey = hash(mechanism, hmac(mechanism, saltedPassword, "Client Key"));
    c.serverKey = hmac(mechanism, saltedPassword, "Server Key");
    return c;
}

ScramCredential scramCredentialFromPassword(ScramMechanism mechanism,
                                            std::string_view password,
                                            std::span<const uint8_t> salt,
                                            int32_t iterations)
{
    return scramCredentialFromSaltedPassword(
        mechanism, salt, iterations, scramSaltedPassword(mechanism, password, salt, iterations));
}

Bytes randomBytes(size_t count)
{
    Bytes out(count);
    if (RAND_bytes(out.data(), static_cast<int>(count)) != 1)
        std::abort(); // no entropy: refusing to run beats predictable nonces
    return out;
}

std::string base64Encode(std::span<const uint8_t> data)
{
    static constexpr char kAlphabet[]
        = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        const uint32_t v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (i + 1 == data.size()) {
        const uint32_t v = data[i] << 16;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == data.size()) {
        const uint32_t v = (data[i] << 16) | (data[i + 1] << 8);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

std::optional<Bytes> base64Decode(std::string_view text)
{
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        if (c == '+')
            return 62;
        if (c == '/')
            return 63;
        return -1;
    };
    if (text.size() % 4 != 0)
        return std::nullopt;
    Bytes out;
    out.reserve(text.size() / 4 * 3);
    for (size_t i = 0; i < text.size(); i += 4) {
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = text[i + static_cast<size_t>(k)];
            if (c == '=' && i + 4 == text.size() && k >= 2) {
                v[k] = 0;
                ++pad;
                continue;
            }
            if (pad > 0)
                return std::nullopt; // data after padding
            v[k] = value(c);
            if (v[k] < 0)
                return std::nullopt;
        }
        const uint32_t n = (uint32_t(v[0]) << 18) | (uint32_t(v[1]) << 12) | (uint32_t(v[2]) << 6)
                           | uint32_t(v[3]);
        out.push_back(static_cast<uint8_t>(n >> 16));
        if (pad < 2)
            out.push_back(static_cast<uint8_t>(n >> 8));
        if (pad < 1)
            out.push_back(static_cast<uint8_t>(n));
    }
    return out;
}

bool constantTimeEquals(std::span<const uint8_t> a, std::span<const uint8_t> b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// --- server ------------------------------------------------------------------------------

ScramServer::ScramServer(ScramMechanism mechanism, Lookup lookup, std::string serverNonce)
    : m_mechanism(mechanism)
    , m_lookup(std::move(lookup))
    , m_serverNonce(serverNonce.empty() ? freshNonce() : std::move(serverNonce))
{}

ScramServer::Step ScramServer::fail(std::string error)
{
    m_phase = Phase::Finished;
    return {Step::State::Failed, {}, std::move(error)};
}

ScramServer::Step ScramServer::step(std::string_view message)
{
    switch (m_phase) {
    case Phase::ClientFirst:
        return clientFirst(message);
    case Phase::ClientFinal:
        return clientFinal(message);
    case Phase::Finished:
        break;
    }
    return fail("SCRAM exchange already finished");
}

ScramServer::Step ScramServer::clientFirst(std::string_view message)
{
    // gs2-header: channel-binding flag, optional authzid, then the bare message.
    if (message.size() < 3 || (message[0] != 'n' && message[0] != 'y') || message[1] != ',')
        return fail("invalid SCRAM client-first message (channel binding is not supported)");
    const size_t authzEnd = message.find(',', 2);
    if (authzEnd == std::string_view::npos)
        return fail("invalid SCRAM client-first message");
    m_gs2Header = std::string(message.substr(0, authzEnd + 1));
    m_clientFirstBare = std::string(message.substr(authzEnd + 1));
    auto name = attribute(m_clientFirstBare, 'n');
    auto nonce = attribute(m_clientFirstBare, 'r');
    if (!name || !nonce || nonce->empty() || m_clientFirstBare.rfind("n=", 0) != 0)
        return fail("invalid SCRAM client-first message (no user name or nonce)");
    auto user = decodeSaslName(*name);
    if (!user || user->empty())
        return fail("invalid SCRAM user name");
    m_user = *user;
    // An authzid other than the user itself would be impersonation: Kafka refuses it too.
    std::string_view authz = message.substr(2, authzEnd - 2);
    if (!authz.empty() && (authz.rfind("a=", 0) != 0 || decodeSaslName(authz.substr(2)) != m_user))
        return fail("authorization id differs from the user name");
    auto credential = m_lookup(m_user);
    if (!credential)
        return fail("unknown user or no " + std::string(scramMechanismName(m_mechanism))
                    + " credential for it");
    m_credential = std::move(*credential);
    m_nonce = std::string(*nonce) + m_serverNonce;
    m_serverFirst = "r=" + m_nonce + ",s=" + base64Encode(m_credential.salt)
                    + ",i=" + std::to_string(m_credential.iterations);
    m_phase = Phase::ClientFinal;
    return {Step::State::Continue, m_serverFirst, {}};
}

ScramServer::Step ScramServer::clientFinal(std::string_view message)
{
    const size_t proofAt = message.rfind(",p=");
    if (proofAt == std::string_view::npos)
        return fail("invalid SCRAM client-final message (no proof)");
    const std::string_view withoutProof = message.substr(0, proofAt);
    auto binding = attribute(withoutProof, 'c');
    auto nonce = attribute(withoutProof, 'r');
    auto proof = base64Decode(message.substr(proofAt + 3));
    if (!binding || !nonce || !proof)
        return fail("invalid SCRAM client-final message");
    if (*binding != base64Encode(asBytes(m_gs2Header)))
        return fail("SCRAM channel binding does not match the client-first message");
    // RFC 5802 wants the nonce repeated exactly. librdkafka 2.0.2 sends the client nonce
    // followed by the whole server nonce, and Kafka accepts any nonce that ENDS with the
    // one it sent (ScramSaslServer); so do we: the fresh server part is still required.
    if (!nonce->ends_with(m_nonce))
        return fail("SCRAM nonce does not match the server-first message");
    const std::string authMessage
        = m_clientFirstBare + "," + m_serverFirst + "," + std::string(withoutProof);
    const Bytes clientSignature = hmac(m_mechanism, m_credential.storedKey, authMessage);
    const Bytes clientKey = xorBytes(*proof, clientSignature);
    if (proof->size() != clientSignature.size()
        || !constantTimeEquals(hash(m_mechanism, clientKey), m_credential.storedKey))
        return fail("invalid credentials");
    const Bytes serverSignature = hmac(m_mechanism, m_credential.serverKey, authMessage);
    m_phase = Phase::Finished;
    return {Step::State::Done, "v=" + base64Encode(serverSignature), {}};
}

// --- client ------------------------------------------------------------------------------

ScramClient::ScramClient(ScramMechanism mechanism,
                         std::string user,
                         std::string password,
                         std::string clientNonce)
    : m_mechanism(mechanism)
    , m_user(std::move(user))
    , m_password(std::move(password))
    , m_clientNonce(clientNonce.empty() ? freshNonce() : std::move(clientNonce))
{}

std::string ScramClient::clientFirst()
{
    m_clientFirstBare = "n=" + encodeSaslName(m_user) + ",r=" + m_clientNonce;
    return "n,," + m_clientFirstBare;
}

Result<std::string> ScramClient::clientFinal(std::string_view serverFirst)
{
    auto nonce = attribute(serverFirst, 'r');
    auto saltText = attribute(serverFirst, 's');
    auto iterText = attribute(serverFirst, 'i');
    if (!nonce || !saltText || !iterText || nonce->rfind(m_clientNonce, 0) != 0)
        return makeError(ErrorCode::SaslAuthenticationFailed, "invalid SCRAM server-first message");
    auto salt = base64Decode(*saltText);
    const int iterations = std::atoi(std::string(*iterText).c_str());
    if (!salt || iterations < kScramMinIterations)
        return makeError(ErrorCode::SaslAuthenticationFailed,
                         "invalid SCRAM salt or too few iterations");
    const Bytes salted = scramSaltedPassword(m_mechanism, m_password, *salt, iterations);
    const Bytes clientKey = hmac(m_mechanism, salted, "Client Key");
    const Bytes storedKey = hash(m_mechanism, clientKey);
    const std::string withoutProof = "c=biws,r=" + std::string(*nonce);
    const std::string authMessage
        = m_clientFirstBare + "," + std::string(serverFirst) + "," + withoutProof;
    const Bytes clientSignature = hmac(m_mechanism, storedKey, authMessage);
    m_serverSignature = hmac(m_mechanism, hmac(m_mechanism, salted, "Server Key"), authMessage);
    return withoutProof + ",p=" + base64Encode(xorBytes(clientKey, clientSignature));
}

Status ScramClient::verifyServerFinal(std::string_view serverFinal) const
{
    auto v = attribute(serverFinal, 'v');
    auto signature = v ? base64Decode(*v) : std::nullopt;
    if (!signature || !constantTimeEquals(*signature, m_serverSignature))
        return makeError(ErrorCode::SaslAuthenticationFailed,
                         "the server's SCRAM signature does not verify");
    return Status::success();
}

} // namespace runnel::security
