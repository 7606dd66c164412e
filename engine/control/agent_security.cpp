// The Agent's security slice: the cluster CA and its certificates, each broker's
// listeners per security kind, and SCRAM users and ACLs, which live in the brokers and
// are changed through their Kafka APIs (AlterUserScramCredentials, CreateAcls, ...) as
// the agent's own mTLS principal User:CN=runnel-agent,O=Runnel (decision 0012).
//
// Files of a cluster with TLS, in DATA/clusters/<name>-<uuid8>/security/ (dir 0700):
//   ca.pem, ca-key.pem (0600)       the cluster CA (CertificateAuthority)
//   broker-<id>.pem (0600)          a broker's key, certificate and the CA: its keystore
//   agent.pem (0600)                the agent's key and client certificate

#include "engine/control/agent.h"
#include "engine/control/atrestkeys.h"
#include "engine/control/certauthority.h"
#include "engine/control/paths.h"

#include "engine/common/error_code.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTcpServer>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

namespace runnel::control {

namespace {

const QString kCreateScramUser = QStringLiteral("CreateScramUser");
const QString kDeleteScramUser = QStringLiteral("DeleteScramUser");
const QString kListScramUsers = QStringLiteral("ListScramUsers");
const QString kCreateAcl = QStringLiteral("CreateAcl");
const QString kDeleteAcl = QStringLiteral("DeleteAcl");
const QString kListAcls = QStringLiteral("ListAcls");
const QString kGetClusterCa = QStringLiteral("GetClusterCa");
const QString kIssueClientCertificate = QStringLiteral("IssueClientCertificate");
const QString kRotateBrokerCertificates = QStringLiteral("RotateBrokerCertificates");
const QString kUpdateSecurity = QStringLiteral("UpdateSecurity");

constexpr int kAdminTimeoutMs = 10000;
constexpr int kScramIterations = 8192; // Kafka's minimum is 4096
constexpr int16_t kAclVersion = 1;     // LITERAL/PREFIXED patterns, not yet flexible

// Kafka's wire numbers for ACL bindings (org.apache.kafka.common.acl / resource).
const QList<QPair<QString, int8_t>> &resourceTypes()
{
    static const QList<QPair<QString, int8_t>> list = {{QStringLiteral("ANY"), 1},
                                                       {QStringLiteral("TOPIC"), 2},
                                                       {QStringLiteral("GROUP"), 3},
                                                       {QStringLiteral("CLUSTER"), 4},
                                                       {QStringLiteral("TRANSACTIONAL_ID"), 5},
                                                       {QStringLiteral("DELEGATION_TOKEN"), 6},
                                                       {QStringLiteral("USER"), 7}};
    return list;
}
const QList<QPair<QString, int8_t>> &patternTypes()
{
    static const QList<QPair<QString, int8_t>> list = {{QStringLiteral("ANY"), 1},
                                                       {QStringLiteral("MATCH"), 2},
                                                       {QStringLiteral("LITERAL"), 3},
                                                       {QStringLiteral("PREFIXED"), 4}};
    return list;
}
const QList<QPair<QString, int8_t>> &operations()
{
    static const QList<QPair<QString, int8_t>> list = {{QStringLiteral("ANY"), 1},
                                                       {QStringLiteral("ALL"), 2},
                                                       {QStringLiteral("READ"), 3},
                                                       {QStringLiteral("WRITE"), 4},
                                                       {QStringLiteral("CREATE"), 5},
                                                       {QStringLiteral("DELETE"), 6},
                                                       {QStringLiteral("ALTER"), 7},
                                                       {QStringLiteral("DESCRIBE"), 8},
                                                       {QStringLiteral("CLUSTER_ACTION"), 9},
                                                       {QStringLiteral("DESCRIBE_CONFIGS"), 10},
                                                       {QStringLiteral("ALTER_CONFIGS"), 11},
                                                       {QStringLiteral("IDEMPOTENT_WRITE"), 12}};
    return list;
}
const QList<QPair<QString, int8_t>> &permissions()
{
    static const QList<QPair<QString, int8_t>> list
        = {{QStringLiteral("ANY"), 1}, {QStringLiteral("DENY"), 2}, {QStringLiteral("ALLOW"), 3}};
    return list;
}

QString nameOf(const QList<QPair<QString, int8_t>> &table, int8_t value)
{
    for (const auto &[name, v] : table)
        if (v == value)
            return name;
    return QStringLiteral("UNKNOWN");
}

// Looks `key` up in params (default when absent); `allowAny` for filters only.
ControlResult<int8_t> enumParam(const QJsonObject &params,
                                const QString &key,
                                const QList<QPair<QString, int8_t>> &table,
                                const QString &fallback,
                                bool allowAny)
{
    const QString text = params.value(key).toString(fallback).trimmed().toUpper();
    QStringList names;
    for (const auto &[name, v] : table) {
        const bool filterOnly = name == QLatin1String("ANY") || name == QLatin1String("MATCH");
        if (filterOnly && !allowAny)
            continue;
        names << name;
        if (name == text)
            return v;
    }
    return ControlError::badRequest(QStringLiteral("%1 is one of %2, not \"%3\".")
                                        .arg(key, names.join(QStringLiteral(", ")), text));
}

QString kafkaError(int16_t code, const std::optional<std::string> &message)
{
    QString text
        = QString::fromUtf8(runnel::errorName(static_cast<runnel::ErrorCode>(code)).data());
    if (message && !message->empty())
        text += QStringLiteral(": ") + QString::fromStdString(*message);
    return text;
}

runnel::Bytes toBytes(const QByteArray &data)
{
    return runnel::Bytes(data.begin(), data.end());
}

// SCRAM's SaltedPassword (RFC 5802): PBKDF2 with HMAC of the mechanism's hash.
ControlResult<protocol::AlterUserScramCredentialsRequest::ScramCredentialUpsertion>
scramUpsertion(const QString &user, const QString &password, int8_t mechanism)
{
    protocol::AlterUserScramCredentialsRequest::ScramCredentialUpsertion u;
    u.name = user.toStdString();
    u.mechanism = mechanism;
    u.iterations = kScramIterations;
    const EVP_MD *md = mechanism == 1 ? EVP_sha256() : EVP_sha512();
    QByteArray salt(32, '\0');
    QByteArray salted(EVP_MD_get_size(md), '\0');
    const QByteArray secret = password.toUtf8();
    if (RAND_bytes(reinterpret_cast<unsigned char *>(salt.data()), static_cast<int>(salt.size()))
            != 1
        || PKCS5_PBKDF2_HMAC(secret.constData(),
                             static_cast<int>(secret.size()),
                             reinterpret_cast<const unsigned char *>(salt.constData()),
                             static_cast<int>(salt.size()),
                             kScramIterations,
                             md,
                             static_cast<int>(salted.size()),
                             reinterpret_cast<unsigned char *>(salted.data()))
               != 1)
        return ControlError::internal(QStringLiteral("Could not derive the SCRAM credential."));
    u.salt = toBytes(salt);
    u.saltedPassword = toBytes(salted);
    return u;
}

QString mechanismName(int8_t mechanism)
{
    return mechanism == 1
               ? QStringLiteral("SCRAM-SHA-256")
               : (mechanism == 2 ? QStringLiteral("SCRAM-SHA-512") : QStringLiteral("UNKNOWN"));
}

bool portFree(quint16 port)
{
    QTcpServer probe;
    return probe.listen(QHostAddress(QHostAddress::LocalHost), port);
}

ControlError brokerRefused(const QString &what, const QString &detail)
{
    return ControlError::badRequest(
        QStringLiteral("The brokers refused to %1: %2").arg(what, detail));
}

} // namespace

QStringList Agent::securityOperationNames()
{
    return {kCreateScramUser,
            kDeleteScramUser,
            kListScramUsers,
            kCreateAcl,
            kDeleteAcl,
            kListAcls,
            kGetClusterCa,
            kIssueClientCertificate,
            kRotateBrokerCertificates,
            kUpdateSecurity};
}

QJsonObject Agent::replyJson(const Reply &reply)
{
    if (reply.ok())
        return {{QStringLiteral("ok"), true}, {QStringLiteral("result"), reply.value()}};
    return {{QStringLiteral("ok"), false},
            {QStringLiteral("error"),
             QJsonObject{{QStringLiteral("code"), reply.error().code},
                         {QStringLiteral("message"), reply.error().message}}}};
}

void Agent::handleAsync(const QString &operation,
                        const QJsonObject &params,
                        const QString &caller,
                        Replier reply)
{
    // UpdateBrokerCount to fewer brokers asks the brokers about their topics first.
    static const QString kUpdateBrokerCount = QStringLiteral("UpdateBrokerCount");
    static const QStringList viaBrokers = {kCreateScramUser,
                                           kDeleteScramUser,
                                           kListScramUsers,
                                           kCreateAcl,
                                           kDeleteAcl,
                                           kListAcls,
                                           kUpdateBrokerCount};
    if (!viaBrokers.contains(operation)) {
        reply(handle(operation, params, caller));
        return;
    }
    const bool mutating = operation != kListScramUsers && operation != kListAcls;
    auto finish = [this, operation, params, caller, mutating, reply](const Reply &result) {
        if (mutating) {
            QString arn = params.value(QStringLiteral("ClusterArn")).toString();
            if (result.ok() && result.value().contains(QStringLiteral("ClusterArn")))
                arn = result.value().value(QStringLiteral("ClusterArn")).toString();
            if (arn.isEmpty()) // refused calls are found by the cluster they named, too
                if (const auto c = m_catalog.clusterByName(
                        params.value(QStringLiteral("ClusterName")).toString()))
                    arn = c->arn;
            audit(caller,
                  operation,
                  arn,
                  params,
                  result.ok() ? QStringLiteral("Success") : result.error().code,
                  result.ok() ? QString() : result.error().message);
        }
        reply(replyJson(result));
    };
    if (m_shuttingDown && mutating) {
        finish(ControlError{QStringLiteral("ServiceUnavailableException"),
                            QStringLiteral("The agent is stopping; try again when it is back.")});
        return;
    }
    if (operation == kUpdateBrokerCount) {
        updateBrokerCountAsync(params, finish);
        return;
    }
    serveSecurity(operation, params, [finish](const QJsonObject &wrapped) {
        // serveSecurity answers with replyJson(); unwrap for the audit.
        if (wrapped.value(QStringLiteral("ok")).toBool())
            finish(wrapped.value(QStringLiteral("result")).toObject());
        else {
            const QJsonObject e = wrapped.value(QStringLiteral("error")).toObject();
            finish(ControlError{e.value(QStringLiteral("code")).toString(),
                                e.value(QStringLiteral("message")).toString()});
        }
    });
}

void Agent::serveSecurity(const QString &operation, const QJsonObject &params, Replier done)
{
    auto fail = [&done](const ControlError &e) {
        done(replyJson(e));
    };
    auto cluster = findCluster(params);
    if (!cluster)
        return fail(cluster.error());
    const ClusterSecurity security = securityOf(cluster->arn);
    const bool scramOp = operation == kCreateScramUser || operation == kDeleteScramUser
                         || operation == kListScramUsers;
    if (scramOp && !security.scramAuthentication)
        return fail(ControlError::badRequest(
            QStringLiteral("Cluster %1 was created without SASL/SCRAM; SCRAM users need "
                           "--client-authentication sasl-scram (ClientAuthentication.Sasl.Scram).")
                .arg(cluster->name)));
    if (!scramOp && !security.authorizationEnabled())
        return fail(ControlError::badRequest(
            QStringLiteral("Cluster %1 has no client authentication, so Kafka ACLs are off; create "
                           "it with --client-authentication sasl-scram or tls to use ACLs.")
                .arg(cluster->name)));
    for (const BrokerRecord &b : m_catalog.brokers(cluster->arn)) {
        if (!m_supervisor->isRunning(cluster->arn, b.nodeId))
            return fail(ControlError::conflict(
                QStringLiteral("Broker %1 of cluster %2 is not running (the cluster is %3); try "
                               "again when the cluster is ACTIVE.")
                    .arg(b.nodeId.value)
                    .arg(cluster->name, toString(cluster->state))));
    }
    if (operation == kCreateScramUser)
        createScramUser(cluster.value(), params, done);
    else if (operation == kDeleteScramUser)
        deleteScramUser(cluster.value(), params, done);
    else if (operation == kListScramUsers)
        listScramUsers(cluster.value(), done);
    else if (operation == kCreateAcl)
        createAcl(cluster.value(), params, done);
    else if (operation == kDeleteAcl)
        deleteAcl(cluster.value(), params, done);
    else
        listAcls(cluster.value(), params, done);
}

// ---------------------------------------------------------------------------------------
// Files, listeners and ports

ClusterSecurity Agent::securityOf(const QString &clusterArn) const
{
    return ClusterSecurity::fromJson(m_catalog.clusterSecurity(clusterArn));
}

QString Agent::securityDir(const ClusterRecord &cluster)
{
    return cluster.dataDir + QStringLiteral("/security");
}

AdminTls Agent::adminTls(const ClusterRecord &cluster)
{
    return AdminTls{securityDir(cluster) + QStringLiteral("/ca.pem"),
                    securityDir(cluster) + QStringLiteral("/agent.pem")};
}

ControlStatus Agent::prepareSecurity(const ClusterRecord &cluster, const ClusterSecurity &given)
{
    ClusterSecurity security = given;
    if (security.encryptionAtRest && security.wrappedDataKey.isEmpty()) {
        auto wrapped = atrestkeys::newWrappedDataKey(m_options.dataRoot, cluster.arn);
        if (!wrapped)
            return wrapped.error();
        security.wrappedDataKey = wrapped.value();
    }
    if (!security.tlsEnabled()) {
        if (security.encryptionAtRest)
            return m_catalog.saveClusterSecurity(cluster.arn, security.toJson());
        return Done{};
    }
    if (auto s = m_catalog.saveClusterSecurity(cluster.arn, security.toJson()); !s)
        return s;
    const QString dir = securityDir(cluster);
    if (auto s = ensurePrivateDir(dir); !s)
        return s;
    auto ca = CertificateAuthority::open(dir, cluster.name);
    if (!ca)
        return ca.error();
    for (int id = 1; id <= cluster.brokerCount; ++id) {
        const QString path = dir + QStringLiteral("/broker-%1.pem").arg(id);
        if (QFile::exists(path))
            continue;
        // Clients connect to 127.0.0.1 or localhost; the brokers bind 127.0.0.1.
        auto cert = ca->issueServer(QStringLiteral("broker-%1.%2").arg(id).arg(cluster.name),
                                    {QStringLiteral("localhost")},
                                    {QStringLiteral("127.0.0.1")});
        if (!cert)
            return cert.error();
        if (auto s = ca->writeKeystore(path, cert.value()); !s)
            return s;
    }
    const QString agentPath = dir + QStringLiteral("/agent.pem");
    if (!QFile::exists(agentPath)) {
        auto cert = ca->issueClient(ClusterSecurity::agentCommonName());
        if (!cert)
            return cert.error();
        if (auto s = ca->writeKeystore(agentPath, cert.value()); !s)
            return s;
    }
    return Done{};
}

void Agent::applySecurity(BrokerSpec &spec, const ClusterRecord &cluster) const
{
    const ClusterSecurity security = securityOf(cluster.arn);
    if (security.encryptionAtRest) {
        // Fail closed: the key is always named, so a key that cannot be written stops the
        // broker with runneld's sentence instead of letting it write in the clear.
        auto path = atrestkeys::writeDataKeyFile(
            m_options.dataRoot, cluster.arn, security.wrappedDataKey);
        if (!path)
            qWarning("runnel-agent: encryption at rest for %s: %s",
                     qPrintable(cluster.name),
                     qPrintable(path.error().message));
        spec.atRestKeyFile = path ? path.value() : atrestkeys::dataKeyFilePath(cluster.arn);
    }
    if (!security.tlsEnabled())
        return;
    spec.listeners = security.listeners(spec.port);
    spec.securityProperties = security.brokerProperties(
        securityDir(cluster),
        securityDir(cluster) + QStringLiteral("/broker-%1.pem").arg(spec.nodeId.value));
    spec.probePort = static_cast<quint16>(spec.port + ClusterSecurity::kAgentOffset);
    spec.controllerTls = security.inCluster;
    spec.probeTls = adminTls(cluster);
}

void Agent::addSecurityInfo(QJsonObject &info, const ClusterRecord &cluster) const
{
    const ClusterSecurity security = securityOf(cluster.arn);
    info.insert(QStringLiteral("ClientAuthentication"), security.clientAuthenticationJson());
    info.insert(QStringLiteral("EncryptionInfo"), security.encryptionInfoJson());
    if (security.tlsEnabled()) {
        info.insert(QStringLiteral("SuperUsers"), QJsonArray::fromStringList(security.superUsers));
        addBootstrapStrings(info, cluster);
    }
}

void Agent::addBootstrapStrings(QJsonObject &result, const ClusterRecord &cluster) const
{
    const ClusterSecurity security = securityOf(cluster.arn);
    QStringList tls;
    QStringList scram;
    for (const BrokerRecord &b : m_catalog.brokers(cluster.arn)) {
        tls << QStringLiteral("127.0.0.1:%1").arg(b.port + ClusterSecurity::kTlsOffset);
        scram << QStringLiteral("127.0.0.1:%1").arg(b.port + ClusterSecurity::kSaslScramOffset);
    }
    if (security.hasTlsListener())
        result.insert(QStringLiteral("BootstrapBrokerStringTls"), tls.join(QLatin1Char(',')));
    if (security.hasSaslScramListener())
        result.insert(QStringLiteral("BootstrapBrokerStringSaslScram"),
                      scram.join(QLatin1Char(',')));
}

QSet<int> Agent::takenPorts() const
{
    QSet<int> taken;
    QHash<QString, bool> blocks; // cluster arn -> has a block of ports
    for (const BrokerRecord &b : m_catalog.allBrokers()) {
        auto it = blocks.find(b.clusterArn);
        if (it == blocks.end())
            it = blocks.insert(b.clusterArn, securityOf(b.clusterArn).tlsEnabled());
        const int span = it.value() ? ClusterSecurity::kBlockSize : 1;
        for (int i = 0; i < span; ++i)
            taken.insert(b.port + i);
        if (b.metricsPort > 0)
            taken.insert(b.metricsPort);
        if (b.controllerPort > 0)
            taken.insert(b.controllerPort);
    }
    return taken;
}

ControlResult<QList<quint16>> Agent::allocatePortBlocks(int count) const
{
    const QSet<int> taken = takenPorts();
    QList<quint16> bases;
    constexpr int kSearchSpan = 1000;
    const int end = std::min(65536 - ClusterSecurity::kBlockSize, m_options.basePort + kSearchSpan);
    for (int base = m_options.basePort; base < end && bases.size() < count;
         base += ClusterSecurity::kBlockSize) {
        bool free = true;
        for (int i = 0; free && i < ClusterSecurity::kBlockSize; ++i)
            free = !taken.contains(base + i);
        for (int offset : {ClusterSecurity::kPlaintextOffset,
                           ClusterSecurity::kTlsOffset,
                           ClusterSecurity::kAgentOffset,
                           ClusterSecurity::kSaslScramOffset}) {
            if (free)
                free = portFree(static_cast<quint16>(base + offset));
        }
        if (free)
            bases.append(static_cast<quint16>(base));
    }
    if (bases.size() < count)
        return ControlError::conflict(
            QStringLiteral("No free block of %1 ports on 127.0.0.1 between %2 and %3 for the "
                           "brokers' listeners.")
                .arg(ClusterSecurity::kBlockSize)
                .arg(m_options.basePort)
                .arg(end - 1));
    return bases;
}

// ---------------------------------------------------------------------------------------
// Certificates

Agent::Reply Agent::getClusterCa(const QJsonObject &params) const
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    if (!securityOf(cluster->arn).tlsEnabled())
        return ControlError::badRequest(
            QStringLiteral("Cluster %1 has no TLS, so it has no certificate authority; create it "
                           "with --encryption-in-transit TLS.")
                .arg(cluster->name));
    QFile file(securityDir(cluster.value()) + QStringLiteral("/ca.pem"));
    if (!file.open(QIODevice::ReadOnly))
        return ControlError::internal(
            QStringLiteral("Could not read %1: %2").arg(file.fileName(), file.errorString()));
    const QByteArray pem = file.readAll();
    const auto fields = CertificateAuthority::inspect(pem);
    QJsonObject result{{QStringLiteral("ClusterArn"), cluster->arn},
                       {QStringLiteral("CertificatePem"), QString::fromLatin1(pem)}};
    if (fields) {
        result.insert(QStringLiteral("Subject"), fields->subject);
        result.insert(QStringLiteral("NotAfter"), fields->notAfter.toString(Qt::ISODate));
    }
    return result;
}

