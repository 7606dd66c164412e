// Controller fencing: a broker whose heartbeats stop leaves every ISR in the same metadata
// batch that fences it (as Kafka's controller does), so acks=all does not wait
// replica.lag.time.max.ms for it; and when several brokers expire in one tick, no
// partition is handed to one of them on the way. A broker whose connection closed and
// stayed closed is fenced at once (fenceUnreachable), unless it was heard from since, also
// by a controller that took over after the connection closed.

#include "engine/metadata/controller.h"

#include <QtTest>

#include <algorithm>

using namespace runnel;
using namespace runnel::metadata;

namespace {

constexpr int64_t kSessionMs = 3000;

bool contains(const std::vector<BrokerId> &v, BrokerId id)
{
    return std::find(v.begin(), v.end(), id) != v.end();
}

// Three registered, unfenced brokers and topic "t" (6 partitions, RF 3), every ISR full.
Controller makeCluster(TimestampMs now)
{
    Controller c(ControllerConfig{kSessionMs, 1000}, MetadataImage{}, now, 7);
    for (int b = 1; b <= 3; ++b) {
        BrokerRegistration r;
        r.brokerId = BrokerId(b);
        r.incarnationId.fill(static_cast<uint8_t>(b));
        r.endpoints = {{"PLAINTEXT", "127.0.0.1", static_cast<uint16_t>(9090 + b)}};
        auto reg = c.registerBroker(r, now);
        if (!reg.response.ok())
            qFatal("registration failed");
    }
    for (int b = 1; b <= 3; ++b) {
        auto hb = c.heartbeat(BrokerHeartbeat{BrokerId(b), Offset(0), false}, now, Offset(0));
        if (!hb.response.ok() || hb.response.value().fenced)
            qFatal("broker not unfenced");
    }
    CreateTopic t;
    t.name = "t";
    t.partitions = 6;
    t.replicationFactor = 3;
    if (!c.createTopic(t).response.ok())
        qFatal("topic not created");
    return c;
}

const TopicInfo &topic(const Controller &c)
{
    const TopicInfo *t = c.image().topicByName("t");
    if (!t)
        qFatal("no topic");
    return *t;
}

} // namespace

class TestControllerFencing : public QObject
{
    Q_OBJECT
private slots:
    void fencedBrokerLeavesEveryIsrInTheSameBatch()
    {
        Controller c = makeCluster(0);
        std::map<int32_t, LeaderEpoch> epochs;
        for (const auto &[pid, p] : topic(c).partitions) {
            QCOMPARE(p.isr.size(), size_t(3));
            epochs[pid] = p.leaderEpoch;
        }
        // Brokers 1 and 2 keep heartbeating; broker 3 falls silent.
        for (TimestampMs t = 1000; t <= 4000; t += 1000) {
            for (int b = 1; b <= 2; ++b)
                QVERIFY(c.heartbeat(BrokerHeartbeat{BrokerId(b), Offset(0), false}, t, Offset(0))
                            .response.ok());
            auto tick = c.tick(t);
            QVERIFY(tick.response.ok());
            if (t < kSessionMs) {
                QVERIFY(tick.records.empty());
                continue;
            }
            if (tick.records.empty())
                continue; // fenced at an earlier tick
            // One batch: the fence record first, then the partition changes.
            QVERIFY(std::holds_alternative<FenceBrokerRecord>(tick.records.front()));
            QCOMPARE(std::get<FenceBrokerRecord>(tick.records.front()).brokerId, BrokerId(3));
            size_t changes = 0;
            for (const MetadataRecord &r : tick.records)
                changes += std::holds_alternative<PartitionChangeRecord>(r);
            QCOMPARE(changes, size_t(6)); // broker 3 was in all six ISRs
        }
        QVERIFY(!c.image().isLive(BrokerId(3)));
        for (const auto &[pid, p] : topic(c).partitions) {
            QVERIFY2(
                !contains(p.isr, BrokerId(3)),
                qPrintable(QString("partition %1 keeps the fenced broker in its ISR").arg(pid)));
            QCOMPARE(p.isr.size(), size_t(2));
            QVERIFY(p.leader == BrokerId(1) || p.leader == BrokerId(2));
            QVERIFY(contains(p.isr, p.leader));
            // Only partitions broker 3 led changed leader (and epoch).
            QVERIFY(p.leaderEpoch >= epochs[pid]);
        }
    }

