// Metric and alarm values, requests and reply parsing (ui/models), the alarm models under
// QAbstractItemModelTester, the alarm form's inline validation and the notifier's rule
// for what counts as news.

#include "ui/agent/agentservice.h"
#include "ui/metrics/alarmdialog.h"
#include "ui/metrics/alarmnotifier.h"
#include "ui/models/alarmhistorymodel.h"
#include "ui/models/alarminfo.h"
#include "ui/models/alarmlistmodel.h"
#include "ui/models/metriccatalog.h"
#include "ui/models/metricquery.h"
#include "ui/models/metricscope.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace runnel::ui;

namespace {
QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

QJsonObject dim(const QString &name, const QString &value)
{
    return {{QStringLiteral("Name"), name}, {QStringLiteral("Value"), value}};
}

AlarmInfo alarm(const QString &name, const QString &state, const QDateTime &updated = {})
{
    AlarmInfo a;
    a.name = name;
    a.metricName = QStringLiteral("BytesInPerSec");
    a.dimensions = {dim(QStringLiteral("Broker ID"), QStringLiteral("1")),
                    dim(QStringLiteral("Cluster Name"), QStringLiteral("orders"))};
    a.threshold = 1000;
    a.state = state;
    a.stateUpdated = updated;
    return a;
}

MetricScope scopeFor(const QString &kind)
{
    if (kind == QLatin1String("broker"))
        return MetricScope::broker(QStringLiteral("orders"), 2);
    if (kind == QLatin1String("topic"))
        return MetricScope::forTopic(QStringLiteral("orders"), QStringLiteral("payments"));
    if (kind == QLatin1String("group"))
        return MetricScope::group(QStringLiteral("orders"), QStringLiteral("billing"));
    return MetricScope::cluster(QStringLiteral("orders"));
}
} // namespace

class TestModels : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void scopeDimensions_data();
    void scopeDimensions();
    void catalogFollowsMsk();
    void buildsTheContractsRequest();
    void readsMetricData();
    void refusesUnreadableMetricData_data();
    void refusesUnreadableMetricData();
    void readsListMetrics();
    void periodsAndLabels_data();
    void periodsAndLabels();
    void validatesAlarms_data();
    void validatesAlarms();
    void alarmRequestsAndReplies();
    void alarmListModelUpdatesRowsInPlace();
    void alarmHistoryModelInsertsNewerItemsAtTheTop();
    void alarmDialogValidatesAsYouType();
    void notifierReportsOnlyNews();
};

void TestModels::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestModels::scopeDimensions_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("dims");
    QTest::addColumn<QString>("title");
    QTest::newRow("cluster") << "cluster"
                             << R"([{"Name":"Cluster Name","Value":"orders"}])"
                             << "orders";
    QTest::newRow("broker")
        << "broker"
        << R"([{"Name":"Cluster Name","Value":"orders"},{"Name":"Broker ID","Value":"2"}])"
        << "orders › broker 2";
    QTest::newRow("topic")
        << "topic"
        << R"([{"Name":"Cluster Name","Value":"orders"},{"Name":"Topic","Value":"payments"}])"
        << "orders › topic payments";
    QTest::newRow("group")
        << "group"
        << R"([{"Name":"Cluster Name","Value":"orders"},{"Name":"Consumer Group","Value":"billing"}])"
        << "orders › consumer group billing";
}
void TestModels::scopeDimensions()
{
    QFETCH(QString, kind);
    QFETCH(QString, dims);
    const MetricScope scope = scopeFor(kind);
    QCOMPARE(scope.dimensions(), QJsonDocument::fromJson(dims.toUtf8()).array());
    QTEST(scope.title(), "title");
    // A series under the scope, with one more dimension, is contained; another
    // cluster's is not.
    QJsonArray more = scope.dimensions();
    more.append(dim(QStringLiteral("Partition"), QStringLiteral("0")));
    QVERIFY(scope.contains(sortedDimensions(more)));
    QJsonArray other = more;
    other.replace(0, dim(QStringLiteral("Cluster Name"), QStringLiteral("orders2")));
    QVERIFY(!scope.contains(other));
}

