#include "engine/broker/config.h"
#include "engine/broker/properties.h"
#include "engine/broker/topic_config.h"

#include <QtTest>

using namespace runnel;
using namespace runnel::broker;

class TestBrokerConfig : public QObject
{
    Q_OBJECT
private slots:
    void propertiesSyntax_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("equals") << "a.b=c"
                                << "a.b"
                                << "c";
        QTest::newRow("colon") << "a.b: c"
                               << "a.b"
                               << "c";
        QTest::newRow("space") << "a.b c"
                               << "a.b"
                               << "c";
        QTest::newRow("spaces around") << "  a.b =  c  "
                                       << "a.b"
                                       << "c";
        QTest::newRow("continuation") << "a.b=one,\\\n    two"
                                      << "a.b"
                                      << "one,two";
        QTest::newRow("escaped colon in value") << "l=PLAINTEXT\\://x:1"
                                                << "l"
                                                << "PLAINTEXT://x:1";
        QTest::newRow("unicode escape") << "k=\\u0041"
                                        << "k"
                                        << "A";
        QTest::newRow("crlf") << "k=v\r\n"
                              << "k"
                              << "v";
        QTest::newRow("comment then key") << "# c\n! d\nk=v"
                                          << "k"
                                          << "v";
        QTest::newRow("empty value") << "k="
                                     << "k"
                                     << "";
    }
    void propertiesSyntax()
    {
        QFETCH(QString, text);
        QFETCH(QString, key);
        QFETCH(QString, value);
        Properties p = parseProperties(text.toStdString());
        QVERIFY(p.count(key.toStdString()));
        QCOMPARE(QString::fromStdString(p[key.toStdString()]), value);
    }

    void metricsListener_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port"); // -1: refused
        QTest::newRow("absent") << QString() << "" << -1;
        QTest::newRow("loopback") << "127.0.0.1:11001"
                                  << "127.0.0.1" << 11001;
        QTest::newRow("port only") << ":11002"
                                   << "127.0.0.1" << 11002;
        QTest::newRow("any port") << "127.0.0.1:0"
                                  << "127.0.0.1" << 0;
        QTest::newRow("no port") << "127.0.0.1"
                                 << "" << -1;
        QTest::newRow("bad port") << "127.0.0.1:http"
                                  << "" << -1;
        QTest::newRow("too large") << "127.0.0.1:70000"
                                   << "" << -1;
    }
    void metricsListener()
    {
        QFETCH(QString, value);
        QFETCH(QString, host);
        QFETCH(int, port);
        Properties p{
            {"node.id", "1"}, {"listeners", "PLAINTEXT://127.0.0.1:9092"}, {"log.dirs", "/tmp/x"}};
        if (!value.isNull())
            p["runnel.metrics.listener"] = value.toStdString();
        auto c = parseBrokerConfig(p);
        if (port < 0 && !value.isNull()) {
            QVERIFY(!c.ok());
            QVERIFY2(c.error().message.find("runnel.metrics.listener must be host:port")
                         != std::string::npos,
                     c.error().message.c_str());
            return;
        }
        QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
        QCOMPARE(c->config.metricsPort, port);
        QCOMPARE(QString::fromStdString(c->config.metricsHost), host);
    }

    void logDirsMaxBytes()
    {
        Properties p{
            {"node.id", "1"}, {"listeners", "PLAINTEXT://127.0.0.1:9092"}, {"log.dirs", "/tmp/x"}};
        auto unlimited = parseBrokerConfig(p);
        QVERIFY(unlimited.ok());
        QCOMPARE(unlimited->config.logDirsMaxBytes, int64_t(0));
        p["runnel.log.dirs.max.bytes"] = "1048576";
        auto limited = parseBrokerConfig(p);
        QVERIFY(limited.ok());
        QCOMPARE(limited->config.logDirsMaxBytes, int64_t(1048576));
        for (const char *bad : {"0", "-5", "lots", "1.5"}) {
            p["runnel.log.dirs.max.bytes"] = bad;
            auto refused = parseBrokerConfig(p);
            QVERIFY2(!refused.ok(), bad);
            QVERIFY2(refused.error().message.find("runnel.log.dirs.max.bytes") != std::string::npos,
                     refused.error().message.c_str());
        }
    }

    void minimalFileGivesBroker()
    {
        Properties p{
            {"node.id", "1"}, {"listeners", "PLAINTEXT://127.0.0.1:9092"}, {"log.dirs", "/tmp/x"}};
        auto c = parseBrokerConfig(p);
        QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
        QCOMPARE(c->config.nodeId, 1);
        QCOMPARE(c->config.listeners.size(), size_t(1));
        QCOMPARE(c->config.listeners[0].port, uint16_t(9092));
        QCOMPARE(c->config.advertisedListeners[0].host, std::string("127.0.0.1"));
        QVERIFY(!c->config.autoCreateTopicsEnable);
        QVERIFY(c->notes.empty());
    }

    void badOrMissingSettingsAreClearErrors_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no node id") << "node.id"
                                    << ""
                                    << "node.id";
        QTest::newRow("node id not a number") << "node.id"
                                              << "one"
                                              << "whole number";
        QTest::newRow("listener without port") << "listeners"
                                               << "PLAINTEXT://localhost"
                                               << "no port";
        QTest::newRow("unknown protocol") << "listeners"
                                          << "FOO://:1"
                                          << "security protocol";
        QTest::newRow("port out of range") << "listeners"
                                           << "PLAINTEXT://:70000"
                                           << "invalid port";
        QTest::newRow("retention not number") << "log.retention.hours"
                                              << "a week"
                                              << "whole number";
        QTest::newRow("bad cleanup policy") << "log.cleanup.policy"
                                            << "shred"
                                            << "delete, compact";
        QTest::newRow("no log dirs") << "log.dirs"
                                     << ""
                                     << "log.dirs";
    }
    void badOrMissingSettingsAreClearErrors()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        Properties p{
            {"node.id", "1"}, {"listeners", "PLAINTEXT://127.0.0.1:9092"}, {"log.dirs", "/tmp/x"}};
        if (value.isEmpty())
            p.erase(key.toStdString());
        else
            p[key.toStdString()] = value.toStdString();
        auto c = parseBrokerConfig(p);
        QVERIFY(!c.ok());
        QVERIFY2(c.error().message.find(expected.toStdString()) != std::string::npos,
                 c.error().message.c_str());
    }

    static Properties combinedModeFile()
    {
        return {
            {"process.roles", "broker,controller"},
            {"node.id", "2"},
            {"controller.quorum.voters", "1@127.0.0.1:19093,2@127.0.0.1:19094,3@127.0.0.1:19095"},
            {"listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:19094"},
            {"advertised.listeners", "PLAINTEXT://localhost:9092"},
            {"controller.listener.names", "CONTROLLER"},
            {"listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"},
            {"inter.broker.listener.name", "PLAINTEXT"},
            {"log.dirs", "/tmp/x"}};
    }

    void combinedModeFileAsKafkaWritesIt()
    {
        auto c = parseBrokerConfig(combinedModeFile());
        QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
        QVERIFY(c->config.cluster.has_value());
        const ClusterSettings &cs = *c->config.cluster;
        // The controller listener belongs to the quorum, not to the Kafka listeners.
        QCOMPARE(c->config.listeners.size(), size_t(1));
        QCOMPARE(c->config.listeners[0].name, std::string("PLAINTEXT"));
        QCOMPARE(c->config.advertisedListeners.size(), size_t(1));
        QCOMPARE(cs.controllerListener.port, uint16_t(19094));
        QCOMPARE(cs.interBrokerListenerName, std::string("PLAINTEXT"));
        QCOMPARE(cs.metadataLogDir, std::string("/tmp/x"));
        QCOMPARE(cs.brokerSessionTimeoutMs, int64_t(9000));
        QCOMPARE(cs.connectionLossMs, int64_t(500));
        QVERIFY(c->notes.empty());
        Properties off = combinedModeFile();
        off["runnel.broker.connection.loss.ms"] = "0";
        auto withoutLossRule = parseBrokerConfig(off);
        QVERIFY(withoutLossRule.ok());
        QCOMPARE(withoutLossRule->config.cluster->connectionLossMs, int64_t(0));
    }

    void brokerOnlyMemberOutsideTheVoters()
    {
        Properties p = combinedModeFile();
        p["process.roles"] = "broker";
        p["node.id"] = "4";
        p["listeners"] = "PLAINTEXT://127.0.0.1:9095,CONTROLLER://127.0.0.1:19096";
        auto c = parseBrokerConfig(p);
        QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
        QVERIFY(c->config.cluster->brokerOnly);
        QCOMPARE(c->config.cluster->controllerListener.port, uint16_t(19096));
        QCOMPARE(c->config.listeners.size(), size_t(1));
        QVERIFY(!parseBrokerConfig(combinedModeFile())->config.cluster->brokerOnly);
    }

    void singleBrokerFileHasNoCluster()
    {
        Properties p{
            {"node.id", "1"}, {"listeners", "PLAINTEXT://127.0.0.1:9092"}, {"log.dirs", "/tmp/x"}};
        auto c = parseBrokerConfig(p);
        QVERIFY(c.ok());
        QVERIFY(!c->config.cluster.has_value());
    }

    void badCombinedModeSettingsAreClearErrors_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("broker only but a voter") << "process.roles"
                                                 << "broker"
                                                 << "must not be a voter";
        QTest::newRow("controller only") << "process.roles"
                                         << "controller"
                                         << "or broker (a broker-only member)";
        QTest::newRow("not a voter") << "node.id"
                                     << "7"
                                     << "not among controller.quorum.voters";
        QTest::newRow("bad voters") << "controller.quorum.voters"
                                    << "1@127.0.0.1"
                                    << "id@host:port";
        QTest::newRow("no controller listener names") << "controller.listener.names"
                                                      << ""
                                                      << "controller.listener.names is missing";
        QTest::newRow("controller listener not listed") << "listeners"
                                                        << "PLAINTEXT://127.0.0.1:9092"
                                                        << "which is not in listeners";
        QTest::newRow("voter port differs") << "listeners"
                                            << "PLAINTEXT://127.0.0.1:9092,CONTROLLER://:19999"
                                            << "controller.quorum.voters gives node 2 port 19094";
        QTest::newRow("unknown inter-broker listener") << "inter.broker.listener.name"
                                                       << "INTERNAL"
                                                       << "which is not in listeners";
        QTest::newRow("heartbeat longer than session") << "broker.heartbeat.interval.ms"
                                                       << "20000"
                                                       << "smaller than broker.session.timeout.ms";
        QTest::newRow("negative connection loss") << "runnel.broker.connection.loss.ms"
                                                  << "-1"
                                                  << "runnel.broker.connection.loss.ms";
    }
    void badCombinedModeSettingsAreClearErrors()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        Properties p = combinedModeFile();
        if (value.isEmpty())
            p.erase(key.toStdString());
        else
            p[key.toStdString()] = value.toStdString();
        auto c = parseBrokerConfig(p);
        QVERIFY(!c.ok());
        QVERIFY2(c.error().message.find(expected.toStdString()) != std::string::npos,
                 c.error().message.c_str());
    }

    void misspelledKeyGetsHint()
    {
        Properties p{{"node.id", "1"},
                     {"listeners", "PLAINTEXT://127.0.0.1:9092"},
                     {"log.dirs", "/tmp/x"},
                     {"log.retention.hour", "5"}};
        auto c = parseBrokerConfig(p);
        QVERIFY(!c.ok());
        QVERIFY2(c.error().message.find("did you mean 'log.retention.hours'") != std::string::npos,
                 c.error().message.c_str());
    }

    void unusedKafkaKeysAreIgnoredNotFatal()
    {
        Properties p{{"node.id", "1"},
                     {"listeners", "PLAINTEXT://127.0.0.1:9092"},
                     {"log.dirs", "/tmp/x"},
                     {"num.network.threads", "3"},
                     {"totally.custom.plugin.setting", "x"}};
        auto c = parseBrokerConfig(p);
        QVERIFY(c.ok());
        QCOMPARE(c->notes.size(), size_t(2));
    }

    void brokerDefaultsFlowIntoTopics()
    {
        Properties p{{"node.id", "1"},
                     {"listeners", "PLAINTEXT://127.0.0.1:9092"},
                     {"log.dirs", "/tmp/x"},
                     {"log.retention.hours", "1"},
                     {"log.segment.bytes", "1048576"}};
        auto c = parseBrokerConfig(p);
        QVERIFY(c.ok());
        auto cfg = toLogConfig(c->config.topicDefaults, {{"retention.ms", "5000"}});
        QCOMPARE(cfg.retentionMs, int64_t(5000));
        QCOMPARE(cfg.segmentBytes, int64_t(1048576));
        auto cfg2 = toLogConfig(c->config.topicDefaults, {});
        QCOMPARE(cfg2.retentionMs, int64_t(3600000));
        QCOMPARE(c->config.topicDefaults.at("retention.ms").source,
                 ConfigSource::StaticBrokerConfig);
        QCOMPARE(c->config.topicDefaults.at("cleanup.policy").source, ConfigSource::DefaultConfig);
    }

    void topicConfigValidation_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        QTest::newRow("compact") << "cleanup.policy"
                                 << "compact" << true;
        QTest::newRow("both") << "cleanup.policy"
                              << "compact,delete" << true;
        QTest::newRow("bad policy") << "cleanup.policy"
                                    << "keep" << false;
        QTest::newRow("retention forever") << "retention.ms"
                                           << "-1" << true;
        QTest::newRow("retention junk") << "retention.ms"
                                        << "1d" << false;
        QTest::newRow("timestamp type") << "message.timestamp.type"
                                        << "LogAppendTime" << true;
        QTest::newRow("bad ts type") << "message.timestamp.type"
                                     << "Now" << false;
        QTest::newRow("unknown key") << "retention.msec"
                                     << "1" << false;
        QTest::newRow("ratio") << "min.cleanable.dirty.ratio"
                               << "1.5" << false;
        QTest::newRow("zstd") << "compression.type"
                              << "zstd" << true;
    }
    void topicConfigValidation()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(bool, valid);
        QCOMPARE(validateTopicConfig(name.toStdString(), value.toStdString()).ok(), valid);
    }
};

QTEST_GUILESS_MAIN(TestBrokerConfig)
#include "test_config.moc"
