// Every model of ui/models under QAbstractItemModelTester, fed with the agent's JSON
// shapes through the update sequences the console produces (rows added, changed,
// reordered and removed), and what a user reads in the cells.

#include "ui/models/auditmodel.h"
#include "ui/models/brokerlogmodel.h"
#include "ui/models/brokermodel.h"
#include "ui/models/clusterlistmodel.h"
#include "ui/models/clustersettingsmodel.h"
#include "ui/models/operationmodel.h"

#include <QAbstractItemModelTester>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace runnel::ui;

namespace {

QJsonObject cluster(const QString &name, const QString &state, int brokers = 1)
{
    return {{QStringLiteral("ClusterArn"),
             QStringLiteral("arn:runnel:kafka:local:cluster/%1/uuid").arg(name)},
            {QStringLiteral("ClusterName"), name},
            {QStringLiteral("State"), state},
            {QStringLiteral("Provisioned"),
             QJsonObject{{QStringLiteral("NumberOfBrokerNodes"), brokers}}},
            {QStringLiteral("BootstrapBrokerString"), QStringLiteral("127.0.0.1:9092")}};
}

QJsonObject node(int id, const QString &state, qint64 pid, const QJsonObject &metrics = {})
{
    QJsonObject info{{QStringLiteral("BrokerId"), id},
                     {QStringLiteral("Port"), 9091 + id},
                     {QStringLiteral("Pid"), pid},
                     {QStringLiteral("State"), state},
                     {QStringLiteral("Restarts"), 0},
                     {QStringLiteral("LogFile"), QStringLiteral("/tmp/broker.log")}};
    if (!metrics.isEmpty())
        info.insert(QStringLiteral("Metrics"), metrics);
    return {{QStringLiteral("NodeType"), QStringLiteral("BROKER")},
            {QStringLiteral("BrokerNodeInfo"), info}};
}

QJsonObject operation(const QString &arn,
                      const QString &type,
                      const QString &state,
                      const QJsonArray &steps = {})
{
    return {{QStringLiteral("OperationArn"), arn},
            {QStringLiteral("OperationType"), type},
            {QStringLiteral("OperationState"), state},
            {QStringLiteral("CreationTime"), QStringLiteral("2026-11-25T10:00:00.000Z")},
            {QStringLiteral("OperationSteps"), steps}};
}

QJsonObject step(const QString &name, const QString &status, int progress)
{
    return {{QStringLiteral("StepName"), name},
            {QStringLiteral("StepInfo"), QJsonObject{{QStringLiteral("StepStatus"), status}}},
            {QStringLiteral("Progress"), progress}};
}

QJsonObject auditEvent(int id,
                       const QString &op,
                       const QString &cluster,
                       const QString &result,
                       const QString &message = {})
{
    return {{QStringLiteral("EventId"), id},
            {QStringLiteral("EventTime"), QStringLiteral("2026-11-25T10:00:0%1.000Z").arg(id % 10)},
            {QStringLiteral("Caller"), QStringLiteral("uid:1000")},
            {QStringLiteral("Operation"), op},
            {QStringLiteral("ClusterArn"),
             QStringLiteral("arn:runnel:kafka:local:cluster/%1/uuid").arg(cluster)},
            {QStringLiteral("Parameters"), QJsonObject{{QStringLiteral("ClusterName"), cluster}}},
            {QStringLiteral("Result"), result},
            {QStringLiteral("Message"), message}};
}

} // namespace

class TestModels : public QObject
{
    Q_OBJECT

private slots:
    void clusterListUpdatesInPlace();
    void brokerModelShowsMetricsOrADash();
    void operationsGrowAtTheTop();
    void stepsFollowAnOperation();
    void auditAppendsAndExports();
    void settingsTable();
    void brokerLogLevels_data();
    void brokerLogLevels();
    void brokerLogIsBounded();
};

