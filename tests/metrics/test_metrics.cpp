// engine/metrics without a broker: Prometheus text both ways, the rate windows, how a
// request frame is classified, CloudWatch statistics and rollups, and the lag rules.

#include "engine/metrics/broker_metrics.h"
#include "engine/metrics/exposition.h"
#include "engine/metrics/lag.h"
#include "engine/metrics/statistics.h"

#include <QTest>

#include <cmath>

using namespace runnel::metrics;

Q_DECLARE_METATYPE(std::string)

class TestMetrics : public QObject
{
    Q_OBJECT

private slots:
    void expositionRoundTrip();
    void expositionRefusesMalformedLines_data();
    void expositionRefusesMalformedLines();
    void meterRateIsOverTheWindow();
    void brokerFamiliesCarryMskNames();
    void fetchFromFollowerIsTold();
    void statistics_data();
    void statistics();
    void percentileNearestRank();
    void rollupsGiveTheSameAnswersAsSamples_data();
    void rollupsGiveTheSameAnswersAsSamples();
    void monitoringLevels();
    void lagCountsOnlyStableOrEmptyGroups_data();
    void lagCountsOnlyStableOrEmptyGroups();
    void lagFigures();
    void timeLagFromWatermarkHistory();
};

void TestMetrics::expositionRoundTrip()
{
    MetricFamily f{"BytesInPerSec", "Bytes in.\nSecond line", MetricType::Gauge, {}};
    f.samples.push_back({f.name, {}, 1024.5});
    f.samples.push_back({f.name, {{"topic", "a\"b\\c\nd"}}, 7});
    MetricFamily c{"runnel_bytes_in_total", "Total.", MetricType::Counter, {}};
    c.samples.push_back({c.name, {}, 123456789012.0});
    const std::string text = writeExposition({f, c});
    QVERIFY(text.find("# TYPE BytesInPerSec gauge\n") != std::string::npos);
    QVERIFY(text.find("# TYPE runnel_bytes_in_total counter\n") != std::string::npos);
    QVERIFY(text.find("# HELP BytesInPerSec Bytes in.\\nSecond line\n") != std::string::npos);
    QVERIFY(text.find("BytesInPerSec{topic=\"a\\\"b\\\\c\\nd\"} 7\n") != std::string::npos);

    auto parsed = parseExposition(text);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
    QCOMPARE(parsed->size(), size_t(3));
    QCOMPARE(parsed->at(0).name, std::string("BytesInPerSec"));
    QCOMPARE(parsed->at(0).value, 1024.5);
    QCOMPARE(parsed->at(1).label("topic"), std::string("a\"b\\c\nd"));
    QCOMPARE(parsed->at(2).value, 123456789012.0);
    // Timestamps, NaN and a Windows line end, as other exporters write them.
    auto other = parseExposition("up{job=\"x\",instance=\"y\"} 1 1700000000000\r\nm NaN\n");
    QVERIFY(other.ok());
    QCOMPARE(other->at(0).label("instance"), std::string("y"));
    QCOMPARE(other->at(0).value, 1.0);
    QVERIFY(std::isnan(other->at(1).value));
}

void TestMetrics::expositionRefusesMalformedLines_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("no value") << "a 1\nb\n"
                              << "line 2: sample b has no value";
    QTest::newRow("not a number") << "a one\n"
                                  << "'one' is not a number";
    QTest::newRow("open label") << "a{x=\"1} 2\n"
                                << "unterminated label value";
    QTest::newRow("bad label") << "a{x=1} 2\n"
                               << "a label is name=\"value\"";
    QTest::newRow("bad name") << "9a 1\n"
                              << "starts with a metric name";
}

void TestMetrics::expositionRefusesMalformedLines()
{
    QFETCH(QString, text);
    QFETCH(QString, sentence);
    auto parsed = parseExposition(text.toStdString());
    QVERIFY(!parsed.ok());
    QVERIFY2(QString::fromStdString(parsed.error().message).contains(sentence),
             parsed.error().message.c_str());
}

