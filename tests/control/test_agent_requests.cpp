// Agent requests that need no broker process: validation sentences and codes, audit
// records of refused mutating calls, unknown operations, the ApiVersions probe's bytes
// and runnelctl's table layout.

#include "engine/control/agent.h"
#include "engine/control/ctlformat.h"
#include "engine/control/kafkaprobe.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace runnel::control;

class TestAgentRequests : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void refusedCreates_data();
    void refusedCreates();
    void readsAreNotAudited();
    void unknownOperationNamesTheKnownOnes();
    void missingClusterIsNotFound();
    void configurationsRefuseAgentOwnedKeys();
    void metricCallsAuditOnlyMutations();
    void apiVersionsRequestBytes();
    void tableColumnsAlign();
    void storageRequestsRefused();
    void brokerPropertiesPerClusterSize_data();
    void brokerPropertiesPerClusterSize();
    void brokerOnlyMemberProperties();
    void quorumKeysAreTheAgents();
    void shrinkRefusals_data();
    void shrinkRefusals();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Agent> m_agent;
};

void TestAgentRequests::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    // No runneld: these requests must never need one.
    m_agent = std::make_unique<Agent>(Agent::Options{m_dir->path(), QString(), 39092});
    const auto started = m_agent->start();
    QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().message));
}

void TestAgentRequests::cleanup()
{
    m_agent.reset();
    m_dir.reset();
}

void TestAgentRequests::refusedCreates_data()
{
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("ten brokers")
        << QJsonObject{{QStringLiteral("ClusterName"), QStringLiteral("big")},
                       {QStringLiteral("NumberOfBrokerNodes"), 10}}
        << QStringLiteral("BadRequestException")
        << QStringLiteral("A cluster has 1 to 9 brokers on one machine (you asked for 10).");
    QTest::newRow("zero brokers") << QJsonObject{{QStringLiteral("ClusterName"),
                                                  QStringLiteral("z")},
                                                 {QStringLiteral("NumberOfBrokerNodes"), 0}}
                                  << QStringLiteral("BadRequestException")
                                  << QStringLiteral("positive whole number");
    const auto ebs = [](QJsonObject size) {
        return QJsonObject{{QStringLiteral("ClusterName"), QStringLiteral("v")},
                           {QStringLiteral("BrokerNodeGroupInfo"),
                            QJsonObject{{QStringLiteral("StorageInfo"),
                                         QJsonObject{{QStringLiteral("EbsStorageInfo"), size}}}}}};
    };
    QTest::newRow("volume zero") << ebs({{QStringLiteral("VolumeSize"), 0}})
                                 << QStringLiteral("BadRequestException")
                                 << QStringLiteral(
                                        "VolumeSize must be a whole number from 1 to 16384");
    QTest::newRow("volume fraction")
        << ebs({{QStringLiteral("VolumeSizeMiB"), 1.5}}) << QStringLiteral("BadRequestException")
        << QStringLiteral("VolumeSizeMiB must be a whole number");
    QTest::newRow("volume text") << ebs({{QStringLiteral("VolumeSize"), QStringLiteral("10")}})
                                 << QStringLiteral("BadRequestException")
                                 << QStringLiteral("VolumeSize must be a whole number");
    QTest::newRow("volume both") << ebs(
        {{QStringLiteral("VolumeSize"), 1}, {QStringLiteral("VolumeSizeMiB"), 1}})
                                 << QStringLiteral("BadRequestException")
                                 << QStringLiteral("not both");
    QTest::newRow("owned size key")
        << QJsonObject{{QStringLiteral("ClusterName"), QStringLiteral("k")},
                       {QStringLiteral("ServerProperties"),
                        QStringLiteral("runnel.log.dirs.max.bytes=1000\n")}}
        << QStringLiteral("BadRequestException") << QStringLiteral("UpdateBrokerStorage instead");
    QTest::newRow("no name") << QJsonObject{} << QStringLiteral("BadRequestException")
                             << QStringLiteral("1 to 64 letters");
    QTest::newRow("bad name") << QJsonObject{{QStringLiteral("ClusterName"), QStringLiteral("a b")}}
                              << QStringLiteral("BadRequestException")
                              << QStringLiteral("\"a b\" does not");
}