void TestModels::clusterListUpdatesInPlace()
{
    ClusterListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLocalClusters({cluster(QStringLiteral("b"), QStringLiteral("CREATING")),
                            cluster(QStringLiteral("a"), QStringLiteral("ACTIVE"))});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, ClusterListModel::NameColumn).data().toString(),
             QStringLiteral("a")); // sorted
    model.setExternalConnections({{QStringLiteral("msk"), QStringLiteral("b-1:9096")}});
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.index(2, 0).data(ClusterListModel::ExternalRole).toBool());
    QCOMPARE(model.index(2, ClusterListModel::StateColumn).data().toString(),
             ClusterListModel::stateText(QStringLiteral("UNTESTED")));

    // A state change is a dataChanged of that row only, never a reset.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setLocalClusters({cluster(QStringLiteral("b"), QStringLiteral("ACTIVE")),
                            cluster(QStringLiteral("a"), QStringLiteral("ACTIVE"))});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 1);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.index(1, 0).data(ClusterListModel::HealthRole).toInt(),
             int(ClusterListModel::Health::Healthy));

    // Insert in the middle, remove, external rows keep their place after the local ones.
    model.setLocalClusters({cluster(QStringLiteral("c"), QStringLiteral("HEALING")),
                            cluster(QStringLiteral("a"), QStringLiteral("ACTIVE")),
                            cluster(QStringLiteral("aa"), QStringLiteral("FAILED"))});
    QCOMPARE(model.localCount(), 3);
    QStringList names;
    for (int i = 0; i < model.rowCount(); ++i)
        names << model.index(i, 0).data().toString();
    QCOMPARE(names,
             (QStringList{QStringLiteral("a"),
                          QStringLiteral("aa"),
                          QStringLiteral("c"),
                          QStringLiteral("msk")}));
    QCOMPARE(model.index(1, 0).data(ClusterListModel::HealthRole).toInt(),
             int(ClusterListModel::Health::Unhealthy));
    model.setConnectionReachable(QStringLiteral("msk"), true, 3);
    QCOMPARE(model.index(3, ClusterListModel::BrokersColumn).data().toInt(), 3);
    model.setLocalClusters({});
    QCOMPARE(model.rowCount(), 1);
    model.setExternalConnections({});
    QCOMPARE(model.rowCount(), 0);
}

void TestModels::brokerModelShowsMetricsOrADash()
{
    BrokerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setNodes({node(1, QStringLiteral("RUNNING"), 100)});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, BrokerModel::CpuColumn).data().toString(), QStringLiteral("—"));
    QCOMPARE(model.index(0, BrokerModel::ControllerColumn).data().toString(),
             BrokerModel::tr("Yes"));
    model.setNodes({node(1,
                         QStringLiteral("RUNNING"),
                         101,
                         {{QStringLiteral("CpuUser"), 12.5},
                          {QStringLiteral("KafkaDataLogsDiskUsed"), 3.25},
                          {QStringLiteral("LeaderCount"), 4},
                          {QStringLiteral("PartitionCount"), 6},
                          {QStringLiteral("MemoryUsed"), 1048576.0}}),
                    node(2, QStringLiteral("STARTING"), 0)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, BrokerModel::LeadersColumn).data().toLongLong(), 4);
    QCOMPARE(model.index(0, BrokerModel::PartitionsColumn).data().toLongLong(), 6);
    QVERIFY(model.index(0, BrokerModel::CpuColumn).data().toString().contains(QLatin1String("12")));
    // KafkaDataLogsDiskUsed is MSK's percentage of the volume, shown as one.
    QVERIFY2(
        model.index(0, BrokerModel::DiskColumn).data().toString().contains(QLatin1String("3.25 %")),
        qPrintable(model.index(0, BrokerModel::DiskColumn).data().toString()));
    QCOMPARE(model.index(0, BrokerModel::ControllerColumn).data().toString(),
             QStringLiteral("—")); // two brokers: unknown
    QCOMPARE(model.index(1, BrokerModel::PidColumn).data().toString(), QStringLiteral("—"));
    QCOMPARE(model.index(0, 0).data(BrokerModel::PidRole).toLongLong(), 101);
    model.setNodes({node(2, QStringLiteral("RUNNING"), 7)});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, 0).data(BrokerModel::BrokerIdRole).toInt(), 2);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestModels::operationsGrowAtTheTop()
{
    OperationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setOperations({operation(
        QStringLiteral("op1"), QStringLiteral("CREATE"), QStringLiteral("UPDATE_IN_PROGRESS"))});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setOperations({operation(QStringLiteral("op2"),
                                   QStringLiteral("HEAL_BROKER"),
                                   QStringLiteral("UPDATE_IN_PROGRESS")),
                         operation(QStringLiteral("op1"),
                                   QStringLiteral("CREATE"),
                                   QStringLiteral("UPDATE_COMPLETE"))});
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, OperationModel::TypeColumn).data().toString(),
             OperationModel::typeText(QStringLiteral("HEAL_BROKER")));
    QCOMPARE(model.index(1, OperationModel::StateColumn).data().toString(),
             OperationModel::stateText(QStringLiteral("UPDATE_COMPLETE")));
    QCOMPARE(model.index(1, OperationModel::EndedColumn).data().toString(), QStringLiteral("—"));
    // Another cluster's list: replaced.
    model.setOperations({operation(
        QStringLiteral("x"), QStringLiteral("DELETE"), QStringLiteral("UPDATE_FAILED"))});
    QCOMPARE(model.rowCount(), 1);
    model.setOperations({});
    QCOMPARE(model.rowCount(), 0);
}

