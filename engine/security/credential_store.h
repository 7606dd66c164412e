#pragma once

// CredentialStore: the SCRAM credentials of every user, by mechanism. Owned by the
// broker, read by SaslServer and changed by AlterUserScramCredentials, all on the
// broker's event-loop thread. No I/O: the broker persists toText() atomically in the
// first log dir (`runnel-scram-credentials`) on a single broker; a cluster member fills it
// from the metadata image (Broker::applySecurityImage) and imports the file once.
//
// Text form, one credential per line (user names percent-encoded, bytes in base64):
//
//   runnel-scram-credentials v1
//   <user> <SCRAM-SHA-256|SCRAM-SHA-512> <iterations> <salt> <StoredKey> <ServerKey>

#include "engine/common/result.h"
#include "engine/security/scram.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace runnel::security {

class CredentialStore
{
public:
    using UserCredentials = std::map<ScramMechanism, ScramCredential>;

    std::optional<ScramCredential> find(const std::string &user, ScramMechanism mechanism) const;
    void upsert(const std::string &user, ScramMechanism mechanism, ScramCredential credential);
    bool remove(const std::string &user, ScramMechanism mechanism);
    const std::map<std::string, UserCredentials> &users() const { return m_users; }

    std::string toText() const;
    static Result<CredentialStore> fromText(std::string_view text);

private:
    std::map<std::string, UserCredentials> m_users;
};

} // namespace runnel::security