Agent::Reply Agent::issueClientCertificate(const QJsonObject &params)
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    const ClusterSecurity security = securityOf(cluster->arn);
    if (!security.tlsEnabled())
        return ControlError::badRequest(
            QStringLiteral("Cluster %1 has no TLS; client certificates need a cluster created "
                           "with --client-authentication tls.")
                .arg(cluster->name));
    const QString cn = params.value(QStringLiteral("CommonName")).toString().trimmed();
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"));
    if (!valid.match(cn).hasMatch())
        return ControlError::badRequest(
            QStringLiteral("CommonName has 1 to 64 letters, digits, '.', '_', '@' or '-' and "
                           "starts with a letter or digit; \"%1\" does not.")
                .arg(cn));
    if (cn == ClusterSecurity::agentCommonName())
        return ControlError::badRequest(
            QStringLiteral("%1 is the agent's own name; choose another common name.").arg(cn));
    auto ca = CertificateAuthority::open(securityDir(cluster.value()), cluster->name);
    if (!ca)
        return ca.error();
    auto cert = ca->issueClient(cn);
    if (!cert)
        return cert.error();
    const auto fields = CertificateAuthority::inspect(cert->certificatePem);
    QJsonObject result{
        {QStringLiteral("ClusterArn"), cluster->arn},
        {QStringLiteral("Principal"), CertificateAuthority::principalOf(cert.value())},
        {QStringLiteral("CertificatePem"), QString::fromLatin1(cert->certificatePem)},
        {QStringLiteral("PrivateKeyPem"), QString::fromLatin1(cert->privateKeyPem)},
        {QStringLiteral("CaCertificatePem"), QString::fromLatin1(ca->certificatePem())},
        {QStringLiteral("TlsAuthentication"), security.tlsAuthentication}};
    if (fields) {
        result.insert(QStringLiteral("SerialNumber"), QString::fromLatin1(fields->serialHex));
        result.insert(QStringLiteral("NotAfter"), fields->notAfter.toString(Qt::ISODate));
    }
    return result;
}

