// GroupCoordinator driven with fake time and an in-memory persistence sink.

#include "engine/group/group_coordinator.h"
#include "engine/group/group_records.h"

#include <QtTest>

#include <memory>

using namespace runnel;
using namespace runnel::group;

namespace runnel {
char *toString(ErrorCode e)
{
    return qstrdup(std::string(errorName(e)).c_str());
}
} // namespace runnel

namespace {

Bytes bytes(std::string_view s)
{
    return Bytes(s.begin(), s.end());
}

// ConsumerProtocolSubscription v0: the format Java/librdkafka consumers send.
Bytes subscription(std::initializer_list<std::string> topics)
{
    Bytes out;
    ByteWriter w(out);
    w.writeI16(0);
    w.writeI32(static_cast<int32_t>(topics.size()));
    for (const auto &t : topics) {
        w.writeI16(static_cast<int16_t>(t.size()));
        w.writeBytes(std::string_view(t));
    }
    w.writeI32(-1); // null user data
    return out;
}

struct Join
{
    std::string memberId;
    std::string clientId = "client";
    std::optional<std::string> instanceId;
    std::vector<std::pair<std::string, Bytes>> protocols = {{"range", bytes("sub")}};
    int32_t session = 10000;
    int32_t rebalance = 30000;
    bool requireKnown = false;
    std::string protocolType = "consumer";
};

using JoinBox = std::shared_ptr<std::vector<JoinGroupResult>>;
using SyncBox = std::shared_ptr<std::vector<SyncGroupResult>>;
using CommitBox = std::shared_ptr<std::vector<std::vector<ErrorCode>>>;

// Owns a coordinator, the fake clock and the "log" the persistence sink appends to.
struct Fixture
{
    GroupConfig cfg;
    std::vector<StoredRecord> log;
    std::vector<std::pair<std::vector<StoredRecord>, std::function<void(ErrorCode)>>> held;
    bool hold = false;                        // keep persistence requests for the test
    ErrorCode persistError = ErrorCode::None; // what an immediate completion reports
    std::unique_ptr<GroupCoordinator> gc;
    TimestampMs now = 1'000'000;

    explicit Fixture(GroupConfig c = {})
        : cfg(c)
    {
        restart();
    }

    void restart()
    {
        gc = std::make_unique<GroupCoordinator>(
            cfg, [this](std::vector<StoredRecord> records, std::function<void(ErrorCode)> done) {
                if (hold) {
                    held.emplace_back(std::move(records), std::move(done));
                    return;
                }
                if (persistError == ErrorCode::None)
                    log.insert(log.end(), records.begin(), records.end());
                done(persistError);
            });
        gc->setRandomSeed(7);
    }

    void release(ErrorCode e = ErrorCode::None)
    {
        auto pending = std::move(held);
        held.clear();
        for (auto &[records, done] : pending) {
            if (e == ErrorCode::None)
                log.insert(log.end(), records.begin(), records.end());
            done(e);
        }
    }

    void advance(TimestampMs ms)
    {
        now += ms;
        gc->tick(now);
    }

    JoinBox join(const std::string &group, const Join &j)
    {
        auto box = std::make_shared<std::vector<JoinGroupResult>>();
        JoinGroupParams p;
        p.groupId = group;
        p.sessionTimeoutMs = j.session;
        p.rebalanceTimeoutMs = j.rebalance;
        p.memberId = j.memberId;
        p.groupInstanceId = j.instanceId;
        p.protocolType = j.protocolType;
        p.protocols = j.protocols;
        p.clientId = j.clientId;
        p.clientHost = "/127.0.0.1";
        p.requireKnownMemberId = j.requireKnown;
        gc->joinGroup(
            std::move(p), now, [box](JoinGroupResult r) { box->push_back(std::move(r)); });
        return box;
    }

    SyncBox sync(const std::string &group,
                 int32_t generation,
                 const std::string &memberId,
                 std::vector<std::pair<std::string, Bytes>> assignments = {},
                 std::optional<std::string> instanceId = std::nullopt)
    {
        auto box = std::make_shared<std::vector<SyncGroupResult>>();
        SyncGroupParams p;
        p.groupId = group;
        p.generationId = generation;
        p.memberId = memberId;
        p.groupInstanceId = std::move(instanceId);
        p.assignments = std::move(assignments);
        gc->syncGroup(
            std::move(p), now, [box](SyncGroupResult r) { box->push_back(std::move(r)); });
        return box;
    }

    ErrorCode heartbeat(const std::string &group,
                        const std::string &memberId,
                        int32_t generation,
                        std::optional<std::string> instanceId = std::nullopt)
    {
        return gc->heartbeat(group, memberId, instanceId, generation, now);
    }

    CommitBox commit(const std::string &group,
                     int32_t generation,
                     const std::string &memberId,
                     std::vector<OffsetCommitEntry> offsets,
                     std::optional<std::string> instanceId = std::nullopt)
    {
        auto box = std::make_shared<std::vector<std::vector<ErrorCode>>>();
        gc->commitOffsets(
            group,
            generation,
            memberId,
            instanceId,
            std::move(offsets),
            now,
            [box](std::vector<ErrorCode> codes) { box->push_back(std::move(codes)); });
        return box;
    }

    CommittedOffset fetchOne(const std::string &group, const std::string &topic, int32_t partition)
    {
        auto r = gc->fetchOffsets(
            group, std::vector<std::pair<std::string, std::vector<int32_t>>>{{topic, {partition}}});
        return r.at(0).second;
    }

    // Advances in small steps until every box holds a result (members awaiting a join
    // response need no heartbeats). Fails the test if that takes more than `limit`.
    bool waitForJoins(const std::vector<JoinBox> &boxes, TimestampMs limit = 120000)
    {
        for (TimestampMs waited = 0; waited <= limit; waited += 100) {
            if (std::all_of(boxes.begin(), boxes.end(), [](const auto &b) { return !b->empty(); }))
                return true;
            advance(100);
        }
        return false;
    }

    std::string state(const std::string &group)
    {
        auto s = gc->groupState(group);
        return s ? std::string(groupStateName(*s)) : std::string("unknown");
    }
};

struct StableGroup
{
    std::vector<std::string> memberIds; // in join order; [0] is the leader
    int32_t generation = -1;
};

// Joins `n` members at the same instant and syncs them with assignment "assign-<i>".
StableGroup formStableGroup(Fixture &f, const std::string &group, int n, Join base = {})
{
    StableGroup out;
    std::vector<JoinBox> boxes;
    for (int i = 0; i < n; ++i) {
        Join j = base;
        j.clientId = "client" + std::to_string(i);
        if (base.instanceId)
            j.instanceId = *base.instanceId + std::to_string(i);
        boxes.push_back(f.join(group, j));
    }
    if (!f.waitForJoins(boxes))
        return out;
    for (auto &b : boxes) {
        if (b->size() != 1 || b->front().error != ErrorCode::None)
            return out;
        out.memberIds.push_back(b->front().memberId);
    }
    out.generation = boxes[0]->front().generationId;
    std::vector<std::pair<std::string, Bytes>> assignments;
    for (int i = 0; i < n; ++i)
        assignments.emplace_back(out.memberIds[i], bytes("assign-" + std::to_string(i)));
    for (int i = 1; i < n; ++i)
        f.sync(group, out.generation, out.memberIds[i]);
    f.sync(group, out.generation, out.memberIds[0], assignments);
    return out;
}

GroupConfig noDelay()
{
    GroupConfig c;
    c.initialRebalanceDelayMs = 0;
    return c;
}

} // namespace

