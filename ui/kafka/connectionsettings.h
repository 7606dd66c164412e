#pragma once

// How the console reaches one Kafka cluster: a local cluster from the agent or a saved
// external connection (Apache Kafka, MSK, Redpanda). Plain values; secrets are held here
// only in memory (saved connections keep them in the OS keychain, never in a file).

#include <QList>
#include <QPair>
#include <QString>

namespace runnel::ui {

struct ConnectionSettings
{
    enum class Security { Plaintext, Ssl, SaslPlaintext, SaslSsl };
    enum class Mechanism { Plain, ScramSha256, ScramSha512 };

    QString name;             // what the user calls it
    QString bootstrapServers; // host:port[,host:port...]
    Security security = Security::Plaintext;
    Mechanism mechanism = Mechanism::ScramSha512;
    QString username;
    QString password;
    QString caFile;     // PEM CA bundle to verify brokers (empty: system store)
    QString certFile;   // PEM client certificate for mTLS (optional)
    QString keyFile;    // PEM private key for mTLS (optional)
    QString clusterArn; // set for clusters the local agent manages

    bool usesSasl() const
    {
        return security == Security::SaslPlaintext || security == Security::SaslSsl;
    }
    bool usesTls() const { return security == Security::Ssl || security == Security::SaslSsl; }

    // librdkafka properties for these settings (bootstrap, security.protocol, sasl.*,
    // ssl.*), ready to pass to rd_kafka_conf_set.
    QList<QPair<QString, QString>> librdkafkaProperties() const
    {
        QList<QPair<QString, QString>> props;
        props.append({QStringLiteral("bootstrap.servers"), bootstrapServers});
        static const char *const protocols[] = {"plaintext", "ssl", "sasl_plaintext", "sasl_ssl"};
        props.append({QStringLiteral("security.protocol"),
                      QString::fromLatin1(protocols[static_cast<int>(security)])});
        if (usesSasl()) {
            static const char *const mechanisms[] = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"};
            props.append({QStringLiteral("sasl.mechanism"),
                          QString::fromLatin1(mechanisms[static_cast<int>(mechanism)])});
            props.append({QStringLiteral("sasl.username"), username});
            props.append({QStringLiteral("sasl.password"), password});
        }
        if (usesTls()) {
            if (!caFile.isEmpty())
                props.append({QStringLiteral("ssl.ca.location"), caFile});
            if (!certFile.isEmpty())
                props.append({QStringLiteral("ssl.certificate.location"), certFile});
            if (!keyFile.isEmpty())
                props.append({QStringLiteral("ssl.key.location"), keyFile});
        }
        return props;
    }
};

} // namespace runnel::ui