void TestAgentRequests::refusedCreates()
{
    QFETCH(QJsonObject, params);
    QFETCH(QString, code);
    QFETCH(QString, sentence);
    const QJsonObject reply
        = m_agent->handle(QStringLiteral("CreateClusterV2"), params, QStringLiteral("uid:7"));
    QCOMPARE(reply.value(QStringLiteral("ok")).toBool(), false);
    const QJsonObject error = reply.value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("code")).toString(), code);
    QVERIFY2(error.value(QStringLiteral("message")).toString().contains(sentence),
             qPrintable(error.value(QStringLiteral("message")).toString()));
    QVERIFY(m_agent->catalog().clusters().isEmpty());

    const auto events = m_agent->catalog().auditEvents({});
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().operation, QStringLiteral("CreateClusterV2"));
    QCOMPARE(events.first().caller, QStringLiteral("uid:7"));
    QCOMPARE(events.first().result, code);
    QCOMPARE(events.first().parameters, params);
}

// Storage calls on a cluster that exists in the catalog (no runneld needed: every one of
// these is refused before a broker would be touched).
void TestAgentRequests::storageRequestsRefused()
{
    ClusterRecord c;
    c.arn = QStringLiteral("arn:runnel:kafka:local:cluster/s/1");
    c.name = QStringLiteral("s");
    c.state = ClusterState::Active;
    c.createdAt = QDateTime::currentDateTimeUtc();
    c.dataDir = m_dir->filePath(QStringLiteral("s"));
    c.volumeSizeMiB = 2048;
    QVERIFY(const_cast<Catalog &>(m_agent->catalog()).insertCluster(c).ok());
    const auto call = [this](const QString &op, QJsonObject params) {
        params.insert(QStringLiteral("ClusterName"), QStringLiteral("s"));
        return m_agent->handle(op, params, QStringLiteral("uid:7"));
    };
    const auto target = [](QJsonObject t) {
        return QJsonObject{{QStringLiteral("TargetBrokerEBSVolumeInfo"), QJsonArray{t}}};
    };
    const auto message = [](const QJsonObject &reply) {
        return reply.value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("message"))
            .toString();
    };
    const struct
    {
        QString op;
        QJsonObject params;
        QString sentence;
    } refused[] = {
        {QStringLiteral("UpdateBrokerStorage"),
         target({{QStringLiteral("KafkaBrokerNodeId"), QStringLiteral("ALL")},
                 {QStringLiteral("VolumeSizeGB"), 1}}),
         QStringLiteral("MSK never shrinks")},
        {QStringLiteral("UpdateBrokerStorage"),
         target({{QStringLiteral("KafkaBrokerNodeId"), QStringLiteral("ALL")},
                 {QStringLiteral("VolumeSizeGB"), 2}}),
         QStringLiteral("already have 2 GiB each")},
        {QStringLiteral("UpdateBrokerStorage"),
         target({{QStringLiteral("KafkaBrokerNodeId"), QStringLiteral("1")},
                 {QStringLiteral("VolumeSizeGB"), 3}}),
         QStringLiteral("must be ALL")},
        {QStringLiteral("UpdateBrokerStorage"),
         target({{QStringLiteral("KafkaBrokerNodeId"), QStringLiteral("ALL")}}),
         QStringLiteral("needs VolumeSizeGB")},
        {QStringLiteral("UpdateBrokerStorage"),
         QJsonObject{},
         QStringLiteral("a list of one entry")},
        {QStringLiteral("PutStorageAutoScaling"),
         QJsonObject{{QStringLiteral("TargetUtilization"), 5}},
         QStringLiteral("from 10 to 80")},
        {QStringLiteral("PutStorageAutoScaling"),
         QJsonObject{{QStringLiteral("TargetUtilization"), 60},
                     {QStringLiteral("MaxVolumeSizeMiB"), 1024}},
         QStringLiteral("must be larger than the brokers' current 2 GiB")},
        {QStringLiteral("DeleteStorageAutoScaling"),
         QJsonObject{},
         QStringLiteral("no storage "
                        "auto-scaling")},
    };
    for (const auto &r : refused) {
        const QJsonObject reply = call(r.op, r.params);
        QVERIFY2(!reply.value(QStringLiteral("ok")).toBool(), qPrintable(r.sentence));
        QVERIFY2(message(reply).contains(r.sentence), qPrintable(message(reply)));
    }
    QCOMPARE(m_agent->catalog().clusterByName(QStringLiteral("s"))->volumeSizeMiB, qint64(2048));
    // Each refusal is audited under the cluster it named.
    AuditQuery q;
    q.clusterArn = c.arn;
    QCOMPARE(m_agent->catalog().auditEvents(q).size(), qsizetype(std::size(refused)));

    // A policy round trip: put, describe, delete.
    QJsonObject put
        = call(QStringLiteral("PutStorageAutoScaling"),
               {{QStringLiteral("TargetUtilization"), 60}, {QStringLiteral("MaxVolumeSize"), 4}});
    QVERIFY2(put.value(QStringLiteral("ok")).toBool(), qPrintable(message(put)));
    const QJsonObject described = call(QStringLiteral("DescribeStorageAutoScaling"), {})
                                      .value(QStringLiteral("result"))
                                      .toObject();
    QCOMPARE(described.value(QStringLiteral("Enabled")).toBool(), true);
    QCOMPARE(described.value(QStringLiteral("TargetUtilization")).toInt(), 60);
    QCOMPARE(described.value(QStringLiteral("MaxVolumeSizeMiB")).toInteger(), 4096);
    QCOMPARE(described.value(QStringLiteral("MaxVolumeSize")).toInteger(), 4);
    QVERIFY(
        call(QStringLiteral("DeleteStorageAutoScaling"), {}).value(QStringLiteral("ok")).toBool());
    QCOMPARE(call(QStringLiteral("DescribeStorageAutoScaling"), {})
                 .value(QStringLiteral("result"))
                 .toObject()
                 .value(QStringLiteral("Enabled"))
                 .toBool(),
             false);
}