void TestModels::catalogFollowsMsk()
{
    const QStringList clusterDims{"Cluster Name"};
    const QStringList brokerDims{"Broker ID", "Cluster Name"};
    const QStringList lagDims{"Cluster Name", "Consumer Group", "Topic"};
    const auto names = [](MetricScope::Kind k) {
        QStringList out;
        for (const MetricDefinition &d : metricsForScope(k))
            out.append(d.name);
        return out;
    };
    // Every DEFAULT-level name of FEATURES.md §4 is on the cluster dashboard.
    for (const char *name : {"ActiveControllerCount",
                             "GlobalPartitionCount",
                             "GlobalTopicCount",
                             "OfflinePartitionsCount",
                             "BytesInPerSec",
                             "BytesOutPerSec",
                             "MessagesInPerSec",
                             "ConnectionCount",
                             "CpuUser",
                             "CpuSystem",
                             "CpuIdle",
                             "MemoryUsed",
                             "KafkaDataLogsDiskUsed",
                             "LeaderCount",
                             "PartitionCount",
                             "ProduceTotalTimeMsMean",
                             "RequestBytesMean",
                             "UnderMinIsrPartitionCount",
                             "UnderReplicatedPartitions"})
        QVERIFY2(names(MetricScope::Kind::Cluster).contains(QLatin1String(name)), name);
    QCOMPARE(names(MetricScope::Kind::ConsumerGroup),
             (QStringList{"SumOffsetLag", "MaxOffsetLag", "EstimatedMaxTimeLag"}));
    QVERIFY(names(MetricScope::Kind::Broker).contains("RequestHandlerAvgIdlePercent"));
    QVERIFY(names(MetricScope::Kind::Topic).contains("SumOffsetLag"));

    const MetricDefinition *controllers
        = findMetricDefinition("ActiveControllerCount", clusterDims);
    QVERIFY(controllers);
    QCOMPARE(controllers->unit, QStringLiteral("Count"));
    const MetricDefinition *bytesIn = findMetricDefinition("BytesInPerSec", brokerDims);
    QVERIFY(bytesIn);
    QCOMPARE(bytesIn->unit, QStringLiteral("Bytes/Second"));
    QVERIFY(!findMetricDefinition("BytesInPerSec", clusterDims)); // MSK: per broker only
    QCOMPARE(findMetricDefinition("EstimatedMaxTimeLag", lagDims)->unit, QStringLiteral("Seconds"));
    QCOMPARE(metricStatistics(),
             (QStringList{"Average", "Sum", "Maximum", "Minimum", "SampleCount", "p99"}));
}

void TestModels::buildsTheContractsRequest()
{
    const MetricDataQuery q{
        QStringLiteral("m1"),
        {QStringLiteral("BytesInPerSec"), {dim("Cluster Name", "orders"), dim("Broker ID", "1")}},
        60,
        QStringLiteral("Average")};
    const QDateTime start = QDateTime::fromString("2026-11-25T10:00:00Z", Qt::ISODate);
    const QDateTime end = start.addSecs(3600);
    QCOMPARE(getMetricDataParams({q}, start, end),
             json(R"({"MetricDataQueries":[{"Id":"m1","MetricStat":{"Metric":{
                   "Namespace":"AWS/Kafka","MetricName":"BytesInPerSec","Dimensions":[
                   {"Name":"Cluster Name","Value":"orders"},{"Name":"Broker ID","Value":"1"}]},
                   "Period":60,"Stat":"Average"}}],
                   "StartTime":"2026-11-25T10:00:00Z","EndTime":"2026-11-25T11:00:00Z"})"));
    QCOMPARE(getMetricDataParams({q}, start, end, "tok").value("NextToken").toString(), "tok");
    QCOMPARE(isoTime(start.addMSecs(250)), QStringLiteral("2026-11-25T10:00:00.250Z"));
    QCOMPARE(
        listMetricsParams(MetricScope::cluster("orders").dimensions()),
        json(
            R"({"Namespace":"AWS/Kafka","Dimensions":[{"Name":"Cluster Name","Value":"orders"}]})"));
}