    void brokersExpiringTogetherGetNothingOnTheWay()
    {
        Controller c = makeCluster(0);
        // Brokers 2 and 3 fall silent together; broker 1 keeps heartbeating.
        for (TimestampMs t = 1000; t <= 4000; t += 1000) {
            QVERIFY(c.heartbeat(BrokerHeartbeat{BrokerId(1), Offset(0), false}, t, Offset(0))
                        .response.ok());
            auto tick = c.tick(t);
            QVERIFY(tick.response.ok());
            for (const MetadataRecord &r : tick.records) {
                if (const auto *change = std::get_if<PartitionChangeRecord>(&r)) {
                    // A leader named in this batch must be live at its end.
                    if (change->leader)
                        QVERIFY2(*change->leader == BrokerId(1) || *change->leader == kNoLeader,
                                 "leadership handed to a broker fenced in the same batch");
                }
            }
        }
        QVERIFY(!c.image().isLive(BrokerId(2)));
        QVERIFY(!c.image().isLive(BrokerId(3)));
        for (const auto &[pid, p] : topic(c).partitions) {
            QCOMPARE(p.leader, BrokerId(1));
            QCOMPARE(p.isr, std::vector<BrokerId>{BrokerId(1)});
        }
    }

    void lostConnectionFencesAtOnceUnlessHeardSince()
    {
        Controller c = makeCluster(0);
        // Broker 2 heartbeated at 1000; its connection closed at 1200 (a kill -9). Broker 3
        // heartbeated at 1500, after its connection closed at 1400 (a restarted process, or a
        // live one whose connection broke): it stays.
        QVERIFY(c.heartbeat(BrokerHeartbeat{BrokerId(2), Offset(0), false}, 1000, Offset(0))
                    .response.ok());
        QVERIFY(c.heartbeat(BrokerHeartbeat{BrokerId(3), Offset(0), false}, 1500, Offset(0))
                    .response.ok());
        auto result = c.fenceUnreachable({{BrokerId(2), 1200}, {BrokerId(3), 1400}});
        QVERIFY(result.response.ok());
        QVERIFY(!result.records.empty());
        QVERIFY(std::holds_alternative<FenceBrokerRecord>(result.records.front()));
        QVERIFY(!c.image().isLive(BrokerId(2)));
        QVERIFY(c.image().isLive(BrokerId(3)));
        // Well within the 3 s session: only the connection said broker 2 was gone.
        QVERIFY(c.tick(1700).records.empty());
        for (const auto &[pid, p] : topic(c).partitions) {
            QVERIFY(p.leader != BrokerId(2));
            QVERIFY(!contains(p.isr, BrokerId(2)));
        }
        // Asking again changes nothing: it is fenced already.
        QVERIFY(c.fenceUnreachable({{BrokerId(2), 1200}}).records.empty());
    }

    void newControllerFencesABrokerWhoseConnectionClosedBeforeTakeover()
    {
        // The old active controller (broker 1) was killed at 1000; this controller took over
        // at 1600 and starts every session then, but has heard nothing from broker 1.
        Controller before = makeCluster(0);
        Controller c(ControllerConfig{kSessionMs, 1000}, before.image(), 1600, 9);
        QVERIFY(c.tick(1700).records.empty());
        auto result = c.fenceUnreachable({{BrokerId(1), 1000}});
        QVERIFY(!result.records.empty());
        QVERIFY(!c.image().isLive(BrokerId(1)));
        for (const auto &[pid, p] : topic(c).partitions)
            QVERIFY(p.leader == BrokerId(2) || p.leader == BrokerId(3));
        // A broker that heartbeats the new controller is not fenced by an older closed
        // connection.
        QVERIFY(c.heartbeat(BrokerHeartbeat{BrokerId(2), Offset(0), false}, 1650, Offset(0))
                    .response.ok());
        QVERIFY(c.fenceUnreachable({{BrokerId(2), 1000}}).records.empty());
        QVERIFY(c.image().isLive(BrokerId(2)));
    }
};

QTEST_APPLESS_MAIN(TestControllerFencing)
#include "test_controller_fencing.moc"