void TestAgentRequests::readsAreNotAudited()
{
    for (const char *op : {"ListClustersV2", "ListAuditEvents"}) {
        const QJsonObject reply = m_agent->handle(QLatin1String(op), {}, QStringLiteral("uid:7"));
        QVERIFY2(reply.value(QStringLiteral("ok")).toBool(), op);
    }
    QVERIFY(m_agent->catalog().auditEvents({}).isEmpty());
}

void TestAgentRequests::unknownOperationNamesTheKnownOnes()
{
    const QJsonObject reply
        = m_agent->handle(QStringLiteral("CreateCluster"), {}, QStringLiteral("uid:7"));
    const QString message = reply.value(QStringLiteral("error"))
                                .toObject()
                                .value(QStringLiteral("message"))
                                .toString();
    QVERIFY(message.contains(QStringLiteral("CreateClusterV2")));
}

void TestAgentRequests::missingClusterIsNotFound()
{
    for (const char *op :
         {"DescribeClusterV2", "ListNodes", "GetBootstrapBrokers", "DeleteCluster"}) {
        const QJsonObject reply
            = m_agent->handle(QLatin1String(op),
                              {{QStringLiteral("ClusterName"), QStringLiteral("ghost")}},
                              QStringLiteral("uid:7"));
        QCOMPARE(reply.value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("NotFoundException"));
    }
    const QJsonObject reboot
        = m_agent->handle(QStringLiteral("RebootBroker"), {}, QStringLiteral("uid:7"));
    QCOMPARE(
        reboot.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
        QStringLiteral("BadRequestException"));
}