void TestModels::readsMetricData()
{
    const MetricDataReply reply = parseGetMetricData(json(R"({"MetricDataResults":[
            {"Id":"m1","Label":"BytesInPerSec","StatusCode":"Complete",
             "Timestamps":["2026-11-25T10:02:00Z","2026-11-25T10:01:00Z","2026-11-25T10:00:00.500Z"],
             "Values":[30,20.5,10]},
            {"Id":"m2","Label":"x","StatusCode":"Complete","Timestamps":[],"Values":[]}],
            "NextToken":"more"})"));
    QVERIFY2(reply.error.isEmpty(), qPrintable(reply.error));
    QCOMPARE(reply.results.size(), 2);
    const qint64 t0
        = QDateTime::fromString("2026-11-25T10:00:00Z", Qt::ISODate).toMSecsSinceEpoch();
    // Newest-first (CloudWatch's default order) becomes oldest-first.
    QCOMPARE(reply.results.at(0).samples,
             (QList<MetricSample>{{t0 + 500, 10}, {t0 + 60000, 20.5}, {t0 + 120000, 30}}));
    QCOMPARE(reply.results.at(0).statusCode, QStringLiteral("Complete"));
    QCOMPARE(reply.results.at(1).samples.size(), 0);
    QCOMPARE(reply.nextToken, QStringLiteral("more"));
}

void TestModels::refusesUnreadableMetricData_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("no list") << R"({})"
                             << "has no MetricDataResults list";
    QTest::newRow("no id") << R"({"MetricDataResults":[{"Timestamps":[],"Values":[]}]})"
                           << "a result without an Id";
    QTest::newRow("lengths")
        << R"({"MetricDataResults":[{"Id":"m1","Timestamps":["2026-11-25T10:00:00Z"],"Values":[]}]})"
        << "1 timestamps but 0 values for m1";
    QTest::newRow("time")
        << R"({"MetricDataResults":[{"Id":"m1","Timestamps":["yesterday"],"Values":[1]}]})"
        << "unreadable data point (yesterday, 1) for m1";
    QTest::newRow("value")
        << R"({"MetricDataResults":[{"Id":"m1","Timestamps":["2026-11-25T10:00:00Z"],"Values":["x"]}]})"
        << "unreadable data point";
}
void TestModels::refusesUnreadableMetricData()
{
    QFETCH(QString, reply);
    QFETCH(QString, sentence);
    const MetricDataReply r = parseGetMetricData(QJsonDocument::fromJson(reply.toUtf8()).object());
    QVERIFY2(r.error.contains(sentence), qPrintable(r.error));
    QVERIFY(r.results.isEmpty());
}

void TestModels::readsListMetrics()
{
    const ListMetricsReply r = parseListMetrics(json(R"({"Metrics":[
            {"MetricName":"BytesInPerSec","Dimensions":[{"Name":"Cluster Name","Value":"orders"},{"Name":"Broker ID","Value":"1"}]},
            {"MetricName":"BytesInPerSec","Dimensions":[{"Name":"Broker ID","Value":"1"},{"Name":"Cluster Name","Value":"orders"}]},
            {"MetricName":"GlobalTopicCount","Dimensions":[{"Name":"Cluster Name","Value":"orders"}]}]})"));
    QVERIFY(r.error.isEmpty());
    // The same series spelt in two orders is one series.
    QCOMPARE(r.metrics.size(), 2);
    QCOMPARE(r.metrics.at(0).dimensions.at(0).toObject().value("Name").toString(), "Broker ID");
    QVERIFY(parseListMetrics(json(R"({"Metrics":[{"Dimensions":[]}]})"))
                .error.contains("without a name"));
    QVERIFY(parseListMetrics(json(R"({})")).error.contains("no Metrics list"));
}

void TestModels::periodsAndLabels_data()
{
    QTest::addColumn<qint64>("span");
    QTest::addColumn<int>("period");
    QTest::newRow("1h") << qint64(3600) << 60;
    QTest::newRow("3h") << qint64(3 * 3600) << 60;
    QTest::newRow("12h") << qint64(12 * 3600) << 300;
    QTest::newRow("1d") << qint64(86400) << 300;
    QTest::newRow("1w") << qint64(7 * 86400) << 3600;
    QTest::newRow("1y") << qint64(365 * 86400) << 86400;
}
void TestModels::periodsAndLabels()
{
    QFETCH(qint64, span);
    QTEST(autoPeriodSeconds(span), "period");
    QCOMPARE(periodLabel(10), QStringLiteral("10 s"));
    QCOMPARE(periodLabel(300), QStringLiteral("5 min"));
    QCOMPARE(periodLabel(86400), QStringLiteral("1 day"));
    const QJsonArray cluster = MetricScope::cluster("orders").dimensions();
    QCOMPARE(seriesLabel({"BytesInPerSec",
                          sortedDimensions({dim("Cluster Name", "orders"),
                                            dim("Broker ID", "3"),
                                            dim("Topic", "payments")})},
                         cluster),
             QStringLiteral("Broker 3 · payments"));
    QCOMPARE(seriesLabel({"GlobalTopicCount", cluster}, cluster),
             QStringLiteral("GlobalTopicCount"));
}

