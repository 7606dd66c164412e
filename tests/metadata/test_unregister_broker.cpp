// UnregisterBroker in the Controller (KIP-631, docs/replication.md): what it refuses, each
// with the sentence the requester sees, and what an accepted one changes — the broker is
// gone from the committed image (applied through the log encoding, as brokers apply it),
// from a replay of the log, from the controller's liveness state, from placement and from
// reassignment targets, and the same id can register again as a new member.

#include "../common/broker_ids.h"
#include "engine/metadata/controller.h"

#include <QtTest>

using namespace runnel;
using namespace runnel::metadata;

namespace {

using runnel::testing::ids;

bool contains(const std::vector<BrokerId> &v, int id)
{
    return std::find(v.begin(), v.end(), BrokerId(id)) != v.end();
}

Uuid incarnation(int seed)
{
    Uuid id{};
    id.fill(static_cast<uint8_t>(seed));
    return id;
}

// Voters 1-3 and a broker-only member 4, all registered and unfenced, and topic "t" with
// four partitions of RF 3 over the four (so broker 4 holds replicas of three of them).
struct Fixture
{
    MetadataImage committed;
    std::vector<LogEntry> log;
    std::optional<Controller> controller;
    TimestampMs now = 0;

    Fixture()
    {
        ControllerConfig config;
        config.quorumVoters = ids({1, 2, 3});
        controller.emplace(config, committed, now, 7);
        for (int b = 1; b <= 4; ++b) {
            commit(controller->registerBroker(
                {BrokerId(b), incarnation(b), {{"PLAINTEXT", "h", uint16_t(9090 + b)}}, ""}, now));
            commit(controller->heartbeat({BrokerId(b), Offset(0), false}, now, Offset(0)));
        }
        auto created = controller->createTopic({"t", 4, 3, {}});
        if (!created.response.ok())
            qFatal("creating the topic failed: %s", created.response.error().message.c_str());
        commit(created);
    }

    // Applies the records the way brokers do: encoded, as one committed log entry.
    template<typename T>
    void commit(const ControllerResult<T> &r)
    {
        if (r.records.empty())
            return;
        LogEntry e{Offset(static_cast<int64_t>(log.size())),
                   QuorumEpoch(1),
                   EntryKind::Data,
                   encodeBatch(r.records)};
        Status s = committed.applyEntry(e);
        if (!s.ok())
            qFatal("committed image refused a controller record: %s", s.error().message.c_str());
        log.push_back(std::move(e));
    }

    // Controlled shutdown of broker 4 until the controller says it may stop: it leads
    // nothing, has left every ISR and is fenced.
    void stopBroker4()
    {
        for (int i = 0; i < 10; ++i) {
            auto r = controller->heartbeat({BrokerId(4), Offset(0), true}, now, Offset(0));
            commit(r);
            if (r.response.ok() && r.response.value().shouldShutDown)
                return;
        }
        qFatal("broker 4's controlled shutdown did not finish");
    }

    // Every partition broker 4 holds gets the same replicas without it.
    void moveEverythingOffBroker4()
    {
        const TopicInfo *t = committed.topicByName("t");
        for (const auto &[pid, p] : t->partitions) {
            if (!contains(p.replicas, 4))
                continue;
            std::vector<BrokerId> target;
            for (BrokerId b : p.replicas)
                if (b != BrokerId(4))
                    target.push_back(b);
            auto r = controller->reassignPartition({"t", PartitionId(pid), target});
            if (!r.response.ok())
                qFatal("moving t-%d failed: %s", pid, r.response.error().message.c_str());
            commit(r);
        }
    }

    int partitionsHolding(int broker) const
    {
        int n = 0;
        for (const auto &[pid, p] : committed.topicByName("t")->partitions)
            n += contains(p.replicas, broker) ? 1 : 0;
        return n;
    }
};

} // namespace

