// Partition reassignment in the Controller (KIP-455, docs/replication.md): targets become
// adding/removing replicas, completion waits for the ISR, the leader moves off a removed
// broker, a null target cancels, bad targets are refused. The controller's records are
// applied to a second image through the log encoding, as the brokers apply them.

#include "../common/broker_ids.h"
#include "engine/metadata/controller.h"

#include <QtTest>

using namespace runnel;
using namespace runnel::metadata;

namespace {

using runnel::testing::ids;

// A controller with brokers 1..n registered and unfenced and one topic "t" with RF 3.
struct Fixture
{
    MetadataImage committed;
    std::optional<Controller> controller;
    TopicId topic{};
    int64_t offset = 0;

    explicit Fixture(int brokers, int partitions = 1)
    {
        controller.emplace(ControllerConfig{}, committed, 0, 42);
        for (int b = 1; b <= brokers; ++b) {
            Uuid inc{};
            inc.fill(static_cast<uint8_t>(b));
            commit(controller->registerBroker({BrokerId(b), inc, {{"PLAINTEXT", "h", 1}}, ""}, 0));
            commit(controller->heartbeat({BrokerId(b), Offset(0), false}, 0, Offset(0)));
        }
        auto created = controller->createTopic({"t", partitions, 3, {}});
        if (!created.response.ok())
            qFatal("creating the topic failed: %s", created.response.error().message.c_str());
        topic = created.response.value();
        commit(created);
    }

    // Applies the records the way brokers do: encoded, as one committed log entry.
    template<typename T>
    void commit(const ControllerResult<T> &r)
    {
        if (r.records.empty())
            return;
        LogEntry e{Offset(offset++), QuorumEpoch(1), EntryKind::Data, encodeBatch(r.records)};
        Status s = committed.applyEntry(e);
        if (!s.ok())
            qFatal("committed image refused a controller record: %s", s.error().message.c_str());
    }

    const PartitionInfo &partition(int p = 0) const
    {
        return *committed.partition(topic, PartitionId(p));
    }

    // The partition leader reports a new ISR, as PartitionReplica does after a catch-up.
    ControllerResult<PartitionInfo> setIsr(std::vector<BrokerId> isr, int p = 0)
    {
        const PartitionInfo &info = partition(p);
        auto r = controller->alterPartition(
            {info.leader, topic, PartitionId(p), info.leaderEpoch, info.partitionEpoch, isr});
        commit(r);
        return r;
    }

    ControllerResult<bool> reassign(std::optional<std::vector<BrokerId>> target, int p = 0)
    {
        auto r = controller->reassignPartition({"t", PartitionId(p), std::move(target)});
        commit(r);
        return r;
    }
};

} // namespace

