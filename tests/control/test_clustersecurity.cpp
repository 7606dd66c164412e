// ClusterSecurity as a unit: which CreateClusterV2 shapes are accepted or refused (with
// the sentence a user sees), which listeners, ports and Kafka keys each shape gives a
// broker, the stored JSON round trip, the configuration keys the agent owns, and the
// catalog's security table (migration "4 (security)") from an older catalog.

#include "engine/control/catalog.h"
#include "engine/control/clustersecurity.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace runnel::control;

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

QStringList propertyLines(const QString &text)
{
    QStringList out;
    for (const QString &line : text.split(QLatin1Char('\n')))
        if (!line.isEmpty() && !line.startsWith(QLatin1Char('#')))
            out << line;
    return out;
}

} // namespace

class TestClusterSecurity : public QObject
{
    Q_OBJECT

private slots:
    void shapes_data()
    {
        QTest::addColumn<QString>("params");
        QTest::addColumn<QString>("listeners"); // for base port 9092, or the error's words
        QTest::addColumn<bool>("authorization");
        QTest::addColumn<QString>("clientAuth");

        QTest::newRow("nothing: one plaintext listener")
            << "{}"
            << "CLIENT://127.0.0.1:9092" << false << "";
        QTest::newRow("MSK's full shape, TLS")
            << R"({"ClientAuthentication":{"Sasl":{"Scram":{"Enabled":true}},"Tls":{"Enabled":true},
                   "Unauthenticated":{"Enabled":false}},
                   "EncryptionInfo":{"EncryptionInTransit":{"ClientBroker":"TLS","InCluster":true}}})"
            << "CLIENT_SECURE://127.0.0.1:9094,CLIENT_SASL_SCRAM://127.0.0.1:9096,"
               "RUNNEL_AGENT://127.0.0.1:9095"
            << true << "required";
        QTest::newRow("SCRAM only: no client TLS port")
            << R"({"ClientAuthentication":{"Sasl":{"Scram":{"Enabled":true}}}})"
            << "CLIENT_SASL_SCRAM://127.0.0.1:9096,RUNNEL_AGENT://127.0.0.1:9095" << true
            << "required";
        QTest::newRow("TLS_PLAINTEXT with mTLS and unauthenticated")
            << R"({"ClientAuthentication":{"Tls":{"Enabled":true},"Unauthenticated":{"Enabled":true}},
                   "EncryptionInfo":{"EncryptionInTransit":{"ClientBroker":"TLS_PLAINTEXT"}}})"
            << "CLIENT://127.0.0.1:9092,CLIENT_SECURE://127.0.0.1:9094,"
               "RUNNEL_AGENT://127.0.0.1:9095"
            << true << "requested";
        QTest::newRow("encryption only: TLS for unauthenticated clients")
            << R"({"EncryptionInfo":{"EncryptionInTransit":{"ClientBroker":"TLS"}}})"
            << "CLIENT_SECURE://127.0.0.1:9094,RUNNEL_AGENT://127.0.0.1:9095" << false
            << "requested";
        QTest::newRow("refused: SCRAM over plaintext")
            << R"({"ClientAuthentication":{"Sasl":{"Scram":{"Enabled":true}}},
                   "EncryptionInfo":{"EncryptionInTransit":{"ClientBroker":"PLAINTEXT"}}})"
            << "need encryption in transit" << false << "";
        QTest::newRow("refused: every kind off")
            << R"({"ClientAuthentication":{"Unauthenticated":{"Enabled":false}}})"
            << "enable at least one" << false << "";
        QTest::newRow("refused: IAM")
            << R"({"ClientAuthentication":{"Sasl":{"Iam":{"Enabled":true}}}})"
            << "IAM" << false << "";
        QTest::newRow("refused: unknown ClientBroker")
            << R"({"EncryptionInfo":{"EncryptionInTransit":{"ClientBroker":"SSL"}}})"
            << "TLS, TLS_PLAINTEXT or PLAINTEXT" << false << "";
        QTest::newRow("refused: ACM PCA ARNs") << R"({"ClientAuthentication":{"Tls":{"Enabled":true,
                   "CertificateAuthorityArnList":["arn:aws:acm-pca:x"]}}})"
                                               << "CertificateAuthorityArnList" << false << "";
        QTest::newRow("refused: InCluster without TLS")
            << R"({"EncryptionInfo":{"EncryptionInTransit":{"ClientBroker":"PLAINTEXT",
                   "InCluster":true}}})"
            << "InCluster" << false << "";
        QTest::newRow("refused: ClientAuthentication not an object")
            << R"({"ClientAuthentication":"tls"})"
            << "must be an object" << false << "";
    }

    void shapes()
    {
        QFETCH(QString, params);
        QFETCH(QString, listeners);
        QFETCH(bool, authorization);
        QFETCH(QString, clientAuth);
        const auto parsed = ClusterSecurity::fromRequest(json(params.toUtf8().constData()));
        if (QString(QTest::currentDataTag()).startsWith(QLatin1String("refused"))) {
            QVERIFY(!parsed.ok());
            QCOMPARE(parsed.error().code, QStringLiteral("BadRequestException"));
            QVERIFY2(parsed.error().message.contains(listeners),
                     qPrintable(parsed.error().message));
            return;
        }
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        const ClusterSecurity s = parsed.value();
        QCOMPARE(s.listeners(9092).isEmpty() ? QStringLiteral("CLIENT://127.0.0.1:9092")
                                             : s.listeners(9092),
                 listeners);
        QCOMPARE(s.authorizationEnabled(), authorization);
        const QStringList props = propertyLines(
            s.brokerProperties(QStringLiteral("/sec"), QStringLiteral("/sec/b.pem")));
        if (!s.tlsEnabled()) {
            QVERIFY(props.isEmpty());
            return;
        }
        QVERIFY(props.contains(QStringLiteral("ssl.keystore.type=PEM")));
        QVERIFY(props.contains(QStringLiteral("ssl.keystore.location=/sec/b.pem")));
        QVERIFY(props.contains(QStringLiteral("ssl.truststore.type=PEM")));
        QVERIFY(props.contains(QStringLiteral("ssl.truststore.location=/sec/ca.pem")));
        QVERIFY(props.contains(QStringLiteral("ssl.client.auth=") + clientAuth));
        QVERIFY(props.contains(QStringLiteral("super.users=User:CN=runnel-agent,O=Runnel")));
        QCOMPARE(props.contains(QStringLiteral("allow.everyone.if.no.acl.found=false")),
                 authorization);
        QCOMPARE(
            props.contains(QStringLiteral(
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer")),
            authorization);
        QCOMPARE(
            props.contains(QStringLiteral("sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512")),
            s.scramAuthentication);
        // Every listener named in listeners= has a protocol in the map.
        const QString map = props.filter(QStringLiteral("listener.security.protocol.map=")).first();
        for (const QString &l : s.listeners(9092).split(QLatin1Char(',')))
            QVERIFY2(map.contains(l.section(QStringLiteral("://"), 0, 0) + QLatin1Char(':')),
                     qPrintable(map));
    }

    void storedFormRoundTrips()
    {
        auto parsed = ClusterSecurity::fromRequest(json(
            R"({"ClientAuthentication":{"Sasl":{"Scram":{"Enabled":true}},"Tls":{"Enabled":true}},
               "EncryptionInfo":{"EncryptionInTransit":{"ClientBroker":"TLS_PLAINTEXT","InCluster":true}}})"));
        QVERIFY(parsed.ok());
        ClusterSecurity s = parsed.value();
        s.superUsers = {QStringLiteral("admin"), QStringLiteral("ops")};
        const ClusterSecurity back = ClusterSecurity::fromJson(s.toJson());
        QCOMPARE(back.toJson(), s.toJson());
        QVERIFY(back.scramAuthentication && back.tlsAuthentication && !back.unauthenticated);
        QCOMPARE(back.clientBroker, QStringLiteral("TLS_PLAINTEXT"));
        QVERIFY(back.inCluster);
        QVERIFY(back.brokerProperties(QStringLiteral("/s"), QStringLiteral("/s/k.pem"))
                    .contains(QStringLiteral(
                        "super.users=User:CN=runnel-agent,O=Runnel;User:admin;User:ops\n")));
        // No stored row: a PLAINTEXT cluster as before.
        QVERIFY(!ClusterSecurity::fromJson({}).tlsEnabled());
        QVERIFY(ClusterSecurity::fromJson({}).hasPlaintextListener());
    }

    void encryptionAtRest_data()
    {
        QTest::addColumn<QString>("params");
        QTest::addColumn<QString>("expected"); // "on", "off", or the refusal's words
        QTest::newRow("alone: at rest, and transit stays PLAINTEXT")
            << R"({"EncryptionInfo":{"EncryptionAtRest":{}}})"
            << "on";
        QTest::newRow("MSK's form with the managed key id")
            << R"({"EncryptionInfo":{"EncryptionAtRest":{"DataVolumeKMSKeyId":"runnel-managed"},
                   "EncryptionInTransit":{"ClientBroker":"TLS"}}})"
            << "on";
        QTest::newRow("left out: off") << R"({"EncryptionInfo":{}})"
                                       << "off";
        QTest::newRow("refused: a KMS key") << R"({"EncryptionInfo":{"EncryptionAtRest":
                   {"DataVolumeKMSKeyId":"arn:aws:kms:eu-west-1:1:key/x"}}})"
                                            << "only the Runnel-managed key";
        QTest::newRow("refused: not an object") << R"({"EncryptionInfo":{"EncryptionAtRest":true}})"
                                                << "must be an object";
    }
    void encryptionAtRest()
    {
        QFETCH(QString, params);
        QFETCH(QString, expected);
        const auto parsed = ClusterSecurity::fromRequest(json(params.toUtf8().constData()));
        if (expected != QLatin1String("on") && expected != QLatin1String("off")) {
            QVERIFY(!parsed.ok());
            QVERIFY2(parsed.error().message.contains(expected), qPrintable(parsed.error().message));
            return;
        }
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        ClusterSecurity s = parsed.value();
        QCOMPARE(s.encryptionAtRest, expected == QLatin1String("on"));
        if (params.contains(QLatin1String("EncryptionInTransit")))
            QCOMPARE(s.clientBroker, QStringLiteral("TLS"));
        else if (s.encryptionAtRest)
            QCOMPARE(s.clientBroker, QStringLiteral("PLAINTEXT"));
        QCOMPARE(s.encryptionInfoJson().contains(QStringLiteral("EncryptionAtRest")),
                 s.encryptionAtRest);
        // The wrapped key is stored, never shown.
        s.wrappedDataKey = QStringLiteral("d3JhcHBlZA==");
        const ClusterSecurity back = ClusterSecurity::fromJson(s.toJson());
        QCOMPARE(back.encryptionAtRest, s.encryptionAtRest);
        QCOMPARE(back.wrappedDataKey, s.wrappedDataKey);
        QVERIFY(!QJsonDocument(s.encryptionInfoJson()).toJson().contains("d3JhcHBlZA"));
    }

    void configurationMayNotOverrideSecurity()
    {
        auto parsed = ClusterSecurity::fromRequest(
            json(R"({"EncryptionInfo":{"EncryptionInTransit":{"ClientBroker":"TLS"}}})"));
        QVERIFY(parsed.ok());
        QVERIFY(parsed->checkConfiguration(QStringLiteral("num.partitions=3\n# ssl.x=1\n")).ok());
        for (const char *line : {"ssl.client.auth=none",
                                 "super.users=User:me",
                                 "listener.security.protocol.map=A:PLAINTEXT",
                                 "allow.everyone.if.no.acl.found: true",
                                 "sasl.enabled.mechanisms=PLAIN"}) {
            const auto s = parsed->checkConfiguration(QString::fromLatin1(line));
            QVERIFY2(!s.ok(), line);
            QVERIFY(s.error().message.contains(QStringLiteral("set by the agent")));
        }
        // A PLAINTEXT cluster keeps full control of its configuration.
        QVERIFY(ClusterSecurity().checkConfiguration(QStringLiteral("super.users=User:me")).ok());
    }

    void catalogKeepsSecurityAcrossTheMigration()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite"));
        {
            Catalog v4; // the version before the security migration
            QVERIFY(v4.open(path, 4).ok());
            QCOMPARE(v4.schemaVersion(), 4);
        }
        Catalog latest;
        QVERIFY(latest.open(path).ok());
        QCOMPARE(latest.schemaVersion(), Catalog::kSchemaVersion);
        const QString arn = QStringLiteral("arn:runnel:kafka:local:cluster/s/1");
        QVERIFY(latest.clusterSecurity(arn).isEmpty());
        ClusterSecurity s;
        s.clientBroker = QStringLiteral("TLS");
        s.scramAuthentication = true;
        s.unauthenticated = false;
        QVERIFY(latest.saveClusterSecurity(arn, s.toJson()).ok());
        QCOMPARE(latest.clusterSecurity(arn), s.toJson());
        s.superUsers << QStringLiteral("admin");
        QVERIFY(latest.saveClusterSecurity(arn, s.toJson()).ok());
        QCOMPARE(ClusterSecurity::fromJson(latest.clusterSecurity(arn)).superUsers,
                 QStringList{QStringLiteral("admin")});
        QVERIFY(latest.deleteClusterSecurity(arn).ok());
        QVERIFY(latest.clusterSecurity(arn).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestClusterSecurity)
#include "test_clustersecurity.moc"