void TestAgentRequests::configurationsRefuseAgentOwnedKeys()
{
    const auto call = [this](const char *op, const QJsonObject &params) {
        return m_agent->handle(QLatin1String(op), params, QStringLiteral("uid:7"));
    };
    const QJsonObject refused = call("CreateConfiguration",
                                     {{QStringLiteral("Name"), QStringLiteral("app")},
                                      {QStringLiteral("ServerProperties"),
                                       QStringLiteral("num.partitions=3\nlog.dirs=/elsewhere\n")}});
    QCOMPARE(refused.value(QStringLiteral("ok")).toBool(), false);
    QVERIFY(refused.value(QStringLiteral("error"))
                .toObject()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QStringLiteral("log.dirs is set by the agent")));

    const QJsonObject created
        = call("CreateConfiguration",
               {{QStringLiteral("Name"), QStringLiteral("app")},
                {QStringLiteral("ServerProperties"), QStringLiteral("num.partitions=3\n")}});
    QVERIFY(created.value(QStringLiteral("ok")).toBool());
    const QJsonObject again = call("CreateConfiguration",
                                   {{QStringLiteral("Name"), QStringLiteral("app")},
                                    {QStringLiteral("ServerProperties"), QString()}});
    QCOMPARE(
        again.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
        QStringLiteral("ConflictException"));
    const QJsonObject noRevision
        = call("DescribeConfigurationRevision",
               {{QStringLiteral("Name"), QStringLiteral("app")}, {QStringLiteral("Revision"), 9}});
    QVERIFY(noRevision.value(QStringLiteral("error"))
                .toObject()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QStringLiteral("has no revision 9; its latest is 1")));

    const auto events = m_agent->catalog().auditEvents({});
    QCOMPARE(events.size(), 3); // the describe is a read
    QCOMPARE(events.at(0).result, QStringLiteral("BadRequestException"));
    QCOMPARE(events.at(1).result, QStringLiteral("Success"));
    QCOMPARE(events.at(2).result, QStringLiteral("ConflictException"));
}

void TestAgentRequests::metricCallsAuditOnlyMutations()
{
    const QString caller = QStringLiteral("uid:9");
    const QJsonObject refused
        = m_agent->handle(QStringLiteral("PutMetricAlarm"),
                          {{QStringLiteral("AlarmName"), QStringLiteral("lag")},
                           {QStringLiteral("MetricName"), QStringLiteral("SumOffsetLag")},
                           {QStringLiteral("Statistic"), QStringLiteral("Average")},
                           {QStringLiteral("Period"), 60},
                           {QStringLiteral("EvaluationPeriods"), 1},
                           {QStringLiteral("Threshold"), 10},
                           {QStringLiteral("ComparisonOperator"), QStringLiteral("Bigger")}},
                          caller);
    QCOMPARE(refused.value(QStringLiteral("ok")).toBool(), false);
    const QJsonObject read = m_agent->handle(QStringLiteral("GetMetricData"), {}, caller);
    QCOMPARE(
        read.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
        QStringLiteral("BadRequestException"));
    (void)m_agent->handle(QStringLiteral("ListMetrics"), {}, caller);
    (void)m_agent->handle(QStringLiteral("DescribeAlarms"), {}, caller);
    // The topic figures of a cluster that does not exist: NotFound, and only a read.
    const QJsonObject topics
        = m_agent->handle(QStringLiteral("GetLatestTopicMetrics"),
                          {{QStringLiteral("ClusterName"), QStringLiteral("none")}},
                          caller);
    QCOMPARE(
        topics.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
        QStringLiteral("NotFoundException"));
    const QJsonObject monitoring
        = m_agent->handle(QStringLiteral("UpdateMonitoring"),
                          {{QStringLiteral("ClusterName"), QStringLiteral("none")},
                           {QStringLiteral("EnhancedMonitoring"), QStringLiteral("PER_BROKER")}},
                          caller);
    QCOMPARE(monitoring.value(QStringLiteral("error"))
                 .toObject()
                 .value(QStringLiteral("code"))
                 .toString(),
             QStringLiteral("NotFoundException"));
    const auto events = m_agent->catalog().auditEvents({});
    QStringList operations;
    for (const AuditEvent &e : events) {
        operations << e.operation;
        QCOMPARE(e.caller, caller);
    }
    QCOMPARE(operations,
             (QStringList{QStringLiteral("PutMetricAlarm"), QStringLiteral("UpdateMonitoring")}));
    QCOMPARE(events.first().result, QStringLiteral("BadRequestException"));
    QVERIFY(events.first().message.contains(QStringLiteral("ComparisonOperator is one of")));
}

