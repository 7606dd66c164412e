// Unit tests of PartitionReplica and MemoryReplicaLog: high watermark, acks=all, ISR
// shrink/expand proposals, epoch fencing and follower truncation by leader epoch.

#include "../common/broker_ids.h"
#include "engine/replication/memory_replica_log.h"
#include "engine/replication/partition_replica.h"
#include "tests/replication/replication_test_util.h"

#include <QtTest>

#include <memory>

using namespace runnel;
using namespace runnel::replication;
using runnel::replication::testing::batchOf;
using runnel::replication::testing::valueAt;

namespace {

struct Node
{
    explicit Node(int id)
    {
        ReplicaConfig config;
        config.localId = BrokerId(id);
        config.replicaLagTimeMaxMs = 1000;
        config.fetchWaitMs = 0;
        config.fetchBackoffMs = 0;
        config.fetchTimeoutMs = 500;
        config.alterPartitionRetryMs = 200;
        replica = std::make_unique<PartitionReplica>(config, log);
    }
    // Power loss: the replica object goes, the log keeps its durable part.
    void crash(size_t keepUnsynced = 0)
    {
        Offset hw = replica->highWatermark();
        ReplicaConfig config;
        config.localId = replica->localId();
        config.replicaLagTimeMaxMs = 1000;
        config.fetchWaitMs = 0;
        config.fetchBackoffMs = 0;
        config.fetchTimeoutMs = 500;
        log.crash(keepUnsynced);
        replica = std::make_unique<PartitionReplica>(config, log, hw);
    }
    void sync(TimestampMs now)
    {
        if (log.syncInFlight()) {
            log.completeSync();
            replica->onLogSynced(now);
        }
    }
    std::vector<FetchRequest> fetches()
    {
        std::vector<FetchRequest> out;
        for (auto &o : replica->takeOutputs())
            if (auto *f = std::get_if<FetchRequest>(&o))
                out.push_back(*f);
        return out;
    }
    std::vector<AlterPartitionRequest> alters()
    {
        std::vector<AlterPartitionRequest> out;
        for (auto &o : replica->takeOutputs())
            if (auto *a = std::get_if<AlterPartitionRequest>(&o))
                out.push_back(*a);
        return out;
    }