class TestGroupCoordinator : public QObject
{
    Q_OBJECT
private slots:
    void threeMembersJoinAndSync()
    {
        Fixture f;
        auto a = f.join("g", {.clientId = "a", .protocols = {{"range", bytes("meta-a")}}});
        f.advance(100);
        auto b = f.join("g", {.clientId = "b", .protocols = {{"range", bytes("meta-b")}}});
        auto c = f.join("g", {.clientId = "c", .protocols = {{"range", bytes("meta-c")}}});
        QVERIFY(a->empty() && b->empty() && c->empty()); // held by the initial delay
        QCOMPARE(f.state("g"), std::string("PreparingRebalance"));
        QVERIFY(f.waitForJoins({a, b, c}));

        for (auto *box : {&a, &b, &c}) {
            QCOMPARE((*box)->size(), size_t(1));
            QCOMPARE((*box)->front().error, ErrorCode::None);
            QCOMPARE((*box)->front().generationId, 1);
            QCOMPARE((*box)->front().protocolName, std::string("range"));
            QCOMPARE((*box)->front().protocolType, std::string("consumer"));
            QCOMPARE((*box)->front().leader, a->front().memberId);
        }
        QVERIFY(a->front().memberId.rfind("a-", 0) == 0);
        // Only the leader learns the members, each with its metadata.
        const auto &members = a->front().members;
        QCOMPARE(members.size(), size_t(3));
        QCOMPARE(members[0].memberId, a->front().memberId);
        QVERIFY(members[1].metadata == bytes("meta-b"));
        QVERIFY(members[2].metadata == bytes("meta-c"));
        QVERIFY(b->front().members.empty());
        QVERIFY(c->front().members.empty());
        QCOMPARE(f.state("g"), std::string("CompletingRebalance"));
        // Between JoinGroup and SyncGroup heartbeats are fine.
        QCOMPARE(f.heartbeat("g", b->front().memberId, 1), ErrorCode::None);

        // Followers wait for the leader's assignment.
        auto sb = f.sync("g", 1, b->front().memberId);
        QVERIFY(sb->empty());
        const std::string ida = a->front().memberId, idb = b->front().memberId,
                          idc = c->front().memberId;
        auto sa = f.sync(
            "g", 1, ida, {{ida, bytes("pa")}, {idb, bytes("pb")}, {"stranger", bytes("x")}});
        QCOMPARE(sa->size(), size_t(1));
        QCOMPARE(sb->size(), size_t(1));
        QVERIFY(sa->front().assignment == bytes("pa"));
        QVERIFY(sb->front().assignment == bytes("pb"));
        QCOMPARE(sb->front().protocolName, std::string("range"));
        QCOMPARE(f.state("g"), std::string("Stable"));
        // A late follower gets its (here empty: the leader left it out) assignment at once.
        auto sc = f.sync("g", 1, idc);
        QCOMPARE(sc->size(), size_t(1));
        QCOMPARE(sc->front().error, ErrorCode::None);
        QVERIFY(sc->front().assignment.empty());

        // The completed generation was persisted as group metadata.
        QVERIFY(!f.log.empty());
        auto key = decodeRecordKey(f.log.back().key);
        QVERIFY(key.ok() && std::holds_alternative<GroupMetadataKey>(*key));
        auto value = decodeGroupMetadataValue(*f.log.back().value);
        QVERIFY(value.ok());
        QCOMPARE(value->generationId, 1);
        QCOMPARE(value->members.size(), size_t(3));
        QCOMPARE(value->leader, std::optional<std::string>(ida));
        QVERIFY(value->members[1].assignment == bytes("pb"));

        auto d = f.gc->describeGroup("g");
        QCOMPARE(d.state, std::string("Stable"));
        QCOMPARE(d.protocolName, std::string("range"));
        QCOMPARE(d.members.size(), size_t(3));
        QVERIFY(d.members[0].assignment == bytes("pa"));
        QVERIFY(d.members[0].metadata == bytes("meta-a"));
        QCOMPARE(d.members[0].clientId, std::string("a"));
        // Exactly one answer each.
        QCOMPARE(a->size() + b->size() + c->size(), size_t(3));
    }

    void leaveTriggersRebalance()
    {
        Fixture f;
        StableGroup s = formStableGroup(f, "g", 3);
        QCOMPARE(s.generation, 1);
        QCOMPARE(f.state("g"), std::string("Stable"));

        auto codes = f.gc->leaveGroup("g", {{s.memberIds[2], std::nullopt}}, f.now);
        QCOMPARE(codes, std::vector<ErrorCode>{ErrorCode::None});
        QCOMPARE(f.state("g"), std::string("PreparingRebalance"));
        QCOMPARE(f.heartbeat("g", s.memberIds[0], 1), ErrorCode::RebalanceInProgress);
        QCOMPARE(f.heartbeat("g", s.memberIds[1], 1), ErrorCode::RebalanceInProgress);
        QCOMPARE(f.heartbeat("g", s.memberIds[2], 1), ErrorCode::UnknownMemberId);
        // A second leave of the same member is unknown.
        QCOMPARE(f.gc->leaveGroup("g", {{s.memberIds[2], std::nullopt}}, f.now),
                 std::vector<ErrorCode>{ErrorCode::UnknownMemberId});

        auto r0 = f.join("g", {.memberId = s.memberIds[0]});
        QVERIFY(r0->empty()); // waits for the other member
        auto r1 = f.join("g", {.memberId = s.memberIds[1]});
        QCOMPARE(r0->size(), size_t(1));
        QCOMPARE(r1->size(), size_t(1));
        QCOMPARE(r0->front().generationId, 2);
        QCOMPARE(r1->front().generationId, 2);
        QCOMPARE(r0->front().leader, s.memberIds[0]); // the leader kept its role
        QCOMPARE(r0->front().members.size(), size_t(2));
        // The old generation is now stale.
        QCOMPARE(f.heartbeat("g", s.memberIds[1], 1), ErrorCode::IllegalGeneration);
        auto sync1 = f.sync("g", 1, s.memberIds[1]);
        QCOMPARE(sync1->front().error, ErrorCode::IllegalGeneration);
    }

    void sessionTimeoutEvictsSilentMember()
    {
        Fixture f;
        StableGroup s = formStableGroup(f, "g", 2, {.session = 10000});
        QCOMPARE(s.generation, 1);
        for (int i = 0; i < 9; ++i) {
            f.advance(1000);
            QCOMPARE(f.heartbeat("g", s.memberIds[0], 1), ErrorCode::None);
        }
        QCOMPARE(f.state("g"), std::string("Stable"));
        f.advance(1000); // 10 s without a heartbeat from member 1
        QCOMPARE(f.state("g"), std::string("PreparingRebalance"));
        QCOMPARE(f.heartbeat("g", s.memberIds[1], 1), ErrorCode::UnknownMemberId);
        QCOMPARE(f.heartbeat("g", s.memberIds[0], 1), ErrorCode::RebalanceInProgress);
        auto r = f.join("g", {.memberId = s.memberIds[0]});
        QCOMPARE(r->size(), size_t(1));
        QCOMPARE(r->front().generationId, 2);
        QCOMPARE(r->front().members.size(), size_t(1));
    }

    void rebalanceTimeoutRemovesMembersThatDoNotRejoin()
    {
        Fixture f;
        StableGroup s = formStableGroup(f, "g", 2, {.session = 10000, .rebalance = 20000});
        auto r0 = f.join("g", {.memberId = s.memberIds[0], .session = 10000, .rebalance = 20000});
        QVERIFY(r0->empty());
        // Member 1 keeps heartbeating but never rejoins.
        for (int i = 0; i < 19; ++i) {
            f.advance(1000);
            QCOMPARE(f.heartbeat("g", s.memberIds[1], 1), ErrorCode::RebalanceInProgress);
            QVERIFY(r0->empty());
        }
        f.advance(1000);
        QCOMPARE(r0->size(), size_t(1));
        QCOMPARE(r0->front().generationId, 2);
        QCOMPARE(r0->front().members.size(), size_t(1));
        QCOMPARE(f.heartbeat("g", s.memberIds[1], 1), ErrorCode::UnknownMemberId);
    }