void TestModels::stepsFollowAnOperation()
{
    OperationStepModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setOperation(
        operation(QStringLiteral("op"),
                  QStringLiteral("CREATE"),
                  QStringLiteral("UPDATE_IN_PROGRESS"),
                  {step(QStringLiteral("Allocate"), QStringLiteral("COMPLETED"), 100),
                   step(QStringLiteral("Start"), QStringLiteral("IN_PROGRESS"), 0)}));
    QCOMPARE(model.rowCount(), 2);
    model.setOperation(
        operation(QStringLiteral("op"),
                  QStringLiteral("CREATE"),
                  QStringLiteral("UPDATE_IN_PROGRESS"),
                  {step(QStringLiteral("Allocate"), QStringLiteral("COMPLETED"), 100),
                   step(QStringLiteral("Start"), QStringLiteral("COMPLETED"), 100),
                   step(QStringLiteral("Wait"), QStringLiteral("IN_PROGRESS"), 50)}));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(2, OperationStepModel::ProgressColumn).data().toString(),
             QStringLiteral("50 %"));
    QCOMPARE(model.index(1, OperationStepModel::StatusColumn).data().toString(),
             OperationStepModel::statusText(QStringLiteral("COMPLETED")));
    model.setOperation({});
    QCOMPARE(model.rowCount(), 0);
}

void TestModels::auditAppendsAndExports()
{
    AuditModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEvents({auditEvent(1,
                                QStringLiteral("CreateClusterV2"),
                                QStringLiteral("orders"),
                                QStringLiteral("Success"))});
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setEvents({auditEvent(1,
                                QStringLiteral("CreateClusterV2"),
                                QStringLiteral("orders"),
                                QStringLiteral("Success")),
                     auditEvent(2,
                                QStringLiteral("RebootBroker"),
                                QStringLiteral("orders"),
                                QStringLiteral("ConflictException"),
                                QStringLiteral("Cluster orders is \"HEALING\", try again"))});
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, AuditModel::ClusterColumn).data().toString(), QStringLiteral("orders"));
    QVERIFY(!model.index(1, 0).data(AuditModel::SuccessRole).toBool());
    const QByteArray csv = AuditModel::toCsv({model.event(0), model.event(1)});
    const QList<QByteArray> lines = csv.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(
        lines.at(2).contains("\"Cluster orders is \"\"HEALING\"\", try again\"")); // CSV quoting
    const QJsonArray json = QJsonDocument::fromJson(AuditModel::toJson({model.event(1)}))
                                .object()
                                .value(QStringLiteral("AuditEvents"))
                                .toArray();
    QCOMPARE(json.size(), 1);
    QCOMPARE(json.at(0).toObject().value(QStringLiteral("EventId")).toInt(), 2);
    model.setEvents({auditEvent(
        5, QStringLiteral("DeleteCluster"), QStringLiteral("x"), QStringLiteral("Success"))});
    QCOMPARE(model.rowCount(), 1);
}