// ---------------------------------------------------------------------------------------
// Talking to the brokers

void Agent::callBroker(const ClusterRecord &cluster,
                       protocol::ApiKey key,
                       int16_t version,
                       const QByteArray &body,
                       std::function<void(BrokerAnswer)> done)
{
    QList<BrokerRecord> brokers = m_catalog.brokers(cluster.arn);
    std::sort(brokers.begin(), brokers.end(), [](const BrokerRecord &a, const BrokerRecord &b) {
        return a.nodeId < b.nodeId;
    });
    if (brokers.isEmpty())
        return done(ControlError::internal(QStringLiteral("The cluster has no brokers.")));
    struct Attempt
    {
        QList<BrokerRecord> brokers;
        qsizetype next = 0;
        QStringList errors;
        std::function<void(BrokerAnswer)> done;
        std::function<void()> tryNext;
    };
    auto attempt = std::make_shared<Attempt>();
    attempt->brokers = std::move(brokers);
    attempt->done = std::move(done);
    const AdminTls tls = adminTls(cluster);
    std::weak_ptr<Attempt> weak = attempt;
    attempt->tryNext = [this, weak, tls, key, version, body] {
        auto a = weak.lock();
        if (!a)
            return;
        if (a->next == a->brokers.size()) {
            return a->done(ControlError::internal(
                QStringLiteral("The agent could not reach its brokers over TLS (%1).")
                    .arg(a->errors.join(QStringLiteral("; ")))));
        }
        const BrokerRecord b = a->brokers.at(a->next++);
        auto *call
            = new KafkaAdminCall(static_cast<quint16>(b.port + ClusterSecurity::kAgentOffset),
                                 tls,
                                 key,
                                 version,
                                 body,
                                 kAdminTimeoutMs,
                                 this);
        connect(call,
                &KafkaAdminCall::finished,
                this,
                [a, call, id = b.nodeId.value](
                    bool ok, const QByteArray &answer, const QString &error) {
                    call->deleteLater();
                    if (!ok) {
                        a->errors << QStringLiteral("broker %1: %2").arg(id).arg(error);
                        return a->tryNext();
                    }
                    a->done(answer);
                });
        call->start();
    };
    // The pending KafkaAdminCall's connection holds the attempt (tryNext only a weak
    // reference, so nothing cycles) until it finishes.
    attempt->tryNext();
}