    void staticMemberRestartKeepsAssignmentWithoutRebalance()
    {
        Fixture f;
        StableGroup s = formStableGroup(f, "g", 2, {.instanceId = "inst-"});
        QCOMPARE(s.generation, 1);
        const size_t logBefore = f.log.size();

        // inst-1 restarts: it has lost its member id and joins afresh.
        auto r = f.join("g", {.clientId = "client1", .instanceId = "inst-1"});
        QCOMPARE(r->size(), size_t(1));
        QCOMPARE(r->front().error, ErrorCode::None);
        QCOMPARE(r->front().generationId, 1); // no new generation
        QVERIFY(r->front().memberId != s.memberIds[1]);
        QVERIFY(!r->front().skipAssignment);
        QCOMPARE(f.state("g"), std::string("Stable"));
        QCOMPARE(f.heartbeat("g", s.memberIds[0], 1, "inst-0"), ErrorCode::None);
        auto sync = f.sync("g", 1, r->front().memberId, {}, "inst-1");
        QCOMPARE(sync->front().error, ErrorCode::None);
        QVERIFY(sync->front().assignment == bytes("assign-1"));
        // The old id is fenced and the new mapping was persisted.
        QCOMPARE(f.heartbeat("g", s.memberIds[1], 1, "inst-1"), ErrorCode::FencedInstanceId);
        QCOMPARE(f.log.size(), logBefore + 1);
        auto v = decodeGroupMetadataValue(*f.log.back().value);
        QVERIFY(v.ok());
        QCOMPARE(v->members[1].memberId, r->front().memberId);

        // The static leader restarting gets the member list but must not reassign (KIP-814).
        auto leader = f.join("g", {.clientId = "client0", .instanceId = "inst-0"});
        QCOMPARE(leader->front().error, ErrorCode::None);
        QCOMPARE(leader->front().generationId, 1);
        QVERIFY(leader->front().skipAssignment);
        QCOMPARE(leader->front().leader, leader->front().memberId);
        QCOMPARE(leader->front().members.size(), size_t(2));
        QCOMPARE(f.state("g"), std::string("Stable"));
    }

    void staticMemberRejoinWithNewProtocolRebalances()
    {
        Fixture f;
        StableGroup s = formStableGroup(
            f,
            "g",
            2,
            {.instanceId = "inst-", .protocols = {{"range", bytes("m")}, {"rr", bytes("m")}}});
        QCOMPARE(s.generation, 1);
        // inst-1 now prefers rr only: the selected protocol would change -> rebalance.
        auto r = f.join(
            "g",
            {.clientId = "client1", .instanceId = "inst-1", .protocols = {{"rr", bytes("m")}}});
        QVERIFY(r->empty());
        QCOMPARE(f.state("g"), std::string("PreparingRebalance"));
        auto r0b = f.join("g",
                          {.memberId = s.memberIds[0],
                           .instanceId = "inst-0",
                           .protocols = {{"range", bytes("m")}, {"rr", bytes("m")}}});
        QVERIFY(f.waitForJoins({r, r0b}));
        QCOMPARE(r->front().generationId, 2);
        QCOMPARE(r->front().protocolName, std::string("rr"));
    }

    void duplicateStaticInstanceIsFenced()
    {
        Fixture f;
        StableGroup s = formStableGroup(f, "g", 2, {.instanceId = "inst-"});
        const std::string old = s.memberIds[1];
        // The old instance starts a rejoin (it wants a rebalance) ...
        auto oldJoin = f.join(
            "g",
            {.memberId = old, .instanceId = "inst-1", .protocols = {{"range", bytes("other")}}});
        QVERIFY(oldJoin->empty());
        QCOMPARE(f.state("g"), std::string("PreparingRebalance"));
        // ... while a second process with the same instance id appears.
        auto dup = f.join("g", {.clientId = "client1", .instanceId = "inst-1"});
        QCOMPARE(oldJoin->size(), size_t(1));
        QCOMPARE(oldJoin->front().error, ErrorCode::FencedInstanceId);
        QCOMPARE(f.heartbeat("g", old, 1, "inst-1"), ErrorCode::FencedInstanceId);
        auto again = f.join("g", {.memberId = old, .instanceId = "inst-1"});
        QCOMPARE(again->front().error, ErrorCode::FencedInstanceId);
        auto commit = f.commit("g", 1, old, {{"t", 0, 5}}, "inst-1");
        QCOMPARE(commit->front(), std::vector<ErrorCode>{ErrorCode::FencedInstanceId});
        auto leave = f.gc->leaveGroup("g", {{old, "inst-1"}}, f.now);
        QCOMPARE(leave, std::vector<ErrorCode>{ErrorCode::FencedInstanceId});
        // The new instance completes the rebalance with the other member.
        auto r0 = f.join("g", {.memberId = s.memberIds[0], .instanceId = "inst-0"});
        QCOMPARE(dup->size(), size_t(1));
        QCOMPARE(dup->front().error, ErrorCode::None);
        QCOMPARE(dup->front().generationId, 2);
        QCOMPARE(r0->front().members.size(), size_t(2));
    }

    void staticMemberRemovedByInstanceId()
    {
        Fixture f;
        StableGroup s = formStableGroup(f, "g", 2, {.instanceId = "inst-"});
        auto codes = f.gc->leaveGroup("g", {{"", "inst-1"}, {"", "nobody"}}, f.now);
        QCOMPARE(codes, (std::vector<ErrorCode>{ErrorCode::None, ErrorCode::UnknownMemberId}));
        QCOMPARE(f.state("g"), std::string("PreparingRebalance"));
        QCOMPARE(f.heartbeat("g", s.memberIds[1], 1, "inst-1"), ErrorCode::UnknownMemberId);
    }

    void memberIdRequiredFlow()
    {
        Fixture f(noDelay());
        auto first = f.join("g", {.clientId = "rdkafka", .requireKnown = true});
        QCOMPARE(first->size(), size_t(1));
        QCOMPARE(first->front().error, ErrorCode::MemberIdRequired);
        const std::string id = first->front().memberId;
        // "<clientId>-<uuid>"
        QVERIFY(id.rfind("rdkafka-", 0) == 0);
        QCOMPARE(id.size(), std::string("rdkafka-").size() + 36);
        QCOMPARE(id[std::string("rdkafka-").size() + 14], '4'); // UUID version 4
        QCOMPARE(f.state("g"), std::string("Empty"));

        auto second = f.join("g", {.memberId = id, .clientId = "rdkafka", .requireKnown = true});
        QCOMPARE(second->size(), size_t(1));
        QCOMPARE(second->front().error, ErrorCode::None);
        QCOMPARE(second->front().memberId, id);
        QCOMPARE(second->front().generationId, 1);
        QCOMPARE(second->front().leader, id);
    }

    void pendingMemberHoldsRebalanceUntilItExpires()
    {
        Fixture f(noDelay());
        StableGroup s = formStableGroup(f, "g", 1);
        auto newcomer = f.join("g", {.clientId = "late", .requireKnown = true});
        QCOMPARE(newcomer->front().error, ErrorCode::MemberIdRequired);
        // The leader rejoins; the pending member is expected to join too.
        auto r0 = f.join("g", {.memberId = s.memberIds[0]});
        QVERIFY(r0->empty());
        f.advance(9999);
        QVERIFY(r0->empty());
        f.advance(1); // the pending id expires after its session timeout
        QCOMPARE(r0->size(), size_t(1));
        QCOMPARE(r0->front().generationId, 2);
        auto tooLate = f.join("g", {.memberId = newcomer->front().memberId, .clientId = "late"});
        QCOMPARE(tooLate->front().error, ErrorCode::UnknownMemberId);
    }

