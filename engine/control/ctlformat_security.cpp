#include "engine/control/ctlformat.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace runnel::control {

namespace {

QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toVariant().toString();
}

bool enabled(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toObject().value(QStringLiteral("Enabled")).toBool();
}

QString authenticationKinds(const QJsonObject &auth)
{
    QStringList kinds;
    if (enabled(auth.value(QStringLiteral("Sasl")).toObject(), "Scram"))
        kinds << QStringLiteral("SASL/SCRAM");
    if (enabled(auth, "Tls"))
        kinds << QStringLiteral("TLS (mTLS)");
    if (enabled(auth, "Unauthenticated"))
        kinds << QStringLiteral("unauthenticated");
    return kinds.join(QStringLiteral(", "));
}

} // namespace

std::optional<QString> formatSecurityResult(const QString &operation, const QJsonObject &result)
{
    if (operation == QLatin1String("GetBootstrapBrokers")
        && (result.contains(QStringLiteral("BootstrapBrokerStringTls"))
            || result.contains(QStringLiteral("BootstrapBrokerStringSaslScram")))) {
        QList<QStringList> rows;
        for (const char *key : {"BootstrapBrokerString",
                                "BootstrapBrokerStringTls",
                                "BootstrapBrokerStringSaslScram"})
            if (result.contains(QLatin1String(key)))
                rows << QStringList{QLatin1String(key), text(result, key)};
        return formatTable({QStringLiteral("KIND"), QStringLiteral("BROKERS")}, rows);
    }
    if (operation == QLatin1String("DescribeClusterV2")) {
        const QJsonObject c = result.value(QStringLiteral("ClusterInfo")).toObject();
        const QString inTransit = c.value(QStringLiteral("EncryptionInfo"))
                                      .toObject()
                                      .value(QStringLiteral("EncryptionInTransit"))
                                      .toObject()
                                      .value(QStringLiteral("ClientBroker"))
                                      .toString();
        const bool atRest = c.value(QStringLiteral("EncryptionInfo"))
                                .toObject()
                                .contains(QStringLiteral("EncryptionAtRest"));
        if ((inTransit.isEmpty() || inTransit == QLatin1String("PLAINTEXT")) && !atRest)
            return std::nullopt;
        QList<QStringList> rows = {
            {QStringLiteral("Name"), text(c, "ClusterName")},
            {QStringLiteral("ARN"), text(c, "ClusterArn")},
            {QStringLiteral("State"), text(c, "State")},
            {QStringLiteral("Brokers"),
             text(c.value(QStringLiteral("Provisioned")).toObject(), "NumberOfBrokerNodes")},
            {QStringLiteral("Encryption in transit"), inTransit},
            {QStringLiteral("Encryption at rest"),
             atRest ? QStringLiteral("AES-256-GCM, Runnel-managed key") : QStringLiteral("none")},
            {QStringLiteral("Client authentication"),
             authenticationKinds(c.value(QStringLiteral("ClientAuthentication")).toObject())},
        };
        for (const char *key : {"BootstrapBrokerString",
                                "BootstrapBrokerStringTls",
                                "BootstrapBrokerStringSaslScram"})
            if (!text(c, key).isEmpty())
                rows << QStringList{QLatin1String(key), text(c, key)};
        QStringList supers;
        for (const QJsonValue &v : c.value(QStringLiteral("SuperUsers")).toArray())
            supers << v.toString();
        rows << QStringList{QStringLiteral("Super users"), supers.join(QStringLiteral(", "))};
        rows << QStringList{QStringLiteral("Data directory"), text(c, "DataDirectory")};
        if (c.contains(QStringLiteral("ActiveOperationArn")))
            rows << QStringList{QStringLiteral("Active operation"), text(c, "ActiveOperationArn")};
        return formatTable({QStringLiteral("SETTING"), QStringLiteral("VALUE")}, rows);
    }
    if (operation == QLatin1String("CreateScramUser")) {
        QStringList mechanisms;
        for (const QJsonValue &m : result.value(QStringLiteral("Mechanisms")).toArray())
            mechanisms << m.toString();
        return QStringLiteral("SCRAM user %1 (%2) has a new password for %3.%4\n")
            .arg(text(result, "Username"),
                 text(result, "Principal"),
                 mechanisms.join(QStringLiteral(" and ")),
                 result.value(QStringLiteral("SuperUser")).toBool()
                     ? QStringLiteral(" It is a super user.")
                     : QStringLiteral(" It may do nothing until ACLs allow it (create-acl)."));
    }
    if (operation == QLatin1String("DeleteScramUser"))
        return QStringLiteral("SCRAM user %1 is deleted.\n").arg(text(result, "Username"));
    if (operation == QLatin1String("GetClusterCa"))
        return text(result, "CertificatePem");
    if (operation == QLatin1String("ListScramUsers")) {
        QList<QStringList> rows;
        for (const QJsonValue &v : result.value(QStringLiteral("Users")).toArray()) {
            const QJsonObject u = v.toObject();
            QStringList mechanisms;
            for (const QJsonValue &m : u.value(QStringLiteral("Mechanisms")).toArray())
                mechanisms << QStringLiteral("%1 (%2)").arg(text(m.toObject(), "Mechanism"),
                                                            text(m.toObject(), "Iterations"));
            rows << QStringList{text(u, "Username"),
                                mechanisms.join(QStringLiteral(", ")),
                                u.value(QStringLiteral("SuperUser")).toBool()
                                    ? QStringLiteral("yes")
                                    : QStringLiteral("no")};
        }
        return formatTable({QStringLiteral("USER"),
                            QStringLiteral("MECHANISMS (ITERATIONS)"),
                            QStringLiteral("SUPER USER")},
                           rows);
    }
    if (operation == QLatin1String("ListAcls") || operation == QLatin1String("DeleteAcl")
        || operation == QLatin1String("CreateAcl")) {
        const bool listing = operation == QLatin1String("ListAcls");
        QJsonArray acls
            = result.value(listing ? QStringLiteral("Acls") : QStringLiteral("DeletedAcls"))
                  .toArray();
        if (operation == QLatin1String("CreateAcl"))
            acls = QJsonArray{result.value(QStringLiteral("Acl"))};
        QList<QStringList> rows;
        for (const QJsonValue &v : acls) {
            const QJsonObject a = v.toObject();
            rows << QStringList{text(a, "PermissionType"),
                                text(a, "Principal"),
                                text(a, "Operation"),
                                text(a, "ResourceType"),
                                text(a, "ResourceName"),
                                text(a, "PatternType"),
                                text(a, "Host")};
        }
        return formatTable({QStringLiteral("PERMISSION"),
                            QStringLiteral("PRINCIPAL"),
                            QStringLiteral("OPERATION"),
                            QStringLiteral("RESOURCE"),
                            QStringLiteral("NAME"),
                            QStringLiteral("PATTERN"),
                            QStringLiteral("HOST")},
                           rows);
    }
    return std::nullopt;
}

} // namespace runnel::control