void TestAgentRequests::apiVersionsRequestBytes()
{
    const QByteArray frame = KafkaProbe::apiVersionsRequest(0x01020304);
    const QByteArray expected = QByteArray::fromHex("00000016" // size 22
                                                    "0012"     // ApiVersions
                                                    "0000"     // version 0
                                                    "01020304" // correlation id
                                                    "000c")    // client id length
                                + QByteArrayLiteral("runnel-agent");
    QCOMPARE(frame.toHex(), expected.toHex());
}

void TestAgentRequests::tableColumnsAlign()
{
    const QString table = formatTable({QStringLiteral("NAME"), QStringLiteral("STATE")},
                                      {{QStringLiteral("orders"), QStringLiteral("ACTIVE")},
                                       {QStringLiteral("a"), QStringLiteral("HEALING")}});
    QCOMPARE(table,
             QStringLiteral("NAME    STATE\n"
                            "orders  ACTIVE\n"
                            "a       HEALING\n"));
}

void TestAgentRequests::brokerPropertiesPerClusterSize_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<QString>("configuration");
    QTest::addColumn<QString>("securityProperties");
    QTest::addColumn<QStringList>("present");
    QTest::addColumn<QStringList>("absent");
    QTest::newRow("one broker keeps the single-broker form")
        << 1 << QString() << QString()
        << QStringList{QStringLiteral("listeners=PLAINTEXT://127.0.0.1:9092\n")}
        << QStringList{QStringLiteral("process.roles"),
                       QStringLiteral("controller.quorum.voters"),
                       QStringLiteral("CONTROLLER")};
    QTest::newRow("three brokers: combined mode and safe defaults")
        << 3 << QString() << QString()
        << QStringList{QStringLiteral("process.roles=broker,controller\n"),
                       QStringLiteral("controller.quorum.voters=1@127.0.0.1:19092,"
                                      "2@127.0.0.1:19093,3@127.0.0.1:19094\n"),
                       QStringLiteral("listeners=PLAINTEXT://127.0.0.1:9093,"
                                      "CONTROLLER://127.0.0.1:19093\n"),
                       QStringLiteral("advertised.listeners=PLAINTEXT://127.0.0.1:9093\n"),
                       QStringLiteral("controller.listener.names=CONTROLLER\n"),
                       QStringLiteral("listener.security.protocol.map=PLAINTEXT:PLAINTEXT,"
                                      "CONTROLLER:PLAINTEXT\n"),
                       QStringLiteral("inter.broker.listener.name=PLAINTEXT\n"),
                       QStringLiteral("default.replication.factor=3\n"),
                       QStringLiteral("min.insync.replicas=2\n"),
                       QStringLiteral("unclean.leader.election.enable=false\n")}
        << QStringList{};
    QTest::newRow("the configuration's own choice wins")
        << 3 << QStringLiteral("min.insync.replicas=1\n") << QString()
        << QStringList{QStringLiteral("min.insync.replicas=1\n"),
                       QStringLiteral("default.replication.factor=3\n")}
        << QStringList{QStringLiteral("min.insync.replicas=2")};
    QTest::newRow("two brokers: no RF 3 default")
        << 2 << QString() << QString()
        << QStringList{QStringLiteral("process.roles=broker,controller\n")}
        << QStringList{QStringLiteral("default.replication.factor"),
                       QStringLiteral("min.insync.replicas")};
    QTest::newRow("TLS: the quorum listener joins the protocol map as plaintext")
        << 3 << QString()
        << QStringLiteral("listener.security.protocol.map=CLIENT_SECURE:SSL,RUNNEL_AGENT:SSL\n")
        << QStringList{QStringLiteral("listener.security.protocol.map=CLIENT_SECURE:SSL,"
                                      "RUNNEL_AGENT:SSL,CONTROLLER:PLAINTEXT\n"),
                       QStringLiteral("inter.broker.listener.name=CLIENT_SECURE\n")}
        << QStringList{QStringLiteral("PLAINTEXT:PLAINTEXT")};
}