// ---------------------------------------------------------------------------------------
// SCRAM users

ControlResult<QString>
Agent::updateSuperUsers(const ClusterRecord &cluster, const QString &user, bool add)
{
    ClusterSecurity security = securityOf(cluster.arn);
    if (add == security.superUsers.contains(user))
        return QString(); // nothing to roll
    if (cluster.state != ClusterState::Active || m_flows.contains(cluster.arn))
        return ControlError::conflict(
            QStringLiteral("Cluster %1 is %2; super users change with a rolling restart, which "
                           "needs the cluster ACTIVE.")
                .arg(cluster.name, toString(cluster.state)));
    if (add)
        security.superUsers << user;
    else
        security.superUsers.removeAll(user);
    if (auto s = m_catalog.saveClusterSecurity(cluster.arn, security.toJson()); !s)
        return s.error();
    // super.users is read at start: the same one-broker-at-a-time roll as a
    // configuration change.
    return startSecurityRoll(cluster,
                             QStringLiteral("UPDATE_SECURITY"),
                             QStringLiteral("Store super users"),
                             QStringLiteral("Restart broker %1 with the new super.users"));
}

QString Agent::startSecurityRoll(const ClusterRecord &cluster,
                                 const QString &type,
                                 const QString &firstStep,
                                 const QString &brokerStep)
{
    QStringList steps{firstStep};
    const QList<int> order = rollOrder(cluster.arn); // the active controller last
    for (int id : order)
        steps << brokerStep.arg(id);
    Flow &flow = beginFlow(cluster, FlowKind::Roll, type, steps);
    setStep(flow, 0, QStringLiteral("COMPLETED"), 100);
    flow.rollQueue = order;
    flow.rollStep = 0;
    const QString operationArn = flow.operation.arn;
    setClusterState(cluster.arn, ClusterState::Updating);
    rollNext(cluster.arn);
    return operationArn;
}

