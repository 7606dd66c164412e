// The agent's metric store without brokers: the catalog's series, samples, rollups and
// retention (real SQLite), and MetricsService's CloudWatch-shaped answers over samples
// the test wrote — GetMetricData over fine samples and over rollups, ListMetrics
// filters, validation sentences, and alarm evaluation with its history.

#include "engine/control/agent.h"
#include "engine/control/catalog.h"
#include "engine/control/metricsservice.h"
#include "engine/metrics/statistics.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace runnel::control;

namespace {

QJsonObject dims(const QString &broker)
{
    return {{QStringLiteral("Cluster Name"), QStringLiteral("orders")},
            {QStringLiteral("Broker ID"), broker}};
}

QJsonArray dimsArray(const QString &broker)
{
    return {QJsonObject{{QStringLiteral("Name"), QStringLiteral("Cluster Name")},
                        {QStringLiteral("Value"), QStringLiteral("orders")}},
            QJsonObject{{QStringLiteral("Name"), QStringLiteral("Broker ID")},
                        {QStringLiteral("Value"), broker}}};
}

QJsonObject query(const QString &metric,
                  const QJsonArray &dimensions,
                  int period,
                  const QString &stat,
                  qint64 startMs,
                  qint64 endMs)
{
    const QJsonObject m{{QStringLiteral("Namespace"), QStringLiteral("AWS/Kafka")},
                        {QStringLiteral("MetricName"), metric},
                        {QStringLiteral("Dimensions"), dimensions}};
    return {{QStringLiteral("MetricDataQueries"),
             QJsonArray{QJsonObject{{QStringLiteral("Id"), QStringLiteral("m1")},
                                    {QStringLiteral("MetricStat"),
                                     QJsonObject{{QStringLiteral("Metric"), m},
                                                 {QStringLiteral("Period"), period},
                                                 {QStringLiteral("Stat"), stat}}}}}},
            {QStringLiteral("StartTime"), MetricsService::isoMs(startMs)},
            {QStringLiteral("EndTime"), MetricsService::isoMs(endMs)},
            {QStringLiteral("ScanBy"), QStringLiteral("TimestampAscending")}};
}

} // namespace

class TestMetricStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void seriesAreKeyedByMetricAndDimensions();
    void rollupsInSqlMatchTheEngine();
    void pruneKeepsEachRetention();
    void getMetricDataFromFineSamples();
    void getMetricDataFromRollups();
    void getMetricDataRefusesBadQueries_data();
    void getMetricDataRefusesBadQueries();
    void listMetricsFilters();
    void alarmsFollowTheirMetric();
    void brokersFromAnOlderCatalogGetMetricsPorts();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Catalog> m_catalog;
    std::unique_ptr<MetricsService> m_service;
    qint64 m_minute = 0; // start of the minute before the current one
};

void TestMetricStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_catalog = std::make_unique<Catalog>();
    const auto opened = m_catalog->open(m_dir->filePath(QStringLiteral("catalog.sqlite")));
    QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
    m_service = std::make_unique<MetricsService>(*m_catalog);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_minute = now - now % 60000 - 60000;
}

void TestMetricStore::cleanup()
{
    m_service.reset();
    m_catalog.reset();
    m_dir.reset();
}

void TestMetricStore::seriesAreKeyedByMetricAndDimensions()
{
    auto a = m_catalog->seriesId(QStringLiteral("arn:c"), QStringLiteral("CpuUser"), dims("1"));
    auto b = m_catalog->seriesId(QStringLiteral("arn:c"), QStringLiteral("CpuUser"), dims("2"));
    QJsonObject reordered; // same dimensions inserted in another order
    reordered.insert(QStringLiteral("Broker ID"), QStringLiteral("1"));
    reordered.insert(QStringLiteral("Cluster Name"), QStringLiteral("orders"));
    auto c = m_catalog->seriesId(QStringLiteral("arn:c"), QStringLiteral("CpuUser"), reordered);
    QVERIFY(a.ok() && b.ok() && c.ok());
    QVERIFY(a.value() != b.value());
    QCOMPARE(c.value(), a.value());
    QVERIFY(m_catalog->findSeries(QStringLiteral("CpuUser"), dims("2")));
    QVERIFY(!m_catalog->findSeries(QStringLiteral("CpuUser"), dims("3")));
}

