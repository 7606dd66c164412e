// The replica plans of UpdateBrokerCount (engine/control/reassignplan.h), from Metadata
// answers built here: which replicas move when brokers leave, which topics make a target
// too small, and that growing still spreads replicas evenly.

#include "engine/control/reassignplan.h"

#include <QTest>

using namespace runnel::control;
using runnel::protocol::MetadataResponse;

namespace {

using Topic = decltype(MetadataResponse::topics)::value_type;
using Partition = decltype(Topic::partitions)::value_type;

// One topic whose partition i has replicas[i].
Topic topic(const std::string &name, const std::vector<std::vector<int32_t>> &replicas)
{
    Topic t;
    t.name = name;
    for (size_t i = 0; i < replicas.size(); ++i) {
        Partition p;
        p.partitionIndex = static_cast<int32_t>(i);
        p.leaderId = replicas[i].front();
        p.replicaNodes = replicas[i];
        p.isrNodes = replicas[i];
        t.partitions.push_back(p);
    }
    return t;
}

std::map<int32_t, int> loadAfter(const MetadataResponse &m, const ReplicaPlan &plan)
{
    std::map<int32_t, int> load;
    for (const auto &t : m.topics)
        for (const auto &p : t.partitions) {
            const auto it = plan.find({*t.name, p.partitionIndex});
            for (int32_t r : it == plan.end() ? p.replicaNodes : it->second)
                ++load[r];
        }
    return load;
}

} // namespace

class TestReassignPlan : public QObject
{
    Q_OBJECT

private slots:
    void drainReplacesOnlyRemovedBrokersInPlace();
    void drainSpreadsOverTheLeastLoaded();
    void drainFailsWhenTooFewBrokersRemain();
    void drainSkipsTopicsWithErrors();
    void replicationFactorRefusal_data();
    void replicationFactorRefusal();
    void spreadStillEvensOutAGrownCluster();
};

void TestReassignPlan::drainReplacesOnlyRemovedBrokersInPlace()
{
    MetadataResponse m;
    m.topics.push_back(topic("t", {{5, 1, 2}, {1, 2, 3}, {2, 4, 1}}));
    const auto plan = planDrain(m, {4, 5}, {1, 2, 3});
    QVERIFY(plan);
    // Partition 1 holds no removed broker: not in the plan.
    QCOMPARE(plan->size(), size_t(2));
    QVERIFY(!plan->count({"t", 1}));
    // 5 -> 3 (the only remaining broker not already a replica), in 5's place: 1 and 2 keep
    // their order.
    QCOMPARE(plan->at({"t", 0}), (std::vector<int32_t>{3, 1, 2}));
    QCOMPARE(plan->at({"t", 2}), (std::vector<int32_t>{2, 3, 1}));
}

void TestReassignPlan::drainSpreadsOverTheLeastLoaded()
{
    // Five brokers, RF 2, ten partitions round-robin: 4 replicas each. Removing 4 and 5
    // puts their 8 replicas on 1-3 so that no remaining broker ends more than one above
    // another.
    std::vector<std::vector<int32_t>> replicas;
    for (int i = 0; i < 10; ++i)
        replicas.push_back({1 + i % 5, 1 + (i + 1) % 5});
    MetadataResponse m;
    m.topics.push_back(topic("spread", replicas));
    const auto plan = planDrain(m, {4, 5}, {1, 2, 3});
    QVERIFY(plan);
    const auto load = loadAfter(m, *plan);
    QCOMPARE(load.count(4) + load.count(5), size_t(0));
    QCOMPARE(load.at(1) + load.at(2) + load.at(3), 20);
    const auto [lo, hi] = std::minmax({load.at(1), load.at(2), load.at(3)});
    QVERIFY2(hi - lo <= 1, qPrintable(QStringLiteral("%1..%2").arg(lo).arg(hi)));
    for (const auto &[key, r] : *plan) {
        QCOMPARE(r.size(), size_t(2));
        QVERIFY(r[0] != r[1]);
    }
}

void TestReassignPlan::drainFailsWhenTooFewBrokersRemain()
{
    MetadataResponse m;
    m.topics.push_back(topic("wide", {{1, 2, 3, 4}}));
    QString why;
    QVERIFY(!planDrain(m, {4}, {1, 2, 3}, &why));
    QCOMPARE(why,
             QStringLiteral("partition wide-0 has 4 replicas and only 3 brokers would remain"));
}

void TestReassignPlan::drainSkipsTopicsWithErrors()
{
    MetadataResponse m;
    Topic bad = topic("bad", {{4, 1, 2}});
    bad.errorCode = 3; // UNKNOWN_TOPIC_OR_PARTITION: deleted while listed
    m.topics.push_back(bad);
    const auto plan = planDrain(m, {4}, {1, 2, 3});
    QVERIFY(plan);
    QVERIFY(plan->empty());
}

void TestReassignPlan::replicationFactorRefusal_data()
{
    QTest::addColumn<int>("target");
    QTest::addColumn<QString>("sentence"); // empty: allowed
    QTest::newRow("fits") << 3 << QString();
    QTest::newRow("four replicas on three")
        << 3
        << QStringLiteral("Topic b-wide has replication factor 4, so it needs at least 4 brokers "
                          "(you asked for 3); lower its replication factor or delete it first.");
    QTest::newRow("the first topic by name")
        << 2 << QStringLiteral("Topic a-three has replication factor 3");
}

void TestReassignPlan::replicationFactorRefusal()
{
    QFETCH(int, target);
    QFETCH(QString, sentence);
    MetadataResponse m;
    m.topics.push_back(topic("one", {{1}}));
    m.topics.push_back(topic("a-three", {{1, 2, 3}, {2, 3, 4}}));
    if (QByteArray(QTest::currentDataTag()) != "fits")
        m.topics.push_back(topic("b-wide", {{1, 2, 3, 4}}));
    const auto refusal = ::runnel::control::replicationFactorRefusal(m, target);
    if (sentence.isEmpty()) {
        QVERIFY2(!refusal, qPrintable(refusal.value_or(QString())));
        return;
    }
    QVERIFY(refusal);
    QVERIFY2(refusal->startsWith(sentence), qPrintable(*refusal));
}

void TestReassignPlan::spreadStillEvensOutAGrownCluster()
{
    MetadataResponse m;
    m.topics.push_back(
        topic("g", {{1, 2, 3}, {2, 3, 1}, {3, 1, 2}, {1, 3, 2}, {2, 1, 3}, {3, 2, 1}}));
    const auto plan = planSpread(m, {1, 2, 3, 4});
    const auto load = loadAfter(m, plan);
    QVERIFY(load.at(4) >= 4);
    for (const auto &[id, n] : load)
        QVERIFY2(n == 4 || n == 5, qPrintable(QStringLiteral("broker %1 holds %2").arg(id).arg(n)));
}

QTEST_GUILESS_MAIN(TestReassignPlan)
#include "test_reassign_plan.moc"