    void joinValidation_data()
    {
        QTest::addColumn<QString>("group");
        QTest::addColumn<int>("session");
        QTest::addColumn<QString>("memberId");
        QTest::addColumn<QString>("protocolType");
        QTest::addColumn<int>("expected");
        auto code = [](ErrorCode e) {
            return static_cast<int>(e);
        };
        QTest::newRow("empty group id") << "" << 10000 << ""
                                        << "consumer" << code(ErrorCode::InvalidGroupId);
        QTest::newRow("session too short") << "g" << 5999 << ""
                                           << "consumer" << code(ErrorCode::InvalidSessionTimeout);
        QTest::newRow("session too long") << "g" << 1800001 << ""
                                          << "consumer" << code(ErrorCode::InvalidSessionTimeout);
        QTest::newRow("unknown member, unknown group")
            << "g" << 10000 << "m-1"
            << "consumer" << code(ErrorCode::UnknownMemberId);
        QTest::newRow("no protocol type") << "g" << 10000 << ""
                                          << "" << code(ErrorCode::InconsistentGroupProtocol);
    }
    void joinValidation()
    {
        QFETCH(QString, group);
        QFETCH(int, session);
        QFETCH(QString, memberId);
        QFETCH(QString, protocolType);
        QFETCH(int, expected);
        Fixture f;
        auto r = f.join(group.toStdString(),
                        {.memberId = memberId.toStdString(),
                         .session = session,
                         .protocolType = protocolType.toStdString()});
        QCOMPARE(r->size(), size_t(1));
        QCOMPARE(r->front().error, static_cast<ErrorCode>(expected));
        QCOMPARE(f.gc->groupState(group.toStdString()).has_value(), false);
    }

    void groupMaxSize()
    {
        GroupConfig cfg;
        cfg.maxGroupSize = 2;
        Fixture f(cfg);
        StableGroup s = formStableGroup(f, "g", 2);
        QCOMPARE(s.generation, 1);
        auto third = f.join("g", {.clientId = "third"});
        QCOMPARE(third->front().error, ErrorCode::GroupMaxSizeReached);
        QCOMPARE(f.state("g"), std::string("Stable"));
        // Existing members still rejoin freely.
        auto again = f.join("g", {.memberId = s.memberIds[1]});
        QCOMPARE(again->front().error, ErrorCode::None);
    }

    void joinGroupV0UsesSessionTimeoutAsRebalanceTimeout()
    {
        Fixture f;
        StableGroup s = formStableGroup(f, "g", 2, {.session = 10000, .rebalance = -1});
        auto r0 = f.join("g", {.memberId = s.memberIds[0], .session = 10000, .rebalance = -1});
        for (int i = 0; i < 9; ++i) {
            f.advance(1000);
            f.heartbeat("g", s.memberIds[1], 1);
        }
        QVERIFY(r0->empty());
        f.advance(1000); // 10 s: the session timeout doubles as the rebalance timeout
        QCOMPARE(r0->size(), size_t(1));
        QCOMPARE(r0->front().members.size(), size_t(1));
    }

    void protocolSelection_data()
    {
        QTest::addColumn<QStringList>("member1");
        QTest::addColumn<QStringList>("member2");
        QTest::addColumn<QStringList>("member3");
        QTest::addColumn<QString>("expected");
        QTest::newRow("same") << QStringList{"range"} << QStringList{"range"}
                              << QStringList{"range"} << "range";
        QTest::newRow("only common one") << QStringList{"range", "rr"} << QStringList{"rr", "range"}
                                         << QStringList{"rr"} << "rr";
        QTest::newRow("majority preference")
            << QStringList{"range", "rr"} << QStringList{"rr", "range"}
            << QStringList{"rr", "range"} << "rr";
        QTest::newRow("cooperative upgrade")
            << QStringList{"cooperative-sticky", "range"} << QStringList{"range"}
            << QStringList{"cooperative-sticky", "range"} << "range";
        QTest::newRow("tie goes to first member")
            << QStringList{"a", "b"} << QStringList{"b", "a"} << QStringList{"c", "a", "b"} << "a";
    }
    void protocolSelection()
    {
        QFETCH(QStringList, member1);
        QFETCH(QStringList, member2);
        QFETCH(QStringList, member3);
        QFETCH(QString, expected);
        Fixture f;
        auto protocols = [](const QStringList &names) {
            std::vector<std::pair<std::string, Bytes>> out;
            for (const auto &n : names)
                out.emplace_back(n.toStdString(), bytes("md-" + n.toStdString()));
            return out;
        };
        std::vector<JoinBox> boxes;
        for (const auto *list : {&member1, &member2, &member3})
            boxes.push_back(f.join("g", {.protocols = protocols(*list)}));
        QVERIFY(f.waitForJoins(boxes));
        for (const auto &b : boxes) {
            QCOMPARE(b->front().error, ErrorCode::None);
            QCOMPARE(QString::fromStdString(b->front().protocolName), expected);
        }
        // The leader sees each member's metadata for the chosen protocol.
        for (const auto &m : boxes[0]->front().members)
            QVERIFY(m.metadata == bytes("md-" + expected.toStdString()));
    }

    void inconsistentProtocol_data()
    {
        QTest::addColumn<QString>("protocolType");
        QTest::addColumn<QStringList>("protocols");
        QTest::newRow("other protocol type") << "connect" << QStringList{"range"};
        QTest::newRow("no common protocol") << "consumer" << QStringList{"sticky"};
        QTest::newRow("no protocols") << "consumer" << QStringList{};
    }
    void inconsistentProtocol()
    {
        QFETCH(QString, protocolType);
        QFETCH(QStringList, protocols);
        Fixture f;
        StableGroup s = formStableGroup(
            f, "g", 1, {.protocols = {{"range", bytes("x")}, {"rr", bytes("x")}}});
        std::vector<std::pair<std::string, Bytes>> list;
        for (const auto &p : protocols)
            list.emplace_back(p.toStdString(), Bytes{});
        auto r = f.join("g", {.protocols = list, .protocolType = protocolType.toStdString()});
        QCOMPARE(r->front().error, ErrorCode::InconsistentGroupProtocol);
        // An existing member changing to an incompatible list is refused too.
        auto r2 = f.join("g",
                         {.memberId = s.memberIds[0],
                          .protocols = list,
                          .protocolType = protocolType.toStdString()});
        QCOMPARE(r2->front().error, ErrorCode::InconsistentGroupProtocol);
        QCOMPARE(f.state("g"), std::string("Stable"));
    }

    void syncErrors()
    {
        Fixture f;
        StableGroup s = formStableGroup(f, "g", 2);
        QCOMPARE(f.sync("g", 1, "nobody")->front().error, ErrorCode::UnknownMemberId);
        QCOMPARE(f.sync("nogroup", 1, s.memberIds[0])->front().error, ErrorCode::UnknownMemberId);
        QCOMPARE(f.sync("g", 7, s.memberIds[0])->front().error, ErrorCode::IllegalGeneration);
        SyncGroupParams p;
        p.groupId = "g";
        p.generationId = 1;
        p.memberId = s.memberIds[1];
        p.protocolName = "roundrobin";
        ErrorCode got = ErrorCode::None;
        f.gc->syncGroup(p, f.now, [&](SyncGroupResult r) { got = r.error; });
        QCOMPARE(got, ErrorCode::InconsistentGroupProtocol);
        // Leader rejoins: a rebalance is under way.
        f.join("g", {.memberId = s.memberIds[0]});
        QCOMPARE(f.sync("g", 1, s.memberIds[1])->front().error, ErrorCode::RebalanceInProgress);
    }