void TestMetrics::meterRateIsOverTheWindow()
{
    Meter m;
    QCOMPARE(m.ratePerSecond(), 0.0);
    m.tick();
    m.mark(100);
    m.tick(); // 100 in the first second
    QCOMPARE(m.ratePerSecond(), 100.0);
    m.mark(300);
    m.tick(); // 400 over two seconds
    QCOMPARE(m.ratePerSecond(), 200.0);
    for (int i = 0; i < Meter::kWindowSeconds; ++i)
        m.tick(); // nothing new for a whole window
    QCOMPARE(m.ratePerSecond(), 0.0);
    QCOMPARE(m.count(), uint64_t(400));
}

void TestMetrics::brokerFamiliesCarryMskNames()
{
    BrokerMetrics b;
    b.tick();
    b.produced("orders", 1000, 10);
    b.produced("orders", 1000, 10);
    b.fetched("orders", 500);
    b.requestReceived(3, 200);
    b.requestReceived(7, 400);
    b.requestCompleted(BrokerMetrics::RequestKind::Produce, 4.0, 1.0);
    b.requestCompleted(BrokerMetrics::RequestKind::Produce, 6.0, 3.0);
    b.tick();
    BrokerGauges g;
    g.partitionCount = 5;
    g.leaderCount = 5;
    g.connectionCount = 2;
    auto parsed = parseExposition(writeExposition(b.families(g, ProcessFigures{})));
    QVERIFY(parsed.ok());
    std::map<std::string, double> plain;
    std::map<std::string, double> orders;
    for (const Sample &s : *parsed) {
        if (s.labels.empty())
            plain[s.name] = s.value;
        else if (s.label("topic") == "orders")
            orders[s.name] = s.value;
    }
    QCOMPARE(plain["BytesInPerSec"], 2000.0);
    QCOMPARE(plain["MessagesInPerSec"], 20.0);
    QCOMPARE(plain["BytesOutPerSec"], 500.0);
    QCOMPARE(orders["BytesInPerSec"], 2000.0);
    QCOMPARE(orders["BytesOutPerSec"], 500.0);
    QCOMPARE(plain["ProduceTotalTimeMsMean"], 5.0);
    QCOMPARE(plain["ProduceLocalTimeMsMean"], 2.0);
    QCOMPARE(plain["RequestBytesMean"], 300.0);
    QCOMPARE(plain["TcpConnections"], 7.0);
    QCOMPARE(plain["ConnectionCount"], 2.0);
    QCOMPARE(plain["PartitionCount"], 5.0);
    for (const char *name : {"CpuUser",
                             "CpuSystem",
                             "CpuIdle",
                             "MemoryUsed",
                             "KafkaDataLogsDiskUsed",
                             "GlobalTopicCount",
                             "GlobalPartitionCount",
                             "ActiveControllerCount",
                             "OfflinePartitionsCount",
                             "UnderReplicatedPartitions",
                             "UnderMinIsrPartitionCount",
                             "LeaderCount",
                             "RequestHandlerAvgIdlePercent",
                             "FetchConsumerTotalTimeMsMean",
                             "FetchFollowerTotalTimeMsMean"})
        QVERIFY2(plain.count(name), name);

    // With a data size limit, KafkaDataLogsDiskUsed is the share of it in use.
    g.logBytesMax = 4000;
    g.logBytesUsed = 1000;
    auto limited = parseExposition(writeExposition(b.families(g, ProcessFigures{})));
    QVERIFY(limited.ok());
    bool seen = false;
    for (const Sample &s : *limited)
        if (s.name == "KafkaDataLogsDiskUsed" && s.labels.empty()) {
            QCOMPARE(s.value, 25.0);
            seen = true;
        }
    QVERIFY(seen);

    // Each partition's size on disk, as Kafka's kafka.log:type=Log,name=Size gauge.
    g.partitionSizes = {{"orders", 0, 4096}, {"orders", 1, 0}, {"audit", 0, 123}};
    auto sized = parseExposition(writeExposition(b.families(g, ProcessFigures{})));
    QVERIFY(sized.ok());
    std::map<std::pair<std::string, std::string>, double> sizes;
    for (const Sample &s : *sized)
        if (s.name == "Size")
            sizes[{s.label("topic"), s.label("partition")}] = s.value;
    QCOMPARE(sizes.size(), size_t(3));
    QCOMPARE(sizes[std::make_pair(std::string("orders"), std::string("0"))], 4096.0);
    QCOMPARE(sizes[std::make_pair(std::string("audit"), std::string("0"))], 123.0);
    QVERIFY(!levelOf("Size", true)); // not a CloudWatch metric: never stored as a series
}