void TestModels::validatesAlarms_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("valid") << ""
                           << ""
                           << "";
    QTest::newRow("no name") << "name"
                             << "  "
                             << "Give the alarm a name.";
    QTest::newRow("taken") << "name"
                           << "taken"
                           << "An alarm named “taken” already exists";
    QTest::newRow("control char") << "name"
                                  << "a\tb"
                                  << "control characters";
    QTest::newRow("no metric") << "metric"
                               << ""
                               << "Choose the metric";
    QTest::newRow("operator") << "op"
                              << "Sideways"
                              << "how the metric is compared";
    QTest::newRow("nan") << "threshold"
                         << "nan"
                         << "must be a number";
    QTest::newRow("m > n") << "datapoints"
                           << "4"
                           << "(4) must be between 1 and the periods evaluated (3)";
    QTest::newRow("too long") << "period"
                              << "86400"
                              << "at most one week";
}
void TestModels::validatesAlarms()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, sentence);
    AlarmInfo a = alarm("bytes-high", {});
    a.evaluationPeriods = 3;
    a.datapointsToAlarm = 3;
    if (field == "name")
        a.name = value;
    else if (field == "metric")
        a.metricName = value;
    else if (field == "op")
        a.comparisonOperator = value;
    else if (field == "threshold")
        a.threshold = std::numeric_limits<double>::quiet_NaN();
    else if (field == "datapoints")
        a.datapointsToAlarm = value.toInt();
    else if (field == "period") {
        a.periodSeconds = value.toInt();
        a.evaluationPeriods = a.datapointsToAlarm = 8;
    }
    const QString why = validateAlarm(a, {"taken"});
    if (sentence.isEmpty())
        QVERIFY2(why.isEmpty(), qPrintable(why));
    else
        QVERIFY2(why.contains(sentence), qPrintable(why));
}

void TestModels::alarmRequestsAndReplies()
{
    AlarmInfo a = alarm(" bytes-high ", {});
    a.statistic = "p99";
    a.evaluationPeriods = 3;
    a.datapointsToAlarm = 2;
    const QJsonObject put = putMetricAlarmParams(a);
    QCOMPARE(put.value("AlarmName").toString(), "bytes-high");
    QCOMPARE(put.value("ExtendedStatistic").toString(), "p99"); // CloudWatch: percentiles
    QVERIFY(!put.contains("Statistic"));
    QCOMPARE(put.value("Namespace").toString(), "AWS/Kafka");
    QCOMPARE(put.value("EvaluationPeriods").toInt(), 3);
    QCOMPARE(put.value("DatapointsToAlarm").toInt(), 2);
    QCOMPARE(put.value("ComparisonOperator").toString(), "GreaterThanThreshold");
    a.statistic = "Maximum";
    QCOMPARE(putMetricAlarmParams(a).value("Statistic").toString(), "Maximum");
    QCOMPARE(deleteAlarmsParams({"x"}), json(R"({"AlarmNames":["x"]})"));

    QString error;
    const QList<AlarmInfo> alarms = parseDescribeAlarms(json(R"({"MetricAlarms":[{
            "AlarmName":"bytes-high","AlarmArn":"arn:x","MetricName":"BytesInPerSec",
            "Namespace":"AWS/Kafka","Dimensions":[{"Name":"Cluster Name","Value":"orders"},{"Name":"Broker ID","Value":"1"}],
            "ExtendedStatistic":"p99","Period":60,"EvaluationPeriods":3,"DatapointsToAlarm":2,
            "Threshold":1048576,"ComparisonOperator":"GreaterThanOrEqualToThreshold",
            "StateValue":"ALARM","StateReason":"Threshold crossed: 2 datapoints",
            "StateUpdatedTimestamp":"2026-11-25T10:05:00Z"}]})"),
                                                        &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(alarms.size(), 1);
    const AlarmInfo &got = alarms.first();
    QCOMPARE(got.statistic, "p99");
    QCOMPARE(got.state, "ALARM");
    QCOMPARE(got.dimensions.at(0).toObject().value("Name").toString(), "Broker ID");
    QCOMPARE(got.stateUpdated, QDateTime::fromString("2026-11-25T10:05:00Z", Qt::ISODate));
    QCOMPARE(alarmConditionText(got, "1.05 MB/s"),
             QStringLiteral("BytesInPerSec p99 ≥ 1.05 MB/s for 2 of 3 periods of 1 min"));
    QCOMPARE(alarmStateText("INSUFFICIENT_DATA"), QStringLiteral("Insufficient data"));

    QVERIFY(parseDescribeAlarms(json(R"({"MetricAlarms":[{}]})"), &error).isEmpty());
    QVERIFY(error.contains("without a name"));

    error.clear();
    const QList<AlarmHistoryItem> history = parseDescribeAlarmHistory(json(R"({"AlarmHistoryItems":[
            {"AlarmName":"bytes-high","Timestamp":"2026-11-25T10:00:00Z","HistoryItemType":"ConfigurationUpdate",
             "HistorySummary":"Alarm \"bytes-high\" created"},
            {"AlarmName":"bytes-high","Timestamp":"2026-11-25T10:05:00Z","HistoryItemType":"StateUpdate",
             "HistorySummary":"Alarm updated from OK to ALARM",
             "HistoryData":"{\"oldState\":{\"stateValue\":\"OK\"},\"newState\":{\"stateValue\":\"ALARM\"}}"}]})"),
                                                                      &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).type, "StateUpdate"); // newest first
    QCOMPARE(history.at(0).oldState, "OK");
    QCOMPARE(history.at(0).newState, "ALARM");
    QVERIFY(parseDescribeAlarmHistory(json(R"({"AlarmHistoryItems":[{"AlarmName":"x"}]})"), &error)
                .isEmpty());
    QVERIFY(error.contains("readable time"));
}