class TestUnregisterBroker : public QObject
{
    Q_OBJECT
private slots:
    void recordRoundTripsAndLayoutIsStable()
    {
        const MetadataRecord rec = UnregisterBrokerRecord{BrokerId(258)};
        Bytes payload = encodeBatch({rec});
        // Part of the on-disk format: size 6, type 12, version 0, broker id.
        Bytes expected{0x4D, 0, 0, 0, 1, 0, 0, 0, 6, 12, 0, 0, 0, 1, 2};
        QCOMPARE(payload, expected);
        auto decoded = decodeBatch(payload);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->size(), size_t(1));
        QVERIFY(decoded->at(0) == rec);
        payload.pop_back();
        QVERIFY(!decodeBatch(payload).ok());
    }

    void imageDropsTheBroker()
    {
        MetadataImage image;
        QVERIFY(image.apply(RegisterBrokerRecord{BrokerId(4), incarnation(4), {}, ""}).ok());
        QVERIFY(image.apply(RegisterBrokerRecord{BrokerId(5), incarnation(5), {}, ""}).ok());
        QVERIFY(image.apply(UnregisterBrokerRecord{BrokerId(4)}).ok());
        QVERIFY(!image.broker(BrokerId(4)));
        QCOMPARE(image.brokers().size(), size_t(1));
        // Twice, or an id never registered: refused, the image unchanged.
        QVERIFY(!image.apply(UnregisterBrokerRecord{BrokerId(4)}).ok());
        QVERIFY(!image.apply(FenceBrokerRecord{BrokerId(4)}).ok());
        QCOMPARE(image.brokers().size(), size_t(1));
        // The id registers again as a new member: fenced until it has caught up.
        QVERIFY(image.apply(RegisterBrokerRecord{BrokerId(4), incarnation(9), {}, ""}).ok());
        QVERIFY(image.broker(BrokerId(4)));
        QVERIFY(image.broker(BrokerId(4))->fenced);
        QCOMPARE(image.broker(BrokerId(4))->incarnationId, incarnation(9));
    }

    void refusals_data()
    {
        QTest::addColumn<int>("broker");
        QTest::addColumn<bool>("stopFirst");
        QTest::addColumn<int>("error");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown id") << 9 << true << int(ErrorCode::BrokerIdNotRegistered)
                                    << "broker 9 is not registered in the cluster";
        QTest::newRow("quorum voter")
            << 2 << true << int(ErrorCode::InvalidRequest)
            << "broker 2 is a voter of the metadata quorum and cannot be unregistered";
        QTest::newRow("still running") << 4 << false << int(ErrorCode::InvalidRequest)
                                       << "broker 4 is still running; shut it down first";
        QTest::newRow("holds replicas")
            << 4 << true << int(ErrorCode::InvalidRequest)
            << "broker 4 still holds replicas of 3 partitions (e.g. t-%1); move them with "
               "AlterPartitionReassignments first";
    }
    void refusals()
    {
        QFETCH(int, broker);
        QFETCH(bool, stopFirst);
        QFETCH(int, error);
        QFETCH(QString, message);
        Fixture f;
        QCOMPARE(f.partitionsHolding(4), 3);
        if (stopFirst)
            f.stopBroker4();
        int firstHeld = -1;
        for (const auto &[pid, p] : f.committed.topicByName("t")->partitions)
            if (firstHeld < 0 && contains(p.replicas, 4))
                firstHeld = pid;
        auto r = f.controller->unregisterBroker(BrokerId(broker));
        QVERIFY(!r.response.ok());
        QCOMPARE(int(r.response.error().code), error);
        QCOMPARE(QString::fromStdString(r.response.error().message),
                 message.contains("%1") ? message.arg(firstHeld) : message);
        QVERIFY(r.records.empty());
        QVERIFY(f.controller->image().broker(BrokerId(4)));
    }

    void replicasBeingAddedOrRemovedCount()
    {
        Fixture f;
        f.stopBroker4();
        f.moveEverythingOffBroker4();
        QCOMPARE(f.partitionsHolding(4), 0);
        // Broker 4 (registered, fenced) becomes the target of a move that cannot complete
        // while it is stopped: it is an adding replica of t-0.
        auto moved = f.controller->reassignPartition({"t", PartitionId(0), ids({4, 1})});
        QVERIFY(moved.response.ok());
        f.commit(moved);
        QVERIFY(contains(
            f.committed.partition(f.committed.topicByName("t")->id, PartitionId(0))->addingReplicas,
            4));
        auto r = f.controller->unregisterBroker(BrokerId(4));
        QVERIFY(!r.response.ok());
        QCOMPARE(QString::fromStdString(r.response.error().message),
                 QString("broker 4 still holds replicas of 1 partition (e.g. t-0); move them "
                         "with AlterPartitionReassignments first"));
        // Cancelled: nothing names broker 4 any more.
        auto cancel = f.controller->reassignPartition({"t", PartitionId(0), std::nullopt});
        QVERIFY(cancel.response.ok());
        f.commit(cancel);
        auto ok = f.controller->unregisterBroker(BrokerId(4));
        QVERIFY2(ok.response.ok(), ok.response.ok() ? "" : ok.response.error().message.c_str());
    }

    void unregisteredBrokerIsGoneEverywhere()
    {
        Fixture f;
        f.stopBroker4();
        f.moveEverythingOffBroker4();
        auto r = f.controller->unregisterBroker(BrokerId(4));
        QVERIFY2(r.response.ok(), r.response.ok() ? "" : r.response.error().message.c_str());
        QCOMPARE(r.records.size(), size_t(1));
        QVERIFY(r.records.front() == MetadataRecord(UnregisterBrokerRecord{BrokerId(4)}));
        f.commit(r);
        QVERIFY(!f.committed.broker(BrokerId(4)));
        QVERIFY(!f.controller->image().broker(BrokerId(4)));
        QCOMPARE(f.committed.brokers().size(), size_t(3));

        // A second request for it finds nothing to unregister.
        auto again = f.controller->unregisterBroker(BrokerId(4));
        QCOMPARE(int(again.response.error().code), int(ErrorCode::BrokerIdNotRegistered));

        // Its heartbeats are refused (a process still running registers again), its session
        // never expires (nothing to fence), reassignments and new topics never name it.
        auto hb = f.controller->heartbeat({BrokerId(4), Offset(0), false}, f.now, Offset(0));
        QCOMPARE(int(hb.response.error().code), int(ErrorCode::BrokerIdNotRegistered));
        f.now += 60000;
        for (int b = 1; b <= 3; ++b)
            f.commit(f.controller->heartbeat({BrokerId(b), Offset(0), false}, f.now, Offset(0)));
        auto tick = f.controller->tick(f.now);
        QVERIFY(tick.records.empty());
        QVERIFY(f.controller->fenceUnreachable({{BrokerId(4), 0}}).records.empty());
        auto target = f.controller->reassignPartition({"t", PartitionId(1), ids({1, 4})});
        QCOMPARE(int(target.response.error().code), int(ErrorCode::InvalidReplicaAssignment));
        QCOMPARE(QString::fromStdString(target.response.error().message),
                 QString("broker 4 is not registered in the cluster"));
        auto created = f.controller->createTopic({"u", 6, 3, {}});
        QVERIFY(created.response.ok());
        f.commit(created);
        for (const auto &[pid, p] : f.committed.topicByName("u")->partitions)
            QVERIFY(!contains(p.replicas, 4));

        // Replaying the log (a restart) gives the same brokers; so does a new controller.
        MetadataImage replayed;
        for (const LogEntry &e : f.log)
            QVERIFY(replayed.applyEntry(e).ok());
        QVERIFY(!replayed.broker(BrokerId(4)));
        QCOMPARE(replayed.brokers().size(), size_t(3));
        ControllerConfig config;
        config.quorumVoters = ids({1, 2, 3});
        Controller next(config, replayed, f.now, 8);
        QVERIFY(!next.image().broker(BrokerId(4)));
        QCOMPARE(int(next.unregisterBroker(BrokerId(4)).response.error().code),
                 int(ErrorCode::BrokerIdNotRegistered));
    }

    void sameIdRegistersAgainAsANewMember()
    {
        Fixture f;
        f.stopBroker4();
        f.moveEverythingOffBroker4();
        f.commit(f.controller->unregisterBroker(BrokerId(4)));
        auto reg = f.controller->registerBroker(
            {BrokerId(4), incarnation(44), {{"PLAINTEXT", "h2", 9999}}, ""}, f.now);
        QVERIFY(reg.response.ok());
        f.commit(reg);
        const BrokerInfo *b = f.committed.broker(BrokerId(4));
        QVERIFY(b);
        QVERIFY(b->fenced);
        QCOMPARE(b->endpoints.at(0).host, std::string("h2"));
        auto hb = f.controller->heartbeat({BrokerId(4), Offset(0), false}, f.now, Offset(0));
        QVERIFY(hb.response.ok());
        QVERIFY(!hb.response.value().fenced);
        f.commit(hb);
        QVERIFY(f.committed.isLive(BrokerId(4)));
        auto moved = f.controller->reassignPartition({"t", PartitionId(0), ids({4, 1})});
        QVERIFY(moved.response.ok());
    }
};

QTEST_GUILESS_MAIN(TestUnregisterBroker)
#include "test_unregister_broker.moc"