void TestMetricStore::rollupsInSqlMatchTheEngine()
{
    const qint64 id
        = m_catalog->seriesId(QStringLiteral("arn:c"), QStringLiteral("CpuUser"), dims("1"))
              .value();
    const qint64 t0 = m_minute - 9 * 60000;
    std::vector<runnel::metrics::TimedValue> samples;
    QList<MetricPoint> points;
    for (int i = 0; i < 10 * 12; ++i) { // 10 minutes at 5 s
        const double v = (i * 13) % 17 + 0.25;
        samples.push_back({t0 + i * 5000, v});
        points.append({id, t0 + i * 5000, v});
    }
    QVERIFY(m_catalog->appendSamples(points).ok());
    QVERIFY(m_catalog->rollUp(t0, t0 + 10 * 60000).ok());
    const auto stored = m_catalog->rollups(id, t0, t0 + 10 * 60000);
    const auto expected = runnel::metrics::rollUp(samples);
    QCOMPARE(stored.size(), expected.size());
    for (size_t i = 0; i < stored.size(); ++i) {
        QCOMPARE(stored[i].minuteMs, expected[i].minuteMs);
        QCOMPARE(stored[i].count, expected[i].count);
        QCOMPARE(stored[i].sum, expected[i].sum);
        QCOMPARE(stored[i].min, expected[i].min);
        QCOMPARE(stored[i].max, expected[i].max);
    }
    // Rolling the same minutes up again changes nothing.
    QVERIFY(m_catalog->rollUp(t0, t0 + 10 * 60000).ok());
    QCOMPARE(m_catalog->rollups(id, t0, t0 + 10 * 60000).size(), expected.size());
}

void TestMetricStore::pruneKeepsEachRetention()
{
    const qint64 id
        = m_catalog->seriesId(QStringLiteral("arn:c"), QStringLiteral("CpuUser"), dims("1"))
              .value();
    const qint64 gone
        = m_catalog->seriesId(QStringLiteral("arn:c"), QStringLiteral("CpuUser"), dims("9"))
              .value();
    const qint64 now = m_minute + 60000;
    const qint64 old = now - MetricsService::kFineRetentionMs - 60000;
    const qint64 ancient = now - MetricsService::kRollupRetentionMs - 60000;
    QVERIFY(m_catalog->appendSamples({{id, old, 1}, {id, now - 1000, 2}, {gone, ancient, 3}}).ok());
    QVERIFY(m_catalog->rollUp(ancient, now).ok());
    QVERIFY(m_catalog
                ->pruneMetrics(now - MetricsService::kFineRetentionMs,
                               now - MetricsService::kRollupRetentionMs)
                .ok());
    QCOMPARE(m_catalog->samples(id, 0, now + 1).size(), size_t(1));        // the old one is gone
    QCOMPARE(m_catalog->rollups(id, 0, now + 1).size(), size_t(2));        // both minutes stay
    QVERIFY(!m_catalog->findSeries(QStringLiteral("CpuUser"), dims("9"))); // nothing left
    QCOMPARE(m_catalog->sampleCount(), qint64(1));
}

