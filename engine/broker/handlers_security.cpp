// Security: SASL authentication (SaslHandshake, SaslAuthenticate and the raw-token path
// after Handshake v0), SCRAM credential administration (Describe/AlterUserScramCredentials)
// and ACL administration (CreateAcls, DescribeAcls, DeleteAcls), plus the one
// authorization helper every handler calls. A single broker keeps credentials and ACLs in
// files in the first log dir (docs/decisions/0007); a cluster member validates and
// authorizes the change, commits it through the active controller as metadata records and
// follows the image like every other member (decision 0016-scram-acls-in-metadata-log).

#include "engine/broker/broker_internal.h"
#include "engine/broker/cluster_member.h"

#include <fstream>
#include <sstream>

namespace runnel::broker {

namespace {

using security::AclOperation;
using security::ResourceType;

constexpr const char *kScramFile = "runnel-scram-credentials";
constexpr const char *kAclFile = "runnel-acls";

const std::map<std::string, std::string> kNoPlainUsers;

std::string lowerCase(std::string text)
{
    for (char &c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

bool isLoopback(const std::string &host)
{
    asio::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec)
        return false;
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).is_loopback();
    return address.is_loopback();
}

std::optional<std::string> readWholeFile(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string authenticationFailedMessage(const std::string &mechanism)
{
    return "Authentication failed during authentication due to invalid credentials with SASL "
           "mechanism "
           + mechanism;
}

Bytes toBytes(const std::string &s)
{
    return Bytes(s.begin(), s.end());
}

metadata::AclEntry toAclEntry(const security::AclBinding &b)
{
    return metadata::AclEntry{static_cast<int8_t>(b.resourceType),
                              b.resourceName,
                              static_cast<int8_t>(b.patternType),
                              b.principal,
                              b.host,
                              static_cast<int8_t>(b.operation),
                              static_cast<int8_t>(b.permission)};
}

security::AclBinding fromAclEntry(const metadata::AclEntry &a)
{
    return security::AclBinding{static_cast<ResourceType>(a.resourceType),
                                a.resourceName,
                                static_cast<security::PatternType>(a.patternType),
                                a.principal,
                                a.host,
                                static_cast<AclOperation>(a.operation),
                                static_cast<security::AclPermission>(a.permission)};
}

} // namespace

// --- state and helpers -------------------------------------------------------------------

Status Broker::loadSecurityState()
{
    const std::filesystem::path dir(m_config.logDirs.front());
    security::CredentialStore fileCredentials;
    if (auto text = readWholeFile(dir / kScramFile)) {
        auto store = security::CredentialStore::fromText(*text);
        if (!store)
            return makeError(store.error().code,
                             (dir / kScramFile).string() + ": " + store.error().message);
        fileCredentials = std::move(store).value();
    }
    std::vector<security::AclBinding> fileAcls;
    // A single broker reads its ACLs only when it authorizes; a cluster member offers them
    // to the metadata log either way (every member may not authorize alike).
    if (m_cluster || m_config.authorizerEnabled)
        if (auto text = readWholeFile(dir / kAclFile)) {
            auto acls = security::aclsFromText(*text);
            if (!acls)
                return makeError(acls.error().code,
                                 (dir / kAclFile).string() + ": " + acls.error().message);
            fileAcls = std::move(acls).value();
        }
    if (m_config.authorizerEnabled)
        m_authorizer.emplace(m_config.superUsers, m_config.allowEveryoneIfNoAclFound);
    if (m_cluster) {
        // The metadata log is the truth; the files are an import path.
        m_securityImport.clear();
        for (const auto &[user, byMechanism] : fileCredentials.users())
            for (const auto &[mechanism, c] : byMechanism)
                m_securityImport.push_back(
                    metadata::UserScramCredentialRecord{user,
                                                        static_cast<int8_t>(mechanism),
                                                        c.salt,
                                                        c.storedKey,
                                                        c.serverKey,
                                                        c.iterations});
        for (const security::AclBinding &b : fileAcls)
            m_securityImport.push_back(metadata::AccessControlEntryRecord{toAclEntry(b)});
        applySecurityImage(m_cluster->image());
    } else {
        m_scramCredentials = std::move(fileCredentials);
        if (m_authorizer)
            m_authorizer->replaceAll(std::move(fileAcls));
    }
    if (m_authorizer)
        RLOG_INFO("broker") << "authorization on: " << m_authorizer->bindings().size()
                            << " ACL(s), " << m_config.superUsers.size() << " super user(s)"
                            << (m_cluster ? " (from the metadata log)" : "");
    return Status::success();
}

void Broker::applySecurityImage(const metadata::MetadataImage &image)
{
    // Assigned in place: SCRAM exchanges in progress hold a reference to the store.
    security::CredentialStore store;
    for (const auto &[user, byMechanism] : image.scramCredentials())
        for (const auto &[wire, c] : byMechanism) {
            auto mechanism = security::scramMechanismFromWire(wire);
            if (!mechanism) {
                RLOG_WARN("broker") << "ignoring a SCRAM credential of user '" << user
                                    << "' with unknown mechanism " << int(wire);
                continue;
            }
            store.upsert(user,
                         *mechanism,
                         security::ScramCredential{c.salt, c.iterations, c.storedKey, c.serverKey});
        }
    m_scramCredentials = std::move(store);
    if (m_authorizer) {
        std::vector<security::AclBinding> bindings;
        bindings.reserve(image.acls().size());
        for (const metadata::AclEntry &a : image.acls())
            bindings.push_back(fromAclEntry(a));
        m_authorizer->replaceAll(std::move(bindings));
    }
}

Status Broker::persistScramCredentials(const security::CredentialStore &store)
{
    return writeFileDurably(std::filesystem::path(m_config.logDirs.front()) / kScramFile,
                            store.toText());
}

Status Broker::persistAcls()
{
    return writeFileDurably(std::filesystem::path(m_config.logDirs.front()) / kAclFile,
                            security::aclsToText(m_authorizer->bindings()));
}

const Listener *Broker::listenerOf(const net::ConnectionInfo &connection) const
{
    for (const Listener &l : m_config.listeners)
        if (l.name == connection.listenerName)
            return &l;
    return nullptr;
}

bool Broker::isSaslListener(const net::ConnectionInfo &connection) const
{
    const Listener *l = listenerOf(connection);
    return l
           && (l->protocol == SecurityProtocol::SaslPlaintext
               || l->protocol == SecurityProtocol::SaslSsl);
}

void Broker::connectionClosed(const net::ConnectionInfo &connection)
{
    m_sessions.erase(connection.id);
}

bool Broker::allowed(const RequestContext &ctx,
                     AclOperation operation,
                     ResourceType type,
                     const std::string &name,
                     bool logDenial) const
{
    if (!m_authorizer)
        return true;
    const std::string host = ctx.connection ? ctx.connection->peerHost : std::string();
    auto decision = m_authorizer->authorize({ctx.principal, host, operation, type, name});
    if (!decision.allowed && logDenial)
        RLOG_INFO("authorizer") << "principal " << ctx.principal << " from " << host << " denied "
                                << security::operationName(operation) << " on "
                                << security::resourceTypeName(type) << " '" << name << "' ("
                                << protocol::apiName(ctx.apiKey) << "): " << decision.explain();
    return decision.allowed;
}

bool Broker::allowedOnCluster(const RequestContext &ctx,
                              AclOperation operation,
                              bool logDenial) const
{
    return allowed(ctx,
                   operation,
                   ResourceType::Cluster,
                   std::string(security::kClusterResourceName),
                   logDenial);
}

// --- SASL --------------------------------------------------------------------------------

void Broker::handleSaslHandshake(const RequestContext &ctx,
                                 ByteReader &reader,
                                 net::Respond respond)
{
    protocol::SaslHandshakeRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::SaslHandshakeResponse response;
    response.mechanisms = m_config.saslEnabledMechanisms;
    auto it = m_sessions.find(ctx.connection->id);
    if (it == m_sessions.end() || it->second.authenticated || it->second.sasl) {
        response.errorCode = code(ErrorCode::IllegalSaslState);
        if (it != m_sessions.end())
            it->second.failed = true;
        return reply(ctx, response, respond);
    }
    Session &session = it->second;
    const bool enabled = std::find(m_config.saslEnabledMechanisms.begin(),
                                   m_config.saslEnabledMechanisms.end(),
                                   request.mechanism)
                         != m_config.saslEnabledMechanisms.end();
    const auto plain = m_config.plainUsers.find(lowerCase(ctx.connection->listenerName));
    session.sasl = enabled ? security::SaslServer::create(
                       request.mechanism,
                       m_scramCredentials,
                       plain != m_config.plainUsers.end() ? plain->second : kNoPlainUsers)
                           : nullptr;
    if (!session.sasl) {
        RLOG_WARN("broker") << "client " << ctx.connection->peer << " asked for SASL mechanism '"
                            << request.mechanism << "', which is not enabled";
        response.errorCode = code(ErrorCode::UnsupportedSaslMechanism);
        return reply(ctx, response, respond);
    }
    session.handshakeVersion = ctx.apiVersion;
    reply(ctx, response, respond);
}

void Broker::handleSaslAuthenticate(const RequestContext &ctx,
                                    ByteReader &reader,
                                    net::Respond respond)
{
    protocol::SaslAuthenticateRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::SaslAuthenticateResponse response;
    auto it = m_sessions.find(ctx.connection->id);
    if (it == m_sessions.end() || it->second.authenticated || !it->second.sasl
        || it->second.handshakeVersion < 1) {
        response.errorCode = code(ErrorCode::IllegalSaslState);
        response.errorMessage = "SaslAuthenticate needs a SaslHandshake v1 first";
        if (it != m_sessions.end())
            it->second.failed = true;
        return reply(ctx, response, respond);
    }
    Session &session = it->second;
    const std::string token(request.authBytes.begin(), request.authBytes.end());
    auto step = session.sasl->step(token);
    switch (step.state) {
    case security::SaslServer::Step::State::Continue:
        response.authBytes = toBytes(step.response);
        break;
    case security::SaslServer::Step::State::Done:
        session.authenticated = true;
        session.principal = "User:" + session.sasl->user();
        RLOG_INFO("broker") << "authenticated " << session.principal << " from "
                            << ctx.connection->peer << " with " << session.sasl->mechanism();
        response.authBytes = toBytes(step.response);
        session.sasl.reset();
        break;
    case security::SaslServer::Step::State::Failed:
        RLOG_WARN("broker") << "authentication failed for user '" << session.sasl->user()
                            << "' from " << ctx.connection->peer << " with "
                            << session.sasl->mechanism() << ": " << step.error;
        response.errorCode = code(ErrorCode::SaslAuthenticationFailed);
        response.errorMessage = authenticationFailedMessage(session.sasl->mechanism());
        session.failed = true; // the client's next request (if any) closes the connection
        session.sasl.reset();
        // As Kafka: the answer says why, then the connection closes.
        return respondAfterFailedLogin(std::move(respond),
                                       net::Response::sendThenClose(encodeResponse(ctx, response)));
    }
    reply(ctx, response, respond);
}

void Broker::handleRawSaslToken(const net::ConnectionInfo &connection,
                                Session &session,
                                Bytes frame,
                                net::Respond respond)
{
    auto step = session.sasl->step(std::string(frame.begin(), frame.end()));
    switch (step.state) {
    case security::SaslServer::Step::State::Continue:
        return respond(net::Response::send(toBytes(step.response)));
    case security::SaslServer::Step::State::Done:
        session.authenticated = true;
        session.principal = "User:" + session.sasl->user();
        RLOG_INFO("broker") << "authenticated " << session.principal << " from " << connection.peer
                            << " with " << session.sasl->mechanism();
        session.sasl.reset();
        // PLAIN's success is an empty frame; SCRAM's the server-final message.
        return respond(net::Response::send(toBytes(step.response)));
    case security::SaslServer::Step::State::Failed:
        break;
    }
    RLOG_WARN("broker") << "authentication failed for user '" << session.sasl->user() << "' from "
                        << connection.peer << " with " << session.sasl->mechanism() << ": "
                        << step.error << "; closing the connection";
    session.sasl.reset();
    session.failed = true;
    // The raw protocol has no way to say why: the connection closes.
    respondAfterFailedLogin(std::move(respond), net::Response::close());
}

void Broker::respondAfterFailedLogin(net::Respond respond, net::Response response)
{
    if (m_config.failedAuthenticationDelayMs <= 0)
        return respond(std::move(response));
    auto timer = std::make_shared<asio::steady_timer>(m_io);
    timer->expires_after(std::chrono::milliseconds(m_config.failedAuthenticationDelayMs));
    timer->async_wait([timer, respond = std::move(respond), response = std::move(response)](
                          const asio::error_code &) mutable {
        respond(std::move(response)); // a closed connection ignores it
    });
}

// --- SCRAM credentials -------------------------------------------------------------------

void Broker::handleDescribeUserScramCredentials(const RequestContext &ctx,
                                                ByteReader &reader,
                                                net::Respond respond)
{
    protocol::DescribeUserScramCredentialsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::DescribeUserScramCredentialsResponse response;
    if (!allowedOnCluster(ctx, AclOperation::Describe)) {
        response.errorCode = code(ErrorCode::ClusterAuthorizationFailed);
        response.errorMessage = "not authorized to describe SCRAM credentials";
        return reply(ctx, response, respond);
    }
    std::vector<std::string> users;
    if (!request.users || request.users->empty()) {
        for (const auto &[user, _] : m_scramCredentials.users())
            users.push_back(user);
    } else {
        for (const auto &u : *request.users)
            users.push_back(u.name);
    }
    std::set<std::string> seen;
    for (const std::string &user : users) {
        protocol::DescribeUserScramCredentialsResponse::DescribeUserScramCredentialsResult result;
        result.user = user;
        auto it = m_scramCredentials.users().find(user);
        if (!seen.insert(user).second) {
            result.errorCode = code(ErrorCode::DuplicateResource);
            result.errorMessage = "user named more than once";
        } else if (it == m_scramCredentials.users().end()) {
            result.errorCode = code(ErrorCode::ResourceNotFound);
            result.errorMessage = "Attempt to describe a user credential that does not exist";
        } else {
            for (const auto &[mechanism, credential] : it->second)
                result.credentialInfos.push_back(
                    {static_cast<int8_t>(mechanism), credential.iterations});
        }
        response.results.push_back(std::move(result));
    }
    reply(ctx, response, respond);
}

void Broker::handleAlterUserScramCredentials(const RequestContext &ctx,
                                             ByteReader &reader,
                                             net::Respond respond)
{
    protocol::AlterUserScramCredentialsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());