void TestMetrics::fetchFromFollowerIsTold()
{
    // Fetch v11 header: key 1, version 11, correlation id, client id "c"; then replica_id.
    auto frame = [](int16_t key, int32_t replica) {
        std::vector<uint8_t> f = {0, uint8_t(key), 0, 11, 0, 0, 0, 9, 0, 1, 'c'};
        for (int shift : {24, 16, 8, 0})
            f.push_back(uint8_t(uint32_t(replica) >> shift));
        return f;
    };
    auto consumer = frame(1, -1);
    auto follower = frame(1, 2);
    auto produce = frame(0, -1);
    auto metadata = frame(3, -1);
    QCOMPARE(BrokerMetrics::classify(consumer.data(), consumer.size()),
             BrokerMetrics::RequestKind::FetchConsumer);
    QCOMPARE(BrokerMetrics::classify(follower.data(), follower.size()),
             BrokerMetrics::RequestKind::FetchFollower);
    QCOMPARE(BrokerMetrics::classify(produce.data(), produce.size()),
             BrokerMetrics::RequestKind::Produce);
    QCOMPARE(BrokerMetrics::classify(metadata.data(), metadata.size()),
             BrokerMetrics::RequestKind::Other);
    QCOMPARE(BrokerMetrics::classify(consumer.data(), 5), BrokerMetrics::RequestKind::Other);
}

void TestMetrics::statistics_data()
{
    QTest::addColumn<QString>("stat");
    QTest::addColumn<QList<double>>("expected"); // one value per 60 s period
    // Samples: minute 0 → 1, 2, 3, 10; minute 1 → 5; minute 2 → none; minute 3 → 4, 4.
    QTest::newRow("Average") << "Average" << QList<double>{4, 5, 4};
    QTest::newRow("Sum") << "Sum" << QList<double>{16, 5, 8};
    QTest::newRow("Maximum") << "Maximum" << QList<double>{10, 5, 4};
    QTest::newRow("Minimum") << "Minimum" << QList<double>{1, 5, 4};
    QTest::newRow("SampleCount") << "SampleCount" << QList<double>{4, 1, 2};
    QTest::newRow("p50") << "p50" << QList<double>{2, 5, 4};
    QTest::newRow("p99") << "p99" << QList<double>{10, 5, 4};
}

static std::vector<TimedValue> knownSamples()
{
    const int64_t t0 = 1'700'000'040'000; // a minute boundary
    return {{t0 + 1000, 1},
            {t0 + 15000, 2},
            {t0 + 30000, 3},
            {t0 + 59999, 10},
            {t0 + 60000, 5},
            {t0 + 180000, 4},
            {t0 + 185000, 4}};
}

void TestMetrics::statistics()
{
    QFETCH(QString, stat);
    QFETCH(QList<double>, expected);
    const auto statistic = parseStatistic(stat.toStdString());
    QVERIFY(statistic);
    const int64_t t0 = 1'700'000'040'000;
    const auto points = aggregate(knownSamples(), t0, t0 + 240000, 60000, *statistic);
    QCOMPARE(points.size(), size_t(expected.size()));
    const std::vector<int64_t> starts = {t0, t0 + 60000, t0 + 180000}; // the empty minute has none
    for (size_t i = 0; i < points.size(); ++i) {
        QCOMPARE(points[i].timeMs, starts[i]);
        QCOMPARE(points[i].value, expected[qsizetype(i)]);
    }
    // The range is half-open and filters samples.
    QCOMPARE(aggregate(knownSamples(), t0 + 60000, t0 + 180000, 60000, *statistic).size(),
             size_t(1));
}