void TestMetricStore::getMetricDataFromFineSamples()
{
    const qint64 id
        = m_catalog->seriesId(QStringLiteral("arn:c"), QStringLiteral("BytesInPerSec"), dims("1"))
              .value();
    // Two minutes: 10, 20, 30 then 40, 50.
    QVERIFY(m_catalog
                ->appendSamples({{id, m_minute - 60000 + 1000, 10},
                                 {id, m_minute - 60000 + 20000, 20},
                                 {id, m_minute - 60000 + 40000, 30},
                                 {id, m_minute + 5000, 40},
                                 {id, m_minute + 10000, 50}})
                .ok());
    const auto check = [&](const QString &stat, QList<double> values) {
        auto r = m_service->getMetricData(query(QStringLiteral("BytesInPerSec"),
                                                dimsArray("1"),
                                                60,
                                                stat,
                                                m_minute - 60000,
                                                m_minute + 60000));
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        const QJsonObject result
            = r->value(QStringLiteral("MetricDataResults")).toArray().at(0).toObject();
        QCOMPARE(result.value(QStringLiteral("StatusCode")).toString(), QStringLiteral("Complete"));
        QCOMPARE(result.value(QStringLiteral("Label")).toString(), QStringLiteral("BytesInPerSec"));
        const QJsonArray got = result.value(QStringLiteral("Values")).toArray();
        QCOMPARE(got.size(), values.size());
        for (qsizetype i = 0; i < got.size(); ++i)
            QCOMPARE(got.at(i).toDouble(), values.at(i));
        const QJsonArray stamps = result.value(QStringLiteral("Timestamps")).toArray();
        QCOMPARE(stamps.at(0).toString(), MetricsService::isoMs(m_minute - 60000));
    };
    check(QStringLiteral("Average"), {20, 45});
    check(QStringLiteral("Sum"), {60, 90});
    check(QStringLiteral("Maximum"), {30, 50});
    check(QStringLiteral("Minimum"), {10, 40});
    check(QStringLiteral("SampleCount"), {3, 2});
    check(QStringLiteral("p99"), {30, 50});

    // CloudWatch's default order is newest first; unknown series answer no points.
    QJsonObject q = query(QStringLiteral("BytesInPerSec"),
                          dimsArray("1"),
                          120,
                          QStringLiteral("Sum"),
                          m_minute - 120000,
                          m_minute + 60000);
    q.remove(QStringLiteral("ScanBy"));
    auto r = m_service->getMetricData(q);
    QVERIFY(r.ok());
    const QJsonArray values = r->value(QStringLiteral("MetricDataResults"))
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value(QStringLiteral("Values"))
                                  .toArray();
    QVERIFY(!values.isEmpty());
    auto none = m_service->getMetricData(query(QStringLiteral("BytesInPerSec"),
                                               dimsArray("7"),
                                               60,
                                               QStringLiteral("Sum"),
                                               m_minute - 60000,
                                               m_minute + 60000));
    QVERIFY(none.ok());
    QVERIFY(none->value(QStringLiteral("MetricDataResults"))
                .toArray()
                .at(0)
                .toObject()
                .value(QStringLiteral("Values"))
                .toArray()
                .isEmpty());
}

void TestMetricStore::getMetricDataFromRollups()
{
    const qint64 id
        = m_catalog->seriesId(QStringLiteral("arn:c"), QStringLiteral("CpuUser"), dims("1"))
              .value();
    const qint64 dayAgo = m_minute - 24 * 3600000LL; // older than the fine retention
    QList<MetricPoint> points;
    for (int i = 0; i < 24; ++i) // 2 minutes at 5 s: 0..11, then 100..111
        points.append({id, dayAgo + i * 5000, double(i < 12 ? i : 100 + i - 12)});
    QVERIFY(m_catalog->appendSamples(points).ok());
    QVERIFY(m_catalog->rollUp(dayAgo, dayAgo + 120000).ok());
    QVERIFY(m_catalog->pruneMetrics(m_minute - MetricsService::kFineRetentionMs, 0).ok());
    QCOMPARE(m_catalog->samples(id, 0, m_minute).size(), size_t(0)); // only rollups left
    auto r = m_service->getMetricData(query(QStringLiteral("CpuUser"),
                                            dimsArray("1"),
                                            120,
                                            QStringLiteral("Average"),
                                            dayAgo - 3600000,
                                            dayAgo + 3600000));
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    const QJsonArray values = r->value(QStringLiteral("MetricDataResults"))
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value(QStringLiteral("Values"))
                                  .toArray();
    // dayAgo is a minute boundary but maybe not a 2-minute one: one or two buckets.
    double sum = 0;
    for (const QJsonValue &v : values)
        sum += v.toDouble();
    if (values.size() == 1)
        QCOMPARE(sum, (66.0 + 1266.0) / 24);
    else
        QCOMPARE(sum, 66.0 / 12 + 1266.0 / 12);
    // Old data is kept per minute: a period that is not a whole number of minutes is refused.
    auto refused = m_service->getMetricData(query(QStringLiteral("CpuUser"),
                                                  dimsArray("1"),
                                                  30,
                                                  QStringLiteral("Average"),
                                                  dayAgo - 3600000,
                                                  dayAgo + 3600000));
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message.contains(QStringLiteral("multiple of 60")));
}

