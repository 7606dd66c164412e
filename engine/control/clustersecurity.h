#pragma once

// ClusterSecurity is what a cluster was created with for client authentication and
// encryption in transit, in MSK's words (CreateClusterV2's ClientAuthentication and
// EncryptionInfo), plus the SCRAM users made super users. It decides each broker's
// listeners and ports and writes Kafka's own keys for them into server.properties.
// A plain value: the Agent parses it from a request, the Catalog stores it as JSON
// (table cluster_security), nothing here does I/O or keeps state.
//
// A broker's ports are a block of kBlockSize starting at its catalog port, laid out as
// MSK's (9092/9094/9096 for the first broker when free):
//
//   base+0  CLIENT             PLAINTEXT   when ClientBroker is PLAINTEXT or TLS_PLAINTEXT
//   base+2  CLIENT_SECURE      SSL         when TLS encryption and (Tls or Unauthenticated)
//   base+3  RUNNEL_AGENT       SSL         always when TLS is on: the agent's mTLS admin
//                                          and readiness probe (loopback only)
//   base+4  CLIENT_SASL_SCRAM  SASL_SSL    when Sasl.Scram is enabled
//
// A cluster created without ClientAuthentication and EncryptionInfo keeps the one
// PLAINTEXT listener (Runnel's default for a local cluster; MSK's default is TLS).

#include "engine/control/result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace runnel::control {

struct ClusterSecurity
{
    static constexpr int kBlockSize = 10;
    static constexpr int kPlaintextOffset = 0;
    static constexpr int kTlsOffset = 2;
    static constexpr int kAgentOffset = 3;
    static constexpr int kSaslScramOffset = 4;

    bool tlsAuthentication = false;   // ClientAuthentication.Tls.Enabled (mTLS)
    bool scramAuthentication = false; // ClientAuthentication.Sasl.Scram.Enabled
    bool unauthenticated = true;      // ClientAuthentication.Unauthenticated.Enabled
    QString clientBroker = QStringLiteral("PLAINTEXT"); // TLS, TLS_PLAINTEXT, PLAINTEXT
    bool inCluster = false;                             // EncryptionInTransit.InCluster
    QStringList superUsers;                             // SCRAM user names made super users
    // EncryptionInfo.EncryptionAtRest given (MSK always encrypts; a local cluster does when
    // asked): every broker log encrypted with the cluster's data key, chosen at creation.
    // The key is Runnel-managed (DataVolumeKMSKeyId "runnel-managed"); wrappedDataKey is
    // it wrapped by the agent's master key (engine/control/atrestkeys.h), stored only.
    bool encryptionAtRest = false;
    QString wrappedDataKey;

    // From CreateClusterV2's parameters; a sentence for every shape MSK would refuse.
    [[nodiscard]] static ControlResult<ClusterSecurity> fromRequest(const QJsonObject &params);
    // The stored form (what toJson() wrote); an empty object is a PLAINTEXT cluster.
    static ClusterSecurity fromJson(const QJsonObject &stored);
    QJsonObject toJson() const;
    QJsonObject clientAuthenticationJson() const;
    QJsonObject encryptionInfoJson() const;

    static QString managedKeyId() { return QStringLiteral("runnel-managed"); }

    bool tlsEnabled() const { return clientBroker != QStringLiteral("PLAINTEXT"); }
    bool hasPlaintextListener() const { return clientBroker != QStringLiteral("TLS"); }
    bool hasTlsListener() const { return tlsEnabled() && (tlsAuthentication || unauthenticated); }
    bool hasSaslScramListener() const { return tlsEnabled() && scramAuthentication; }
    // Authorization is on (Kafka's StandardAuthorizer rules, no ACL means deny) whenever
    // clients authenticate, as a new SCRAM user or certificate must be granted access.
    bool authorizationEnabled() const { return tlsAuthentication || scramAuthentication; }

    QString listeners(quint16 base) const;
    // Kafka's keys for the broker's listeners, TLS, SASL and authorizer. `securityDir`
    // holds ca.pem; `keystore` is this broker's key and certificate chain.
    QString brokerProperties(const QString &securityDir, const QString &keystore) const;
    // Settings a configuration may not carry on a cluster with TLS: the agent owns them.
    [[nodiscard]] ControlStatus checkConfiguration(const QString &serverProperties) const;

    static QString agentCommonName() { return QStringLiteral("runnel-agent"); }
    static QString agentPrincipal() { return QStringLiteral("User:CN=runnel-agent,O=Runnel"); }
};

} // namespace runnel::control