    // Who may change credentials: anyone the authorizer lets ALTER the cluster (everyone
    // when authorization is off, as in Kafka). On PLAINTEXT listeners additionally only
    // loopback clients, so that nobody on the network sets passwords anonymously. While
    // authorization is off that lets the first user be created locally; with it on, a
    // loopback PLAINTEXT caller is User:ANONYMOUS and needs ALTER on CLUSTER like anyone
    // (decision 0007).
    const Listener *listener = ctx.connection ? listenerOf(*ctx.connection) : nullptr;
    const bool plaintext = listener && listener->protocol == SecurityProtocol::Plaintext;
    const bool permitted = (!plaintext || isLoopback(ctx.connection->peerHost))
                           && allowedOnCluster(ctx, AclOperation::Alter);

    std::map<std::string, std::pair<ErrorCode, std::string>> outcome; // by user, in order
    std::set<std::pair<std::string, int8_t>> seen;
    auto setError = [&](const std::string &user, ErrorCode e, std::string message) {
        auto &slot = outcome[user];
        if (slot.first == ErrorCode::None)
            slot = {e, std::move(message)};
    };
    for (const auto &d : request.deletions)
        outcome.try_emplace(d.name, ErrorCode::None, std::string());
    for (const auto &u : request.upsertions)
        outcome.try_emplace(u.name, ErrorCode::None, std::string());