void TestMetricStore::getMetricDataRefusesBadQueries_data()
{
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("sentence");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QJsonObject good = query(QStringLiteral("CpuUser"),
                                   dimsArray("1"),
                                   60,
                                   QStringLiteral("Average"),
                                   now - 3600000,
                                   now);
    auto with = [&good](const QString &key, const QJsonValue &v) {
        QJsonObject o = good;
        o.insert(key, v);
        return o;
    };
    auto withStat = [&](const QString &key, const QJsonValue &v) {
        QJsonObject q = good.value(QStringLiteral("MetricDataQueries")).toArray().at(0).toObject();
        QJsonObject stat = q.value(QStringLiteral("MetricStat")).toObject();
        if (key == QLatin1String("Dimensions") || key == QLatin1String("Namespace")) {
            QJsonObject metric = stat.value(QStringLiteral("Metric")).toObject();
            metric.insert(key, v);
            stat.insert(QStringLiteral("Metric"), metric);
        } else {
            stat.insert(key, v);
        }
        q.insert(QStringLiteral("MetricStat"), stat);
        return with(QStringLiteral("MetricDataQueries"), QJsonArray{q});
    };
    QTest::newRow("no queries") << with(QStringLiteral("MetricDataQueries"), QJsonArray{})
                                << "at least one query";
    QTest::newRow("bad start") << with(QStringLiteral("StartTime"), QStringLiteral("yesterday"))
                               << "StartTime must be an ISO-8601 time";
    QTest::newRow("end first") << with(QStringLiteral("EndTime"),
                                       MetricsService::isoMs(now - 7200000))
                               << "EndTime must be after StartTime";
    QTest::newRow("bad stat") << withStat(QStringLiteral("Stat"), QStringLiteral("Mean"))
                              << "not one of Average";
    QTest::newRow("zero period") << withStat(QStringLiteral("Period"), 0) << "at least 1";
    QTest::newRow("bad dimension")
        << withStat(QStringLiteral("Dimensions"),
                    QJsonArray{QJsonObject{{QStringLiteral("Name"), QStringLiteral("Host")},
                                           {QStringLiteral("Value"), QStringLiteral("a")}}})
        << "Unknown dimension \"Host\"";
    QTest::newRow("other namespace")
        << withStat(QStringLiteral("Namespace"), QStringLiteral("AWS/EC2")) << "AWS/Kafka";
    QTest::newRow("too many points") << withStat(QStringLiteral("Period"), 1)
                                            .value(QStringLiteral("MetricDataQueries"))
                                            .toObject()
                                     << "";
    QTest::newRow("bad id") << with(
        QStringLiteral("MetricDataQueries"),
        QJsonArray{QJsonObject{{QStringLiteral("Id"), QStringLiteral("M-1")}}})
                            << "starts with a lower-case letter";
}

void TestMetricStore::getMetricDataRefusesBadQueries()
{
    QFETCH(QJsonObject, params);
    QFETCH(QString, sentence);
    if (sentence.isEmpty()) { // 1 s periods over a 30-day range: too many points
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        params = query(QStringLiteral("CpuUser"),
                       dimsArray("1"),
                       1,
                       QStringLiteral("Average"),
                       now - 3600000,
                       now + 30LL * 86400000);
        sentence = QStringLiteral("more than 100800 data points");
    }
    auto r = m_service->getMetricData(params);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("BadRequestException"));
    QVERIFY2(r.error().message.contains(sentence), qPrintable(r.error().message));
}