void TestModels::settingsTable()
{
    ClusterSettingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSettings({{QStringLiteral("Cluster name"), QStringLiteral("a"), false},
                       {QStringLiteral("Configuration"), QStringLiteral("defaults"), true}});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setSettings({{QStringLiteral("Cluster name"), QStringLiteral("ab"), false},
                       {QStringLiteral("Configuration"), QStringLiteral("defaults"), true}});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(0, ClusterSettingsModel::ValueColumn).data().toString(),
             QStringLiteral("ab"));
    QCOMPARE(model.index(1, ClusterSettingsModel::EditableColumn).data().toString(),
             ClusterSettingsModel::tr("Yes"));
    model.setSettings({});
    QCOMPARE(model.rowCount(), 0);
}

void TestModels::brokerLogLevels_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("level");
    QTest::newRow("runneld info") << "2026-11-25T13:40:00.123Z INFO  [storage] opened"
                                  << int(BrokerLogModel::Level::Info);
    QTest::newRow("runneld warn") << "2026-11-25T13:40:00.123Z WARN  [net] slow"
                                  << int(BrokerLogModel::Level::Warning);
    QTest::newRow("runneld error")
        << "2026-11-25T13:40:00.123Z ERROR [broker] failed" << int(BrokerLogModel::Level::Error);
    QTest::newRow("runneld debug")
        << "2026-11-25T13:40:00.123Z DEBUG [group] join" << int(BrokerLogModel::Level::Debug);
    QTest::newRow("glog warning") << "W1125 13:40:00.123456  1234 file.cc:10] disk"
                                  << int(BrokerLogModel::Level::Warning);
    QTest::newRow("glog fatal") << "F1125 13:40:00.123456  1234 file.cc:10] abort"
                                << int(BrokerLogModel::Level::Fatal);
    QTest::newRow("continuation keeps previous")
        << "    at frame 3" << int(BrokerLogModel::Level::Error);
    QTest::newRow("word that is not glog")
        << "Error: free text" << int(BrokerLogModel::Level::Error);
}

void TestModels::brokerLogLevels()
{
    QFETCH(QString, line);
    QFETCH(int, level);
    QCOMPARE(int(BrokerLogModel::levelOf(line, BrokerLogModel::Level::Error)), level);
}

void TestModels::brokerLogIsBounded()
{
    BrokerLogModel model(nullptr, 5);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendLines({QStringLiteral("2026-11-25T13:40:00.123Z INFO  [a] 1"),
                       QStringLiteral("2026-11-25T13:40:00.123Z WARN  [a] 2"),
                       QStringLiteral("  cont")});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(2, 0).data(BrokerLogModel::LevelRole).toInt(),
             int(BrokerLogModel::Level::Warning));
    model.appendLines(
        {QStringLiteral("4"), QStringLiteral("5"), QStringLiteral("6"), QStringLiteral("7")});
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.index(4, 0).data().toString(), QStringLiteral("7"));
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("  cont"));
    model.appendLines({QStringLiteral("a"),
                       QStringLiteral("b"),
                       QStringLiteral("c"),
                       QStringLiteral("d"),
                       QStringLiteral("e"),
                       QStringLiteral("f")});
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("b"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestModels)
#include "test_models.moc"
