#pragma once

// TLS for Kafka listeners (SSL and SASL_SSL), on OpenSSL 3 through asio::ssl. PEM only
// (KIP-651): a key and certificate chain from a file or inline, a CA bundle for client
// certificates. TLS 1.2 is the floor. makeServerTlsContext is called by the broker at
// start-up, on its event-loop thread; the context is then shared by every connection of
// a listener (OpenSSL contexts are safe to share once configured).

#include "engine/common/result.h"

#include <memory>
#include <string>

namespace asio::ssl {
class context;
}

namespace runnel::net {

enum class ClientAuth { None, Requested, Required };

struct TlsSettings
{
    std::string keystoreLocation;         // ssl.keystore.location: PEM with key and chain
    std::string keystoreCertificateChain; // ssl.keystore.certificate.chain (inline PEM)
    std::string keystoreKey;              // ssl.keystore.key (inline PEM)
    std::string keyPassword;              // ssl.key.password, for an encrypted key
    std::string truststoreLocation;       // ssl.truststore.location: PEM CA bundle
    std::string truststoreCertificates;   // ssl.truststore.certificates (inline PEM)
    ClientAuth clientAuth = ClientAuth::None;

    bool hasKeystore() const
    {
        return !keystoreLocation.empty()
               || (!keystoreCertificateChain.empty() && !keystoreKey.empty());
    }
};

Result<std::shared_ptr<asio::ssl::context>> makeServerTlsContext(const TlsSettings &settings);

// Contexts for broker-to-broker TLS on the CONTROLLER listener (quorum and peer frames):
// the broker's own keystore on both sides, the truststore required, both ends verifying
// (mutual TLS), and the peer's leaf certificate must carry the serverAuth extended key
// usage (a broker certificate, not a client certificate from the same CA).
Result<std::shared_ptr<asio::ssl::context>> makePeerTlsContext(const TlsSettings &settings,
                                                               bool server);

} // namespace runnel::net