Agent::Reply Agent::updateSecurity(const QJsonObject &params)
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    if (!params.contains(QStringLiteral("ClientAuthentication"))
        && !params.contains(QStringLiteral("EncryptionInfo")))
        return ControlError::badRequest(
            QStringLiteral("UpdateSecurity needs ClientAuthentication, EncryptionInfo or both."));
    const ClusterSecurity current = securityOf(cluster->arn);
    // What is not named stays as it is, as in MSK.
    QJsonObject merged = current.toJson();
    for (const char *key : {"ClientAuthentication", "EncryptionInfo"})
        if (params.contains(QLatin1String(key)))
            merged.insert(QLatin1String(key), params.value(QLatin1String(key)));
    auto next = ClusterSecurity::fromRequest(merged);
    if (!next)
        return next.error();
    ClusterSecurity security = next.value();
    security.superUsers = current.superUsers;
    const QJsonObject givenInfo = params.value(QStringLiteral("EncryptionInfo")).toObject();
    if (givenInfo.contains(QStringLiteral("EncryptionAtRest"))
        && security.encryptionAtRest != current.encryptionAtRest)
        return ControlError::badRequest(
            QStringLiteral("Encryption at rest is chosen when a cluster is created (as in MSK); "
                           "cluster %1 keeps it %2.")
                .arg(cluster->name,
                     current.encryptionAtRest ? QStringLiteral("on") : QStringLiteral("off")));
    security.encryptionAtRest = current.encryptionAtRest;
    security.wrappedDataKey = current.wrappedDataKey;
    // InCluster decides CONTROLLER:SSL. Brokers restarted one at a time could not reach
    // the others across a change of it, so on a cluster of 2+ brokers it stays what it
    // was made with (MSK does not change it after creation either).
    if (cluster->brokerCount > 1) {
        const QJsonObject givenTransit
            = givenInfo.value(QStringLiteral("EncryptionInTransit")).toObject();
        if (givenTransit.contains(QStringLiteral("InCluster"))
            && givenTransit.value(QStringLiteral("InCluster")).toBool() != current.inCluster)
            return ControlError::badRequest(
                QStringLiteral("EncryptionInTransit.InCluster is chosen when a cluster of "
                               "several brokers is created; cluster %1 keeps it %2.")
                    .arg(cluster->name,
                         current.inCluster ? QStringLiteral("true") : QStringLiteral("false")));
        security.inCluster = current.inCluster;
        if (security.inCluster && !security.tlsEnabled())
            return ControlError::badRequest(
                QStringLiteral("Cluster %1 encrypts the traffic between its brokers "
                               "(InCluster), which needs TLS; its client traffic can be TLS or "
                               "TLS_PLAINTEXT, not PLAINTEXT.")
                    .arg(cluster->name));
    }
    if (security.toJson() == current.toJson())
        return ControlError::badRequest(
            QStringLiteral("Cluster %1 already has these security settings.").arg(cluster->name));
    if (auto s = security.checkConfiguration(cluster->configuration); !s)
        return s.error();
    if (cluster->state != ClusterState::Active || m_flows.contains(cluster->arn))
        return ControlError::conflict(
            QStringLiteral("Cluster %1 is %2; its security changes only while it is ACTIVE.")
                .arg(cluster->name, toString(cluster->state)));
    // A cluster that had one plaintext port per broker moves to a block of ports (its
    // plaintext listener, if kept, moves with it: MSK's endpoints change the same way).
    if (security.tlsEnabled() && !current.tlsEnabled()) {
        auto bases = allocatePortBlocks(cluster->brokerCount);
        if (!bases)
            return bases.error();
        qsizetype i = 0;
        for (BrokerRecord b : m_catalog.brokers(cluster->arn)) {
            if (i >= bases->size())
                break;
            b.port = bases->at(i++);
            if (auto s = m_catalog.upsertBroker(b); !s)
                return s.error();
        }
    }
    if (security.tlsEnabled() || security.encryptionAtRest) {
        if (auto s = prepareSecurity(cluster.value(), security); !s)
            return s.error();
    } else if (auto s = m_catalog.saveClusterSecurity(cluster->arn, security.toJson()); !s) {
        return s.error();
    }
    const QString operationArn
        = startSecurityRoll(cluster.value(),
                            QStringLiteral("UPDATE_SECURITY"),
                            QStringLiteral("Store the security settings"),
                            QStringLiteral("Restart broker %1 with the new listeners"));
    return QJsonObject{{QStringLiteral("ClusterArn"), cluster->arn},
                       {QStringLiteral("ClusterOperationArn"), operationArn}};
}