void TestMetricStore::listMetricsFilters()
{
    for (const char *broker : {"1", "2"})
        for (const char *metric : {"CpuUser", "LeaderCount"})
            QVERIFY(m_catalog
                        ->seriesId(QStringLiteral("arn:c"),
                                   QString::fromLatin1(metric),
                                   dims(QString::fromLatin1(broker)))
                        .ok());
    auto count = [&](const QJsonObject &params) {
        auto r = m_service->listMetrics(params);
        return r.ok() ? r->value(QStringLiteral("Metrics")).toArray().size() : -1;
    };
    QCOMPARE(count({}), 4);
    QCOMPARE(count({{QStringLiteral("MetricName"), QStringLiteral("CpuUser")}}), 2);
    QCOMPARE(count({{QStringLiteral("Dimensions"), dimsArray("2")}}), 2);
    // A dimension named without a value matches every series that has it.
    QCOMPARE(
        count({{QStringLiteral("Dimensions"),
                QJsonArray{QJsonObject{{QStringLiteral("Name"), QStringLiteral("Broker ID")}}}}}),
        4);
    QCOMPARE(count({{QStringLiteral("Dimensions"),
                     QJsonArray{QJsonObject{{QStringLiteral("Name"), QStringLiteral("Topic")}}}}}),
             0);
    auto r = m_service->listMetrics({{QStringLiteral("MetricName"), QStringLiteral("CpuUser")},
                                     {QStringLiteral("Dimensions"), dimsArray("1")}});
    const QJsonObject m = r->value(QStringLiteral("Metrics")).toArray().at(0).toObject();
    QCOMPARE(m.value(QStringLiteral("Namespace")).toString(), QStringLiteral("AWS/Kafka"));
    QCOMPARE(m.value(QStringLiteral("Dimensions")).toArray(), dimsArray("1"));
}

void TestMetricStore::alarmsFollowTheirMetric()
{
    const QJsonArray d = dimsArray("1");
    const qint64 id = m_catalog
                          ->seriesId(QStringLiteral("arn:c"),
                                     QStringLiteral("KafkaDataLogsDiskUsed"),
                                     dims("1"))
                          .value();
    // The last whole minute: 70, 90 (average 80).
    QVERIFY(
        m_catalog->appendSamples({{id, m_minute + 10000, 70}, {id, m_minute + 40000, 90}}).ok());
    QJsonObject alarm{
        {QStringLiteral("AlarmName"), QStringLiteral("disk")},
        {QStringLiteral("MetricName"), QStringLiteral("KafkaDataLogsDiskUsed")},
        {QStringLiteral("Dimensions"), d},
        {QStringLiteral("Statistic"), QStringLiteral("Average")},
        {QStringLiteral("Period"), 60},
        {QStringLiteral("EvaluationPeriods"), 1},
        {QStringLiteral("Threshold"), 75},
        {QStringLiteral("ComparisonOperator"), QStringLiteral("GreaterThanOrEqualToThreshold")}};
    QVERIFY(m_service->putMetricAlarm(alarm).ok());
    auto state = [&](const QString &name) {
        auto r = m_service->describeAlarms({{QStringLiteral("AlarmNames"), QJsonArray{name}}});
        return r->value(QStringLiteral("MetricAlarms"))
            .toArray()
            .at(0)
            .toObject()
            .value(QStringLiteral("StateValue"))
            .toString();
    };
    QCOMPARE(state(QStringLiteral("disk")), QStringLiteral("ALARM"));
    // Raising the threshold above the average brings it back to OK.
    alarm.insert(QStringLiteral("Threshold"), 85);
    QVERIFY(m_service->putMetricAlarm(alarm).ok());
    QCOMPARE(state(QStringLiteral("disk")), QStringLiteral("OK"));
    // Maximum crosses 85 although the average does not.
    alarm.insert(QStringLiteral("Statistic"), QStringLiteral("Maximum"));
    QVERIFY(m_service->putMetricAlarm(alarm).ok());
    QCOMPARE(state(QStringLiteral("disk")), QStringLiteral("ALARM"));

    // No data: INSUFFICIENT_DATA, unless missing data counts as breaching.
    QJsonObject quiet = alarm;
    quiet.insert(QStringLiteral("AlarmName"), QStringLiteral("quiet"));
    quiet.insert(QStringLiteral("Dimensions"), dimsArray("5"));
    QVERIFY(m_service->putMetricAlarm(quiet).ok());
    QCOMPARE(state(QStringLiteral("quiet")), QStringLiteral("INSUFFICIENT_DATA"));
    quiet.insert(QStringLiteral("TreatMissingData"), QStringLiteral("breaching"));
    QVERIFY(m_service->putMetricAlarm(quiet).ok());
    QCOMPARE(state(QStringLiteral("quiet")), QStringLiteral("ALARM"));

    auto history = m_service->describeAlarmHistory(
        {{QStringLiteral("AlarmName"), QStringLiteral("disk")},
         {QStringLiteral("HistoryItemType"), QStringLiteral("StateUpdate")}});
    QVERIFY(history.ok());
    QStringList summaries;
    for (const QJsonValue &h : history->value(QStringLiteral("AlarmHistoryItems")).toArray())
        summaries << h.toObject().value(QStringLiteral("HistorySummary")).toString();
    QCOMPARE(summaries,
             (QStringList{QStringLiteral("Alarm updated from OK to ALARM"),
                          QStringLiteral("Alarm updated from ALARM to OK"),
                          QStringLiteral("Alarm updated from INSUFFICIENT_DATA to ALARM")}));

    // Refusals say what is wrong.
    QJsonObject bad = alarm;
    bad.insert(QStringLiteral("ComparisonOperator"), QStringLiteral("Above"));
    QVERIFY(m_service->putMetricAlarm(bad).error().message.contains(
        QStringLiteral("GreaterThanThreshold")));
    bad = alarm;
    bad.insert(QStringLiteral("DatapointsToAlarm"), 3);
    QVERIFY(m_service->putMetricAlarm(bad).error().message.contains(
        QStringLiteral("between 1 and EvaluationPeriods")));
    bad = alarm;
    bad.insert(QStringLiteral("ExtendedStatistic"), QStringLiteral("p99"));
    QVERIFY(m_service->putMetricAlarm(bad).error().message.contains(QStringLiteral("exactly one")));

    auto deleted
        = m_service->deleteAlarms({{QStringLiteral("AlarmNames"),
                                    QJsonArray{QStringLiteral("disk"), QStringLiteral("nope")}}});
    QCOMPARE(deleted.error().code, QStringLiteral("NotFoundException"));
    QCOMPARE(state(QStringLiteral("disk")), QStringLiteral("ALARM")); // nothing was deleted
    QVERIFY(m_service
                ->deleteAlarms({{QStringLiteral("AlarmNames"), QJsonArray{QStringLiteral("disk")}}})
                .ok());
    QCOMPARE(m_service->describeAlarms({})->value(QStringLiteral("MetricAlarms")).toArray().size(),
             1);
}

