#include "engine/security/sasl_server.h"

#include "engine/security/plain.h"

namespace runnel::security {

bool isSupportedSaslMechanism(std::string_view mechanism)
{
    return mechanism == "PLAIN" || scramMechanismByName(mechanism).has_value();
}

std::unique_ptr<SaslServer> SaslServer::create(std::string_view mechanism,
                                               const CredentialStore &scramCredentials,
                                               const std::map<std::string, std::string> &plainUsers)
{
    std::unique_ptr<SaslServer> server(new SaslServer);
    server->m_mechanism = std::string(mechanism);
    if (mechanism == "PLAIN") {
        server->m_plainUsers = &plainUsers;
        return server;
    }
    auto scram = scramMechanismByName(mechanism);
    if (!scram)
        return nullptr;
    const ScramMechanism m = *scram;
    server->m_scram
        = std::make_unique<ScramServer>(m, [&scramCredentials, m](const std::string &user) {
              return scramCredentials.find(user, m);
          });
    return server;
}

SaslServer::Step SaslServer::step(std::string_view token)
{
    if (m_scram)
        return m_scram->step(token);
    if (m_finished)
        return {Step::State::Failed, {}, "PLAIN exchange already finished"};
    m_finished = true;
    std::string error;
    auto user = verifyPlain(*m_plainUsers, token, &error);
    if (!user) {
        if (auto t = parsePlainToken(token))
            m_plainUser = t->user;
        return {Step::State::Failed, {}, error};
    }
    m_plainUser = *user;
    return {Step::State::Done, {}, {}};
}

const std::string &SaslServer::user() const
{
    return m_scram ? m_scram->user() : m_plainUser;
}

} // namespace runnel::security