void TestModels::alarmListModelUpdatesRowsInPlace()
{
    AlarmListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QDateTime t = QDateTime::currentDateTimeUtc();
    model.setAlarms(
        {alarm("a", "OK", t), alarm("b", "OK", t), alarm("c", "OK", t), alarm("d", "OK", t)});
    QCOMPARE(model.rowCount(), 4);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    // b and c deleted, d changes state, e is new: one ranged removal, one row changed,
    // one inserted, no reset.
    model.setAlarms({alarm("a", "OK", t),
                     alarm("d", "ALARM", t.addSecs(5)),
                     alarm("e", "INSUFFICIENT_DATA", t)});
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 1);
    QCOMPARE(removed.at(0).at(2).toInt(), 2);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(1, AlarmListModel::StateColumn).data().toString(), "In alarm");
    QCOMPARE(model.index(1, AlarmListModel::StateColumn).data(AlarmListModel::SortRole).toInt(), 0);
    QCOMPARE(model.index(1, AlarmListModel::MetricColumn).data().toString(),
             "BytesInPerSec (1, orders)");
    QCOMPARE(
        model.index(2, AlarmListModel::NameColumn).data(AlarmListModel::AlarmNameRole).toString(),
        "e");
    // The same list again changes nothing.
    changed.clear();
    model.setAlarms(model.alarms());
    QCOMPARE(changed.size(), 0);
    model.setThresholdFormatter([](const AlarmInfo &) { return QStringLiteral("1 kB/s"); });
    QVERIFY(model.index(0, AlarmListModel::ConditionColumn).data().toString().contains("> 1 kB/s"));
    model.setAlarms({});
    QCOMPARE(model.rowCount(), 0);
}

void TestModels::alarmHistoryModelInsertsNewerItemsAtTheTop()
{
    AlarmHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QDateTime t = QDateTime::currentDateTimeUtc();
    const AlarmHistoryItem created{"a", t, "ConfigurationUpdate", "created", {}, {}};
    const AlarmHistoryItem fired{"a", t.addSecs(60), "StateUpdate", {}, "OK", "ALARM"};
    const AlarmHistoryItem other{"b", t, "ConfigurationUpdate", "created", {}, {}};
    model.setItems({created});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setItems({fired, created});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.index(0, AlarmHistoryModel::SummaryColumn).data().toString(), "OK → In alarm");
    QCOMPARE(model.index(0, AlarmHistoryModel::TypeColumn).data().toString(), "State update");
    model.setItems({other});
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, AlarmHistoryModel::AlarmColumn).data().toString(), "b");
}

