// The security keys of server.properties, as runneld reads them (engine/broker/config.cpp).

#include "engine/broker/config.h"
#include "engine/broker/properties.h"

#include <QtTest>

using namespace runnel;
using namespace runnel::broker;

namespace {

Result<ParsedConfig> parse(const std::string &extra)
{
    return parseBrokerConfig(parseProperties("node.id=1\nlog.dirs=/tmp/x\n" + extra));
}

} // namespace

class TestSecurityConfig : public QObject
{
    Q_OBJECT
private slots:
    void defaults()
    {
        auto c = parse("listeners=SASL_PLAINTEXT://127.0.0.1:9096\n");
        QVERIFY(c.ok());
        QCOMPARE(c->config.saslEnabledMechanisms,
                 (std::vector<std::string>{"SCRAM-SHA-256", "SCRAM-SHA-512"}));
        QVERIFY(!c->config.authorizerEnabled);
        QVERIFY(!c->config.allowEveryoneIfNoAclFound);
        QCOMPARE(c->config.failedAuthenticationDelayMs, 100);
        QCOMPARE(c->config.listeners.front().protocol, SecurityProtocol::SaslPlaintext);
    }

    void securityKeysAreRead()
    {
        auto c = parse(
            "listeners=PLAINTEXT://127.0.0.1:9092,SASL_PLAINTEXT://127.0.0.1:9096\n"
            "sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512\n"
            "listener.name.sasl_plaintext.plain.sasl.jaas.config="
            "org.apache.kafka.common.security.plain.PlainLoginModule required "
            "user_alice=\"a-secret\";\n"
            "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config="
            "org.apache.kafka.common.security.scram.ScramLoginModule required;\n"
            "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n"
            "super.users=User:admin;User:CN=ops,O=Example\n"
            "allow.everyone.if.no.acl.found=true\n");
        QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
        QCOMPARE(c->config.saslEnabledMechanisms,
                 (std::vector<std::string>{"PLAIN", "SCRAM-SHA-512"}));
        QCOMPARE(c->config.plainUsers.at("sasl_plaintext").at("alice"), std::string("a-secret"));
        QVERIFY(c->config.authorizerEnabled);
        QVERIFY(c->config.allowEveryoneIfNoAclFound);
        QCOMPARE(c->config.superUsers,
                 (std::set<std::string>{"User:admin", "User:CN=ops,O=Example"}));
        for (const ConfigIssue &note : c->notes)
            QVERIFY2(note.key.find("sasl") == std::string::npos
                         && note.key.find("authorizer") == std::string::npos,
                     note.message.c_str()); // used, so not reported as ignored
    }

    void tlsKeysAreRead()
    {
        auto c = parse("listeners=SSL://127.0.0.1:9094\nssl.keystore.type=PEM\n"
                       "ssl.keystore.location=/k.pem\nssl.truststore.location=/ca.pem\n"
                       "ssl.client.auth=required\n");
        QVERIFY(c.ok());
        QCOMPARE(c->config.tls.keystoreLocation, std::string("/k.pem"));
        QCOMPARE(c->config.tls.truststoreLocation, std::string("/ca.pem"));
        QVERIFY(c->config.tls.clientAuth == net::ClientAuth::Required);
    }

    void refused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("GSSAPI") << "listeners=SASL_PLAINTEXT://:1\nsasl.enabled.mechanisms=GSSAPI\n"
                                << "GSSAPI";
        QTest::newRow("JKS keystore")
            << "listeners=SSL://:1\nssl.keystore.type=JKS\nssl.keystore.location=/k.jks\n"
            << "PEM";
        QTest::newRow("TLS listener without keystore") << "listeners=SSL://:1\n"
                                                       << "ssl.keystore.location";
        QTest::newRow("bad client auth")
            << "listeners=SSL://:1\nssl.keystore.location=/k\nssl.client.auth=maybe\n"
            << "ssl.client.auth";
        QTest::newRow("bad allow.everyone")
            << "listeners=PLAINTEXT://:1\nallow.everyone.if.no.acl.found=yes\n"
            << "allow.everyone.if.no.acl.found";
    }
    void refused()
    {
        QFETCH(QString, text);
        QFETCH(QString, mentions);
        auto c = parse(text.toStdString());
        QVERIFY(!c.ok());
        QVERIFY2(c.error().message.find(mentions.toStdString()) != std::string::npos,
                 c.error().message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestSecurityConfig)
#include "test_security_config.moc"