    MemoryReplicaLog log;
    std::unique_ptr<PartitionReplica> replica;
};

using runnel::testing::ids;

// One fetch round: the follower's pending fetches go to the leader, answers come back,
// then both logs finish their syncs (which may trigger the follower's next fetch).
void fetchRound(Node &leader, Node &follower, TimestampMs now)
{
    for (const FetchRequest &req : follower.fetches())
        follower.replica->onFetchAnswer(leader.replica->onFollowerFetch(req, now), now);
    leader.sync(now);
    follower.sync(now);
}

struct Acks
{
    std::vector<AppendOutcome> outcomes;
    PartitionReplica::AppendDone sink()
    {
        return [this](const AppendOutcome &o) {
            outcomes.push_back(o);
        };
    }
};

void produce(Node &leader, const std::string &value, Acks &acks, TimestampMs now, int minIsr = 2)
{
    Bytes batch = batchOf({value});
    leader.replica->append(batch, -1, minIsr, 10'000, now, acks.sink());
}

// A batch of an idempotent producer (id 7, epoch 0) starting at sequence `seq`.
Bytes idempotentBatch(const std::vector<std::string> &values, int32_t seq)
{
    std::vector<records::Record> recs;
    for (size_t i = 0; i < values.size(); ++i) {
        records::Record r;
        r.offset = static_cast<int64_t>(i);
        r.timestamp = 1'700'000'000'000;
        r.value = Bytes(values[i].begin(), values[i].end());
        recs.push_back(std::move(r));
    }
    records::BatchOptions options;
    options.producerId = 7;
    options.producerEpoch = 0;
    options.baseSequence = seq;
    auto built = records::buildBatch(options, recs);
    if (!built.ok())
        qFatal("cannot build a batch");
    return std::move(built).value();
}

} // namespace

class TestPartitionReplica : public QObject
{
    Q_OBJECT
private slots:
    // The failover of the chaos test's duplicate: a batch written by the old leader and
    // replicated, but answered NotLeaderOrFollower when leadership moved, is retried to the
    // new leader while the new ISR is below min.insync.replicas. The retry must be answered
    // as the write it repeats (the batch is committed there), not NotEnoughReplicas: that
    // answer means "not written", and librdkafka re-sends such batches under a bumped
    // producer epoch — which no broker can recognise — once a later batch meets a sequence
    // gap, so the values end up in the log twice, one batch apart.
    void idempotentRetryIsAnsweredBeforeMinIsr()
    {
        Node a(1), b(2);
        a.replica->becomeLeader(LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        Acks first;
        Bytes batch = idempotentBatch({"v0", "v1", "v2"}, 0);
        a.replica->append(batch, -1, 2, 10'000, 1, first.sink());
        fetchRound(a, b, 2); // b holds the batch; a has not yet seen b's next fetch
        QCOMPARE(b.log.logEndOffset(), Offset(3));
        QVERIFY(first.outcomes.empty());

        // Leadership moves to b with an ISR of one (a was dropped from it).
        a.replica->becomeFollower(
            BrokerId(2), LeaderEpoch(2), PartitionEpoch(2), ids({1, 2}), ids({2}), 3);
        b.replica->becomeLeader(LeaderEpoch(2), PartitionEpoch(2), ids({1, 2}), ids({2}), 3);
        QCOMPARE(first.outcomes.size(), size_t(1));
        QCOMPARE(first.outcomes[0].error, ErrorCode::NotLeaderOrFollower);
        b.sync(4);
        QCOMPARE(b.replica->highWatermark(), Offset(3));

        // The producer retries the same batch: answered with its offsets, nothing written.
        Acks retry;
        Bytes again = idempotentBatch({"v0", "v1", "v2"}, 0);
        b.replica->append(again, -1, 2, 10'000, 5, retry.sink());
        QCOMPARE(retry.outcomes.size(), size_t(1));
        QCOMPARE(retry.outcomes[0].error, ErrorCode::None);
        QCOMPARE(retry.outcomes[0].firstOffset, Offset(0));
        QCOMPARE(retry.outcomes[0].lastOffset, Offset(2));
        QCOMPARE(b.log.logEndOffset(), Offset(3));

        // A new batch is a new write: min.insync.replicas applies to it.
        Acks next;
        Bytes more = idempotentBatch({"v3"}, 3);
        b.replica->append(more, -1, 2, 10'000, 6, next.sink());
        QCOMPARE(next.outcomes.size(), size_t(1));
        QCOMPARE(next.outcomes[0].error, ErrorCode::NotEnoughReplicas);
        QCOMPARE(b.log.logEndOffset(), Offset(3));
        QCOMPARE(valueAt(b.log, Offset(0)), std::string("v0"));
    }

    // A retry of a batch above the high watermark waits for it like the original write.
    void idempotentRetryAboveHighWatermarkWaits()
    {
        Node a(1), b(2);
        a.replica->becomeLeader(LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        Acks acks;
        Bytes batch = idempotentBatch({"w0", "w1"}, 0);
        a.replica->append(batch, -1, 2, 10'000, 1, acks.sink());
        a.sync(2);
        QCOMPARE(a.replica->highWatermark(), Offset(0)); // b has not fetched it
        Acks retry;
        Bytes again = idempotentBatch({"w0", "w1"}, 0);
        a.replica->append(again, -1, 2, 10'000, 3, retry.sink());
        QVERIFY(retry.outcomes.empty());
        QCOMPARE(a.log.logEndOffset(), Offset(2));
        for (int i = 0; i < 3; ++i)
            fetchRound(a, b, 4 + i);
        QCOMPARE(a.replica->highWatermark(), Offset(2));
        QCOMPARE(acks.outcomes.size(), size_t(1));
        QCOMPARE(retry.outcomes.size(), size_t(1));
        QCOMPARE(retry.outcomes[0].error, ErrorCode::None);
        QCOMPARE(retry.outcomes[0].firstOffset, Offset(0));
    }

    void epochCacheAnswersLikeKafka()
    {
        MemoryReplicaLog log;
        Bytes b = batchOf({"a", "b"});
        QVERIFY(log.appendAsLeader(b, LeaderEpoch(1), 0).ok()); // 0..1 epoch 1
        b = batchOf({"c"});
        QVERIFY(log.appendAsLeader(b, LeaderEpoch(3), 0).ok()); // 2 epoch 3
        b = batchOf({"d"});
        QVERIFY(log.appendAsLeader(b, LeaderEpoch(3), 0).ok()); // 3 epoch 3
        QCOMPARE(log.latestEpoch(), LeaderEpoch(3));
        QCOMPARE(log.endOffsetForEpoch(LeaderEpoch(1)),
                 (EpochEndOffset{LeaderEpoch(1), Offset(2)}));
        QCOMPARE(log.endOffsetForEpoch(LeaderEpoch(2)),
                 (EpochEndOffset{LeaderEpoch(1), Offset(2)}));
        QCOMPARE(log.endOffsetForEpoch(LeaderEpoch(3)),
                 (EpochEndOffset{LeaderEpoch(3), Offset(4)}));
        QCOMPARE(log.endOffsetForEpoch(LeaderEpoch(7)),
                 (EpochEndOffset{LeaderEpoch(3), Offset(4)}));
        QCOMPARE(log.endOffsetForEpoch(LeaderEpoch(0)), EpochEndOffset{});
        QVERIFY(log.truncateTo(Offset(2)).ok());
        QCOMPARE(log.latestEpoch(), LeaderEpoch(1));
        QCOMPARE(log.logEndOffset(), Offset(2));
    }

    void crashKeepsOnlyTheSyncedPrefix()
    {
        MemoryReplicaLog log;
        Bytes b = batchOf({"a"});
        QVERIFY(log.appendAsLeader(b, LeaderEpoch(0), 0).ok());
        log.requestSync();
        b = batchOf({"b"});
        QVERIFY(log.appendAsLeader(b, LeaderEpoch(0), 0).ok()); // after the sync began
        log.completeSync();
        QCOMPARE(log.syncedOffset(), Offset(1));
        b = batchOf({"c"});
        QVERIFY(log.appendAsLeader(b, LeaderEpoch(0), 0).ok());
        log.crash(1); // one unsynced batch happened to reach the disk
        QCOMPARE(log.logEndOffset(), Offset(2));
        QCOMPARE(valueAt(log, Offset(1)), std::string("b"));
        log.crash(0);
        QCOMPARE(log.logEndOffset(), Offset(2)); // what survived a crash is durable
    }

    void highWatermarkAndSyncedOffsetAreMinimaOverIsr()
    {
        Node a(1), b(2), c(3);
        a.replica->becomeLeader(
            LeaderEpoch(1), PartitionEpoch(1), ids({1, 2, 3}), ids({1, 2, 3}), 0);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(1), ids({1, 2, 3}), ids({1, 2, 3}), 0);
        c.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(1), ids({1, 2, 3}), ids({1, 2, 3}), 0);
        Acks acks;
        produce(a, "v0", acks, 1);
        produce(a, "v1", acks, 1);
        QCOMPARE(a.log.logEndOffset(), Offset(2));
        QCOMPARE(a.replica->highWatermark(), Offset(0));

        // b replicates and syncs; c has not fetched in this epoch yet → HW cannot move.
        fetchRound(a, b, 2); // b receives 0..1
        fetchRound(a, b, 3); // b reports 2
        QCOMPARE(a.replica->followerFetchOffset(BrokerId(2)), Offset(2));
        QCOMPARE(a.replica->highWatermark(), Offset(0));
        QVERIFY(acks.outcomes.empty());

        // c fetches from 0: known now, HW = min(2, 2, 0) = 0; then c reports 2.
        fetchRound(a, c, 4);
        QCOMPARE(a.replica->highWatermark(), Offset(0));
        fetchRound(a, c, 5);
        QCOMPARE(a.replica->highWatermark(), Offset(2));
        QCOMPARE(a.replica->syncedOnIsr(), Offset(2));
        QCOMPARE(acks.outcomes.size(), size_t(2));
        QCOMPARE(acks.outcomes[0].error, ErrorCode::None);
        QCOMPARE(acks.outcomes[1].firstOffset, Offset(1));

        // Consumers only see what is below the HW.
        produce(a, "v2", acks, 6);
        auto read = a.replica->readCommitted(Offset(0), 1 << 20);
        QVERIFY(read.ok());
        QCOMPARE(read->size(), a.log.entries()[0].bytes.size() + a.log.entries()[1].bytes.size());
    }

    void followersFollowTheLeadersLogStart()
    {
        // DeleteRecords moves the leader's log start; an in-sync follower follows it from
        // the next fetch answer, one whose fetch offset is below it starts afresh there.
        Node a(1), b(2), c(3);
        a.replica->becomeLeader(LeaderEpoch(1), PartitionEpoch(1), ids({1, 2, 3}), ids({1, 2}), 0);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(1), ids({1, 2, 3}), ids({1, 2}), 0);
        c.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(1), ids({1, 2, 3}), ids({1, 2}), 0);
        Acks acks;
        for (const char *v : {"v0", "v1", "v2", "v3"})
            produce(a, v, acks, 1);
        a.sync(1);
        for (TimestampMs t = 2; t < 6; ++t)
            fetchRound(a, b, t);
        QCOMPARE(a.replica->highWatermark(), Offset(4));
        QVERIFY(c.log.entries().empty()); // c has not fetched at all

        QVERIFY(a.log.advanceLogStartOffset(Offset(2)).ok());
        QCOMPARE(a.log.logStartOffset(), Offset(2));
        QVERIFY(!a.log.advanceLogStartOffset(Offset(9)).ok()); // beyond the log end
        fetchRound(a, b, 6);
        QCOMPARE(b.log.logStartOffset(), Offset(2));
        QCOMPARE(b.log.logEndOffset(), Offset(4));

        for (TimestampMs t = 7; t < 11; ++t)
            fetchRound(a, c, t); // from 0: out of range, afresh at 2, then 2..3
        QCOMPARE(c.log.logStartOffset(), Offset(2));
        QCOMPARE(c.log.logEndOffset(), Offset(4));
        QCOMPARE(valueAt(c.log, Offset(2)), std::string("v2"));
        QCOMPARE(valueAt(c.log, Offset(3)), std::string("v3"));
        QCOMPARE(a.replica->followerFetchOffset(BrokerId(3)), Offset(4));
    }

    void writeCachingAcknowledgesBeforeTheSync()
    {
        Node a(1), b(2);
        a.replica->becomeLeader(LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        a.replica->setWriteCaching(true, 100);
        b.replica->setWriteCaching(true, 100);
        Acks acks;
        produce(a, "v0", acks, 1);
        QVERIFY(!a.log.syncInFlight()); // no sync per write
        // b appends and fetches again at once, without syncing: the HW passes v0.
        for (int i = 0; i < 2; ++i)
            for (const FetchRequest &req : b.fetches())
                b.replica->onFetchAnswer(a.replica->onFollowerFetch(req, 2), 2);
        QCOMPARE(acks.outcomes.size(), size_t(1));
        QCOMPARE(acks.outcomes[0].error, ErrorCode::None);
        QCOMPARE(a.log.syncedOffset(), Offset(0));
        QCOMPARE(b.log.syncedOffset(), Offset(0));
        QCOMPARE(b.replica->highWatermark(), Offset(1)); // from the second answer

        // The flush timer syncs what is cached, on both replicas.
        a.replica->onTick(150);
        b.replica->onTick(150);
        QVERIFY(a.log.syncInFlight());
        QVERIFY(b.log.syncInFlight());
        a.sync(151);
        b.sync(151);
        QCOMPARE(a.log.syncedOffset(), Offset(1));
        QCOMPARE(b.log.syncedOffset(), Offset(1));

        // Turned off again: acks=all waits for the syncs of both.
        a.replica->setWriteCaching(false, 100);
        b.replica->setWriteCaching(false, 100);
        produce(a, "v1", acks, 200);
        QVERIFY(a.log.syncInFlight());
        for (const FetchRequest &req : b.fetches())
            b.replica->onFetchAnswer(a.replica->onFollowerFetch(req, 201), 201);
        for (const FetchRequest &req : b.fetches())
            b.replica->onFetchAnswer(a.replica->onFollowerFetch(req, 201), 201);
        QCOMPARE(acks.outcomes.size(), size_t(1));
        for (TimestampMs t = 202; t < 205; ++t)
            fetchRound(a, b, t);
        QCOMPARE(acks.outcomes.size(), size_t(2));
        QCOMPARE(a.replica->highWatermark(), Offset(2));
    }

    void acksAllWaitsForTheLeadersOwnSync()
    {
        Node a(1), b(2);
        a.replica->becomeLeader(LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        Acks acks;
        produce(a, "v0", acks, 1);
        // Deliver b's fetches without finishing a's sync.
        for (int i = 0; i < 3; ++i) {
            for (const FetchRequest &req : b.fetches())
                b.replica->onFetchAnswer(a.replica->onFollowerFetch(req, 2), 2);
            b.sync(2);
        }
        QCOMPARE(a.replica->followerFetchOffset(BrokerId(2)), Offset(1));
        // Both hold it: consumers may read it (decisions/0017-repl-visibility-vs-durability.md);
        // acks=all waits for the leader's copy, still in the page cache.
        QCOMPARE(a.replica->highWatermark(), Offset(1));
        QCOMPARE(a.replica->syncedOnIsr(), Offset(0));
        QVERIFY(acks.outcomes.empty());
        a.sync(3);
        QCOMPARE(a.replica->syncedOnIsr(), Offset(1));
        QCOMPARE(acks.outcomes.size(), size_t(1));
        QCOMPARE(acks.outcomes[0].error, ErrorCode::None);
    }

    // The follower fetches the next batch while the last one syncs, and reports the sync
    // when it completes while that fetch is still waiting at the leader.
    void followerReportsItsSyncWhileFetching()
    {
        Node a(1), b(2);
        a.replica->becomeLeader(LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        Acks acks;
        produce(a, "v0", acks, 1);
        a.sync(1);
        auto first = b.fetches();
        QCOMPARE(first.size(), size_t(1));
        b.replica->onFetchAnswer(a.replica->onFollowerFetch(first[0], 2), 2);
        QCOMPARE(b.log.logEndOffset(), Offset(1));
        QVERIFY(b.log.syncInFlight());
        // Fetched again at once: holds 1, has synced 0.
        auto second = b.fetches();
        QCOMPARE(second.size(), size_t(1));
        QCOMPARE(second[0].fetchOffset, Offset(1));
        QCOMPARE(second[0].syncedOffset, Offset(0));
        FetchAnswer held = a.replica->onFollowerFetch(second[0], 3); // nothing new: held
        QVERIFY(held.records.empty());
        QCOMPARE(a.replica->highWatermark(), Offset(1)); // visible: both hold it
        QCOMPARE(a.replica->syncedOnIsr(), Offset(0));
        QVERIFY(acks.outcomes.empty()); // b's copy is not synced
        b.sync(4);
        auto report = b.fetches();
        QCOMPARE(report.size(), size_t(1));
        QVERIFY(report[0].syncReport);
        QCOMPARE(report[0].fetchOffset, Offset(1));
        QCOMPARE(report[0].syncedOffset, Offset(1));
        a.replica->onFollowerSyncReport(report[0], 5);
        QCOMPARE(a.replica->syncedOnIsr(), Offset(1));
        QCOMPARE(acks.outcomes.size(), size_t(1));
        QCOMPARE(acks.outcomes[0].error, ErrorCode::None);
        // The held fetch stays the one in flight: its answer is taken and b fetches on.
        b.replica->onFetchAnswer(held, 5);
        auto next = b.fetches();
        QCOMPARE(next.size(), size_t(1));
        QVERIFY(!next[0].syncReport);
        QCOMPARE(next[0].syncedOffset, Offset(1));
    }

    void notEnoughReplicasAndTimeout()
    {
        Node a(1);
        a.replica->becomeLeader(LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1}), 0);
        Acks acks;
        produce(a, "v0", acks, 1, 2);
        QCOMPARE(acks.outcomes.size(), size_t(1));
        QCOMPARE(acks.outcomes[0].error, ErrorCode::NotEnoughReplicas);
        QCOMPARE(a.log.logEndOffset(), Offset(0)); // refused before appending

        Node l(1), f(2);
        l.replica->becomeLeader(LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        Acks acks2;
        Bytes batch = batchOf({"x"});
        l.replica->append(batch, -1, 2, 100, 10, acks2.sink());
        l.sync(11);
        l.replica->onTick(109);
        QVERIFY(acks2.outcomes.empty());
        l.replica->onTick(110);
        QCOMPARE(acks2.outcomes.size(), size_t(1));
        QCOMPARE(acks2.outcomes[0].error, ErrorCode::RequestTimedOut);

        // acks=1 answers after the local append.
        Acks acks3;
        batch = batchOf({"y"});
        l.replica->append(batch, 1, 2, 100, 120, acks3.sink());
        QCOMPARE(acks3.outcomes.size(), size_t(1));
        QCOMPARE(acks3.outcomes[0].firstOffset, Offset(1));
    }

    void isrShrinkIsProposedAndAppliedOnlyWhenCommitted()
    {
        Node a(1), b(2), c(3);
        a.replica->becomeLeader(
            LeaderEpoch(1), PartitionEpoch(5), ids({1, 2, 3}), ids({1, 2, 3}), 0);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(5), ids({1, 2, 3}), ids({1, 2, 3}), 0);
        Acks acks;
        produce(a, "v0", acks, 1);
        // b keeps up; c is silent.
        for (TimestampMs t = 100; t <= 1100; t += 100) {
            fetchRound(a, b, t);
            a.replica->onTick(t);
        }
        QCOMPARE(a.replica->highWatermark(), Offset(0));
        auto alters = a.alters();
        QCOMPARE(alters.size(), size_t(1));
        QCOMPARE(alters[0].newIsr, ids({1, 2}));
        QCOMPARE(alters[0].leaderEpoch, LeaderEpoch(1));
        QCOMPARE(alters[0].partitionEpoch, PartitionEpoch(5));
        // Not applied locally: the ISR and the HW wait for the controller.
        QCOMPARE(a.replica->isr(), ids({1, 2, 3}));
        QCOMPARE(a.replica->maximalIsr(), ids({1, 2, 3}));
        QCOMPARE(a.replica->highWatermark(), Offset(0));
        // Unanswered: resent unchanged, no second proposal.
        a.replica->onTick(1400);
        alters = a.alters();
        QCOMPARE(alters.size(), size_t(1));
        QCOMPARE(alters[0].partitionEpoch, PartitionEpoch(5));
        // A stale update is ignored; the committed one applies.
        a.replica->onIsrUpdated(LeaderEpoch(1), PartitionEpoch(5), ids({1}), 1500);
        QCOMPARE(a.replica->isr(), ids({1, 2, 3}));
        a.replica->onIsrUpdated(LeaderEpoch(1), PartitionEpoch(6), ids({1, 2}), 1500);
        QCOMPARE(a.replica->isr(), ids({1, 2}));
        QVERIFY(!a.replica->pendingIsrChange());
        QCOMPARE(a.replica->highWatermark(), Offset(1));
        QCOMPARE(acks.outcomes.size(), size_t(1));
        QCOMPARE(acks.outcomes[0].error, ErrorCode::None);
    }

    void isrExpandWhenFollowerReachesHighWatermark()
    {
        Node a(1), b(2), c(3);
        a.replica->becomeLeader(LeaderEpoch(2), PartitionEpoch(1), ids({1, 2, 3}), ids({1, 2}), 0);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(2), PartitionEpoch(1), ids({1, 2, 3}), ids({1, 2}), 0);
        c.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(2), PartitionEpoch(1), ids({1, 2, 3}), ids({1, 2}), 0);
        Acks acks;
        for (int i = 0; i < 3; ++i)
            produce(a, "v" + std::to_string(i), acks, 1);
        fetchRound(a, b, 2);
        fetchRound(a, b, 3);
        QCOMPARE(a.replica->highWatermark(), Offset(3));
        // c's first fetch is from 0 (below the HW): no proposal yet.
        for (const FetchRequest &req : c.fetches())
            c.replica->onFetchAnswer(a.replica->onFollowerFetch(req, 4), 4);
        QVERIFY(a.alters().empty());
        c.sync(5);
        for (const FetchRequest &req : c.fetches())
            c.replica->onFetchAnswer(a.replica->onFollowerFetch(req, 6), 6);
        auto alters = a.alters();
        QCOMPARE(alters.size(), size_t(1));
        QCOMPARE(alters[0].newIsr, ids({1, 2, 3}));
        QCOMPARE(a.replica->isr(), ids({1, 2}));
        QCOMPARE(a.replica->maximalIsr(), ids({1, 2, 3}));
        // The controller rejects it as not attempted: the proposal is dropped.
        a.replica->onAlterPartitionAnswer(
            {ErrorCode::OperationNotAttempted, LeaderEpoch(2), PartitionEpoch(1), {}}, 7);
        QVERIFY(!a.replica->pendingIsrChange());
        QCOMPARE(a.replica->maximalIsr(), ids({1, 2}));
        // Accepted: the answer carries the new state.
        c.sync(8);
        for (const FetchRequest &req : c.fetches())
            c.replica->onFetchAnswer(a.replica->onFollowerFetch(req, 8), 8);
        QCOMPARE(a.alters().size(), size_t(1));
        a.replica->onAlterPartitionAnswer(
            {ErrorCode::None, LeaderEpoch(2), PartitionEpoch(2), ids({1, 2, 3})}, 9);
        QCOMPARE(a.replica->isr(), ids({1, 2, 3}));
        QCOMPARE(a.replica->partitionEpoch(), PartitionEpoch(2));
    }

    // A reassignment adds replica 3 without a new leader epoch: the leader serves its fetches
    // (not NOT_LEADER_OR_FOLLOWER), proposes it for the ISR once caught up, and a replica
    // the final set drops no longer counts.
    void replicaAddedUnderTheSameEpochCatchesUpAndJoins()
    {
        Node a(1), b(2), c(3);
        a.replica->becomeLeader(LeaderEpoch(2), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(2), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        Acks acks;
        for (int i = 0; i < 3; ++i)
            produce(a, "v" + std::to_string(i), acks, 1);
        fetchRound(a, b, 2);
        fetchRound(a, b, 3);
        QCOMPARE(a.replica->highWatermark(), Offset(3));
        // Broker 3 is added: same leader epoch, next partition epoch.
        a.replica->becomeLeader(LeaderEpoch(2), PartitionEpoch(2), ids({1, 2, 3}), ids({1, 2}), 4);
        c.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(2), PartitionEpoch(2), ids({1, 2, 3}), ids({1, 2}), 4);
        for (const FetchRequest &req : c.fetches()) {
            FetchAnswer answer = a.replica->onFollowerFetch(req, 5);
            QCOMPARE(answer.error, ErrorCode::None);
            c.replica->onFetchAnswer(answer, 5);
        }
        QCOMPARE(c.log.logEndOffset(), Offset(3));
        c.sync(6);
        for (const FetchRequest &req : c.fetches())
            c.replica->onFetchAnswer(a.replica->onFollowerFetch(req, 7), 7);
        auto alters = a.alters();
        QCOMPARE(alters.size(), size_t(1));
        QCOMPARE(alters[0].newIsr, ids({1, 2, 3}));
        a.replica->onAlterPartitionAnswer(
            {ErrorCode::None, LeaderEpoch(2), PartitionEpoch(3), ids({1, 2, 3})}, 8);
        QCOMPARE(a.replica->isr(), ids({1, 2, 3}));
        // The reassignment completes without broker 2: its fetches are refused now.
        a.replica->becomeLeader(LeaderEpoch(2), PartitionEpoch(4), ids({1, 3}), ids({1, 3}), 9);
        for (const FetchRequest &req : b.fetches())
            QCOMPARE(a.replica->onFollowerFetch(req, 10).error, ErrorCode::NotLeaderOrFollower);
    }

    // The leader's log starts at 5 (retention or DeleteRecords): a new, empty follower gets
    // OFFSET_OUT_OF_RANGE for offset 0, restarts its log at 5 and then catches up.
    void followerBehindTheLeadersLogStartStartsThere()
    {
        Node a(1), c(3);
        QVERIFY(a.log.truncateFullyAndStartAt(Offset(5)).ok());
        a.replica->becomeLeader(LeaderEpoch(1), PartitionEpoch(1), ids({1, 3}), ids({1}), 0);
        Acks acks;
        for (int i = 0; i < 3; ++i)
            produce(a, "v" + std::to_string(i), acks, 1, 1);
        QCOMPARE(a.log.logEndOffset(), Offset(8));
        c.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(1), ids({1, 3}), ids({1}), 2);
        auto first = c.fetches();
        QCOMPARE(first.size(), size_t(1));
        QCOMPARE(first[0].fetchOffset, Offset(0));
        FetchAnswer answer = a.replica->onFollowerFetch(first[0], 3);
        QCOMPARE(answer.error, ErrorCode::OffsetOutOfRange);
        QCOMPARE(answer.logStartOffset, Offset(5));
        c.replica->onFetchAnswer(answer, 3);
        QCOMPARE(c.log.logStartOffset(), Offset(5));
        QCOMPARE(c.log.logEndOffset(), Offset(5));
        for (int round = 0; round < 3; ++round) {
            for (const FetchRequest &req : c.fetches())
                c.replica->onFetchAnswer(a.replica->onFollowerFetch(req, 4 + round), 4 + round);
            c.sync(4 + round);
        }
        QCOMPARE(c.log.logEndOffset(), Offset(8));
    }

    // The controller may have applied a proposal whose answer was lost; a retry is then
    // rejected as stale. Until the metadata says which ISR is committed, the leader must keep
    // counting the proposed member for the HW (Kafka keeps the pending state), or the
    // controller could elect that member without data the HW already exposed.
    void unknownAlterPartitionOutcomeKeepsTheMaximalIsr()
    {
        Node a(1), b(2), c(3);
        a.replica->becomeLeader(LeaderEpoch(1), PartitionEpoch(1), ids({1, 2, 3}), ids({1, 2}), 0);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(1), ids({1, 2, 3}), ids({1, 2}), 0);
        c.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(1), ids({1, 2, 3}), ids({1, 2}), 0);
        fetchRound(a, b, 1);
        fetchRound(a, c, 1); // c at 0 == HW: proposed
        QCOMPARE(a.alters().size(), size_t(1));
        a.replica->onAlterPartitionAnswer(
            {ErrorCode::InvalidUpdateVersion, LeaderEpoch(1), PartitionEpoch(-1), {}}, 2);
        QVERIFY(a.replica->pendingIsrChange().has_value());
        QCOMPARE(a.replica->maximalIsr(), ids({1, 2, 3}));
        a.replica->onTick(1000);
        QVERIFY(a.alters().empty()); // no resend: waiting for metadata
        Acks acks;
        produce(a, "m0", acks, 1001);
        fetchRound(a, b, 1002);
        fetchRound(a, b, 1003);
        QCOMPARE(a.replica->followerFetchOffset(BrokerId(2)), Offset(1));
        QCOMPARE(a.replica->highWatermark(), Offset(0)); // c (maybe in the ISR) lacks m0
        QVERIFY(acks.outcomes.empty());
        a.replica->onIsrUpdated(LeaderEpoch(1), PartitionEpoch(2), ids({1, 2, 3}), 1004);
        QVERIFY(!a.replica->pendingIsrChange());
        fetchRound(a, c, 1005);
        fetchRound(a, c, 1006);
        QCOMPARE(a.replica->highWatermark(), Offset(1));
        QCOMPARE(acks.outcomes.size(), size_t(1));
    }