Agent::Reply Agent::rotateBrokerCertificates(const QJsonObject &params)
{
    auto cluster = findCluster(params);
    if (!cluster)
        return cluster.error();
    if (!securityOf(cluster->arn).tlsEnabled())
        return ControlError::badRequest(
            QStringLiteral("Cluster %1 has no TLS, so it has no broker certificates to rotate.")
                .arg(cluster->name));
    if (cluster->state != ClusterState::Active || m_flows.contains(cluster->arn))
        return ControlError::conflict(
            QStringLiteral("Cluster %1 is %2; certificates are rotated only while it is ACTIVE.")
                .arg(cluster->name, toString(cluster->state)));
    auto ca = CertificateAuthority::open(securityDir(cluster.value()), cluster->name);
    if (!ca)
        return ca.error();
    // New keys and certificates from the same CA, so clients that trust the CA never
    // notice. A running broker keeps the one it loaded; each takes the new one when the
    // roll restarts it.
    for (const BrokerRecord &b : m_catalog.brokers(cluster->arn)) {
        auto cert
            = ca->issueServer(QStringLiteral("broker-%1.%2").arg(b.nodeId.value).arg(cluster->name),
                              {QStringLiteral("localhost")},
                              {QStringLiteral("127.0.0.1")});
        if (!cert)
            return cert.error();
        const QString path
            = securityDir(cluster.value()) + QStringLiteral("/broker-%1.pem").arg(b.nodeId.value);
        if (auto s = ca->writeKeystore(path, cert.value()); !s)
            return s.error();
    }
    const QString operationArn
        = startSecurityRoll(cluster.value(),
                            QStringLiteral("ROTATE_CERTIFICATES"),
                            QStringLiteral("Issue new broker certificates from the cluster CA"),
                            QStringLiteral("Restart broker %1 with its new certificate"));
    return QJsonObject{{QStringLiteral("ClusterArn"), cluster->arn},
                       {QStringLiteral("ClusterOperationArn"), operationArn}};
}

void Agent::createScramUser(const ClusterRecord &cluster, const QJsonObject &params, Replier done)
{
    const QString user = params.value(QStringLiteral("Username")).toString();
    const QString password = params.value(QStringLiteral("Password")).toString();
    const bool superUser = params.value(QStringLiteral("SuperUser")).toBool(false);
    static const QRegularExpression validUser(QStringLiteral("^[A-Za-z0-9._@-]{1,128}$"));
    if (!validUser.match(user).hasMatch())
        return done(replyJson(ControlError::badRequest(
            QStringLiteral("Username has 1 to 128 letters, digits, '.', '_', '@' or '-'; \"%1\" "
                           "does not.")
                .arg(user))));
    if (password.size() < 8)
        return done(replyJson(
            ControlError::badRequest(QStringLiteral("Password has at least 8 characters."))));
    if (superUser && (cluster.state != ClusterState::Active || m_flows.contains(cluster.arn)))
        return done(replyJson(ControlError::conflict(
            QStringLiteral("Cluster %1 is %2; making a super user restarts the brokers one by "
                           "one, which needs the cluster ACTIVE.")
                .arg(cluster.name, toString(cluster.state)))));
    protocol::AlterUserScramCredentialsRequest request;
    for (int8_t mechanism : {int8_t(1), int8_t(2)}) {
        auto upsertion = scramUpsertion(user, password, mechanism);
        if (!upsertion)
            return done(replyJson(upsertion.error()));
        request.upsertions.push_back(std::move(upsertion).value());
    }
    const QString arn = cluster.arn;
    callBroker(cluster,
               protocol::ApiKey::AlterUserScramCredentials,
               0,
               KafkaAdminCall::encodeBody(request, 0),
               [this, arn, user, superUser, done](BrokerAnswer answer) {
                   if (!answer)
                       return done(replyJson(answer.error()));
                   protocol::AlterUserScramCredentialsResponse response;
                   if (!KafkaAdminCall::decodeBody(answer.value(), 0, response))
                       return done(replyJson(ControlError::internal(
                           QStringLiteral("The broker's AlterUserScramCredentials answer "
                                          "could not be read."))));
                   for (const auto &r : response.results)
                       if (r.errorCode != 0)
                           return done(replyJson(brokerRefused(
                               QStringLiteral("store the SCRAM credential of %1").arg(user),
                               kafkaError(r.errorCode, r.errorMessage))));
                   QJsonObject result{{QStringLiteral("ClusterArn"), arn},
                                      {QStringLiteral("Username"), user},
                                      {QStringLiteral("Principal"), QStringLiteral("User:") + user},
                                      {QStringLiteral("Mechanisms"),
                                       QJsonArray{QStringLiteral("SCRAM-SHA-256"),
                                                  QStringLiteral("SCRAM-SHA-512")}},
                                      {QStringLiteral("SuperUser"), superUser}};
                   if (superUser) {
                       const auto cluster = m_catalog.cluster(arn);
                       if (!cluster)
                           return done(replyJson(
                               ControlError::notFound(QStringLiteral("The cluster is gone."))));
                       auto op = updateSuperUsers(cluster.value(), user, true);
                       if (!op)
                           return done(replyJson(op.error()));
                       if (!op->isEmpty())
                           result.insert(QStringLiteral("ClusterOperationArn"), op.value());
                   }
                   done(replyJson(result));
               });
}

void Agent::deleteScramUser(const ClusterRecord &cluster, const QJsonObject &params, Replier done)
{
    const QString user = params.value(QStringLiteral("Username")).toString();
    if (user.isEmpty())
        return done(
            replyJson(ControlError::badRequest(QStringLiteral("Name the user with Username."))));
    const QString arn = cluster.arn;
    // One mechanism per request (SHA-256, then SHA-512): the broker answers one result per
    // user, so a user holding only one mechanism would make a two-deletion request fail.
    auto deleteOne = std::make_shared<std::function<void(int, int)>>();
    *deleteOne = [this, arn, user, done, deleteOne](int index, int found) {
        if (index == 2) {
            if (found == 0)
                return done(replyJson(ControlError::notFound(
                    QStringLiteral("There is no SCRAM user %1 in this cluster.").arg(user))));
            QJsonObject result{{QStringLiteral("ClusterArn"), arn},
                               {QStringLiteral("Username"), user}};
            const auto cluster = m_catalog.cluster(arn);
            if (cluster && securityOf(arn).superUsers.contains(user)) {
                auto op = updateSuperUsers(cluster.value(), user, false);
                if (!op)
                    return done(replyJson(op.error()));
                if (!op->isEmpty())
                    result.insert(QStringLiteral("ClusterOperationArn"), op.value());
            }
            return done(replyJson(result));
        }
        const auto cluster = m_catalog.cluster(arn);
        if (!cluster)
            return done(replyJson(ControlError::notFound(QStringLiteral("The cluster is gone."))));
        protocol::AlterUserScramCredentialsRequest one;
        one.deletions.push_back({user.toStdString(), static_cast<int8_t>(index + 1)});
        callBroker(cluster.value(),
                   protocol::ApiKey::AlterUserScramCredentials,
                   0,
                   KafkaAdminCall::encodeBody(one, 0),
                   [done, user, index, found, deleteOne](BrokerAnswer answer) {
                       if (!answer)
                           return done(replyJson(answer.error()));
                       int deleted = 0;
                       protocol::AlterUserScramCredentialsResponse response;
                       if (!KafkaAdminCall::decodeBody(answer.value(), 0, response))
                           return done(replyJson(ControlError::internal(
                               QStringLiteral("The broker's AlterUserScramCredentials answer "
                                              "could not be read."))));
                       for (const auto &r : response.results) {
                           if (r.errorCode == 0)
                               ++deleted;
                           else if (r.errorCode
                                    != static_cast<int16_t>(runnel::ErrorCode::ResourceNotFound))
                               return done(replyJson(brokerRefused(
                                   QStringLiteral("delete the SCRAM user %1").arg(user),
                                   kafkaError(r.errorCode, r.errorMessage))));
                       }
                       (*deleteOne)(index + 1, found + deleted);
                   });
    };
    (*deleteOne)(0, 0);
}