void TestMetricStore::brokersFromAnOlderCatalogGetMetricsPorts()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("catalog.sqlite"));
    {
        Catalog v3;
        QVERIFY(v3.open(file, 3).ok());
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v3"));
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(
            q.exec(QStringLiteral(
                       "INSERT INTO clusters (arn, name, state, broker_count, created_at, data_dir)"
                       " VALUES ('arn:old', 'old', 'ACTIVE', 1, '2026-01-01T00:00:00.000Z', '%1')")
                       .arg(dir.filePath(QStringLiteral("clusters/old")))));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO brokers (cluster_arn, node_id, port, state)"
                                      " VALUES ('arn:old', 1, 39500, 'STOPPED')")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v3"));
    Agent agent(Agent::Options{dir.path(), QString(), 39500, 39600});
    QVERIFY(agent.start().ok());
    QCOMPARE(agent.catalog().schemaVersion(), Catalog::kSchemaVersion);
    const auto brokers = agent.catalog().brokers(QStringLiteral("arn:old"));
    QCOMPARE(brokers.size(), qsizetype(1));
    QVERIFY2(brokers.first().metricsPort >= 39600 && brokers.first().metricsPort < 40600,
             qPrintable(QString::number(brokers.first().metricsPort)));
    const auto cluster = agent.catalog().cluster(QStringLiteral("arn:old"));
    QCOMPARE(cluster->enhancedMonitoring, QStringLiteral("DEFAULT"));
}

QTEST_GUILESS_MAIN(TestMetricStore)
#include "test_metric_store.moc"