    void newJoinDuringSyncResetsPendingSyncs()
    {
        Fixture f;
        std::vector<JoinBox> boxes{f.join("g", {.clientId = "a"}), f.join("g", {.clientId = "b"})};
        QVERIFY(f.waitForJoins(boxes));
        auto follower = f.sync("g", 1, boxes[1]->front().memberId);
        QVERIFY(follower->empty());
        auto newcomer = f.join("g", {.clientId = "c"});
        QCOMPARE(follower->size(), size_t(1));
        QCOMPARE(follower->front().error, ErrorCode::RebalanceInProgress);
        QCOMPARE(f.state("g"), std::string("PreparingRebalance"));
        auto a = f.join("g", {.memberId = boxes[0]->front().memberId});
        auto b = f.join("g", {.memberId = boxes[1]->front().memberId});
        QCOMPARE(newcomer->size(), size_t(1));
        QCOMPARE(newcomer->front().generationId, 2);
        QCOMPARE(a->front().members.size(), size_t(3));
    }

    void leaderThatNeverSyncsCausesRebalance()
    {
        Fixture f;
        std::vector<JoinBox> boxes{f.join("g", {.clientId = "a", .session = 10000}),
                                   f.join("g", {.clientId = "b", .session = 10000})};
        QVERIFY(f.waitForJoins(boxes));
        const std::string leader = boxes[0]->front().memberId;
        const std::string follower = boxes[1]->front().memberId;
        auto s = f.sync("g", 1, follower);
        QVERIFY(s->empty());
        f.advance(9999);
        QVERIFY(s->empty());
        f.advance(1); // the leader's session expires: it never synced nor heartbeated
        QCOMPARE(s->size(), size_t(1));
        QCOMPARE(s->front().error, ErrorCode::RebalanceInProgress);
        QCOMPARE(f.heartbeat("g", leader, 1), ErrorCode::UnknownMemberId);
        auto r = f.join("g", {.memberId = follower});
        QCOMPARE(r->size(), size_t(1));
        QCOMPARE(r->front().generationId, 2);
        QCOMPARE(r->front().leader, follower);
    }

    void heartbeatingLeaderThatNeverSyncsIsRemovedAfterRebalanceTimeout()
    {
        Fixture f;
        std::vector<JoinBox> boxes{f.join("g", {.clientId = "a", .rebalance = 20000}),
                                   f.join("g", {.clientId = "b", .rebalance = 20000})};
        QVERIFY(f.waitForJoins(boxes));
        const std::string leader = boxes[0]->front().memberId;
        auto s = f.sync("g", 1, boxes[1]->front().memberId);
        for (int i = 0; i < 19; ++i) {
            f.advance(1000);
            QCOMPARE(f.heartbeat("g", leader, 1), ErrorCode::None);
        }
        QVERIFY(s->empty());
        f.advance(1000);
        QCOMPARE(s->size(), size_t(1));
        QCOMPARE(s->front().error, ErrorCode::RebalanceInProgress);
        QCOMPARE(f.heartbeat("g", leader, 1), ErrorCode::UnknownMemberId);
    }

    void assignmentPersistFailureRestartsRebalance()
    {
        Fixture f;
        std::vector<JoinBox> boxes{f.join("g", {.clientId = "a"}), f.join("g", {.clientId = "b"})};
        QVERIFY(f.waitForJoins(boxes));
        f.hold = true;
        auto sb = f.sync("g", 1, boxes[1]->front().memberId);
        auto sa = f.sync(
            "g", 1, boxes[0]->front().memberId, {{boxes[1]->front().memberId, bytes("x")}});
        QVERIFY(sa->empty() && sb->empty()); // not durable yet
        QCOMPARE(f.held.size(), size_t(1));
        f.release(ErrorCode::NotEnoughReplicas);
        QCOMPARE(sa->front().error, ErrorCode::CoordinatorNotAvailable);
        QCOMPARE(sb->front().error, ErrorCode::CoordinatorNotAvailable);
        QCOMPARE(f.state("g"), std::string("PreparingRebalance"));
    }

    void commitAndFetchOffsets()
    {
        Fixture f;
        StableGroup s = formStableGroup(f, "g", 2);
        f.now += 500;
        auto c = f.commit("g",
                          1,
                          s.memberIds[0],
                          {{"orders", 0, 42, 3, "m0"}, {"orders", 1, 7, -1, std::nullopt}});
        QCOMPARE(c->size(), size_t(1));
        QCOMPARE(c->front(), (std::vector<ErrorCode>{ErrorCode::None, ErrorCode::None}));
        CommittedOffset o = f.fetchOne("g", "orders", 0);
        QCOMPARE(o.offset, int64_t(42));
        QCOMPARE(o.leaderEpoch, 3);
        QCOMPARE(o.metadata, std::optional<std::string>("m0"));
        QCOMPARE(o.commitTimestamp, f.now);
        QCOMPARE(f.fetchOne("g", "orders", 1).metadata, std::optional<std::string>(""));
        // Unknown partitions and groups: -1, no error.
        CommittedOffset none = f.fetchOne("g", "orders", 9);
        QCOMPARE(none.offset, int64_t(-1));
        QCOMPARE(none.error, ErrorCode::None);
        QCOMPARE(f.fetchOne("other", "orders", 0).offset, int64_t(-1));
        auto all = f.gc->fetchOffsets("g", std::nullopt);
        QCOMPARE(all.size(), size_t(2));
        QCOMPARE(all[1].first, (TopicPartitionKey{"orders", 1}));
        QVERIFY(f.gc->fetchOffsets("other", std::nullopt).empty());
        // A later commit overwrites.
        f.commit("g", 1, s.memberIds[1], {{"orders", 0, 50}});
        QCOMPARE(f.fetchOne("g", "orders", 0).offset, int64_t(50));
    }

    void commitValidation_data()
    {
        QTest::addColumn<int>("generation");
        QTest::addColumn<QString>("member");
        QTest::addColumn<int>("expected");
        auto code = [](ErrorCode e) {
            return static_cast<int>(e);
        };
        QTest::newRow("current member") << 1 << "m0" << code(ErrorCode::None);
        QTest::newRow("stale generation") << 0 << "m0" << code(ErrorCode::IllegalGeneration);
        QTest::newRow("future generation") << 2 << "m0" << code(ErrorCode::IllegalGeneration);
        QTest::newRow("unknown member") << 1 << "stranger" << code(ErrorCode::UnknownMemberId);
        QTest::newRow("simple commit to a live group")
            << -1 << "" << code(ErrorCode::UnknownMemberId);
    }
    void commitValidation()
    {
        QFETCH(int, generation);
        QFETCH(QString, member);
        QFETCH(int, expected);
        Fixture f;
        StableGroup s = formStableGroup(f, "g", 1);
        std::string memberId = member == "m0" ? s.memberIds[0] : member.toStdString();
        auto c = f.commit("g", generation, memberId, {{"t", 0, 1}, {"t", 1, 2}});
        QCOMPARE(c->size(), size_t(1));
        QCOMPARE(c->front(), std::vector<ErrorCode>(2, static_cast<ErrorCode>(expected)));
        QCOMPARE(f.fetchOne("g", "t", 0).offset, expected == 0 ? int64_t(1) : int64_t(-1));
    }

    void commitDuringRebalance()
    {
        Fixture f;
        std::vector<JoinBox> boxes{f.join("g", {.clientId = "a"}), f.join("g", {.clientId = "b"})};
        QVERIFY(f.waitForJoins(boxes));
        const std::string a = boxes[0]->front().memberId, b = boxes[1]->front().memberId;
        // CompletingRebalance: the member has its generation but not its assignment.
        QCOMPARE(f.commit("g", 1, a, {{"t", 0, 1}})->front(),
                 std::vector<ErrorCode>{ErrorCode::RebalanceInProgress});
        f.sync("g", 1, b);
        f.sync("g", 1, a, {});
        // PreparingRebalance: commits of the old generation are still accepted.
        f.join("g", {.memberId = a});
        QCOMPARE(f.state("g"), std::string("PreparingRebalance"));
        QCOMPARE(f.commit("g", 1, b, {{"t", 0, 5}})->front(),
                 std::vector<ErrorCode>{ErrorCode::None});
    }