void TestModels::alarmDialogValidatesAsYouType()
{
    const MetricIdentity bytes{
        "BytesInPerSec", sortedDimensions({dim("Cluster Name", "orders"), dim("Broker ID", "1")})};
    const MetricIdentity lag{
        "SumOffsetLag",
        sortedDimensions(
            {dim("Cluster Name", "orders"), dim("Consumer Group", "g"), dim("Topic", "t")})};
    AlarmDialog dialog(
        {{bytes, "BytesInPerSec · Broker 1", "Bytes/Second"}, {lag, "SumOffsetLag · t", "Count"}},
        {"taken"});
    dialog.show();
    auto *ok = dialog.findChild<QDialogButtonBox *>("buttons")->button(QDialogButtonBox::Ok);
    auto *name = dialog.findChild<QLineEdit *>("name");
    auto *threshold = dialog.findChild<QLineEdit *>("threshold");
    QVERIFY(!ok->isEnabled());
    QCOMPARE(dialog.problem(), QStringLiteral("Give the alarm a name."));
    QTest::keyClicks(name, "taken");
    QCOMPARE(dialog.problem(), QStringLiteral("Enter the threshold the metric is compared with."));
    QTest::keyClicks(threshold, "lots");
    QVERIFY(dialog.problem().contains("“lots” is not a number"));
    threshold->clear();
    QTest::keyClicks(threshold, "1,500.5");
    QVERIFY(dialog.problem().contains("already exists"));
    name->clear();
    QTest::keyClicks(name, "lag-high");
    dialog.selectMetric(lag);
    dialog.findChild<QSpinBox *>("datapoints")->setValue(5);
    QVERIFY(dialog.problem().contains("between 1 and the periods evaluated (3)"));
    QVERIFY(!ok->isEnabled());
    dialog.findChild<QSpinBox *>("evaluationPeriods")->setValue(5);
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    QVERIFY(ok->isEnabled());
    const AlarmInfo a = dialog.alarm();
    QCOMPARE(a.metricName, "SumOffsetLag");
    QCOMPARE(a.dimensions, lag.dimensions);
    QCOMPARE(a.threshold, 1500.5);
    QCOMPARE(a.evaluationPeriods, 5);
    QCOMPARE(a.datapointsToAlarm, 5);
    QCOMPARE(a.periodSeconds, 60);
    QCOMPARE(dialog.findChild<QLabel *>("unit")->text(), QString()); // Count has no unit words
    dialog.selectMetric(bytes);
    QCOMPARE(dialog.findChild<QLabel *>("unit")->text(), QStringLiteral("bytes per second"));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    ok->click();
    QCOMPARE(accepted.size(), 1);

    AlarmDialog empty({}, {});
    QVERIFY(empty.problem().contains("No metric has reported data yet"));
}

void TestModels::notifierReportsOnlyNews()
{
    // An agent service with no agent behind it: the notifier's own polls fail quietly;
    // what is tested is its rule on the states it is handed.
    QTemporaryDir dir;
    AgentService agent(dir.filePath("none.sock"), {});
    AlarmNotifier *notifier = AlarmNotifier::forAgent(&agent);
    QCOMPARE(AlarmNotifier::forAgent(&agent), notifier); // one per agent service
    QVERIFY(!notifier->notifiesDesktop());               // offscreen: no tray
    QSignalSpy raised(notifier, &AlarmNotifier::alarmRaised);
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-600);
    const QDateTime after = QDateTime::currentDateTimeUtc().addSecs(1);
    notifier->observe({alarm("old", "ALARM", before), alarm("calm", "OK", after)});
    QCOMPARE(raised.size(), 0); // already firing when the console opened
    notifier->observe({alarm("old", "ALARM", before),
                       alarm("calm", "ALARM", after.addSecs(1)),
                       alarm("fresh", "ALARM", after)});
    QCOMPARE(raised.size(), 2);
    QCOMPARE(raised.at(0).at(0).value<AlarmInfo>().name, "calm");
    QCOMPARE(raised.at(1).at(0).value<AlarmInfo>().name, "fresh");
    notifier->observe({alarm("calm", "ALARM", after.addSecs(1))});
    QCOMPARE(raised.size(), 2); // still the same episode
    notifier->observe({alarm("calm", "ALARM", after.addSecs(120))});
    QCOMPARE(raised.size(), 3); // went back to OK and fired again between two looks
    agent.waitForIdle();
}

QTEST_MAIN(TestModels)
#include "test_models.moc"