    void expandNeedsTheLeadersEpochStart()
    {
        // The new leader has an uncommitted tail from its old epoch: a follower at the HW
        // but below where this epoch starts has not yet got this leader's whole log.
        Node a(1), c(3);
        Bytes batch = batchOf({"old0", "old1"});
        QVERIFY(a.log.appendAsLeader(batch, LeaderEpoch(1), 0).ok());
        a.log.requestSync();
        a.log.completeSync();
        // b (in the ISR) has not fetched in this epoch, so the HW stays at 0.
        a.replica->becomeLeader(LeaderEpoch(2), PartitionEpoch(1), ids({1, 2, 3}), ids({1, 2}), 0);
        QCOMPARE(a.replica->highWatermark(), Offset(0));
        c.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(2), PartitionEpoch(1), ids({1, 2, 3}), ids({1, 2}), 0);
        for (const FetchRequest &req : c.fetches())
            c.replica->onFetchAnswer(a.replica->onFollowerFetch(req, 1), 1);
        QVERIFY(a.alters().empty()); // fetch offset 0 == HW, but below the epoch start 2
        c.sync(2);
        for (const FetchRequest &req : c.fetches())
            c.replica->onFetchAnswer(a.replica->onFollowerFetch(req, 3), 3);
        QCOMPARE(a.alters().size(), size_t(1));
    }

    void fencingByLeaderEpoch()
    {
        Node a(1);
        a.replica->becomeLeader(LeaderEpoch(4), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        FetchRequest req;
        req.followerId = BrokerId(2);
        req.fetchOffset = Offset(0);
        req.currentLeaderEpoch = LeaderEpoch(3);
        QCOMPARE(a.replica->onFollowerFetch(req, 1).error, ErrorCode::FencedLeaderEpoch);
        req.currentLeaderEpoch = LeaderEpoch(5);
        QCOMPARE(a.replica->onFollowerFetch(req, 1).error, ErrorCode::UnknownLeaderEpoch);
        req.currentLeaderEpoch = LeaderEpoch(4);
        QCOMPARE(a.replica->onFollowerFetch(req, 1).error, ErrorCode::None);
        req.followerId = BrokerId(9);
        QCOMPARE(a.replica->onFollowerFetch(req, 1).error, ErrorCode::NotLeaderOrFollower);

        // Stale metadata does not demote; a newer epoch does, failing waiting produces.
        Acks acks;
        produce(a, "v", acks, 2);
        a.replica->becomeFollower(
            BrokerId(2), LeaderEpoch(3), PartitionEpoch(9), ids({1, 2}), ids({1, 2}), 3);
        QCOMPARE(a.replica->role(), ReplicaRole::Leader);
        a.replica->becomeFollower(
            BrokerId(2), LeaderEpoch(5), PartitionEpoch(2), ids({1, 2}), ids({1, 2}), 3);
        QCOMPARE(a.replica->role(), ReplicaRole::Follower);
        QCOMPARE(acks.outcomes.size(), size_t(1));
        QCOMPARE(acks.outcomes[0].error, ErrorCode::NotLeaderOrFollower);
        Acks late;
        produce(a, "w", late, 4);
        QCOMPARE(late.outcomes[0].error, ErrorCode::NotLeaderOrFollower);
        // It fetches from the new leader at once, its epoch-4 append reported as unsynced,
        // and again once that is synced.
        auto fetches = a.fetches();
        QCOMPARE(fetches.size(), size_t(1));
        QCOMPARE(fetches[0].currentLeaderEpoch, LeaderEpoch(5));
        QCOMPARE(fetches[0].leaderId, BrokerId(2));
        QCOMPARE(fetches[0].fetchOffset, Offset(1));
        QCOMPARE(fetches[0].syncedOffset, Offset(0));
        a.sync(5);
        fetches = a.fetches();
        QCOMPARE(fetches.size(), size_t(1));
        QVERIFY(fetches[0].syncReport);
        QCOMPARE(fetches[0].syncedOffset, Offset(1));
    }

    // KIP-101 scenario 1: truncating to the high watermark on restart loses acknowledged data.
    // b got m1 and acknowledged it (so the leader's HW passed it and the producer was told),
    // but b had not yet learned the new HW when it restarted. Truncating to its HW would drop
    // m1; if a then dies, b leads without m1. We keep it.
    void restartDoesNotTruncateToHighWatermark()
    {
        Node a(1), b(2);
        a.replica->becomeLeader(LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        Acks acks;
        produce(a, "m0", acks, 1);
        fetchRound(a, b, 2);
        fetchRound(a, b, 3);
        produce(a, "m1", acks, 4);
        fetchRound(a, b, 5);
        // b has m0, m1 synced; its fetch at 2 is sent but not yet answered, followed by the
        // report of its sync.
        auto pending = b.fetches();
        QCOMPARE(pending.size(), size_t(2));
        QCOMPARE(pending[0].fetchOffset, Offset(2));
        QVERIFY(pending[1].syncReport);
        QCOMPARE(pending[1].syncedOffset, Offset(2));
        (void)a.replica->onFollowerFetch(pending[0], 6); // the answer with HW 2 is lost
        a.replica->onFollowerSyncReport(pending[1], 6);
        QCOMPARE(a.replica->highWatermark(), Offset(2));
        QCOMPARE(acks.outcomes.size(), size_t(2));
        QCOMPARE(acks.outcomes[1].error, ErrorCode::None); // m1 acknowledged
        QCOMPARE(b.replica->highWatermark(), Offset(1));

        b.crash();
        QCOMPARE(b.log.logEndOffset(), Offset(2));
        // The controller bumps the epoch (b re-registered) and b follows again.
        a.replica->becomeLeader(LeaderEpoch(2), PartitionEpoch(2), ids({1, 2}), ids({1, 2}), 10);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(2), PartitionEpoch(2), ids({1, 2}), ids({1, 2}), 10);
        fetchRound(a, b, 11);
        QCOMPARE(b.log.logEndOffset(), Offset(2));
        // a dies; b is elected from the ISR and still has m1 where it was acknowledged.
        b.replica->becomeLeader(LeaderEpoch(3), PartitionEpoch(3), ids({1, 2}), ids({2}), 20);
        QCOMPARE(valueAt(b.log, Offset(1)), std::string("m1"));
    }

    // KIP-101 scenario 2: both replicas crash; the one that comes back first leads and
    // writes at an offset the other holds with different, unacknowledged data. The
    // follower must find the divergence by epoch and replace its tail.
    void divergentTailIsTruncatedByEpoch()
    {
        Node a(1), b(2);
        a.replica->becomeLeader(LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        Acks acks;
        produce(a, "m0", acks, 1);
        fetchRound(a, b, 2);
        fetchRound(a, b, 3);
        QCOMPARE(acks.outcomes.size(), size_t(1));
        produce(a, "m1", acks, 4); // only on a, and a synced it
        a.sync(4);
        a.crash();
        b.crash();
        QCOMPARE(a.log.logEndOffset(), Offset(2));
        QCOMPARE(b.log.logEndOffset(), Offset(1));

        b.replica->becomeLeader(LeaderEpoch(2), PartitionEpoch(2), ids({1, 2}), ids({2}), 10);
        produce(b, "m2", acks, 11, 1);
        b.sync(11);
        QCOMPARE(acks.outcomes.back().error, ErrorCode::None);
        QCOMPARE(acks.outcomes.back().firstOffset, Offset(1));

        a.replica->becomeFollower(
            BrokerId(2), LeaderEpoch(2), PartitionEpoch(2), ids({1, 2}), ids({2}), 12);
        auto req = a.fetches();
        QCOMPARE(req.size(), size_t(1));
        QCOMPARE(req[0].lastFetchedEpoch, LeaderEpoch(1));
        QCOMPARE(req[0].fetchOffset, Offset(2));
        FetchAnswer answer = b.replica->onFollowerFetch(req[0], 13);
        QVERIFY(answer.divergingEpoch.has_value());
        QCOMPARE(*answer.divergingEpoch, (EpochEndOffset{LeaderEpoch(1), Offset(1)}));
        a.replica->onFetchAnswer(answer, 13);
        QCOMPARE(a.log.logEndOffset(), Offset(1));
        fetchRound(b, a, 14);
        fetchRound(b, a, 15);
        QCOMPARE(valueAt(a.log, Offset(1)), std::string("m2"));
        QCOMPARE(a.log.entries().size(), b.log.entries().size());
        for (size_t i = 0; i < a.log.entries().size(); ++i)
            QCOMPARE(a.log.entries()[i].bytes, b.log.entries()[i].bytes);
    }

    // The follower knows no entry for the epoch the leader names: it steps back to its own
    // earlier epoch and asks again, converging without touching common data.
    void truncationIteratesWhenEpochUnknownToFollower()
    {
        Node a(1), b(2);
        Bytes x = batchOf({"c0"});
        QVERIFY(a.log.appendAsLeader(x, LeaderEpoch(1), 0).ok());
        x = batchOf({"c0"});
        QVERIFY(b.log.appendAsLeader(x, LeaderEpoch(1), 0).ok()); // same bytes as a's
        x = batchOf({"a1", "a2"});
        QVERIFY(a.log.appendAsLeader(x, LeaderEpoch(2), 0).ok());
        x = batchOf({"b1"});
        QVERIFY(b.log.appendAsLeader(x, LeaderEpoch(3), 0).ok());
        x = batchOf({"b2"});
        QVERIFY(b.log.appendAsLeader(x, LeaderEpoch(3), 0).ok());
        x = batchOf({"b3"});
        QVERIFY(b.log.appendAsLeader(x, LeaderEpoch(3), 0).ok());
        a.log.requestSync();
        a.log.completeSync();
        b.log.requestSync();
        b.log.completeSync();
        QCOMPARE(a.log.entries()[0].bytes, b.log.entries()[0].bytes);

        // a leads epoch 4 and has epoch 2; b asks with its last epoch 3 at offset 4.
        a.replica->becomeLeader(LeaderEpoch(4), PartitionEpoch(1), ids({1, 2}), ids({1}), 0);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(4), PartitionEpoch(1), ids({1, 2}), ids({1}), 0);
        auto req = b.fetches();
        FetchAnswer answer = a.replica->onFollowerFetch(req.at(0), 1);
        QCOMPARE(*answer.divergingEpoch, (EpochEndOffset{LeaderEpoch(2), Offset(3)}));
        b.replica->onFetchAnswer(answer, 1);
        // b has no epoch 2: it keeps its epoch 1 (ends at 1) and asks again.
        QCOMPARE(b.log.logEndOffset(), Offset(1));
        req = b.fetches();
        QCOMPARE(req.at(0).lastFetchedEpoch, LeaderEpoch(1));
        answer = a.replica->onFollowerFetch(req.at(0), 2);
        QVERIFY(!answer.divergingEpoch);
        b.replica->onFetchAnswer(answer, 2);
        QCOMPARE(b.log.logEndOffset(), Offset(3));
        QCOMPARE(valueAt(b.log, Offset(0)), std::string("c0"));
        QCOMPARE(valueAt(b.log, Offset(2)), std::string("a2"));
    }

    void staleAndDuplicatedAnswersAreIgnored()
    {
        Node a(1), b(2);
        a.replica->becomeLeader(LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        b.replica->becomeFollower(
            BrokerId(1), LeaderEpoch(1), PartitionEpoch(1), ids({1, 2}), ids({1, 2}), 0);
        Acks acks;
        produce(a, "m0", acks, 1);
        auto req = b.fetches();
        FetchAnswer answer = a.replica->onFollowerFetch(req.at(0), 2);
        b.replica->onFetchAnswer(answer, 2);
        b.replica->onFetchAnswer(answer, 2); // duplicate
        QCOMPARE(b.log.logEndOffset(), Offset(1));
        QCOMPARE(b.log.entries().size(), size_t(1));
        // Fetched again at once, and once more when the sync completes (that one reports it).
        QCOMPARE(b.fetches().size(), size_t(1));
        b.sync(3);
        QCOMPARE(b.fetches().size(), size_t(1));
        // A lost fetch is resent after the timeout.
        b.replica->onTick(100);
        QVERIFY(b.fetches().empty());
        b.replica->onTick(600);
        QCOMPARE(b.fetches().size(), size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestPartitionReplica)
#include "test_partition_replica.moc"
