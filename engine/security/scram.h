#pragma once

// SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677), as Kafka uses them (KIP-84).
//
//   client-first  n,,n=<user>,r=<client nonce>
//   server-first  r=<client nonce><server nonce>,s=<base64 salt>,i=<iterations>
//   client-final  c=<base64 gs2 header>,r=<nonce>,p=<base64 ClientProof>
//   server-final  v=<base64 ServerSignature>
//
//   SaltedPassword = PBKDF2-HMAC(password, salt, iterations)
//   StoredKey      = H(HMAC(SaltedPassword, "Client Key"))
//   ServerKey      = HMAC(SaltedPassword, "Server Key")
//
// ScramServer is one connection's server side: a state machine fed the client's
// messages, with no I/O; the broker owns one per authenticating connection, on its
// event-loop thread, and drops it when authentication ends. ScramClient is the client
// side (tests, and later the console). Both are single-use.

#include "engine/common/bytes.h"
#include "engine/common/result.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace runnel::security {

// Values as in AlterUserScramCredentials' Mechanism field.
enum class ScramMechanism : int8_t { Sha256 = 1, Sha512 = 2 };

constexpr int32_t kScramMinIterations = 4096;  // RFC 7677's floor, and Kafka's
constexpr int32_t kScramMaxIterations = 16384; // Kafka's ceiling

std::string_view scramMechanismName(ScramMechanism mechanism); // "SCRAM-SHA-256"
std::optional<ScramMechanism> scramMechanismByName(std::string_view name);
std::optional<ScramMechanism> scramMechanismFromWire(int8_t value);

// What the broker keeps for one user and mechanism: enough to verify a proof, not enough
// to log in as the user.
struct ScramCredential
{
    Bytes salt;
    int32_t iterations = 0;
    Bytes storedKey;
    Bytes serverKey;
};

Bytes scramSaltedPassword(ScramMechanism mechanism,
                          std::string_view password,
                          std::span<const uint8_t> salt,
                          int32_t iterations);
ScramCredential scramCredentialFromSaltedPassword(ScramMechanism mechanism,
                                                  std::span<const uint8_t> salt,
                                                  int32_t iterations,
                                                  std::span<const uint8_t> saltedPassword);
ScramCredential scramCredentialFromPassword(ScramMechanism mechanism,
                                            std::string_view password,
                                            std::span<const uint8_t> salt,
                                            int32_t iterations);

// Shared helpers.
Bytes randomBytes(size_t count);
std::string base64Encode(std::span<const uint8_t> data);
std::optional<Bytes> base64Decode(std::string_view text);
bool constantTimeEquals(std::span<const uint8_t> a, std::span<const uint8_t> b);

class ScramServer
{
public:
    using Lookup = std::function<std::optional<ScramCredential>(const std::string &user)>;

    struct Step
    {
        enum class State { Continue, Done, Failed };
        State state = State::Failed;
        std::string response; // the next message for the client (empty when Failed)
        std::string error;    // why it failed; never contains a secret
    };

    // `serverNonce` fixes the nonce (tests); empty means a fresh random one.
    ScramServer(ScramMechanism mechanism, Lookup lookup, std::string serverNonce = {});

    Step step(std::string_view message);
    const std::string &user() const { return m_user; }
    ScramMechanism mechanism() const { return m_mechanism; }

private:
    Step clientFirst(std::string_view message);
    Step clientFinal(std::string_view message);
    Step fail(std::string error);

    enum class Phase { ClientFirst, ClientFinal, Finished };
    ScramMechanism m_mechanism;
    Lookup m_lookup;
    Phase m_phase = Phase::ClientFirst;
    std::string m_serverNonce;
    std::string m_user;
    std::string m_gs2Header;
    std::string m_clientFirstBare;
    std::string m_serverFirst;
    std::string m_nonce;
    ScramCredential m_credential;
};

class ScramClient
{
public:
    ScramClient(ScramMechanism mechanism,
                std::string user,
                std::string password,
                std::string clientNonce = {});

    std::string clientFirst();
    Result<std::string> clientFinal(std::string_view serverFirst);
    Status verifyServerFinal(std::string_view serverFinal) const;

private:
    ScramMechanism m_mechanism;
    std::string m_user;
    std::string m_password;
    std::string m_clientNonce;
    std::string m_clientFirstBare;
    Bytes m_serverSignature;
};

} // namespace runnel::security