void TestAgentRequests::brokerPropertiesPerClusterSize()
{
    QFETCH(int, size);
    QFETCH(QString, configuration);
    QFETCH(QString, securityProperties);
    QFETCH(QStringList, present);
    QFETCH(QStringList, absent);
    BrokerSpec spec;
    spec.clusterArn = QStringLiteral("arn:runnel:kafka:local:cluster/c/x");
    spec.nodeId = BrokerId{size == 1 ? 1 : 2};
    spec.port = size == 1 ? 9092 : 9093;
    spec.brokerDir = QStringLiteral("/tmp/c/broker-2");
    spec.configuration = configuration;
    spec.securityProperties = securityProperties;
    if (!securityProperties.isEmpty())
        spec.listeners = QStringLiteral("CLIENT_SECURE://127.0.0.1:9095,"
                                        "RUNNEL_AGENT://127.0.0.1:9096");
    if (size > 1) {
        QStringList voters;
        for (int i = 1; i <= size; ++i)
            voters << QStringLiteral("%1@127.0.0.1:%2").arg(i).arg(19091 + i);
        spec.quorumVoters = voters.join(QLatin1Char(','));
        spec.controllerPort = 19093;
        spec.clusterSize = size;
    }
    const QString text = Supervisor::renderProperties(spec);
    for (const QString &line : present)
        QVERIFY2(text.contains(line), qPrintable(line + QStringLiteral(" in:\n") + text));
    for (const QString &word : absent)
        QVERIFY2(!text.contains(word), qPrintable(word + QStringLiteral(" not in:\n") + text));
}

// A broker added by UpdateBrokerCount: process.roles=broker, the voters it joins (not
// itself), and its own CONTROLLER listener for broker-to-broker traffic.
void TestAgentRequests::brokerOnlyMemberProperties()
{
    BrokerSpec spec;
    spec.clusterArn = QStringLiteral("arn:runnel:kafka:local:cluster/c/x");
    spec.nodeId = BrokerId{4};
    spec.port = 9095;
    spec.brokerDir = QStringLiteral("/tmp/c/broker-4");
    spec.quorumVoters = QStringLiteral("1@127.0.0.1:19092,2@127.0.0.1:19093,3@127.0.0.1:19094");
    spec.controllerPort = 19095;
    spec.clusterSize = 4;
    spec.brokerOnly = true;
    const QString text = Supervisor::renderProperties(spec);
    for (const QString &line :
         {QStringLiteral("process.roles=broker\n"),
          QStringLiteral("node.id=4\n"),
          QStringLiteral("controller.quorum.voters=1@127.0.0.1:19092,2@127.0.0.1:19093,"
                         "3@127.0.0.1:19094\n"),
          QStringLiteral("listeners=PLAINTEXT://127.0.0.1:9095,CONTROLLER://127.0.0.1:19095\n"),
          QStringLiteral("controller.listener.names=CONTROLLER\n")})
        QVERIFY2(text.contains(line), qPrintable(line + QStringLiteral(" in:\n") + text));
    QVERIFY(!text.contains(QStringLiteral("process.roles=broker,controller")));
}

void TestAgentRequests::quorumKeysAreTheAgents()
{
    for (const char *key :
         {"process.roles", "controller.quorum.voters", "controller.listener.names"}) {
        const QJsonObject refused = m_agent->handle(
            QStringLiteral("CreateConfiguration"),
            {{QStringLiteral("Name"), QStringLiteral("q")},
             {QStringLiteral("ServerProperties"), QLatin1String(key) + QStringLiteral("=x\n")}},
            QStringLiteral("uid:7"));
        QVERIFY(refused.value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .startsWith(QLatin1String(key) + QStringLiteral(" is set by the agent")));
    }
    const QJsonObject grow = m_agent->handle(QStringLiteral("UpdateBrokerCount"),
                                             {{QStringLiteral("ClusterName"), QStringLiteral("n")},
                                              {QStringLiteral("TargetNumberOfBrokerNodes"), 4}},
                                             QStringLiteral("uid:7"));
    QCOMPARE(
        grow.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
        QStringLiteral("NotFoundException"));
}