    void simpleCommitsCreateEmptyGroup()
    {
        Fixture f;
        // kafka-python admin / manual assignment: generation -1, no member.
        auto c = f.commit("manual", -1, "", {{"t", 0, 10}});
        QCOMPARE(c->front(), std::vector<ErrorCode>{ErrorCode::None});
        QCOMPARE(f.state("manual"), std::string("Empty"));
        QCOMPARE(f.fetchOne("manual", "t", 0).offset, int64_t(10));
        // Unknown group with a real generation: that generation cannot exist.
        QCOMPARE(f.commit("ghost", 3, "m", {{"t", 0, 1}})->front(),
                 std::vector<ErrorCode>{ErrorCode::IllegalGeneration});
        QCOMPARE(f.gc->groupState("ghost").has_value(), false);
        // Once everyone has left a consumer group, admin commits work again.
        StableGroup s = formStableGroup(f, "g", 1);
        f.gc->leaveGroup("g", {{s.memberIds[0], std::nullopt}}, f.now);
        QCOMPARE(f.state("g"), std::string("Empty"));
        QCOMPARE(f.commit("g", -1, "", {{"t", 0, 3}})->front(),
                 std::vector<ErrorCode>{ErrorCode::None});
    }

    void commitWaitsForDurability()
    {
        Fixture f;
        StableGroup s = formStableGroup(f, "g", 1);
        f.hold = true;
        auto c = f.commit("g", 1, s.memberIds[0], {{"t", 0, 10}});
        QVERIFY(c->empty());
        QCOMPARE(f.fetchOne("g", "t", 0).offset, int64_t(-1)); // not durable, not visible
        f.release();
        QCOMPARE(c->size(), size_t(1));
        QCOMPARE(c->front(), std::vector<ErrorCode>{ErrorCode::None});
        QCOMPARE(f.fetchOne("g", "t", 0).offset, int64_t(10));

        auto failed = f.commit("g", 1, s.memberIds[0], {{"t", 0, 20}});
        f.release(ErrorCode::NotLeaderOrFollower);
        QCOMPARE(failed->front(), std::vector<ErrorCode>{ErrorCode::NotCoordinator});
        QCOMPARE(f.fetchOne("g", "t", 0).offset, int64_t(10));
    }

    void metadataTooLarge()
    {
        GroupConfig cfg;
        cfg.offsetMetadataMaxBytes = 8;
        Fixture f(cfg);
        auto c = f.commit("g", -1, "", {{"t", 0, 1, -1, "12345678"}, {"t", 1, 1, -1, "123456789"}});
        QCOMPARE(c->front(),
                 (std::vector<ErrorCode>{ErrorCode::None, ErrorCode::OffsetMetadataTooLarge}));
        QCOMPARE(f.fetchOne("g", "t", 0).offset, int64_t(1));
        QCOMPARE(f.fetchOne("g", "t", 1).offset, int64_t(-1));
    }

    void persistLoadRoundTrip()
    {
        Fixture f;
        StableGroup s = formStableGroup(f, "g", 2);
        f.commit("g", 1, s.memberIds[0], {{"a", 0, 100, 2, "meta"}, {"a", 1, 200}});
        f.commit("g", 1, s.memberIds[1], {{"a", 1, 250}});
        f.commit("simple", -1, "", {{"b", 3, 7}});
        f.commit("doomed", -1, "", {{"c", 0, 1}});
        QCOMPARE(f.gc->deleteGroup("doomed", f.now), ErrorCode::None);

        // A new coordinator (broker restart) replays the log.
        auto log = f.log;
        f.log.clear();
        f.restart();
        for (const auto &r : log)
            f.gc->load(r, f.now);
        f.gc->load({Bytes{0, 9, 1}, Bytes{}}, f.now); // garbage is skipped

        CommittedOffset o = f.fetchOne("g", "a", 0);
        QCOMPARE(o.offset, int64_t(100));
        QCOMPARE(o.leaderEpoch, 2);
        QCOMPARE(o.metadata, std::optional<std::string>("meta"));
        QCOMPARE(f.fetchOne("g", "a", 1).offset, int64_t(250)); // last one wins
        QCOMPARE(f.fetchOne("simple", "b", 3).offset, int64_t(7));
        QCOMPARE(f.gc->groupState("doomed").has_value(), false);
        // The group comes back Stable with the members and assignments of its generation.
        QCOMPARE(f.state("g"), std::string("Stable"));
        QCOMPARE(f.gc->generationId("g"), 1);
        const GroupDescription d = f.gc->describeGroup("g");
        QCOMPARE(d.protocolType, std::string("consumer"));
        QCOMPARE(d.protocolName, std::string("range"));
        QCOMPARE(d.members.size(), size_t(2));
        for (size_t i = 0; i < 2; ++i) {
            QCOMPARE(d.members[i].memberId, s.memberIds[i]);
            QCOMPARE(d.members[i].clientId, "client" + std::to_string(i));
            QCOMPARE(d.members[i].assignment, bytes("assign-" + std::to_string(i)));
        }
        // Members from before the restart carry on: no rebalance.
        QCOMPARE(f.heartbeat("g", s.memberIds[0], 1), ErrorCode::None);
        auto c = f.commit("g", 1, s.memberIds[1], {{"a", 0, 300}});
        QCOMPARE(c->front(), std::vector<ErrorCode>{ErrorCode::None});
        // A session restarts with each heartbeat or commit: the member that stays silent
        // after its commit expires 10 s later, and the other is asked to rejoin.
        for (int i = 0; i < 6; ++i) {
            f.advance(1500);
            QCOMPARE(f.heartbeat("g", s.memberIds[0], 1), ErrorCode::None);
        }
        f.advance(1500);
        QCOMPARE(f.heartbeat("g", s.memberIds[0], 1), ErrorCode::RebalanceInProgress);
        auto r = f.join("g", {.memberId = s.memberIds[0]});
        QVERIFY(f.waitForJoins({r}));
        QCOMPARE(r->front().error, ErrorCode::None);
        QCOMPARE(r->front().generationId, 2);
        QCOMPARE(f.heartbeat("g", s.memberIds[1], 1), ErrorCode::UnknownMemberId);
    }

    // A group whose last record has no members (every member left) comes back Empty,
    // and a member id from before is unknown.
    void loadedEmptyGroupMakesOldMembersRejoin()
    {
        Fixture f(noDelay());
        StableGroup s = formStableGroup(f, "g", 1);
        f.gc->leaveGroup("g", {{s.memberIds[0], std::nullopt}}, f.now);
        auto log = f.log;
        f.restart();
        for (const auto &r : log)
            f.gc->load(r, f.now);
        QCOMPARE(f.state("g"), std::string("Empty"));
        QCOMPARE(f.gc->generationId("g"), 2);
        QCOMPARE(f.heartbeat("g", s.memberIds[0], 2), ErrorCode::UnknownMemberId);
    }

    // A static member (KIP-345) restored from the log keeps its instance: a restart of the
    // client with the same instance id takes its place without a rebalance.
    void loadedStaticMemberRejoinsWithoutRebalance()
    {
        Fixture f;
        Join base;
        base.instanceId = "pod-";
        StableGroup s = formStableGroup(f, "g", 2, base);
        QCOMPARE(s.generation, 1);
        QCOMPARE(f.state("g"), std::string("Stable"));
        auto log = f.log;
        f.restart();
        for (const auto &r : log)
            f.gc->load(r, f.now);
        QCOMPARE(f.state("g"), std::string("Stable"));
        Join again = base;
        again.instanceId = "pod-1";
        again.clientId = "client1";
        auto r = f.join("g", again);
        QCOMPARE(r->size(), size_t(1));
        QCOMPARE(r->front().error, ErrorCode::None);
        QCOMPARE(r->front().generationId, 1);
        QVERIFY(r->front().memberId != s.memberIds[1]);
        QCOMPARE(f.state("g"), std::string("Stable"));
        // The replaced id is fenced.
        QCOMPARE(f.heartbeat("g", s.memberIds[1], 1, std::string("pod-1")),
                 ErrorCode::FencedInstanceId);
    }