void Agent::listScramUsers(const ClusterRecord &cluster, Replier done)
{
    protocol::DescribeUserScramCredentialsRequest request;
    request.users = std::nullopt; // every user
    const QStringList supers = securityOf(cluster.arn).superUsers;
    callBroker(
        cluster,
        protocol::ApiKey::DescribeUserScramCredentials,
        0,
        KafkaAdminCall::encodeBody(request, 0),
        [done, supers, arn = cluster.arn](BrokerAnswer answer) {
            if (!answer)
                return done(replyJson(answer.error()));
            protocol::DescribeUserScramCredentialsResponse response;
            if (!KafkaAdminCall::decodeBody(answer.value(), 0, response))
                return done(replyJson(ControlError::internal(
                    QStringLiteral("The broker's DescribeUserScramCredentials answer "
                                   "could not be read."))));
            if (response.errorCode != 0)
                return done(replyJson(
                    brokerRefused(QStringLiteral("list SCRAM users"),
                                  kafkaError(response.errorCode, response.errorMessage))));
            QJsonArray users;
            for (const auto &r : response.results) {
                QJsonArray mechanisms;
                for (const auto &info : r.credentialInfos)
                    mechanisms.append(
                        QJsonObject{{QStringLiteral("Mechanism"), mechanismName(info.mechanism)},
                                    {QStringLiteral("Iterations"), info.iterations}});
                const QString name = QString::fromStdString(r.user);
                users.append(QJsonObject{{QStringLiteral("Username"), name},
                                         {QStringLiteral("Mechanisms"), mechanisms},
                                         {QStringLiteral("SuperUser"), supers.contains(name)}});
            }
            done(replyJson(QJsonObject{{QStringLiteral("ClusterArn"), arn},
                                       {QStringLiteral("Users"), users}}));
        });
}

// ---------------------------------------------------------------------------------------
// ACLs

namespace {

struct AclBinding
{
    int8_t resourceType = 0;
    QString resourceName;
    int8_t patternType = 3;
    QString principal;
    QString host;
    int8_t operation = 0;
    int8_t permission = 3;
};

// From CreateAcl/DeleteAcl parameters: every field named or defaulted as Kafka's CLI does.
ControlResult<AclBinding> bindingFrom(const QJsonObject &params)
{
    AclBinding b;
    auto type
        = enumParam(params, QStringLiteral("ResourceType"), resourceTypes(), QString(), false);
    if (!type)
        return type.error();
    b.resourceType = type.value();
    b.resourceName = params.value(QStringLiteral("ResourceName")).toString();
    if (b.resourceType == 4 && b.resourceName.isEmpty())
        b.resourceName = QStringLiteral("kafka-cluster");
    if (b.resourceName.isEmpty())
        return ControlError::badRequest(
            QStringLiteral("Name the resource with ResourceName (\"*\" for every one)."));
    if (b.resourceType == 4 && b.resourceName != QLatin1String("kafka-cluster"))
        return ControlError::badRequest(
            QStringLiteral("The CLUSTER resource is named kafka-cluster, not \"%1\".")
                .arg(b.resourceName));
    auto pattern = enumParam(
        params, QStringLiteral("PatternType"), patternTypes(), QStringLiteral("LITERAL"), false);
    if (!pattern)
        return pattern.error();
    b.patternType = pattern.value();
    b.principal = params.value(QStringLiteral("Principal")).toString();
    if (!b.principal.startsWith(QLatin1String("User:")) || b.principal.size() < 6)
        return ControlError::badRequest(
            QStringLiteral("Principal is \"User:NAME\" (a SCRAM user, or User:CN=...,O=Runnel for "
                           "a client certificate, or User:* for everyone); \"%1\" is not.")
                .arg(b.principal));
    b.host = params.value(QStringLiteral("Host")).toString(QStringLiteral("*"));
    auto op = enumParam(params, QStringLiteral("Operation"), operations(), QString(), false);
    if (!op)
        return op.error();
    b.operation = op.value();
    auto permission
        = enumParam(params,
                    QStringLiteral("PermissionType"),
                    permissions(),
                    params.value(QStringLiteral("Permission")).toString(QStringLiteral("ALLOW")),
                    false);
    if (!permission)
        return permission.error();
    b.permission = permission.value();
    return b;
}

QJsonObject aclJson(int8_t type,
                    const std::string &name,
                    int8_t pattern,
                    const std::string &principal,
                    const std::string &host,
                    int8_t operation,
                    int8_t permission)
{
    return QJsonObject{{QStringLiteral("ResourceType"), nameOf(resourceTypes(), type)},
                       {QStringLiteral("ResourceName"), QString::fromStdString(name)},
                       {QStringLiteral("PatternType"), nameOf(patternTypes(), pattern)},
                       {QStringLiteral("Principal"), QString::fromStdString(principal)},
                       {QStringLiteral("Host"), QString::fromStdString(host)},
                       {QStringLiteral("Operation"), nameOf(operations(), operation)},
                       {QStringLiteral("PermissionType"), nameOf(permissions(), permission)}};
}

} // namespace