void TestMetrics::percentileNearestRank()
{
    std::vector<double> values;
    for (int i = 1; i <= 100; ++i)
        values.push_back(101 - i);
    QCOMPARE(percentile(values, 99), 99.0);
    QCOMPARE(percentile(values, 100), 100.0);
    QCOMPARE(percentile(values, 1), 1.0);
    QCOMPARE(percentile({}, 50), 0.0);
    QVERIFY(!parseStatistic("p0"));
    QVERIFY(!parseStatistic("p101"));
    QVERIFY(!parseStatistic("Mean"));
    QCOMPARE(parseStatistic("p99.9")->percentile, 99.9);
}

void TestMetrics::rollupsGiveTheSameAnswersAsSamples_data()
{
    QTest::addColumn<QString>("stat");
    QTest::addColumn<int>("periodSeconds");
    for (const char *s : {"Average", "Sum", "Maximum", "Minimum", "SampleCount"})
        for (int period : {60, 120, 300})
            QTest::newRow(qPrintable(QStringLiteral("%1/%2").arg(s).arg(period)))
                << QString::fromLatin1(s) << period;
}

void TestMetrics::rollupsGiveTheSameAnswersAsSamples()
{
    QFETCH(QString, stat);
    QFETCH(int, periodSeconds);
    const int64_t t0 = 1'700'000'040'000;
    std::vector<TimedValue> samples;
    for (int i = 0; i < 600; ++i) // 10 minutes at 1 s, a sawtooth
        samples.push_back({t0 + i * 1000, double((i * 7) % 23)});
    const auto rollups = rollUp(samples);
    QCOMPARE(rollups.size(), size_t(10));
    QCOMPARE(rollups.front().count, uint64_t(60));
    const auto statistic = *parseStatistic(stat.toStdString());
    const auto fine = aggregate(samples, t0, t0 + 600000, periodSeconds * 1000, statistic);
    const auto coarse = aggregate(rollups, t0, t0 + 600000, periodSeconds * 1000, statistic);
    QCOMPARE(fine.size(), coarse.size());
    for (size_t i = 0; i < fine.size(); ++i) {
        QCOMPARE(coarse[i].timeMs, fine[i].timeMs);
        QVERIFY2(std::abs(coarse[i].value - fine[i].value) < 1e-9,
                 qPrintable(QStringLiteral("%1 vs %2").arg(coarse[i].value).arg(fine[i].value)));
    }
}

void TestMetrics::monitoringLevels()
{
    QVERIFY(*levelOf("BytesInPerSec", false) == MonitoringLevel::Default);
    QVERIFY(*levelOf("BytesInPerSec", true) == MonitoringLevel::PerTopicPerBroker);
    QVERIFY(*levelOf("RequestHandlerAvgIdlePercent", false) == MonitoringLevel::PerBroker);
    QVERIFY(*levelOf("OffsetLag", false) == MonitoringLevel::PerTopicPerPartition);
    QVERIFY(!levelOf("runnel_bytes_in_total", false));
    QVERIFY(*parseMonitoringLevel("PER_TOPIC_PER_BROKER") == MonitoringLevel::PerTopicPerBroker);
    QVERIFY(!parseMonitoringLevel("per_broker"));
}

void TestMetrics::lagCountsOnlyStableOrEmptyGroups_data()
{
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("state");
    QTest::addColumn<bool>("counted");
    QTest::newRow("stable") << "billing"
                            << "Stable" << true;
    QTest::newRow("empty") << "billing"
                           << "Empty" << true;
    QTest::newRow("upper case") << "billing"
                                << "STABLE" << true;
    QTest::newRow("rebalancing") << "billing"
                                 << "PreparingRebalance" << false;
    QTest::newRow("completing") << "billing"
                                << "CompletingRebalance" << false;
    QTest::newRow("dead") << "billing"
                          << "Dead" << false;
    QTest::newRow("colon") << "team:billing"
                           << "Stable" << false;
    QTest::newRow("not ascii") << QString::fromUtf8("café") << "Stable" << false;
}