    // A cluster broker that stops leading an offsets partition unloads its groups; the
    // next leader (here: the same coordinator, as after a leadership round trip) loads
    // them from the partition's records.
    void unloadAnswersWaitersAndReloadsFromTheLog()
    {
        Fixture f;
        StableGroup s = formStableGroup(f, "moving", 2);
        QCOMPARE(s.generation, 1);
        formStableGroup(f, "staying", 1);
        auto committed = f.commit("moving", 1, s.memberIds[0], {{"orders", 0, 42, 5, "m"}});
        QCOMPARE(committed->front(), std::vector<ErrorCode>{ErrorCode::None});

        // One member rejoins (it waits for the other), one commit is not durable yet.
        auto rejoin = f.join("moving", {.memberId = s.memberIds[0]});
        QVERIFY(rejoin->empty());
        f.hold = true;
        auto inFlight = f.commit("moving", 1, s.memberIds[1], {{"orders", 1, 9}});
        QVERIFY(inFlight->empty());

        const size_t n = f.gc->unloadGroups([](const std::string &id) { return id == "moving"; });
        QCOMPARE(n, size_t(1));
        QCOMPARE(rejoin->size(), size_t(1));
        QCOMPARE(rejoin->front().error, ErrorCode::NotCoordinator);
        QCOMPARE(f.state("moving"), std::string("unknown"));
        QCOMPARE(f.fetchOne("moving", "orders", 0).offset, int64_t(-1));
        QCOMPARE(f.state("staying"), std::string("Stable"));
        // The append lost its leadership: the committer is told to find the coordinator.
        f.release(ErrorCode::NotLeaderOrFollower);
        QCOMPARE(inFlight->size(), size_t(1));
        QCOMPARE(inFlight->front(), std::vector<ErrorCode>{ErrorCode::NotCoordinator});
        f.hold = false;

        // Leading again: the records bring the group back with its last stable
        // generation, its members and the acknowledged offset. The member that was
        // rejoining asks again and the rebalance it wanted happens.
        for (const auto &r : f.log)
            f.gc->load(r, f.now);
        QCOMPARE(f.state("moving"), std::string("Stable"));
        QCOMPARE(f.gc->generationId("moving"), 1);
        QCOMPARE(f.fetchOne("moving", "orders", 0).offset, int64_t(42));
        QCOMPARE(f.fetchOne("moving", "orders", 0).leaderEpoch, 5);
        QCOMPARE(f.fetchOne("moving", "orders", 1).offset, int64_t(-1));
        QCOMPARE(f.heartbeat("moving", s.memberIds[1], 1), ErrorCode::None);
        auto again = f.join("moving", {.memberId = s.memberIds[0]});
        QCOMPARE(f.heartbeat("moving", s.memberIds[1], 1), ErrorCode::RebalanceInProgress);
        auto other = f.join("moving", {.memberId = s.memberIds[1]});
        QVERIFY(f.waitForJoins({again, other}));
        QCOMPARE(again->front().error, ErrorCode::None);
        QCOMPARE(again->front().generationId, 2);
        // Unloading nothing is harmless.
        QCOMPARE(f.gc->unloadGroups([](const std::string &) { return false; }), size_t(0));
    }

    // A commit that became durable after its group was unloaded and loaded again is
    // acknowledged, and does not overwrite what the reloaded group read from the log.
    void commitCompletingAfterReloadLeavesTheLoadedGroupAlone()
    {
        Fixture f(noDelay());
        f.commit("g", -1, "", {{"t", 0, 10}});
        f.hold = true;
        auto late = f.commit("g", -1, "", {{"t", 0, 11}});
        f.gc->unloadGroups([](const std::string &) { return true; });
        for (const auto &r : f.log) // the reloaded log does not hold the late record yet
            f.gc->load(r, f.now);
        f.release(ErrorCode::None);
        QCOMPARE(late->size(), size_t(1));
        QCOMPARE(late->front(), std::vector<ErrorCode>{ErrorCode::None});
        QCOMPARE(f.fetchOne("g", "t", 0).offset, int64_t(10));
    }

    void deleteGroup()
    {
        Fixture f;
        QCOMPARE(f.gc->deleteGroup("nope", f.now), ErrorCode::GroupIdNotFound);
        StableGroup s = formStableGroup(f, "g", 1);
        f.commit("g", 1, s.memberIds[0], {{"t", 0, 5}});
        QCOMPARE(f.gc->deleteGroup("g", f.now), ErrorCode::NonEmptyGroup);
        f.gc->leaveGroup("g", {{s.memberIds[0], std::nullopt}}, f.now);
        QCOMPARE(f.state("g"), std::string("Empty"));
        QCOMPARE(f.gc->generationId("g"), 2); // leaving bumps the generation, as in Kafka
        const size_t before = f.log.size();
        QCOMPARE(f.gc->deleteGroup("g", f.now), ErrorCode::None);
        QCOMPARE(f.log.size(), before + 2); // offset tombstone + group tombstone
        QVERIFY(!f.log[before].value && !f.log[before + 1].value);
        QCOMPARE(f.gc->describeGroup("g").state, std::string("Dead"));
        QCOMPARE(f.gc->describeGroup("g").error, ErrorCode::None);
        QCOMPARE(f.fetchOne("g", "t", 0).offset, int64_t(-1));
        QCOMPARE(f.gc->deleteGroup("g", f.now), ErrorCode::GroupIdNotFound);
        QVERIFY(f.gc->listGroups().empty());
    }

    void initialRebalanceDelay_data()
    {
        QTest::addColumn<QList<int>>("joinTimes");
        QTest::addColumn<int>("expectedCompletion");
        // delay 3000, rebalance timeout 10000
        QTest::newRow("single member") << QList<int>{0} << 3000;
        QTest::newRow("second member extends") << QList<int>{0, 1000} << 6000;
        QTest::newRow("keeps extending") << QList<int>{0, 1000, 4000} << 9000;
        QTest::newRow("capped by rebalance timeout")
            << QList<int>{0, 2000, 5000, 8000, 9500} << 10000;
    }
    void initialRebalanceDelay()
    {
        QFETCH(QList<int>, joinTimes);
        QFETCH(int, expectedCompletion);
        Fixture f;
        const TimestampMs start = f.now;
        std::vector<JoinBox> boxes;
        TimestampMs completedAt = -1;
        for (TimestampMs t = 0; t <= 20000; t += 100) {
            f.now = start + t;
            f.gc->tick(f.now);
            if (completedAt < 0 && !boxes.empty() && !boxes.front()->empty())
                completedAt = t;
            for (int jt : joinTimes)
                if (jt == t)
                    boxes.push_back(f.join("g", {.session = 10000, .rebalance = 10000}));
        }
        QCOMPARE(completedAt, TimestampMs(expectedCompletion));
        for (const auto &b : boxes) {
            QCOMPARE(b->size(), size_t(1));
            QCOMPARE(b->front().generationId, 1);
        }
    }

