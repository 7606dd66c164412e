#include "engine/control/clustersecurity.h"

#include <QJsonArray>
#include <QJsonValue>

namespace runnel::control {

namespace {

bool enabledIn(const QJsonObject &object, const QString &key, bool *present = nullptr)
{
    const QJsonValue value = object.value(key);
    if (present)
        *present = value.isObject();
    return value.toObject().value(QStringLiteral("Enabled")).toBool(false);
}

QJsonObject enabled(bool on)
{
    return QJsonObject{{QStringLiteral("Enabled"), on}};
}

} // namespace

ControlResult<ClusterSecurity> ClusterSecurity::fromRequest(const QJsonObject &params)
{
    ClusterSecurity s;
    const bool hasAuth = params.contains(QStringLiteral("ClientAuthentication"));
    const bool hasEncryption = params.contains(QStringLiteral("EncryptionInfo"));
    if (hasAuth && !params.value(QStringLiteral("ClientAuthentication")).isObject())
        return ControlError::badRequest(QStringLiteral(
            "ClientAuthentication must be an object such as {\"Sasl\":{\"Scram\":{\"Enabled\":"
            "true}},\"Tls\":{\"Enabled\":true},\"Unauthenticated\":{\"Enabled\":false}}."));
    if (hasEncryption && !params.value(QStringLiteral("EncryptionInfo")).isObject())
        return ControlError::badRequest(
            QStringLiteral("EncryptionInfo must be an object such as {\"EncryptionInTransit\":"
                           "{\"ClientBroker\":\"TLS\",\"InCluster\":true}}."));
    const QJsonObject auth = params.value(QStringLiteral("ClientAuthentication")).toObject();
    const QJsonObject sasl = auth.value(QStringLiteral("Sasl")).toObject();
    if (enabledIn(sasl, QStringLiteral("Iam")))
        return ControlError::badRequest(QStringLiteral(
            "IAM access control needs AWS; a local cluster offers Sasl.Scram and Tls instead."));
    s.scramAuthentication = enabledIn(sasl, QStringLiteral("Scram"));
    s.tlsAuthentication = enabledIn(auth, QStringLiteral("Tls"));
    const QJsonObject tls = auth.value(QStringLiteral("Tls")).toObject();
    if (!tls.value(QStringLiteral("CertificateAuthorityArnList")).toArray().isEmpty())
        return ControlError::badRequest(
            QStringLiteral("Runnel makes each cluster its own certificate authority; leave out "
                           "CertificateAuthorityArnList and issue client certificates with "
                           "IssueClientCertificate."));
    bool unauthenticatedGiven = false;
    const bool unauthenticatedOn
        = enabledIn(auth, QStringLiteral("Unauthenticated"), &unauthenticatedGiven);
    // As MSK: without any ClientAuthentication, clients are unauthenticated.
    s.unauthenticated = unauthenticatedGiven ? unauthenticatedOn
                                             : !(s.scramAuthentication || s.tlsAuthentication);
    if (!s.unauthenticated && !s.scramAuthentication && !s.tlsAuthentication)
        return ControlError::badRequest(QStringLiteral(
            "ClientAuthentication turns every kind off; enable at least one of Sasl.Scram, Tls "
            "or Unauthenticated."));

    const QJsonObject encryptionInfo = params.value(QStringLiteral("EncryptionInfo")).toObject();
    const QJsonObject inTransit
        = encryptionInfo.value(QStringLiteral("EncryptionInTransit")).toObject();
    if (encryptionInfo.contains(QStringLiteral("EncryptionAtRest"))) {
        const QJsonValue atRest = encryptionInfo.value(QStringLiteral("EncryptionAtRest"));
        if (!atRest.isObject())
            return ControlError::badRequest(
                QStringLiteral("EncryptionAtRest must be an object such as {\"DataVolumeKMSKeyId\":"
                               "\"runnel-managed\"} (or {} for the Runnel-managed key)."));
        const QString keyId
            = atRest.toObject().value(QStringLiteral("DataVolumeKMSKeyId")).toString();
        if (!keyId.isEmpty() && keyId != managedKeyId())
            return ControlError::badRequest(
                QStringLiteral("DataVolumeKMSKeyId \"%1\": only the Runnel-managed key "
                               "(\"runnel-managed\", or leave it out) is offered so far.")
                    .arg(keyId));
        s.encryptionAtRest = true;
    }
    // EncryptionAtRest alone says nothing about transit.
    const bool inTransitGiven
        = hasEncryption
          && !(encryptionInfo.size() == 1
               && encryptionInfo.contains(QStringLiteral("EncryptionAtRest")));
    if (inTransit.contains(QStringLiteral("ClientBroker"))) {
        s.clientBroker = inTransit.value(QStringLiteral("ClientBroker")).toString();
        static const QStringList kinds
            = {QStringLiteral("TLS"), QStringLiteral("TLS_PLAINTEXT"), QStringLiteral("PLAINTEXT")};
        if (!kinds.contains(s.clientBroker))
            return ControlError::badRequest(
                QStringLiteral("EncryptionInTransit.ClientBroker is TLS, TLS_PLAINTEXT or "
                               "PLAINTEXT, not \"%1\".")
                    .arg(s.clientBroker));
    } else {
        // MSK's default is TLS; a local cluster asked for nothing stays PLAINTEXT.
        s.clientBroker = (s.scramAuthentication || s.tlsAuthentication || inTransitGiven)
                             ? QStringLiteral("TLS")
                             : QStringLiteral("PLAINTEXT");
    }
    s.inCluster = inTransit.value(QStringLiteral("InCluster")).toBool(s.tlsEnabled());
    if (!s.tlsEnabled() && (s.scramAuthentication || s.tlsAuthentication))
        return ControlError::badRequest(QStringLiteral(
            "SASL/SCRAM and TLS client authentication need encryption in transit; set "
            "EncryptionInTransit.ClientBroker to TLS or TLS_PLAINTEXT."));
    if (!s.tlsEnabled() && s.inCluster)
        return ControlError::badRequest(QStringLiteral(
            "InCluster encryption needs TLS; set EncryptionInTransit.ClientBroker to TLS or "
            "TLS_PLAINTEXT, or InCluster to false."));
    return s;
}

ClusterSecurity ClusterSecurity::fromJson(const QJsonObject &stored)
{
    ClusterSecurity s;
    if (stored.isEmpty())
        return s;
    const QJsonObject auth = stored.value(QStringLiteral("ClientAuthentication")).toObject();
    s.scramAuthentication
        = enabledIn(auth.value(QStringLiteral("Sasl")).toObject(), QStringLiteral("Scram"));
    s.tlsAuthentication = enabledIn(auth, QStringLiteral("Tls"));
    s.unauthenticated = enabledIn(auth, QStringLiteral("Unauthenticated"));
    const QJsonObject inTransit = stored.value(QStringLiteral("EncryptionInfo"))
                                      .toObject()
                                      .value(QStringLiteral("EncryptionInTransit"))
                                      .toObject();
    s.clientBroker
        = inTransit.value(QStringLiteral("ClientBroker")).toString(QStringLiteral("PLAINTEXT"));
    s.inCluster = inTransit.value(QStringLiteral("InCluster")).toBool(false);
    s.encryptionAtRest = stored.value(QStringLiteral("EncryptionInfo"))
                             .toObject()
                             .contains(QStringLiteral("EncryptionAtRest"));
    s.wrappedDataKey = stored.value(QStringLiteral("WrappedDataKey")).toString();
    for (const QJsonValue &v : stored.value(QStringLiteral("SuperUsers")).toArray())
        s.superUsers << v.toString();
    return s;
}

QJsonObject ClusterSecurity::clientAuthenticationJson() const
{
    return QJsonObject{
        {QStringLiteral("Sasl"),
         QJsonObject{{QStringLiteral("Scram"), enabled(scramAuthentication)},
                     {QStringLiteral("Iam"), enabled(false)}}},
        {QStringLiteral("Tls"), enabled(tlsAuthentication)},
        {QStringLiteral("Unauthenticated"), enabled(unauthenticated)},
    };
}

QJsonObject ClusterSecurity::encryptionInfoJson() const
{
    QJsonObject info{{QStringLiteral("EncryptionInTransit"),
                      QJsonObject{{QStringLiteral("ClientBroker"), clientBroker},
                                  {QStringLiteral("InCluster"), inCluster}}}};
    if (encryptionAtRest)
        info.insert(QStringLiteral("EncryptionAtRest"),
                    QJsonObject{{QStringLiteral("DataVolumeKMSKeyId"), managedKeyId()}});
    return info;
}

QJsonObject ClusterSecurity::toJson() const
{
    QJsonObject stored{{QStringLiteral("ClientAuthentication"), clientAuthenticationJson()},
                       {QStringLiteral("EncryptionInfo"), encryptionInfoJson()},
                       {QStringLiteral("SuperUsers"), QJsonArray::fromStringList(superUsers)}};
    if (!wrappedDataKey.isEmpty())
        stored.insert(QStringLiteral("WrappedDataKey"), wrappedDataKey);
    return stored;
}

QString ClusterSecurity::listeners(quint16 base) const
{
    QStringList list;
    auto add = [&list, base](const char *name, int offset) {
        list << QStringLiteral("%1://127.0.0.1:%2").arg(QLatin1String(name)).arg(base + offset);
    };
    if (hasPlaintextListener())
        add("CLIENT", kPlaintextOffset);
    if (hasTlsListener())
        add("CLIENT_SECURE", kTlsOffset);
    if (hasSaslScramListener())
        add("CLIENT_SASL_SCRAM", kSaslScramOffset);
    if (tlsEnabled())
        add("RUNNEL_AGENT", kAgentOffset);
    return list.join(QLatin1Char(','));
}

QString ClusterSecurity::brokerProperties(const QString &securityDir, const QString &keystore) const
{
    if (!tlsEnabled())
        return {};
    QStringList map;
    if (hasPlaintextListener())
        map << QStringLiteral("CLIENT:PLAINTEXT");
    if (hasTlsListener())
        map << QStringLiteral("CLIENT_SECURE:SSL");
    if (hasSaslScramListener())
        map << QStringLiteral("CLIENT_SASL_SCRAM:SASL_SSL");
    map << QStringLiteral("RUNNEL_AGENT:SSL");
    // ssl.client.auth is broker-wide in runneld: "required" when every SSL client must
    // present a certificate; "requested" when the client TLS port also takes clients
    // without one (they are User:ANONYMOUS). The agent always presents its certificate.
    const bool required = !(hasTlsListener() && unauthenticated);
    QStringList supers{agentPrincipal()};
    for (const QString &user : superUsers)
        supers << QStringLiteral("User:") + user;
    QString text;
    text += QStringLiteral("# Security, written by runnel-agent from the cluster's "
                           "ClientAuthentication and EncryptionInfo.\n");
    text += QStringLiteral("listener.security.protocol.map=%1\n").arg(map.join(QLatin1Char(',')));
    text += QStringLiteral("ssl.keystore.type=PEM\nssl.keystore.location=%1\n").arg(keystore);
    text += QStringLiteral("ssl.truststore.type=PEM\nssl.truststore.location=%1/ca.pem\n")
                .arg(securityDir);
    text += QStringLiteral("ssl.client.auth=%1\n")
                .arg(required ? QStringLiteral("required") : QStringLiteral("requested"));
    if (scramAuthentication)
        text += QStringLiteral("sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512\n");
    if (authorizationEnabled()) {
        text += QStringLiteral(
            "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n");
        text += QStringLiteral("allow.everyone.if.no.acl.found=false\n");
    }
    text += QStringLiteral("super.users=%1\n").arg(supers.join(QLatin1Char(';')));
    return text;
}

ControlStatus ClusterSecurity::checkConfiguration(const QString &serverProperties) const
{
    if (!tlsEnabled())
        return Done{};
    static const QStringList ownedPrefixes = {QStringLiteral("ssl."),
                                              QStringLiteral("sasl."),
                                              QStringLiteral("listener."),
                                              QStringLiteral("authorizer."),
                                              QStringLiteral("super.users"),
                                              QStringLiteral("allow.everyone.if.no.acl.found")};
    for (const QString &raw : serverProperties.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))
            || line.startsWith(QLatin1Char('!')))
            continue;
        qsizetype sep = line.indexOf(QLatin1Char('='));
        if (const qsizetype colon = line.indexOf(QLatin1Char(':'));
            sep < 0 || (colon >= 0 && colon < sep))
            sep = colon;
        const QString key = (sep < 0 ? line : line.left(sep)).trimmed();
        for (const QString &prefix : ownedPrefixes) {
            if (key.startsWith(prefix))
                return ControlError::badRequest(
                    QStringLiteral("%1 is set by the agent from the cluster's ClientAuthentication "
                                   "and EncryptionInfo on a cluster with TLS; remove it from the "
                                   "configuration (SCRAM users, super users and ACLs have their "
                                   "own operations).")
                        .arg(key));
        }
    }
    return Done{};
}

} // namespace runnel::control