class TestReassignment : public QObject
{
    Q_OBJECT
private slots:
    void recordRoundTrips()
    {
        TopicId id{};
        id.fill(9);
        const MetadataRecord rec = PartitionReassignmentRecord{
            id, PartitionId(3), ids({4, 1, 2, 3}), ids({4}), ids({3}), ids({1, 2}), BrokerId(1)};
        const MetadataRecord bare
            = PartitionReassignmentRecord{id, PartitionId(0), ids({2}), {}, {}, {}, {}};
        auto decoded = decodeBatch(encodeBatch({rec, bare}));
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->size(), size_t(2));
        QVERIFY(decoded->at(0) == rec);
        QVERIFY(decoded->at(1) == bare);
        // A truncated record is refused, not half-read.
        Bytes b = encodeBatch({rec});
        b.pop_back();
        QVERIFY(!decodeBatch(b).ok());
    }

    void moveOneReplicaToANewBroker()
    {
        Fixture f(4);
        std::vector<BrokerId> before = f.partition().replicas;
        QCOMPARE(before.size(), size_t(3));
        // Replace the last replica with broker 4 (the one not holding it).
        int newcomer = 0;
        for (int b = 1; b <= 4; ++b)
            if (std::find(before.begin(), before.end(), BrokerId(b)) == before.end())
                newcomer = b;
        QVERIFY(newcomer != 0);
        std::vector<BrokerId> target = {before[0], before[1], BrokerId(newcomer)};
        auto r = f.reassign(target);
        QVERIFY(r.response.ok());
        const PartitionInfo &p = f.partition();
        QCOMPARE(p.replicas,
                 (std::vector<BrokerId>{before[0], before[1], BrokerId(newcomer), before[2]}));
        QCOMPARE(p.addingReplicas, std::vector<BrokerId>{BrokerId(newcomer)});
        QCOMPARE(p.removingReplicas, std::vector<BrokerId>{before[2]});
        QVERIFY(p.reassigning());
        QCOMPARE(p.leader, before[0]);
        // The new replica is not in the ISR yet: nothing completes on tick.
        f.commit(f.controller->tick(1));
        QVERIFY(f.partition().reassigning());
        // It caught up: the leader expands the ISR, which completes the reassignment in
        // the same batch.
        std::vector<BrokerId> isr = f.partition().isr;
        isr.push_back(BrokerId(newcomer));
        auto alter = f.setIsr(isr);
        QVERIFY(alter.response.ok());
        const PartitionInfo &done = f.partition();
        QVERIFY(!done.reassigning());
        QCOMPARE(done.replicas, target);
        QCOMPARE(done.isr.size(), size_t(3));
        QVERIFY(std::find(done.isr.begin(), done.isr.end(), before[2]) == done.isr.end());
        QCOMPARE(done.leader, before[0]);
        // The answer to the leader carries the final state.
        QCOMPARE(alter.response->partitionEpoch, done.partitionEpoch);
        QCOMPARE(alter.response->isr, done.isr);
    }

    void removedLeaderHandsOver()
    {
        Fixture f(4);
        const PartitionInfo start = f.partition();
        const BrokerId oldLeader = start.leader;
        std::vector<BrokerId> target;
        for (int b = 1; b <= 4; ++b)
            if (BrokerId(b) != oldLeader)
                target.push_back(BrokerId(b));
        QVERIFY(f.reassign(target).response.ok());
        QCOMPARE(f.partition().leader, oldLeader); // still leads while the data moves
        QCOMPARE(f.partition().leaderEpoch, start.leaderEpoch);
        std::vector<BrokerId> isr = f.partition().isr;
        for (BrokerId b : f.partition().addingReplicas)
            isr.push_back(b);
        QVERIFY(f.setIsr(isr).response.ok());
        const PartitionInfo &done = f.partition();
        QVERIFY(!done.reassigning());
        QCOMPARE(done.replicas, target);
        QCOMPARE(done.leader, target.front());
        QCOMPARE(done.leaderEpoch, LeaderEpoch(start.leaderEpoch.value() + 1));
        QVERIFY(std::find(done.isr.begin(), done.isr.end(), oldLeader) == done.isr.end());
    }

    void shrinkingTargetCompletesAtOnce()
    {
        Fixture f(3);
        const PartitionInfo start = f.partition();
        std::vector<BrokerId> target = {start.replicas[1], start.replicas[2]};
        auto r = f.reassign(target);
        QVERIFY(r.response.ok());
        QCOMPARE(r.records.size(), size_t(2)); // started and completed in one batch
        QVERIFY(!f.partition().reassigning());
        QCOMPARE(f.partition().replicas, target);
        QCOMPARE(f.partition().leader, target.front());
    }

    void cancelRestoresTheOriginalReplicas()
    {
        Fixture f(5);
        const PartitionInfo start = f.partition();
        std::vector<BrokerId> outside;
        for (int b = 1; b <= 5; ++b)
            if (std::find(start.replicas.begin(), start.replicas.end(), BrokerId(b))
                == start.replicas.end())
                outside.push_back(BrokerId(b));
        QCOMPARE(outside.size(), size_t(2));
        QVERIFY(f.reassign(std::vector<BrokerId>{outside[0], outside[1], start.replicas[0]})
                    .response.ok());
        // One of the new replicas catches up and joins the ISR before the cancel.
        std::vector<BrokerId> isr = f.partition().isr;
        isr.push_back(outside[0]);
        QVERIFY(f.setIsr(isr).response.ok());
        QVERIFY(f.partition().reassigning());
        auto cancel = f.reassign(std::nullopt);
        QVERIFY(cancel.response.ok());
        const PartitionInfo &p = f.partition();
        QVERIFY(!p.reassigning());
        QCOMPARE(p.replicas, start.replicas);
        QCOMPARE(p.isr, start.replicas);
        QCOMPARE(p.leader, start.leader);
        // Nothing left to cancel.
        auto again = f.reassign(std::nullopt);
        QVERIFY(!again.response.ok());
        QCOMPARE(again.response.error().code, ErrorCode::NoReassignmentInProgress);
        QVERIFY(again.records.empty());
    }

    void newTargetReplacesTheOneInProgress()
    {
        Fixture f(5);
        const PartitionInfo start = f.partition();
        std::vector<BrokerId> outside;
        for (int b = 1; b <= 5; ++b)
            if (std::find(start.replicas.begin(), start.replicas.end(), BrokerId(b))
                == start.replicas.end())
                outside.push_back(BrokerId(b));
        QVERIFY(f.reassign(std::vector<BrokerId>{start.replicas[0], start.replicas[1], outside[0]})
                    .response.ok());
        QVERIFY(f.reassign(std::vector<BrokerId>{start.replicas[0], start.replicas[1], outside[1]})
                    .response.ok());
        const PartitionInfo &p = f.partition();
        // Computed against the original replicas: the first newcomer is gone entirely.
        QCOMPARE(p.addingReplicas, std::vector<BrokerId>{outside[1]});
        QCOMPARE(p.removingReplicas, std::vector<BrokerId>{start.replicas[2]});
        QVERIFY(std::find(p.replicas.begin(), p.replicas.end(), outside[0]) == p.replicas.end());
    }

    void badTargetsAreRefused_data()
    {
        QTest::addColumn<QString>("topic");
        QTest::addColumn<int>("partition");
        QTest::addColumn<QList<int>>("target");
        QTest::addColumn<int>("error");
        QTest::newRow("unknown topic")
            << "nope" << 0 << QList<int>{1} << int(ErrorCode::UnknownTopicOrPartition);
        QTest::newRow("unknown partition")
            << "t" << 7 << QList<int>{1} << int(ErrorCode::UnknownTopicOrPartition);
        QTest::newRow("empty") << "t" << 0 << QList<int>{}
                               << int(ErrorCode::InvalidReplicaAssignment);
        QTest::newRow("duplicate")
            << "t" << 0 << QList<int>{1, 2, 1} << int(ErrorCode::InvalidReplicaAssignment);
        QTest::newRow("unregistered broker")
            << "t" << 0 << QList<int>{1, 2, 9} << int(ErrorCode::InvalidReplicaAssignment);
    }
    void badTargetsAreRefused()
    {
        QFETCH(QString, topic);
        QFETCH(int, partition);
        QFETCH(QList<int>, target);
        QFETCH(int, error);
        Fixture f(3);
        const PartitionInfo before = f.partition();
        std::vector<BrokerId> t;
        for (int b : target)
            t.emplace_back(b);
        auto r = f.controller->reassignPartition({topic.toStdString(), PartitionId(partition), t});
        QVERIFY(!r.response.ok());
        QCOMPARE(int(r.response.error().code), error);
        QVERIFY(!r.response.error().message.empty());
        QVERIFY(r.records.empty());
        QCOMPARE(f.partition().replicas, before.replicas);
    }

    void fencedTargetWaitsAndLeaderElectionStaysInTheIsr()
    {
        Fixture f(4);
        const PartitionInfo start = f.partition();
        BrokerId newcomer(0);
        for (int b = 1; b <= 4; ++b)
            if (std::find(start.replicas.begin(), start.replicas.end(), BrokerId(b))
                == start.replicas.end())
                newcomer = BrokerId(b);
        QVERIFY(f.reassign(std::vector<BrokerId>{newcomer, start.replicas[1], start.replicas[2]})
                    .response.ok());
        // The new broker is preferred (first) but not in the ISR: the leader stays.
        QCOMPARE(f.partition().leader, start.leader);
        // Preferred-leader election must not pick a replica outside the ISR.
        auto pref = f.controller->electPreferredLeaders();
        f.commit(pref);
        QCOMPARE(f.partition().leader, start.leader);
        // The old leader's session ends: leadership goes to an ISR member, never the
        // newcomer, and the reassignment goes on.
        const int64_t session = ControllerConfig{}.brokerSessionTimeoutMs;
        for (int b = 1; b <= 4; ++b)
            if (BrokerId(b) != start.leader)
                f.commit(f.controller->heartbeat(
                    {BrokerId(b), Offset(f.offset), false}, session / 2, Offset(f.offset)));
        auto fenced = f.controller->tick(session + 1);
        f.commit(fenced);
        QVERIFY(f.partition().reassigning());
        QCOMPARE(f.partition().leader, start.replicas[1]);
        QVERIFY(!f.committed.isLive(start.leader));
    }
};

QTEST_GUILESS_MAIN(TestReassignment)
#include "test_reassignment.moc"