    void cooperativeDoubleRebalance()
    {
        // Cooperative-sticky: a rebalance revokes, then the members immediately rejoin for a
        // second rebalance that hands out the revoked partitions.
        Fixture f;
        const Join coop{.protocols = {{"cooperative-sticky", bytes("owned")}}};
        StableGroup s = formStableGroup(f, "g", 2, coop);
        QCOMPARE(s.generation, 1);
        Join newcomer = coop;
        newcomer.clientId = "c";
        auto c = f.join("g", newcomer);
        QCOMPARE(f.heartbeat("g", s.memberIds[0], 1), ErrorCode::RebalanceInProgress);
        QCOMPARE(f.heartbeat("g", s.memberIds[1], 1), ErrorCode::RebalanceInProgress);
        Join rejoin0 = coop, rejoin1 = coop;
        rejoin0.memberId = s.memberIds[0];
        rejoin1.memberId = s.memberIds[1];
        auto a = f.join("g", rejoin0);
        auto b = f.join("g", rejoin1);
        QCOMPARE(c->size(), size_t(1));
        QCOMPARE(a->front().generationId, 2);
        const std::string cid = c->front().memberId;
        f.sync("g", 2, cid);
        f.sync("g", 2, s.memberIds[1]);
        // First round: member 1 gives up a partition, nobody gets it yet.
        auto sa = f.sync(
            "g",
            2,
            s.memberIds[0],
            {{s.memberIds[0], bytes("p0")}, {s.memberIds[1], bytes("p1")}, {cid, bytes("")}});
        QCOMPARE(sa->front().assignment, bytes("p0"));
        QCOMPARE(f.state("g"), std::string("Stable"));
        // Right away, member 1 (having revoked) rejoins; everyone follows.
        Join rejoinWithLessOwned = rejoin1;
        rejoinWithLessOwned.protocols = {{"cooperative-sticky", bytes("owned-less")}};
        auto b2 = f.join("g", rejoinWithLessOwned);
        QVERIFY(b2->empty());
        QCOMPARE(f.heartbeat("g", s.memberIds[0], 2), ErrorCode::RebalanceInProgress);
        QCOMPARE(f.heartbeat("g", cid, 2), ErrorCode::RebalanceInProgress);
        auto a2 = f.join("g", rejoin0);
        newcomer.memberId = cid;
        auto c2 = f.join("g", newcomer);
        QCOMPARE(b2->size(), size_t(1));
        QCOMPARE(a2->front().generationId, 3);
        QCOMPARE(c2->front().generationId, 3);
        QCOMPARE(a2->front().members.size(), size_t(3));
        QVERIFY(a2->front().members[1].metadata == bytes("owned-less"));
        auto sc = f.sync("g", 3, cid);
        auto sb = f.sync("g", 3, s.memberIds[1]);
        f.sync("g",
               3,
               s.memberIds[0],
               {{s.memberIds[0], bytes("p0")}, {s.memberIds[1], bytes("p1-")}, {cid, bytes("p2")}});
        QCOMPARE(sc->front().assignment, bytes("p2"));
        QCOMPARE(sb->front().assignment, bytes("p1-"));
        QCOMPARE(f.state("g"), std::string("Stable"));
        QCOMPARE(f.heartbeat("g", cid, 3), ErrorCode::None);
    }

    void listAndDescribe()
    {
        Fixture f;
        formStableGroup(f, "stable", 1);
        f.commit("offsets-only", -1, "", {{"t", 0, 1}});
        f.join("joining", {});
        auto all = f.gc->listGroups();
        QCOMPARE(all.size(), size_t(3));
        QCOMPARE(all[0].groupId, std::string("joining"));
        QCOMPARE(all[0].state, std::string("PreparingRebalance"));
        QCOMPARE(all[1].protocolType, std::string(""));
        QCOMPARE(all[2].protocolType, std::string("consumer"));
        auto stable = f.gc->listGroups({"stable"}); // case-insensitive, as Kafka
        QCOMPARE(stable.size(), size_t(1));
        QCOMPARE(stable[0].groupId, std::string("stable"));
        QCOMPARE(f.gc->listGroups({"Empty", "Stable"}).size(), size_t(2));
        auto d = f.gc->describeGroup("joining");
        QCOMPARE(d.state, std::string("PreparingRebalance"));
        QCOMPARE(d.protocolName, std::string("")); // only shown when Stable
        QCOMPARE(d.members.size(), size_t(1));
        QVERIFY(d.members[0].metadata.empty());
        QCOMPARE(f.gc->describeGroup("").error, ErrorCode::InvalidGroupId);
    }

    void offsetRetention()
    {
        GroupConfig cfg;
        cfg.offsetsRetentionMs = 60000;
        cfg.offsetsRetentionCheckIntervalMs = 1000;
        Fixture f(cfg);
        f.gc->tick(f.now);
        f.commit("simple", -1, "", {{"t", 0, 1}});
        // A Stable consumer group keeps offsets of subscribed topics however old; offsets
        // of topics nobody subscribes to expire by commit time.
        StableGroup s
            = formStableGroup(f, "live", 1, {.protocols = {{"range", subscription({"t"})}}});
        f.commit("live", 1, s.memberIds[0], {{"t", 0, 5}, {"gone", 0, 6}});
        for (int i = 0; i < 61; ++i) {
            f.advance(1000);
            QCOMPARE(f.heartbeat("live", s.memberIds[0], 1), ErrorCode::None);
        }
        QCOMPARE(f.gc->groupState("simple").has_value(), false);
        QCOMPARE(f.fetchOne("live", "t", 0).offset, int64_t(5));
        QCOMPARE(f.fetchOne("live", "gone", 0).offset, int64_t(-1));
        // Once Empty, the clock starts for the whole group.
        f.gc->leaveGroup("live", {{s.memberIds[0], std::nullopt}}, f.now);
        f.advance(59000);
        QCOMPARE(f.fetchOne("live", "t", 0).offset, int64_t(5));
        f.advance(1000);
        QCOMPARE(f.fetchOne("live", "t", 0).offset, int64_t(-1));
        QCOMPARE(f.gc->groupState("live").has_value(), false);
        QVERIFY(!f.log.back().value); // the group's tombstone
    }

    void removeOffsetsForTopic()
    {
        Fixture f;
        f.commit("a", -1, "", {{"doomed", 0, 1}, {"kept", 0, 2}});
        f.commit("b", -1, "", {{"doomed", 1, 3}});
        f.gc->removeOffsetsForTopic("doomed");
        QCOMPARE(f.fetchOne("a", "doomed", 0).offset, int64_t(-1));
        QCOMPARE(f.fetchOne("a", "kept", 0).offset, int64_t(2));
        QCOMPARE(f.gc->groupState("b").has_value(), false); // nothing left to remember
        int tombstones = 0;
        for (const auto &r : f.log)
            tombstones += r.value ? 0 : 1;
        QCOMPARE(tombstones, 3); // two offsets + group b
    }

    void callbacksMayReenter()
    {
        Fixture f(noDelay());
        std::optional<SyncGroupResult> synced;
        JoinGroupParams p;
        p.groupId = "g";
        p.sessionTimeoutMs = 10000;
        p.protocolType = "consumer";
        p.protocols = {{"range", bytes("x")}};
        p.clientId = "c";
        f.gc->joinGroup(p, f.now, [&](JoinGroupResult r) {
            SyncGroupParams sp;
            sp.groupId = "g";
            sp.generationId = r.generationId;
            sp.memberId = r.memberId;
            sp.assignments = {{r.memberId, bytes("mine")}};
            f.gc->syncGroup(sp, f.now, [&](SyncGroupResult s) { synced = s; });
        });
        QVERIFY(synced.has_value());
        QCOMPARE(synced->error, ErrorCode::None);
        QVERIFY(synced->assignment == bytes("mine"));
    }

    void nextDeadlineTracksTimers()
    {
        GroupConfig cfg;
        cfg.offsetsRetentionCheckIntervalMs = 600000;
        Fixture f(cfg);
        QCOMPARE(f.gc->nextDeadline().has_value(), false);
        const TimestampMs t0 = f.now;
        f.join("g", {.session = 10000, .rebalance = 30000});
        QCOMPARE(f.gc->nextDeadline(), std::optional<TimestampMs>(t0 + 3000)); // initial delay
        f.advance(3000);
        // Now Completing: the member's session and the sync timeout are armed.
        QCOMPARE(f.state("g"), std::string("CompletingRebalance"));
        QCOMPARE(f.gc->nextDeadline(), std::optional<TimestampMs>(f.now + 10000));
    }
};

QTEST_GUILESS_MAIN(TestGroupCoordinator)
#include "test_group_coordinator.moc"
