#include "engine/security/credential_store.h"

#include "engine/security/acl.h"

#include <charconv>
#include <sstream>
#include <vector>

namespace runnel::security {

namespace {

constexpr std::string_view kHeader = "runnel-scram-credentials v1";

} // namespace

std::optional<ScramCredential> CredentialStore::find(const std::string &user,
                                                     ScramMechanism mechanism) const
{
    auto it = m_users.find(user);
    if (it == m_users.end())
        return std::nullopt;
    auto c = it->second.find(mechanism);
    if (c == it->second.end())
        return std::nullopt;
    return c->second;
}

void CredentialStore::upsert(const std::string &user,
                             ScramMechanism mechanism,
                             ScramCredential credential)
{
    m_users[user][mechanism] = std::move(credential);
}

bool CredentialStore::remove(const std::string &user, ScramMechanism mechanism)
{
    auto it = m_users.find(user);
    if (it == m_users.end() || !it->second.erase(mechanism))
        return false;
    if (it->second.empty())
        m_users.erase(it);
    return true;
}

std::string CredentialStore::toText() const
{
    std::string out(kHeader);
    out += '\n';
    for (const auto &[user, credentials] : m_users)
        for (const auto &[mechanism, c] : credentials)
            out += percentEncode(user) + ' ' + std::string(scramMechanismName(mechanism)) + ' '
                   + std::to_string(c.iterations) + ' ' + base64Encode(c.salt) + ' '
                   + base64Encode(c.storedKey) + ' ' + base64Encode(c.serverKey) + '\n';
    return out;
}

Result<CredentialStore> CredentialStore::fromText(std::string_view text)
{
    CredentialStore store;
    std::istringstream in{std::string(text)};
    std::string line;
    int lineNo = 0;
    auto bad = [&](const std::string &why) {
        return makeError(ErrorCode::InvalidConfig,
                         "SCRAM credentials line " + std::to_string(lineNo) + ": " + why);
    };
    while (std::getline(in, line)) {
        ++lineNo;
        if (lineNo == 1) {
            if (line != kHeader)
                return bad("unknown format (expected '" + std::string(kHeader) + "')");
            continue;
        }
        if (line.empty())
            continue;
        std::istringstream fields(line);
        std::string user, mechanism, iterations, salt, storedKey, serverKey;
        if (!(fields >> user >> mechanism >> iterations >> salt >> storedKey >> serverKey))
            return bad("expected six fields");
        auto name = percentDecode(user);
        auto mech = scramMechanismByName(mechanism);
        auto s = base64Decode(salt);
        auto st = base64Decode(storedKey);
        auto sv = base64Decode(serverKey);
        int32_t iter = 0;
        auto [p, ec]
            = std::from_chars(iterations.data(), iterations.data() + iterations.size(), iter);
        if (!name || !mech || !s || !st || !sv || ec != std::errc()
            || p != iterations.data() + iterations.size())
            return bad("malformed field");
        store.upsert(*name, *mech, {std::move(*s), iter, std::move(*st), std::move(*sv)});
    }
    return store;
}

} // namespace runnel::security