void TestMetrics::lagCountsOnlyStableOrEmptyGroups()
{
    QFETCH(QString, group);
    QFETCH(QString, state);
    QFETCH(bool, counted);
    QCOMPARE(lagCounted(group.toStdString(), state.toStdString()), counted);
    ConsumerGroupOffsets g{group.toStdString(), state.toStdString(), {{{"t", 0}, 5}}};
    const auto report = computeLag({g}, {{{"t", 0}, 8}}, HighWatermarkHistory{}, 0);
    QCOMPARE(report.partitions.size(), size_t(counted ? 1 : 0));
}

void TestMetrics::lagFigures()
{
    const ConsumerGroupOffsets g{"app",
                                 "Stable",
                                 {{{"orders", 0}, 100},
                                  {{"orders", 1}, 40},
                                  {{"orders", 2}, -1}, // never committed: left out
                                  {{"orders", 3}, 70}, // ahead of a truncated log: 0
                                  {{"audit", 0}, 9}}};
    const std::map<PartitionKey, int64_t> hw = {{{"orders", 0}, 130},
                                                {{"orders", 1}, 100},
                                                {{"orders", 2}, 50},
                                                {{"orders", 3}, 60},
                                                {{"audit", 0}, 9}};
    const auto report = computeLag({g}, hw, HighWatermarkHistory{}, 0);
    QCOMPARE(report.partitions.size(), size_t(4));
    std::map<std::string, TopicLag> topics;
    for (const TopicLag &t : report.topics)
        topics[t.topic] = t;
    QCOMPARE(topics["orders"].sumOffsetLag, int64_t(30 + 60 + 0));
    QCOMPARE(topics["orders"].maxOffsetLag, int64_t(60));
    QCOMPARE(topics["audit"].sumOffsetLag, int64_t(0));
    for (const PartitionLag &p : report.partitions)
        if (p.partition == PartitionKey{"orders", 1})
            QCOMPARE(p.offsetLag, int64_t(60));
}

void TestMetrics::timeLagFromWatermarkHistory()
{
    HighWatermarkHistory h;
    const PartitionKey p{"orders", 0};
    h.record(p, 10'000, 0);
    h.record(p, 15'000, 0);                          // unchanged: not a new point
    h.record(p, 20'000, 50);                         // offsets 0–49 written by 20 s
    h.record(p, 30'000, 100);                        // 50–99 by 30 s
    QCOMPARE(h.timeLagSeconds(p, 100, 40'000), 0.0); // caught up
    QCOMPARE(h.timeLagSeconds(p, 60, 40'000), 10.0); // offset 60 appeared at 30 s
    QCOMPARE(h.timeLagSeconds(p, 10, 40'000), 20.0); // offset 10 appeared at 20 s
    QCOMPARE(h.timeLagSeconds({"other", 0}, 10, 40'000), 0.0);
    h.prune(25'000); // keeps the point at 20 s that was current at 25 s
    QCOMPARE(h.timeLagSeconds(p, 10, 40'000), 20.0);
    h.prune(35'000);
    QCOMPARE(h.timeLagSeconds(p, 10, 40'000), 10.0); // older history gone: a lower bound

    const ConsumerGroupOffsets g{"app", "Empty", {{p, 60}, {{"orders", 1}, 5}}};
    HighWatermarkHistory h2;
    h2.record(p, 20'000, 50);
    h2.record(p, 30'000, 100);
    h2.record({"orders", 1}, 12'000, 10);
    const auto report = computeLag({g}, {{p, 100}, {{"orders", 1}, 10}}, h2, 42'000);
    QCOMPARE(report.topics.size(), size_t(1));
    QCOMPARE(report.topics[0].estimatedMaxTimeLagSeconds, 30.0); // partition 1: since 12 s
}

QTEST_APPLESS_MAIN(TestMetrics)
#include "test_metrics.moc"