    security::CredentialStore updated = m_scramCredentials;
    for (const auto &d : request.deletions) {
        auto mechanism = security::scramMechanismFromWire(d.mechanism);
        if (!permitted)
            setError(d.name, ErrorCode::ClusterAuthorizationFailed, "not authorized");
        else if (d.name.empty())
            setError(d.name, ErrorCode::UnacceptableCredential, "empty user name");
        else if (!mechanism)
            setError(d.name, ErrorCode::UnsupportedSaslMechanism, "unknown SCRAM mechanism");
        else if (!seen.insert({d.name, d.mechanism}).second)
            setError(d.name, ErrorCode::DuplicateResource, "credential named more than once");
        else if (!updated.remove(d.name, *mechanism))
            setError(d.name,
                     ErrorCode::ResourceNotFound,
                     "Attempt to delete a user credential that does not exist");
    }
    for (const auto &u : request.upsertions) {
        auto mechanism = security::scramMechanismFromWire(u.mechanism);
        if (!permitted)
            setError(u.name, ErrorCode::ClusterAuthorizationFailed, "not authorized");
        else if (u.name.empty())
            setError(u.name, ErrorCode::UnacceptableCredential, "empty user name");
        else if (!mechanism)
            setError(u.name, ErrorCode::UnsupportedSaslMechanism, "unknown SCRAM mechanism");
        else if (u.iterations < security::kScramMinIterations
                 || u.iterations > security::kScramMaxIterations)
            setError(u.name,
                     ErrorCode::UnacceptableCredential,
                     "iterations must be between " + std::to_string(security::kScramMinIterations)
                         + " and " + std::to_string(security::kScramMaxIterations));
        else if (u.salt.empty() || u.saltedPassword.empty())
            setError(u.name, ErrorCode::UnacceptableCredential, "empty salt or salted password");
        else if (!seen.insert({u.name, u.mechanism}).second)
            setError(u.name, ErrorCode::DuplicateResource, "credential named more than once");
        else
            updated.upsert(u.name,
                           *mechanism,
                           security::scramCredentialFromSaltedPassword(
                               *mechanism, u.salt, u.iterations, u.saltedPassword));
    }
    // Users whose every change was valid get them; a user with any error keeps its old
    // credentials (Kafka applies per user).
    security::CredentialStore applied = m_scramCredentials;
    for (const auto &[user, result] : outcome) {
        if (result.first != ErrorCode::None)
            continue;
        for (auto m : {security::ScramMechanism::Sha256, security::ScramMechanism::Sha512}) {
            auto c = updated.find(user, m);
            if (c)
                applied.upsert(user, m, *c);
            else
                applied.remove(user, m);
        }
    }
    bool changed = false;
    for (const auto &[user, result] : outcome)
        changed |= result.first == ErrorCode::None;
    const std::string peer = ctx.connection ? ctx.connection->peer : std::string();
    auto answer = [this, ctx, peer](const decltype(outcome) &results, net::Respond &respond) {
        protocol::AlterUserScramCredentialsResponse response;
        for (const auto &[user, result] : results) {
            protocol::AlterUserScramCredentialsResponse::AlterUserScramCredentialsResult r;
            r.user = user;
            r.errorCode = code(result.first);
            if (result.first != ErrorCode::None)
                r.errorMessage = result.second;
            else
                RLOG_INFO("broker") << "SCRAM credentials of user '" << user << "' changed by "
                                    << ctx.principal << " from " << peer;
            response.results.push_back(std::move(r));
        }
        reply(ctx, response, respond);
    };
    if (changed && m_cluster) {
        // Every member applies the change from the metadata log, this one included.
        std::vector<metadata::MetadataRecord> records;
        for (const auto &[user, result] : outcome) {
            if (result.first != ErrorCode::None)
                continue;
            for (auto m : {security::ScramMechanism::Sha256, security::ScramMechanism::Sha512}) {
                const auto after = applied.find(user, m);
                const auto before = m_scramCredentials.find(user, m);
                if (after
                    && (!before || before->salt != after->salt
                        || before->iterations != after->iterations
                        || before->storedKey != after->storedKey
                        || before->serverKey != after->serverKey))
                    records.push_back(metadata::UserScramCredentialRecord{user,
                                                                          static_cast<int8_t>(m),
                                                                          after->salt,
                                                                          after->storedKey,
                                                                          after->serverKey,
                                                                          after->iterations});
                else if (!after && before)
                    records.push_back(
                        metadata::RemoveUserScramCredentialRecord{user, static_cast<int8_t>(m)});
            }
        }
        auto results = std::make_shared<decltype(outcome)>(std::move(outcome));
        auto shared = std::make_shared<net::Respond>(std::move(respond));
        m_cluster->alterSecurity(
            std::move(records), false, [results, shared, answer](const rpc::Reply &r) {
                if (r.error != ErrorCode::None)
                    for (auto &[user, result] : *results)
                        if (result.first == ErrorCode::None)
                            result = {r.error, r.message};
                answer(*results, *shared);
            });
        return;
    }
    if (changed) {
        if (Status s = persistScramCredentials(applied); !s.ok()) {
            RLOG_ERROR("broker") << "saving SCRAM credentials: " << s.error().message;
            for (auto &[user, result] : outcome)
                if (result.first == ErrorCode::None)
                    result = {ErrorCode::KafkaStorageError, "could not save the credentials"};
        } else {
            m_scramCredentials = std::move(applied);
        }
    }
    answer(outcome, respond);
}

// --- ACLs --------------------------------------------------------------------------------

void Broker::handleCreateAcls(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::CreateAclsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::CreateAclsResponse response;
    const ErrorCode refused = !m_authorizer ? ErrorCode::SecurityDisabled
                              : !allowedOnCluster(ctx, AclOperation::Alter)
                                  ? ErrorCode::ClusterAuthorizationFailed
                                  : ErrorCode::None;
    bool changed = false;
    std::vector<metadata::MetadataRecord> records; // cluster member
    std::vector<std::string> added;
    for (const auto &c : request.creations) {
        protocol::CreateAclsResponse::AclCreationResult result;
        security::AclBinding binding{static_cast<ResourceType>(c.resourceType),
                                     c.resourceName,
                                     static_cast<security::PatternType>(c.resourcePatternType),
                                     c.principal,
                                     c.host,
                                     static_cast<AclOperation>(c.operation),
                                     static_cast<security::AclPermission>(c.permissionType)};
        if (refused != ErrorCode::None) {
            result.errorCode = code(refused);
            result.errorMessage = refused == ErrorCode::SecurityDisabled
                                      ? "No Authorizer is configured on the broker"
                                      : "not authorized to create ACLs";
        } else if (Status s = security::validateBinding(binding); !s.ok()) {
            result.errorCode = code(s.code());
            result.errorMessage = s.error().message;
        } else if (m_cluster) {
            records.push_back(metadata::AccessControlEntryRecord{toAclEntry(binding)});
            added.push_back(binding.toString());
        } else {
            m_authorizer->add(binding);
            changed = true;
            RLOG_INFO("broker") << ctx.principal << " added ACL: " << binding.toString();
        }
        response.results.push_back(std::move(result));
    }
    if (!records.empty()) {
        // Every member adds them from the metadata log, this one included.
        auto shared = std::make_shared<protocol::CreateAclsResponse>(std::move(response));
        auto respondLater = std::make_shared<net::Respond>(std::move(respond));
        m_cluster->alterSecurity(
            std::move(records),
            false,
            [this, ctx, shared, respondLater, added = std::move(added)](const rpc::Reply &r) {
                for (auto &result : shared->results)
                    if (result.errorCode == 0 && r.error != ErrorCode::None) {
                        result.errorCode = code(r.error);
                        result.errorMessage = r.message;
                    }
                if (r.error == ErrorCode::None)
                    for (const std::string &b : added)
                        RLOG_INFO("broker") << ctx.principal << " added ACL: " << b;
                reply(ctx, *shared, *respondLater);
            });
        return;
    }
    if (changed) {
        if (Status s = persistAcls(); !s.ok()) {
            RLOG_ERROR("broker") << "saving ACLs: " << s.error().message;
            for (auto &r : response.results)
                if (r.errorCode == 0) {
                    r.errorCode = code(ErrorCode::KafkaStorageError);
                    r.errorMessage = "could not save the ACLs";
                }
        }
    }
    reply(ctx, response, respond);
}

namespace {

template<typename Filter>
security::AclBindingFilter toFilter(const Filter &f)
{
    security::AclBindingFilter filter;
    filter.resourceType = static_cast<ResourceType>(f.resourceTypeFilter);
    filter.resourceName = f.resourceNameFilter;
    filter.patternType = static_cast<security::PatternType>(f.patternTypeFilter);
    filter.principal = f.principalFilter;
    filter.host = f.hostFilter;
    filter.operation = static_cast<AclOperation>(f.operation);
    filter.permission = static_cast<security::AclPermission>(f.permissionType);
    return filter;
}

} // namespace

void Broker::handleDescribeAcls(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::DescribeAclsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::DescribeAclsResponse response;
    const security::AclBindingFilter filter = toFilter(request);
    if (!m_authorizer) {
        response.errorCode = code(ErrorCode::SecurityDisabled);
        response.errorMessage = "No Authorizer is configured on the broker";
    } else if (!allowedOnCluster(ctx, AclOperation::Describe)) {
        response.errorCode = code(ErrorCode::ClusterAuthorizationFailed);
        response.errorMessage = "not authorized to describe ACLs";
    } else if (Status s = security::validateFilter(filter); !s.ok()) {
        response.errorCode = code(s.code());
        response.errorMessage = s.error().message;
    } else {
        using Key = std::tuple<int8_t, std::string, int8_t>;
        std::map<Key, size_t> index;
        for (const security::AclBinding &b : m_authorizer->find(filter)) {
            const Key key{static_cast<int8_t>(b.resourceType),
                          b.resourceName,
                          static_cast<int8_t>(b.patternType)};
            auto [it, inserted] = index.try_emplace(key, response.resources.size());
            if (inserted) {
                protocol::DescribeAclsResponse::DescribeAclsResource resource;
                resource.resourceType = std::get<0>(key);
                resource.resourceName = b.resourceName;
                resource.patternType = std::get<2>(key);
                response.resources.push_back(std::move(resource));
            }
            response.resources[it->second].acls.push_back({b.principal,
                                                           b.host,
                                                           static_cast<int8_t>(b.operation),
                                                           static_cast<int8_t>(b.permission)});
        }
    }
    reply(ctx, response, respond);
}

void Broker::handleDeleteAcls(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::DeleteAclsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::DeleteAclsResponse response;
    const ErrorCode refused = !m_authorizer ? ErrorCode::SecurityDisabled
                              : !allowedOnCluster(ctx, AclOperation::Alter)
                                  ? ErrorCode::ClusterAuthorizationFailed
                                  : ErrorCode::None;
    bool changed = false;
    std::vector<metadata::MetadataRecord> records; // cluster member
    std::vector<std::string> removed;
    for (const auto &f : request.filters) {
        protocol::DeleteAclsResponse::DeleteAclsFilterResult result;
        const security::AclBindingFilter filter = toFilter(f);
        if (refused != ErrorCode::None) {
            result.errorCode = code(refused);
            result.errorMessage = refused == ErrorCode::SecurityDisabled
                                      ? "No Authorizer is configured on the broker"
                                      : "not authorized to delete ACLs";
        } else if (Status s = security::validateFilter(filter); !s.ok()) {
            result.errorCode = code(s.code());
            result.errorMessage = s.error().message;
        } else {
            // A cluster member removes them through the metadata log (below).
            const auto matching
                = m_cluster ? m_authorizer->find(filter) : m_authorizer->remove(filter);
            for (const security::AclBinding &b : matching) {
                changed = true;
                if (m_cluster) {
                    records.push_back(metadata::RemoveAccessControlEntryRecord{toAclEntry(b)});
                    removed.push_back(b.toString());
                } else {
                    RLOG_INFO("broker") << ctx.principal << " removed ACL: " << b.toString();
                }
                protocol::DeleteAclsResponse::DeleteAclsMatchingAcl m;
                m.resourceType = static_cast<int8_t>(b.resourceType);
                m.resourceName = b.resourceName;
                m.patternType = static_cast<int8_t>(b.patternType);
                m.principal = b.principal;
                m.host = b.host;
                m.operation = static_cast<int8_t>(b.operation);
                m.permissionType = static_cast<int8_t>(b.permission);
                result.matchingAcls.push_back(std::move(m));
            }
        }
        response.filterResults.push_back(std::move(result));
    }
    if (m_cluster && changed) {
        auto shared = std::make_shared<protocol::DeleteAclsResponse>(std::move(response));
        auto respondLater = std::make_shared<net::Respond>(std::move(respond));
        m_cluster->alterSecurity(
            std::move(records),
            false,
            [this, ctx, shared, respondLater, removed = std::move(removed)](const rpc::Reply &r) {
                for (auto &result : shared->filterResults)
                    if (result.errorCode == 0 && r.error != ErrorCode::None) {
                        result.errorCode = code(r.error);
                        result.errorMessage = r.message;
                        result.matchingAcls.clear();
                    }
                if (r.error == ErrorCode::None)
                    for (const std::string &b : removed)
                        RLOG_INFO("broker") << ctx.principal << " removed ACL: " << b;
                reply(ctx, *shared, *respondLater);
            });
        return;
    }
    if (changed)
        if (Status s = persistAcls(); !s.ok()) {
            RLOG_ERROR("broker") << "saving ACLs: " << s.error().message;
            for (auto &r : response.filterResults)
                if (r.errorCode == 0) {
                    r.errorCode = code(ErrorCode::KafkaStorageError);
                    r.errorMessage = "could not save the ACLs";
                }
        }
    reply(ctx, response, respond);
}

} // namespace runnel::broker