// UpdateBrokerCount to fewer brokers on a 5-broker cluster (3 voters, 4 and 5 added) that
// exists only in the catalog: what is refused before any broker is asked, and that nothing
// changes when the brokers cannot be asked.
void TestAgentRequests::shrinkRefusals_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<int>("target");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("below the voters")
        << QStringLiteral("ACTIVE") << 2 << QStringLiteral("BadRequestException")
        << QStringLiteral("Cluster five can shrink to 3 brokers at the fewest (you asked for 2): "
                          "the 3 brokers cluster five was created with run its metadata quorum "
                          "and stay.");
    QTest::newRow("the same count")
        << QStringLiteral("ACTIVE") << 5 << QStringLiteral("BadRequestException")
        << QStringLiteral("Cluster five already has 5 brokers.");
    QTest::newRow("not active") << QStringLiteral("UPDATING") << 4
                                << QStringLiteral("ConflictException")
                                << QStringLiteral("Cluster five is UPDATING; brokers can be "
                                                  "removed only while it is ACTIVE.");
    QTest::newRow("no broker to ask")
        << QStringLiteral("ACTIVE") << 3 << QStringLiteral("ConflictException")
        << QStringLiteral("The brokers of cluster five could not be asked about their topics (no "
                          "broker of the cluster is running); nothing was changed");
}

void TestAgentRequests::shrinkRefusals()
{
    QFETCH(QString, state);
    QFETCH(int, target);
    QFETCH(QString, code);
    QFETCH(QString, sentence);
    auto &catalog = const_cast<Catalog &>(m_agent->catalog());
    ClusterRecord c;
    c.arn = QStringLiteral("arn:runnel:kafka:local:cluster/five/1");
    c.name = QStringLiteral("five");
    c.brokerCount = 5;
    c.state = state == QStringLiteral("ACTIVE") ? ClusterState::Active : ClusterState::Updating;
    c.createdAt = QDateTime::currentDateTimeUtc();
    c.dataDir = m_dir->filePath(QStringLiteral("clusters/five"));
    QVERIFY(catalog.insertCluster(c).ok());
    for (int id = 1; id <= 5; ++id) {
        BrokerRecord b;
        b.clusterArn = c.arn;
        b.nodeId = BrokerId{id};
        b.port = static_cast<quint16>(39100 + id);
        b.controllerPort = static_cast<quint16>(49100 + id);
        b.brokerOnly = id > 3;
        b.state = BrokerState::Stopped;
        QVERIFY(catalog.upsertBroker(b).ok());
    }
    const QJsonObject params{{QStringLiteral("ClusterName"), c.name},
                             {QStringLiteral("TargetNumberOfBrokerNodes"), target}};
    QJsonObject reply;
    m_agent->handleAsync(QStringLiteral("UpdateBrokerCount"),
                         params,
                         QStringLiteral("uid:7"),
                         [&reply](const QJsonObject &r) { reply = r; });
    QTRY_VERIFY(!reply.isEmpty());
    QCOMPARE(reply.value(QStringLiteral("ok")).toBool(), false);
    const QJsonObject error = reply.value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("code")).toString(), code);
    QVERIFY2(error.value(QStringLiteral("message")).toString().startsWith(sentence),
             qPrintable(error.value(QStringLiteral("message")).toString()));
    // Nothing changed: five brokers, no operation, the refusal audited under the cluster.
    QCOMPARE(m_agent->catalog().cluster(c.arn)->brokerCount, 5);
    QCOMPARE(m_agent->catalog().brokers(c.arn).size(), qsizetype(5));
    QVERIFY(m_agent->catalog().operations(c.arn).isEmpty());
    AuditQuery q;
    q.clusterArn = c.arn;
    const auto events = m_agent->catalog().auditEvents(q);
    QCOMPARE(events.size(), qsizetype(1));
    QCOMPARE(events.first().operation, QStringLiteral("UpdateBrokerCount"));
    QCOMPARE(events.first().result, code);
}

QTEST_GUILESS_MAIN(TestAgentRequests)
#include "test_agent_requests.moc"