void Agent::createAcl(const ClusterRecord &cluster, const QJsonObject &params, Replier done)
{
    auto binding = bindingFrom(params);
    if (!binding)
        return done(replyJson(binding.error()));
    const AclBinding b = binding.value();
    protocol::CreateAclsRequest request;
    protocol::CreateAclsRequest::AclCreation creation;
    creation.resourceType = b.resourceType;
    creation.resourceName = b.resourceName.toStdString();
    creation.resourcePatternType = b.patternType;
    creation.principal = b.principal.toStdString();
    creation.host = b.host.toStdString();
    creation.operation = b.operation;
    creation.permissionType = b.permission;
    request.creations.push_back(creation);
    callBroker(cluster,
               protocol::ApiKey::CreateAcls,
               kAclVersion,
               KafkaAdminCall::encodeBody(request, kAclVersion),
               [done, creation, arn = cluster.arn](BrokerAnswer answer) {
                   if (!answer)
                       return done(replyJson(answer.error()));
                   protocol::CreateAclsResponse response;
                   if (!KafkaAdminCall::decodeBody(answer.value(), kAclVersion, response))
                       return done(replyJson(ControlError::internal(
                           QStringLiteral("The broker's CreateAcls answer could not be read."))));
                   for (const auto &r : response.results)
                       if (r.errorCode != 0)
                           return done(
                               replyJson(brokerRefused(QStringLiteral("create the ACL"),
                                                       kafkaError(r.errorCode, r.errorMessage))));
                   done(replyJson(QJsonObject{{QStringLiteral("ClusterArn"), arn},
                                              {QStringLiteral("Acl"),
                                               aclJson(creation.resourceType,
                                                       creation.resourceName,
                                                       creation.resourcePatternType,
                                                       creation.principal,
                                                       creation.host,
                                                       creation.operation,
                                                       creation.permissionType)}}));
               });
}

void Agent::deleteAcl(const ClusterRecord &cluster, const QJsonObject &params, Replier done)
{
    auto binding = bindingFrom(params);
    if (!binding)
        return done(replyJson(binding.error()));
    const AclBinding b = binding.value();
    protocol::DeleteAclsRequest request;
    protocol::DeleteAclsRequest::DeleteAclsFilter filter;
    filter.resourceTypeFilter = b.resourceType;
    filter.resourceNameFilter = b.resourceName.toStdString();
    filter.patternTypeFilter = b.patternType;
    filter.principalFilter = b.principal.toStdString();
    filter.hostFilter = b.host.toStdString();
    filter.operation = b.operation;
    filter.permissionType = b.permission;
    request.filters.push_back(filter);
    callBroker(cluster,
               protocol::ApiKey::DeleteAcls,
               kAclVersion,
               KafkaAdminCall::encodeBody(request, kAclVersion),
               [done, arn = cluster.arn](BrokerAnswer answer) {
                   if (!answer)
                       return done(replyJson(answer.error()));
                   QJsonArray deleted;
                   protocol::DeleteAclsResponse response;
                   if (!KafkaAdminCall::decodeBody(answer.value(), kAclVersion, response))
                       return done(replyJson(ControlError::internal(
                           QStringLiteral("The broker's DeleteAcls answer could not be read."))));
                   for (const auto &f : response.filterResults) {
                       if (f.errorCode != 0)
                           return done(
                               replyJson(brokerRefused(QStringLiteral("delete the ACL"),
                                                       kafkaError(f.errorCode, f.errorMessage))));
                       for (const auto &m : f.matchingAcls)
                           deleted.append(aclJson(m.resourceType,
                                                  m.resourceName,
                                                  m.patternType,
                                                  m.principal,
                                                  m.host,
                                                  m.operation,
                                                  m.permissionType));
                   }
                   if (deleted.isEmpty())
                       return done(replyJson(ControlError::notFound(
                           QStringLiteral("No ACL matches; list them with list-acls."))));
                   done(replyJson(QJsonObject{{QStringLiteral("ClusterArn"), arn},
                                              {QStringLiteral("DeletedAcls"), deleted}}));
               });
}

void Agent::listAcls(const ClusterRecord &cluster, const QJsonObject &params, Replier done)
{
    protocol::DescribeAclsRequest request;
    auto type = enumParam(
        params, QStringLiteral("ResourceType"), resourceTypes(), QStringLiteral("ANY"), true);
    if (!type)
        return done(replyJson(type.error()));
    auto pattern = enumParam(
        params, QStringLiteral("PatternType"), patternTypes(), QStringLiteral("ANY"), true);
    if (!pattern)
        return done(replyJson(pattern.error()));
    request.resourceTypeFilter = type.value();
    request.patternTypeFilter = pattern.value();
    request.resourceNameFilter
        = params.contains(QStringLiteral("ResourceName")) ? std::optional<std::string>(
              params.value(QStringLiteral("ResourceName")).toString().toStdString())
                                                          : std::nullopt;
    request.principalFilter
        = params.contains(QStringLiteral("Principal")) ? std::optional<std::string>(
              params.value(QStringLiteral("Principal")).toString().toStdString())
                                                       : std::nullopt;
    request.hostFilter = std::nullopt;
    request.operation = 1;      // ANY
    request.permissionType = 1; // ANY
    callBroker(cluster,
               protocol::ApiKey::DescribeAcls,
               kAclVersion,
               KafkaAdminCall::encodeBody(request, kAclVersion),
               [done, arn = cluster.arn](BrokerAnswer answer) {
                   if (!answer)
                       return done(replyJson(answer.error()));
                   protocol::DescribeAclsResponse response;
                   if (!KafkaAdminCall::decodeBody(answer.value(), kAclVersion, response))
                       return done(replyJson(ControlError::internal(
                           QStringLiteral("The broker's DescribeAcls answer could not be read."))));
                   if (response.errorCode != 0)
                       return done(replyJson(
                           brokerRefused(QStringLiteral("list ACLs"),
                                         kafkaError(response.errorCode, response.errorMessage))));
                   QJsonArray acls;
                   for (const auto &resource : response.resources)
                       for (const auto &a : resource.acls)
                           acls.append(aclJson(resource.resourceType,
                                               resource.resourceName,
                                               resource.patternType,
                                               a.principal,
                                               a.host,
                                               a.operation,
                                               a.permissionType));
                   done(replyJson(QJsonObject{{QStringLiteral("ClusterArn"), arn},
                                              {QStringLiteral("Acls"), acls}}));
               });
}

} // namespace runnel::control
