#pragma once

// SaslServer: one connection's SASL exchange, whatever the mechanism (PLAIN,
// SCRAM-SHA-256, SCRAM-SHA-512). The broker creates one after SaslHandshake, feeds it the
// client's tokens (raw frames after Handshake v0, SaslAuthenticate bytes after v1) on its
// event-loop thread, and drops it when the exchange ends. No I/O. The stores it reads
// must outlive it.

#include "engine/security/credential_store.h"
#include "engine/security/scram.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace runnel::security {

class SaslServer
{
public:
    using Step = ScramServer::Step;

    // nullptr if `mechanism` is not one this broker implements.
    static std::unique_ptr<SaslServer> create(std::string_view mechanism,
                                              const CredentialStore &scramCredentials,
                                              const std::map<std::string, std::string> &plainUsers);

    Step step(std::string_view token);
    const std::string &mechanism() const { return m_mechanism; }
    // The authenticated user once step() returned Done, else what the client claimed.
    const std::string &user() const;

private:
    SaslServer() = default;
    std::string m_mechanism;
    std::unique_ptr<ScramServer> m_scram;
    const std::map<std::string, std::string> *m_plainUsers = nullptr;
    std::string m_plainUser;
    bool m_finished = false;
};

// The mechanisms create() accepts.
bool isSupportedSaslMechanism(std::string_view mechanism);

} // namespace runnel::security
