#include "engine/group/group_coordinator.h"

#include "engine/common/log.h"
#include "engine/group/group_records.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

namespace runnel::group {

namespace {

constexpr std::string_view kLog = "group";
constexpr std::string_view kConsumerProtocolType = "consumer";

// Kafka maps append failures of group metadata to errors clients know how to handle.
ErrorCode mapGroupStoreError(ErrorCode e)
{
    switch (e) {
    case ErrorCode::UnknownTopicOrPartition:
    case ErrorCode::NotEnoughReplicas:
    case ErrorCode::NotEnoughReplicasAfterAppend:
    case ErrorCode::RequestTimedOut:
        return ErrorCode::CoordinatorNotAvailable;
    case ErrorCode::NotLeaderOrFollower:
    case ErrorCode::KafkaStorageError:
        return ErrorCode::NotCoordinator;
    case ErrorCode::MessageTooLarge:
    case ErrorCode::RecordListTooLarge:
    case ErrorCode::InvalidFetchSize:
        return ErrorCode::UnknownServerError;
    default:
        return e;
    }
}

ErrorCode mapOffsetStoreError(ErrorCode e)
{
    switch (e) {
    case ErrorCode::UnknownTopicOrPartition:
    case ErrorCode::NotEnoughReplicas:
    case ErrorCode::NotEnoughReplicasAfterAppend:
        return ErrorCode::CoordinatorNotAvailable;
    case ErrorCode::NotLeaderOrFollower:
    case ErrorCode::KafkaStorageError:
        return ErrorCode::NotCoordinator;
    case ErrorCode::MessageTooLarge:
    case ErrorCode::RecordListTooLarge:
    case ErrorCode::InvalidFetchSize:
        return ErrorCode::InvalidCommitOffsetSize;
    default:
        return e;
    }
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x))
                      == std::tolower(static_cast<unsigned char>(y));
           });
}

// Topics of a ConsumerProtocolSubscription (int16 version, then []string topics; later
// fields do not matter here). nullopt if the bytes are not one.
std::optional<std::set<std::string>> parseSubscribedTopics(const Bytes &metadata)
{
    ByteReader r(metadata);
    int16_t version = r.readI16();
    int32_t n = r.readI32();
    if (!r.ok() || version < 0 || n < 0 || static_cast<size_t>(n) > r.remaining())
        return std::nullopt;
    std::set<std::string> topics;
    for (int32_t i = 0; i < n; ++i) {
        int16_t len = r.readI16();
        if (len < 0)
            return std::nullopt;
        auto s = r.take(static_cast<size_t>(len));
        topics.emplace(s.begin(), s.end());
    }
    if (!r.ok())
        return std::nullopt;
    return topics;
}

} // namespace

std::string_view groupStateName(GroupState state)
{
    switch (state) {
    case GroupState::Empty:
        return "Empty";
    case GroupState::PreparingRebalance:
        return "PreparingRebalance";
    case GroupState::CompletingRebalance:
        return "CompletingRebalance";
    case GroupState::Stable:
        return "Stable";
    case GroupState::Dead:
        return "Dead";
    }
    return "Dead";
}

struct GroupCoordinator::Member
{
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    std::string clientId;
    std::string clientHost;
    int32_t sessionTimeoutMs = 0;
    int32_t rebalanceTimeoutMs = 0;
    std::string protocolType;
    std::vector<std::pair<std::string, Bytes>> protocols;
    Bytes assignment;
    std::function<void(JoinGroupResult)> awaitingJoin;
    std::function<void(SyncGroupResult)> awaitingSync;
    // A member that has not yet received its first JoinGroup response. It is exempt from
    // session expiry only for newMemberJoinTimeoutMs, so a client that vanished mid-join
    // does not hold the rebalance for a whole rebalance timeout next time.
    bool isNew = false;
    TimestampMs heartbeatDeadline = 0;

    const Bytes *metadataFor(const std::string &protocol) const
    {
        for (const auto &[name, metadata] : protocols)
            if (name == protocol)
                return &metadata;
        return nullptr;
    }
    bool supports(const std::string &protocol) const { return metadataFor(protocol) != nullptr; }
    bool isStatic() const { return groupInstanceId.has_value(); }
    // Members waiting in JoinGroup or SyncGroup cannot heartbeat (the Java client does not
    // while a request is outstanding), so they are not expired; the rebalance and sync
    // timeouts bound those waits instead.
    std::optional<TimestampMs> sessionDeadline() const
    {
        if (isNew || (!awaitingJoin && !awaitingSync))
            return heartbeatDeadline;
        return std::nullopt;
    }
};

struct GroupCoordinator::Group
{
    std::string groupId;
    uint64_t incarnation = 0; // distinguishes a re-created group from a deleted one
    GroupState state = GroupState::Empty;
    // When the group entered its current state; nullopt if unknown (old records).
    std::optional<TimestampMs> stateSince;
    // Loaded from the log with members that will have to rejoin: Empty since the load.
    bool emptySinceLoad = false;
    int32_t generationId = 0;
    std::string protocolType; // "" = none (a group used only to store offsets)
    std::optional<std::string> protocolName;
    std::optional<std::string> leaderId;
    std::vector<std::unique_ptr<Member>> members;      // in join order
    std::map<std::string, std::string> staticMembers;  // instance id -> member id
    std::map<std::string, TimestampMs> pendingMembers; // MEMBER_ID_REQUIRED ids -> expiry
    std::set<std::string> pendingSyncMembers;
    std::optional<std::set<std::string>> subscribedTopics; // consumer groups only
    // The initial rebalance delay of a new group is extended while members keep arriving.
    bool newMemberAdded = false;
    bool initialDelay = false;
    int64_t initialDelayRemainingMs = 0;
    std::optional<TimestampMs> joinDeadline;
    std::optional<TimestampMs> syncDeadline;
    std::map<TopicPartitionKey, CommittedOffset> offsets;
    std::map<TopicPartitionKey, int> pendingOffsetCommits;

    Member *find(const std::string &memberId) const
    {
        for (const auto &m : members)
            if (m->memberId == memberId)
                return m.get();
        return nullptr;
    }
    bool has(const std::string &memberId) const { return find(memberId) != nullptr; }
    bool isLeader(const std::string &memberId) const { return leaderId == memberId; }
    // A request naming a static instance whose current member id is another one comes
    // from a fenced (replaced) instance.
    bool isStaticMemberFenced(const std::optional<std::string> &instanceId,
                              const std::string &memberId) const
    {
        if (!instanceId)
            return false;
        auto it = staticMembers.find(*instanceId);
        return it != staticMembers.end() && it->second != memberId;
    }
    std::optional<std::string> staticMemberId(const std::string &instanceId) const
    {
        auto it = staticMembers.find(instanceId);
        if (it == staticMembers.end())
            return std::nullopt;
        return it->second;
    }
    bool allMembersJoined() const
    {
        return pendingMembers.empty()
               && std::all_of(members.begin(), members.end(), [](const auto &m) {
                      return static_cast<bool>(m->awaitingJoin);
                  });
    }
    int32_t rebalanceTimeoutMs() const
    {
        int32_t t = 0;
        for (const auto &m : members)
            t = std::max(t, m->rebalanceTimeoutMs);
        return t;
    }
    // Kafka's rule: a joining member is compatible if one of its protocols is supported by
    // every current member (a rejoining member counts with the protocols it had), so the
    // group always shares at least one protocol.
    bool supportsProtocols(const std::string &type,
                           const std::vector<std::pair<std::string, Bytes>> &protocols) const
    {
        if (type.empty() || protocols.empty())
            return false;
        if (members.empty())
            return true;
        if (type != protocolType)
            return false;
        return std::any_of(protocols.begin(), protocols.end(), [&](const auto &p) {
            return std::all_of(members.begin(), members.end(), [&](const auto &m) {
                return m->supports(p.first);
            });
        });
    }
    // Kafka's vote: candidates are the protocols every member supports; each member votes
    // for its most preferred candidate; most votes wins. Ties go to the candidate the
    // first member prefers, so the choice is deterministic.
    std::string selectProtocol() const
    {
        std::vector<std::string> candidates;
        for (const auto &[name, _] : members.front()->protocols) {
            bool all = std::all_of(
                members.begin(), members.end(), [&](const auto &m) { return m->supports(name); });
            if (all)
                candidates.push_back(name);
        }
        if (candidates.empty()) // cannot happen (see supportsProtocols); stay defined
            return members.front()->protocols.front().first;
        std::map<std::string, int> votes;
        for (const auto &m : members) {
            for (const auto &[name, _] : m->protocols) {
                if (std::find(candidates.begin(), candidates.end(), name) != candidates.end()) {
                    ++votes[name];
                    break;
                }
            }
        }
        std::string best = candidates.front();
        for (const auto &c : candidates)
            if (votes[c] > votes[best])
                best = c;
        return best;
    }
    std::vector<JoinGroupMember> memberList() const
    {
        std::vector<JoinGroupMember> out;
        for (const auto &m : members) {
            const Bytes *md = protocolName ? m->metadataFor(*protocolName) : nullptr;
            out.push_back({m->memberId, m->groupInstanceId, md ? *md : Bytes{}});
        }
        return out;
    }
    std::optional<std::set<std::string>> computeSubscribedTopics() const
    {
        if (protocolType != kConsumerProtocolType || !protocolName)
            return std::nullopt;
        std::set<std::string> all;
        for (const auto &m : members) {
            const Bytes *md = m->metadataFor(*protocolName);
            if (!md)
                return std::nullopt;
            auto topics = parseSubscribedTopics(*md);
            if (!topics)
                return std::nullopt;
            all.insert(topics->begin(), topics->end());
        }
        return all;
    }
};

// ---------------------------------------------------------------------------------------
// Construction, queueing, persistence

GroupCoordinator::GroupCoordinator(GroupConfig cfg, PersistFn persist)
    : m_cfg(cfg)
    , m_persist(std::move(persist))
    , m_rng(std::random_device{}())
{}

GroupCoordinator::~GroupCoordinator() = default;

void GroupCoordinator::setRandomSeed(uint64_t seed)
{
    m_rng.seed(seed);
}

void GroupCoordinator::post(std::function<void()> fn)
{
    m_queue.push_back(std::move(fn));
}

void GroupCoordinator::flush()
{
    if (m_flushing)
        return;
    m_flushing = true;
    // Index loop: callbacks may queue more work (re-entrant calls) while we run.
    for (size_t i = 0; i < m_queue.size(); ++i) {
        auto fn = std::move(m_queue[i]);
        fn();
    }
    m_queue.clear();
    m_flushing = false;
}

void GroupCoordinator::persist(std::vector<StoredRecord> records,
                               std::function<void(ErrorCode)> done)
{
    std::weak_ptr<int> alive = m_alive;
    auto guarded = [this, alive, done = std::move(done)](ErrorCode e) {
        if (alive.expired())
            return;
        done(e);
        flush();
    };
    post([this, records = std::move(records), guarded = std::move(guarded)]() mutable {
        m_persist(std::move(records), std::move(guarded));
    });
}

std::string GroupCoordinator::newMemberId(const std::string &clientId)
{
    // A version-4 UUID in its canonical text form, as Kafka's UUID.randomUUID() gives.
    uint64_t hi = m_rng();
    uint64_t lo = m_rng();
    hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
    lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    char buf[40];
    std::snprintf(buf,
                  sizeof buf,
                  "%08x-%04x-%04x-%04x-%012llx",
                  static_cast<unsigned>(hi >> 32),
                  static_cast<unsigned>((hi >> 16) & 0xffff),
                  static_cast<unsigned>(hi & 0xffff),
                  static_cast<unsigned>(lo >> 48),
                  static_cast<unsigned long long>(lo & 0xffffffffffffULL));
    return clientId + "-" + buf;
}

void GroupCoordinator::touch(TimestampMs now)
{
    if (!m_startTime) {
        m_startTime = now;
        m_nextRetentionCheck = now + m_cfg.offsetsRetentionCheckIntervalMs;
    }
}

GroupCoordinator::Group *GroupCoordinator::findGroup(const std::string &groupId) const
{
    auto it = m_groups.find(groupId);
    return it == m_groups.end() ? nullptr : it->second.get();
}

GroupCoordinator::Group &GroupCoordinator::createGroup(const std::string &groupId, TimestampMs now)
{
    auto g = std::make_unique<Group>();
    g->groupId = groupId;
    g->incarnation = m_nextIncarnation++;
    g->stateSince = now;
    Group &ref = *g;
    m_groups[groupId] = std::move(g);
    return ref;
}

void GroupCoordinator::eraseGroup(const std::string &groupId)
{
    m_groups.erase(groupId);
}

std::optional<GroupState> GroupCoordinator::groupState(const std::string &groupId) const
{
    if (Group *g = findGroup(groupId))
        return g->state;
    return std::nullopt;
}

int32_t GroupCoordinator::generationId(const std::string &groupId) const
{
    if (Group *g = findGroup(groupId))
        return g->generationId;
    return -1;
}

void GroupCoordinator::transitionTo(Group &g, GroupState state, TimestampMs now)
{
    g.state = state;
    g.stateSince = now;
    g.emptySinceLoad = false;
}

void GroupCoordinator::storeGroup(Group &g,
                                  TimestampMs now,
                                  const std::map<std::string, Bytes> *assignments,
                                  std::function<void(ErrorCode)> done)
{
    GroupMetadataValue v;
    v.protocolType = g.protocolType;
    v.generationId = g.generationId;
    v.protocol = g.protocolName;
    v.leader = g.leaderId;
    v.currentStateTimestamp = now;
    for (const auto &m : g.members) {
        GroupMemberValue mv;
        mv.memberId = m->memberId;
        mv.groupInstanceId = m->groupInstanceId;
        mv.clientId = m->clientId;
        mv.clientHost = m->clientHost;
        mv.rebalanceTimeoutMs = m->rebalanceTimeoutMs;
        mv.sessionTimeoutMs = m->sessionTimeoutMs;
        if (const Bytes *md = g.protocolName ? m->metadataFor(*g.protocolName) : nullptr)
            mv.subscription = *md;
        if (assignments) {
            auto it = assignments->find(m->memberId);
            if (it != assignments->end())
                mv.assignment = it->second;
        } else {
            mv.assignment = m->assignment;
        }
        v.members.push_back(std::move(mv));
    }
    std::vector<StoredRecord> records;
    records.push_back({encodeGroupMetadataKey({g.groupId}), encodeGroupMetadataValue(v)});
    persist(std::move(records), std::move(done));
}

// ---------------------------------------------------------------------------------------
// Loading

void GroupCoordinator::load(const StoredRecord &record, TimestampMs now)
{
    auto key = decodeRecordKey(record.key);
    if (!key) {
        RLOG_WARN(kLog) << "skipping undecodable __consumer_offsets key: " << key.error().message;
        return;
    }
    if (auto *ok = std::get_if<OffsetCommitKey>(&*key)) {
        Group *g = findGroup(ok->group);
        TopicPartitionKey tp{ok->topic, ok->partition};
        if (!record.value) {
            if (g) {
                g->offsets.erase(tp);
                if (g->offsets.empty() && g->generationId == 0 && g->protocolType.empty())
                    eraseGroup(ok->group);
            }
            return;
        }
        auto v = decodeOffsetCommitValue(*record.value);
        if (!v) {
            RLOG_WARN(kLog) << "skipping undecodable offset commit of group " << ok->group << ": "
                            << v.error().message;
            return;
        }
        if (!g) {
            g = &createGroup(ok->group, 0);
            g->stateSince.reset();
        }
        g->offsets[tp] = CommittedOffset{
            v->offset, v->leaderEpoch, v->metadata, v->commitTimestamp, ErrorCode::None};
        return;
    }
    const auto &gk = std::get<GroupMetadataKey>(*key);
    Group *g = findGroup(gk.group);
    if (!record.value) {
        // The group was deleted or expired; offsets written after that (if any) survive
        // as a plain offsets-only group.
        if (g) {
            if (g->offsets.empty()) {
                eraseGroup(gk.group);
            } else {
                g->members.clear();
                g->staticMembers.clear();
                g->subscribedTopics.reset();
                g->state = GroupState::Empty;
                g->generationId = 0;
                g->protocolType.clear();
                g->protocolName.reset();
                g->leaderId.reset();
                g->emptySinceLoad = false;
                g->stateSince.reset();
            }
        }
        return;
    }
    auto v = decodeGroupMetadataValue(*record.value);
    if (!v) {
        RLOG_WARN(kLog) << "skipping undecodable metadata of group " << gk.group << ": "
                        << v.error().message;
        return;
    }
    if (!g)
        g = &createGroup(gk.group, 0);
    // Each metadata record replaces the group's membership as a whole.
    g->members.clear();
    g->staticMembers.clear();
    g->pendingMembers.clear();
    g->pendingSyncMembers.clear();
    g->generationId = v->generationId;
    g->protocolType = v->protocolType;
    g->protocolName = v->protocol;
    g->leaderId = v->leader;
    g->emptySinceLoad = false;
    if (!v->members.empty() && v->protocol) {
        // The members of the last stable generation come back with their assignments, as
        // in Kafka: each gets a fresh session from now, so a client that still runs keeps
        // its partitions by heartbeating, and one that is gone expires and triggers the
        // rebalance it would have anyway.
        for (const auto &mv : v->members) {
            auto m = std::make_unique<Member>();
            m->memberId = mv.memberId;
            m->groupInstanceId = mv.groupInstanceId;
            m->clientId = mv.clientId;
            m->clientHost = mv.clientHost;
            m->sessionTimeoutMs
                = mv.sessionTimeoutMs > 0 ? mv.sessionTimeoutMs : m_cfg.maxSessionTimeoutMs;
            m->rebalanceTimeoutMs
                = mv.rebalanceTimeoutMs > 0 ? mv.rebalanceTimeoutMs : m->sessionTimeoutMs;
            m->protocolType = v->protocolType;
            m->protocols = {{*v->protocol, mv.subscription}};
            m->assignment = mv.assignment;
            m->heartbeatDeadline = now + m->sessionTimeoutMs;
            if (m->groupInstanceId)
                g->staticMembers[*m->groupInstanceId] = m->memberId;
            g->members.push_back(std::move(m));
        }
        g->subscribedTopics = g->computeSubscribedTopics();
        g->state = GroupState::Stable;
        g->stateSince = v->currentStateTimestamp >= 0 ? v->currentStateTimestamp : now;
        return;
    }
    // No stable membership to restore (or a record without its protocol): Empty. A group
    // that had members has been Empty only since this load, which must not count towards
    // offset retention.
    g->protocolName.reset();
    g->leaderId.reset();
    g->subscribedTopics.reset();
    g->state = GroupState::Empty;
    g->emptySinceLoad = !v->members.empty();
    if (v->members.empty() && v->currentStateTimestamp >= 0)
        g->stateSince = v->currentStateTimestamp;
    else
        g->stateSince.reset();
}

// ---------------------------------------------------------------------------------------
// JoinGroup

void GroupCoordinator::joinGroup(JoinGroupParams p,
                                 TimestampMs now,
                                 std::function<void(JoinGroupResult)> done)
{
    touch(now);
    auto fail = [&](ErrorCode e) {
        JoinGroupResult r;
        r.error = e;
        r.memberId = p.memberId;
        post([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
    };
    if (p.rebalanceTimeoutMs <= 0)
        p.rebalanceTimeoutMs = p.sessionTimeoutMs;
    Group *g = findGroup(p.groupId);
    if (p.groupId.empty())
        fail(ErrorCode::InvalidGroupId);
    else if (p.sessionTimeoutMs < m_cfg.minSessionTimeoutMs
             || p.sessionTimeoutMs > m_cfg.maxSessionTimeoutMs)
        fail(ErrorCode::InvalidSessionTimeout);
    else if (p.protocolType.empty() || p.protocols.empty())
        fail(ErrorCode::InconsistentGroupProtocol);
    else if (!g && !p.memberId.empty())
        fail(ErrorCode::UnknownMemberId);
    else {
        if (!g)
            g = &createGroup(p.groupId, now);
        if (p.memberId.empty())
            doNewMemberJoin(*g, p, now, done);
        else
            doCurrentMemberJoin(*g, p, now, done);
    }
    flush();
}

JoinGroupResult GroupCoordinator::currentGenerationResult(const Group &g, const Member &m) const
{
    JoinGroupResult r;
    r.generationId = g.generationId;
    r.protocolType = g.protocolType;
    r.protocolName = g.protocolName.value_or("");
    r.leader = g.leaderId.value_or("");
    r.memberId = m.memberId;
    if (g.isLeader(m.memberId))
        r.members = g.memberList();
    return r;
}

void GroupCoordinator::doNewMemberJoin(Group &g,
                                       JoinGroupParams &p,
                                       TimestampMs now,
                                       std::function<void(JoinGroupResult)> &done)
{
    auto reply = [&](ErrorCode e, std::string memberId) {
        JoinGroupResult r;
        r.error = e;
        r.memberId = std::move(memberId);
        post([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
    };
    if (!g.supportsProtocols(p.protocolType, p.protocols)) {
        reply(ErrorCode::InconsistentGroupProtocol, {});
        return;
    }
    std::optional<std::string> existingStatic;
    if (p.groupInstanceId)
        existingStatic = g.staticMemberId(*p.groupInstanceId);
    if (!existingStatic
        && g.members.size() + g.pendingMembers.size()
               >= static_cast<size_t>(std::max(m_cfg.maxGroupSize, 0))) {
        reply(ErrorCode::GroupMaxSizeReached, {});
        return;
    }
    std::string memberId = newMemberId(p.clientId);
    if (existingStatic) {
        replaceStaticMember(g, *existingStatic, memberId, p, now, std::move(done));
    } else if (!p.groupInstanceId && p.requireKnownMemberId) {
        // KIP-394: hand out the id first, so that a client whose JoinGroup times out
        // retries with it instead of leaving an orphan member behind.
        g.pendingMembers[memberId] = now + p.sessionTimeoutMs;
        reply(ErrorCode::MemberIdRequired, memberId);
    } else {
        addMemberAndRebalance(g, memberId, p, now, std::move(done));
    }
}

void GroupCoordinator::doCurrentMemberJoin(Group &g,
                                           JoinGroupParams &p,
                                           TimestampMs now,
                                           std::function<void(JoinGroupResult)> &done)
{
    auto reply = [&](ErrorCode e) {
        JoinGroupResult r;
        r.error = e;
        r.memberId = p.memberId;
        post([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
    };
    if (g.pendingMembers.count(p.memberId)) {
        if (!g.supportsProtocols(p.protocolType, p.protocols)) {
            reply(ErrorCode::InconsistentGroupProtocol);
            return;
        }
        if (g.isStaticMemberFenced(p.groupInstanceId, p.memberId)) {
            reply(ErrorCode::FencedInstanceId);
            return;
        }
        g.pendingMembers.erase(p.memberId);
        if (g.members.size() >= static_cast<size_t>(std::max(m_cfg.maxGroupSize, 0))) {
            reply(ErrorCode::GroupMaxSizeReached);
            maybeCompleteJoin(g, now);
            return;
        }
        addMemberAndRebalance(g, p.memberId, p, now, std::move(done));
        return;
    }
    if (g.isStaticMemberFenced(p.groupInstanceId, p.memberId)) {
        reply(ErrorCode::FencedInstanceId);
        return;
    }
    Member *m = g.find(p.memberId);
    if (!m) {
        reply(ErrorCode::UnknownMemberId);
        return;
    }
    if (!g.supportsProtocols(p.protocolType, p.protocols)) {
        reply(ErrorCode::InconsistentGroupProtocol);
        return;
    }
    bool sameProtocols = m->protocols == p.protocols;
    switch (g.state) {
    case GroupState::PreparingRebalance:
        updateMemberAndRebalance(g, *m, p, now, std::move(done));
        break;
    case GroupState::CompletingRebalance:
        // The member lost the JoinGroup response: give it the current generation again.
        if (sameProtocols) {
            post([done = std::move(done), r = currentGenerationResult(g, *m)]() mutable {
                done(std::move(r));
            });
        } else {
            updateMemberAndRebalance(g, *m, p, now, std::move(done));
        }
        break;
    case GroupState::Stable:
        // A follower with unchanged metadata gets the current generation; the leader
        // rejoining is how a client asks for a rebalance (e.g. partitions were added).
        if (g.isLeader(m->memberId) || !sameProtocols) {
            updateMemberAndRebalance(g, *m, p, now, std::move(done));
        } else {
            post([done = std::move(done), r = currentGenerationResult(g, *m)]() mutable {
                done(std::move(r));
            });
        }
        break;
    case GroupState::Empty:
    case GroupState::Dead:
        reply(ErrorCode::UnknownMemberId);
        break;
    }
}

void GroupCoordinator::addMemberAndRebalance(Group &g,
                                             const std::string &memberId,
                                             JoinGroupParams &p,
                                             TimestampMs now,
                                             std::function<void(JoinGroupResult)> done)
{
    // Kafka extends the initial delay only for a brand-new group (generation 0).
    if (g.state == GroupState::PreparingRebalance && g.generationId == 0)
        g.newMemberAdded = true;
    auto m = std::make_unique<Member>();
    m->memberId = memberId;
    m->groupInstanceId = p.groupInstanceId;
    m->clientId = p.clientId;
    m->clientHost = p.clientHost;
    m->sessionTimeoutMs = p.sessionTimeoutMs;
    m->rebalanceTimeoutMs = p.rebalanceTimeoutMs;
    m->protocolType = p.protocolType;
    m->protocols = std::move(p.protocols);
    m->awaitingJoin = std::move(done);
    m->isNew = true;
    m->heartbeatDeadline = now + m_cfg.newMemberJoinTimeoutMs;
    if (g.members.empty())
        g.protocolType = p.protocolType;
    if (!g.leaderId)
        g.leaderId = memberId;
    if (p.groupInstanceId)
        g.staticMembers[*p.groupInstanceId] = memberId;
    g.members.push_back(std::move(m));
    maybePrepareRebalance(g, now, "new member joined");
}

void GroupCoordinator::updateMemberAndRebalance(Group &g,
                                                Member &m,
                                                JoinGroupParams &p,
                                                TimestampMs now,
                                                std::function<void(JoinGroupResult)> done)
{
    m.protocols = std::move(p.protocols);
    m.sessionTimeoutMs = p.sessionTimeoutMs;
    m.rebalanceTimeoutMs = p.rebalanceTimeoutMs;
    if (m.awaitingJoin) {
        // A duplicate JoinGroup (the client gave up on the first one): answer the old one
        // with an error that makes a still-listening client simply rejoin.
        JoinGroupResult r;
        r.error = ErrorCode::RebalanceInProgress;
        r.memberId = m.memberId;
        post([old = std::move(m.awaitingJoin), r = std::move(r)]() mutable { old(std::move(r)); });
    }
    m.awaitingJoin = std::move(done);
    maybePrepareRebalance(g, now, "member rejoined");
}

void GroupCoordinator::replaceStaticMember(Group &g,
                                           const std::string &oldMemberId,
                                           const std::string &newMemberId,
                                           JoinGroupParams &p,
                                           TimestampMs now,
                                           std::function<void(JoinGroupResult)> done)
{
    Member *m = g.find(oldMemberId);
    if (!m) { // the mapping always points at a member; keep going safely if not
        g.staticMembers.erase(*p.groupInstanceId);
        addMemberAndRebalance(g, newMemberId, p, now, std::move(done));
        return;
    }
    // The old instance is fenced: its outstanding requests learn it now.
    if (m->awaitingJoin) {
        JoinGroupResult r;
        r.error = ErrorCode::FencedInstanceId;
        r.memberId = oldMemberId;
        post([old = std::move(m->awaitingJoin), r = std::move(r)]() mutable { old(std::move(r)); });
        m->awaitingJoin = nullptr;
    }
    if (m->awaitingSync) {
        SyncGroupResult r;
        r.error = ErrorCode::FencedInstanceId;
        post([old = std::move(m->awaitingSync), r = std::move(r)]() mutable { old(std::move(r)); });
        m->awaitingSync = nullptr;
    }
    auto oldProtocols = m->protocols;
    int32_t oldSession = m->sessionTimeoutMs;
    int32_t oldRebalance = m->rebalanceTimeoutMs;
    m->memberId = newMemberId;
    g.staticMembers[*p.groupInstanceId] = newMemberId;
    if (g.isLeader(oldMemberId))
        g.leaderId = newMemberId;
    if (g.pendingSyncMembers.erase(oldMemberId))
        g.pendingSyncMembers.insert(newMemberId);
    m->protocols = std::move(p.protocols);
    m->sessionTimeoutMs = p.sessionTimeoutMs;
    m->rebalanceTimeoutMs = p.rebalanceTimeoutMs;

    switch (g.state) {
    case GroupState::Stable:
        if (g.protocolName && g.selectProtocol() == *g.protocolName) {
            // Static membership's point (KIP-345): a restarted instance takes its old
            // place and assignment without a rebalance. Persist the new member id first,
            // so that a coordinator restart still knows which id is current.
            m->heartbeatDeadline = now + m->sessionTimeoutMs;
            std::string instanceId = *p.groupInstanceId;
            uint64_t incarnation = g.incarnation;
            std::weak_ptr<int> alive = m_alive;
            storeGroup(g,
                       now,
                       nullptr,
                       [this,
                        groupId = g.groupId,
                        incarnation,
                        instanceId,
                        oldMemberId,
                        newMemberId,
                        oldProtocols,
                        oldSession,
                        oldRebalance,
                        done = std::move(done)](ErrorCode e) mutable {
                           Group *grp = findGroup(groupId);
                           Member *mem = grp && grp->incarnation == incarnation
                                             ? grp->find(newMemberId)
                                             : nullptr;
                           JoinGroupResult r;
                           if (!mem) {
                               r.error = ErrorCode::UnknownMemberId;
                               r.memberId = newMemberId;
                           } else if (e != ErrorCode::None) {
                               // Not durable: put the old instance back, as Kafka does.
                               mem->memberId = oldMemberId;
                               mem->protocols = std::move(oldProtocols);
                               mem->sessionTimeoutMs = oldSession;
                               mem->rebalanceTimeoutMs = oldRebalance;
                               grp->staticMembers[instanceId] = oldMemberId;
                               if (grp->isLeader(newMemberId))
                                   grp->leaderId = oldMemberId;
                               r.error = mapGroupStoreError(e);
                           } else {
                               r = currentGenerationResult(*grp, *mem);
                               r.skipAssignment = grp->isLeader(newMemberId);
                           }
                           done(std::move(r));
                       });
            return;
        }
        m->awaitingJoin = std::move(done);
        prepareRebalance(g, now, "static member rejoined with a protocol change");
        return;
    case GroupState::CompletingRebalance:
        // Its old incarnation may have missed the assignment: rebalance again.
        m->awaitingJoin = std::move(done);
        prepareRebalance(g, now, "static member rejoined during CompletingRebalance");
        return;
    case GroupState::PreparingRebalance:
        m->awaitingJoin = std::move(done);
        maybeCompleteJoin(g, now);
        return;
    case GroupState::Empty:
    case GroupState::Dead:
        break;
    }
    // A group with a static member is never Empty; answer rather than lose the callback.
    JoinGroupResult r;
    r.error = ErrorCode::UnknownMemberId;
    post([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
}

// ---------------------------------------------------------------------------------------
// Rebalance machinery

void GroupCoordinator::maybePrepareRebalance(Group &g, TimestampMs now, std::string_view reason)
{
    switch (g.state) {
    case GroupState::Stable:
    case GroupState::CompletingRebalance:
    case GroupState::Empty:
        prepareRebalance(g, now, reason);
        break;
    case GroupState::PreparingRebalance:
        maybeCompleteJoin(g, now);
        break;
    case GroupState::Dead:
        break;
    }
}

void GroupCoordinator::prepareRebalance(Group &g, TimestampMs now, std::string_view reason)
{
    if (g.state == GroupState::CompletingRebalance)
        resetAndPropagateAssignmentError(g, ErrorCode::RebalanceInProgress, now);
    g.syncDeadline.reset();
    g.pendingSyncMembers.clear();
    RLOG_INFO(kLog) << "preparing to rebalance group " << g.groupId << " in state "
                    << groupStateName(g.state) << " with old generation " << g.generationId << " ("
                    << reason << ")";
    if (g.state == GroupState::Empty && m_cfg.initialRebalanceDelayMs > 0) {
        // The first members of a group arrive one after another: waiting a little lets
        // them share one rebalance instead of one each.
        g.initialDelay = true;
        g.newMemberAdded = false;
        g.joinDeadline = now + m_cfg.initialRebalanceDelayMs;
        g.initialDelayRemainingMs
            = std::max<int64_t>(int64_t(g.rebalanceTimeoutMs()) - m_cfg.initialRebalanceDelayMs, 0);
        transitionTo(g, GroupState::PreparingRebalance, now);
        return;
    }
    g.initialDelay = false;
    g.joinDeadline = now + g.rebalanceTimeoutMs();
    transitionTo(g, GroupState::PreparingRebalance, now);
    maybeCompleteJoin(g, now);
}

void GroupCoordinator::maybeCompleteJoin(Group &g, TimestampMs now)
{
    if (g.state == GroupState::PreparingRebalance && !g.initialDelay && g.allMembersJoined())
        completeJoin(g, now);
}

void GroupCoordinator::onJoinDeadline(Group &g, TimestampMs now)
{
    TimestampMs deadline = *g.joinDeadline;
    if (g.initialDelay) {
        if (g.newMemberAdded && g.initialDelayRemainingMs > 0) {
            g.newMemberAdded = false;
            int64_t delay
                = std::min<int64_t>(m_cfg.initialRebalanceDelayMs, g.initialDelayRemainingMs);
            g.initialDelayRemainingMs -= delay;
            g.joinDeadline = deadline + delay;
            return;
        }
        g.initialDelay = false;
    }
    completeJoin(g, now);
}

void GroupCoordinator::completeJoin(Group &g, TimestampMs now)
{
    g.joinDeadline.reset();
    g.initialDelay = false;
    // Dynamic members that did not rejoin in time are gone. Static members stay: their
    // instance may be restarting and takes its place back when it returns.
    std::vector<std::string> gone;
    for (const auto &m : g.members)
        if (!m->awaitingJoin && !m->isStatic())
            gone.push_back(m->memberId);
    for (const auto &id : gone)
        removeMember(g, id);

    // The leader must be a member that is waiting for this generation's response.
    Member *leader = g.leaderId ? g.find(*g.leaderId) : nullptr;
    if (!leader || !leader->awaitingJoin) {
        auto it = std::find_if(g.members.begin(), g.members.end(), [](const auto &m) {
            return static_cast<bool>(m->awaitingJoin);
        });
        if (it != g.members.end()) {
            g.leaderId = (*it)->memberId;
        } else if (!g.members.empty()) {
            // Only absent static members remain: wait for them (or their session expiry).
            g.joinDeadline = now + g.rebalanceTimeoutMs();
            return;
        }
    }

    ++g.generationId;
    if (g.members.empty()) {
        g.protocolName.reset();
        g.leaderId.reset();
        g.subscribedTopics.reset();
        transitionTo(g, GroupState::Empty, now);
        RLOG_INFO(kLog) << "group " << g.groupId << " with generation " << g.generationId
                        << " is now empty";
        storeGroup(g, now, nullptr, [groupId = g.groupId](ErrorCode e) {
            if (e != ErrorCode::None)
                RLOG_WARN(kLog) << "failed to persist empty group " << groupId << ": "
                                << errorName(e);
        });
        return;
    }
    g.protocolName = g.selectProtocol();
    g.subscribedTopics = g.computeSubscribedTopics();
    transitionTo(g, GroupState::CompletingRebalance, now);
    RLOG_INFO(kLog) << "group " << g.groupId << " generation " << g.generationId << " ("
                    << *g.protocolName << ") with " << g.members.size() << " members";
    for (const auto &m : g.members) {
        if (m->awaitingJoin) {
            JoinGroupResult r = currentGenerationResult(g, *m);
            post([cb = std::move(m->awaitingJoin), r = std::move(r)]() mutable {
                cb(std::move(r));
            });
            m->awaitingJoin = nullptr;
        }
        m->isNew = false;
        m->heartbeatDeadline = now + m->sessionTimeoutMs;
        g.pendingSyncMembers.insert(m->memberId);
    }
    // Members that never send SyncGroup would hold the group in CompletingRebalance.
    g.syncDeadline = now + g.rebalanceTimeoutMs();
}

void GroupCoordinator::onSyncDeadline(Group &g, TimestampMs now)
{
    g.syncDeadline.reset();
    if (g.pendingSyncMembers.empty())
        return;
    std::vector<std::string> ids(g.pendingSyncMembers.begin(), g.pendingSyncMembers.end());
    g.pendingSyncMembers.clear();
    for (const auto &id : ids)
        removeMember(g, id);
    prepareRebalance(g, now, "members did not send SyncGroup in time");
}

void GroupCoordinator::removeMember(Group &g, const std::string &memberId)
{
    auto it = std::find_if(
        g.members.begin(), g.members.end(), [&](const auto &m) { return m->memberId == memberId; });
    if (it == g.members.end())
        return;
    Member &m = **it;
    // Answer its outstanding requests: a client still listening then rejoins.
    if (m.awaitingJoin) {
        JoinGroupResult r;
        r.error = ErrorCode::UnknownMemberId;
        r.memberId = memberId;
        post([cb = std::move(m.awaitingJoin), r = std::move(r)]() mutable { cb(std::move(r)); });
    }
    if (m.awaitingSync) {
        SyncGroupResult r;
        r.error = ErrorCode::UnknownMemberId;
        post([cb = std::move(m.awaitingSync), r = std::move(r)]() mutable { cb(std::move(r)); });
    }
    if (m.groupInstanceId) {
        auto s = g.staticMembers.find(*m.groupInstanceId);
        if (s != g.staticMembers.end() && s->second == memberId)
            g.staticMembers.erase(s);
    }
    g.pendingSyncMembers.erase(memberId);
    g.members.erase(it);
    if (g.isLeader(memberId)) {
        if (g.members.empty())
            g.leaderId.reset();
        else
            g.leaderId = g.members.front()->memberId;
    }
}

void GroupCoordinator::removeMemberAndUpdateGroup(Group &g,
                                                  const std::string &memberId,
                                                  TimestampMs now,
                                                  std::string_view reason)
{
    removeMember(g, memberId);
    switch (g.state) {
    case GroupState::Stable:
    case GroupState::CompletingRebalance:
        maybePrepareRebalance(g, now, reason);
        break;
    case GroupState::PreparingRebalance:
        maybeCompleteJoin(g, now);
        break;
    case GroupState::Empty:
    case GroupState::Dead:
        break;
    }
}

void GroupCoordinator::resetAndPropagateAssignmentError(Group &g, ErrorCode error, TimestampMs now)
{
    for (const auto &m : g.members) {
        m->assignment.clear();
        if (m->awaitingSync) {
            SyncGroupResult r;
            r.error = error;
            post([cb = std::move(m->awaitingSync), r = std::move(r)]() mutable {
                cb(std::move(r));
            });
            m->awaitingSync = nullptr;
            // Its session restarts now: it could not heartbeat while it waited.
            m->heartbeatDeadline = now + m->sessionTimeoutMs;
        }
    }
}

// ---------------------------------------------------------------------------------------
// SyncGroup

void GroupCoordinator::syncGroup(SyncGroupParams p,
                                 TimestampMs now,
                                 std::function<void(SyncGroupResult)> done)
{
    touch(now);
    auto reply = [&](ErrorCode e) {
        SyncGroupResult r;
        r.error = e;
        post([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
    };
    Group *g = findGroup(p.groupId);
    Member *m = g ? g->find(p.memberId) : nullptr;
    if (p.groupId.empty())
        reply(ErrorCode::InvalidGroupId);
    else if (!g)
        reply(ErrorCode::UnknownMemberId);
    else if (g->isStaticMemberFenced(p.groupInstanceId, p.memberId))
        reply(ErrorCode::FencedInstanceId);
    else if (!m)
        reply(ErrorCode::UnknownMemberId);
    else if (p.generationId != g->generationId)
        reply(ErrorCode::IllegalGeneration);
    else if ((p.protocolType && *p.protocolType != g->protocolType)
             || (p.protocolName && (!g->protocolName || *p.protocolName != *g->protocolName)))
        reply(ErrorCode::InconsistentGroupProtocol);
    else {
        switch (g->state) {
        case GroupState::Empty:
        case GroupState::Dead:
            reply(ErrorCode::UnknownMemberId);
            break;
        case GroupState::PreparingRebalance:
            reply(ErrorCode::RebalanceInProgress);
            break;
        case GroupState::CompletingRebalance: {
            if (m->awaitingSync) {
                SyncGroupResult r;
                r.error = ErrorCode::RebalanceInProgress;
                post([old = std::move(m->awaitingSync), r]() mutable { old(std::move(r)); });
            }
            m->awaitingSync = std::move(done);
            g->pendingSyncMembers.erase(p.memberId);
            if (g->pendingSyncMembers.empty())
                g->syncDeadline.reset();
            if (!g->isLeader(p.memberId))
                break; // followers wait for the leader's assignment
            // Members the leader left out get an empty assignment; ids it invented are
            // ignored.
            std::map<std::string, Bytes> assignments;
            for (const auto &member : g->members)
                assignments[member->memberId];
            for (auto &[memberId, assignment] : p.assignments) {
                auto it = assignments.find(memberId);
                if (it != assignments.end())
                    it->second = std::move(assignment);
            }
            int32_t generation = g->generationId;
            uint64_t incarnation = g->incarnation;
            // The record is built from its own copy: the completion below takes the map.
            const auto stored = assignments;
            storeGroup(*g,
                       now,
                       &stored,
                       [this,
                        groupId = g->groupId,
                        incarnation,
                        generation,
                        assignments = std::move(assignments),
                        now](ErrorCode e) mutable {
                           Group *grp = findGroup(groupId);
                           // Another member may have joined while the write was in flight.
                           if (!grp || grp->incarnation != incarnation
                               || grp->state != GroupState::CompletingRebalance
                               || grp->generationId != generation)
                               return;
                           if (e != ErrorCode::None) {
                               resetAndPropagateAssignmentError(*grp, mapGroupStoreError(e), now);
                               maybePrepareRebalance(*grp, now, "failed to persist assignment");
                               return;
                           }
                           for (const auto &member : grp->members) {
                               member->assignment = std::move(assignments[member->memberId]);
                               if (member->awaitingSync) {
                                   SyncGroupResult r{ErrorCode::None,
                                                     grp->protocolType,
                                                     grp->protocolName.value_or(""),
                                                     member->assignment};
                                   post([cb = std::move(member->awaitingSync),
                                         r = std::move(r)]() mutable { cb(std::move(r)); });
                                   member->awaitingSync = nullptr;
                                   member->heartbeatDeadline = now + member->sessionTimeoutMs;
                               }
                           }
                           transitionTo(*grp, GroupState::Stable, now);
                       });
            break;
        }
        case GroupState::Stable: {
            // The assignment is known: a (late or repeated) SyncGroup just gets it.
            g->pendingSyncMembers.erase(p.memberId);
            if (g->pendingSyncMembers.empty())
                g->syncDeadline.reset();
            m->heartbeatDeadline = now + m->sessionTimeoutMs;
            SyncGroupResult r{
                ErrorCode::None, g->protocolType, g->protocolName.value_or(""), m->assignment};
            post([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
            break;
        }
        }
    }
    flush();
}

// ---------------------------------------------------------------------------------------
// Heartbeat, LeaveGroup

ErrorCode GroupCoordinator::heartbeat(const std::string &groupId,
                                      const std::string &memberId,
                                      const std::optional<std::string> &groupInstanceId,
                                      int32_t generationId,
                                      TimestampMs now)
{
    touch(now);
    if (groupId.empty())
        return ErrorCode::InvalidGroupId;
    Group *g = findGroup(groupId);
    if (!g)
        return ErrorCode::UnknownMemberId;
    if (g->isStaticMemberFenced(groupInstanceId, memberId))
        return ErrorCode::FencedInstanceId;
    Member *m = g->find(memberId);
    if (!m)
        return ErrorCode::UnknownMemberId;
    if (generationId != g->generationId)
        return ErrorCode::IllegalGeneration;
    switch (g->state) {
    case GroupState::Empty:
    case GroupState::Dead:
        return ErrorCode::UnknownMemberId;
    case GroupState::CompletingRebalance:
        // Clients heartbeat between the JoinGroup and SyncGroup responses.
        m->heartbeatDeadline = now + m->sessionTimeoutMs;
        return ErrorCode::None;
    case GroupState::PreparingRebalance:
        // This is how members of a Stable generation learn they must rejoin.
        m->heartbeatDeadline = now + m->sessionTimeoutMs;
        return ErrorCode::RebalanceInProgress;
    case GroupState::Stable:
        m->heartbeatDeadline = now + m->sessionTimeoutMs;
        return ErrorCode::None;
    }
    return ErrorCode::UnknownServerError;
}

std::vector<ErrorCode> GroupCoordinator::leaveGroup(const std::string &groupId,
                                                    const std::vector<LeaveMember> &members,
                                                    TimestampMs now)
{
    touch(now);
    std::vector<ErrorCode> out;
    Group *g = findGroup(groupId);
    for (const LeaveMember &lm : members) {
        if (groupId.empty()) {
            out.push_back(ErrorCode::InvalidGroupId);
            continue;
        }
        if (!g) {
            out.push_back(ErrorCode::UnknownMemberId);
            continue;
        }
        if (lm.memberId.empty()) {
            // Administrative removal of a static member by instance id (KIP-345).
            auto current
                = lm.groupInstanceId ? g->staticMemberId(*lm.groupInstanceId) : std::nullopt;
            if (!current) {
                out.push_back(ErrorCode::UnknownMemberId);
                continue;
            }
            removeMemberAndUpdateGroup(*g, *current, now, "static member removed by LeaveGroup");
            out.push_back(ErrorCode::None);
        } else if (g->pendingMembers.count(lm.memberId)) {
            g->pendingMembers.erase(lm.memberId);
            maybeCompleteJoin(*g, now);
            out.push_back(ErrorCode::None);
        } else if (g->isStaticMemberFenced(lm.groupInstanceId, lm.memberId)) {
            out.push_back(ErrorCode::FencedInstanceId);
        } else if (g->has(lm.memberId)) {
            removeMemberAndUpdateGroup(*g, lm.memberId, now, "member left");
            out.push_back(ErrorCode::None);
        } else {
            out.push_back(ErrorCode::UnknownMemberId);
        }
    }
    flush();
    return out;
}

// ---------------------------------------------------------------------------------------
// Offsets

void GroupCoordinator::commitOffsets(const std::string &groupId,
                                     int32_t generationId,
                                     const std::string &memberId,
                                     const std::optional<std::string> &groupInstanceId,
                                     std::vector<OffsetCommitEntry> offsets,
                                     TimestampMs now,
                                     std::function<void(std::vector<ErrorCode>)> done)
{
    touch(now);
    auto replyAll = [&](ErrorCode e) {
        post([done = std::move(done), codes = std::vector<ErrorCode>(offsets.size(), e)]() {
            done(codes);
        });
    };
    Group *g = findGroup(groupId);
    std::optional<ErrorCode> error;
    if (!g) {
        // A group not managed by Kafka (manual assignment, admin tools) commits with
        // generation -1; anything else comes from a generation that no longer exists.
        if (generationId < 0)
            g = &createGroup(groupId, now);
        else
            error = ErrorCode::IllegalGeneration;
    }
    if (!error) {
        if (generationId >= 0 || !memberId.empty() || groupInstanceId) {
            if (g->isStaticMemberFenced(groupInstanceId, memberId))
                error = ErrorCode::FencedInstanceId;
            else if (!g->has(memberId))
                error = ErrorCode::UnknownMemberId;
            else if (generationId != g->generationId)
                error = ErrorCode::IllegalGeneration;
        } else if (g->state != GroupState::Empty) {
            // Once the group has members, only they may commit.
            error = ErrorCode::UnknownMemberId;
        }
    }
    if (!error && g->state == GroupState::CompletingRebalance)
        // The member has its new generation but not yet its assignment.
        error = ErrorCode::RebalanceInProgress;
    if (error) {
        replyAll(*error);
        flush();
        return;
    }
    if (Member *m = g->find(memberId))
        m->heartbeatDeadline = now + m->sessionTimeoutMs;

    std::vector<ErrorCode> codes(offsets.size(), ErrorCode::None);
    std::vector<StoredRecord> records;
    std::vector<size_t> accepted;
    for (size_t i = 0; i < offsets.size(); ++i) {
        OffsetCommitEntry &e = offsets[i];
        if (!e.metadata)
            e.metadata = std::string();
        if (e.metadata->size() > static_cast<size_t>(std::max(m_cfg.offsetMetadataMaxBytes, 0))) {
            codes[i] = ErrorCode::OffsetMetadataTooLarge;
            continue;
        }
        OffsetCommitValue v;
        v.offset = e.offset;
        v.leaderEpoch = e.leaderEpoch;
        v.metadata = *e.metadata;
        v.commitTimestamp = now;
        records.push_back(
            {encodeOffsetCommitKey({groupId, e.topic, e.partition}), encodeOffsetCommitValue(v)});
        accepted.push_back(i);
        ++g->pendingOffsetCommits[{e.topic, e.partition}];
    }
    if (records.empty()) {
        post([done = std::move(done), codes = std::move(codes)]() { done(codes); });
        flush();
        return;
    }
    persist(std::move(records),
            [this,
             groupId,
             incarnation = g->incarnation,
             offsets = std::move(offsets),
             accepted = std::move(accepted),
             codes = std::move(codes),
             now,
             done = std::move(done)](ErrorCode e) mutable {
                Group *grp = findGroup(groupId);
                if (grp && grp->incarnation != incarnation)
                    grp = nullptr; // deleted and re-created meanwhile: not ours to change
                for (size_t i : accepted) {
                    const OffsetCommitEntry &entry = offsets[i];
                    TopicPartitionKey tp{entry.topic, entry.partition};
                    if (grp) {
                        auto it = grp->pendingOffsetCommits.find(tp);
                        if (it != grp->pendingOffsetCommits.end() && --it->second <= 0)
                            grp->pendingOffsetCommits.erase(it);
                        if (e == ErrorCode::None)
                            grp->offsets[tp] = CommittedOffset{
                                entry.offset, entry.leaderEpoch, entry.metadata, now};
                    }
                    codes[i] = e == ErrorCode::None ? ErrorCode::None : mapOffsetStoreError(e);
                }
                post([done = std::move(done), codes = std::move(codes)]() { done(codes); });
            });
    flush();
}

std::vector<std::pair<TopicPartitionKey, CommittedOffset>> GroupCoordinator::fetchOffsets(
    const std::string &groupId,
    const std::optional<std::vector<std::pair<std::string, std::vector<int32_t>>>> &topics) const
{
    std::vector<std::pair<TopicPartitionKey, CommittedOffset>> out;
    Group *g = findGroup(groupId);
    if (!topics) {
        if (g)
            for (const auto &[tp, committed] : g->offsets)
                out.emplace_back(tp, committed);
        return out;
    }
    for (const auto &[topic, partitions] : *topics) {
        for (int32_t partition : partitions) {
            TopicPartitionKey tp{topic, partition};
            CommittedOffset none;
            none.metadata = std::string();
            const CommittedOffset *found = nullptr;
            if (g) {
                auto it = g->offsets.find(tp);
                if (it != g->offsets.end())
                    found = &it->second;
            }
            out.emplace_back(tp, found ? *found : none);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------
// List, describe, delete

std::vector<GroupSummary>
GroupCoordinator::listGroups(const std::vector<std::string> &statesFilter) const
{
    std::vector<GroupSummary> out;
    for (const auto &[id, g] : m_groups) {
        std::string_view state = groupStateName(g->state);
        if (!statesFilter.empty()
            && std::none_of(statesFilter.begin(), statesFilter.end(), [&](const auto &s) {
                   return equalsIgnoreCase(s, state);
               }))
            continue;
        out.push_back({id, g->protocolType, std::string(state)});
    }
    return out;
}

GroupDescription GroupCoordinator::describeGroup(const std::string &groupId) const
{
    GroupDescription d;
    d.groupId = groupId;
    if (groupId.empty()) {
        d.error = ErrorCode::InvalidGroupId;
        d.state = std::string(groupStateName(GroupState::Dead));
        return d;
    }
    Group *g = findGroup(groupId);
    if (!g) {
        d.state = std::string(groupStateName(GroupState::Dead));
        return d;
    }
    d.state = std::string(groupStateName(g->state));
    d.protocolType = g->protocolType;
    bool stable = g->state == GroupState::Stable;
    if (stable)
        d.protocolName = g->protocolName.value_or("");
    for (const auto &m : g->members) {
        MemberDescription md{m->memberId, m->groupInstanceId, m->clientId, m->clientHost, {}, {}};
        if (stable) {
            if (const Bytes *meta = m->metadataFor(d.protocolName))
                md.metadata = *meta;
            md.assignment = m->assignment;
        }
        d.members.push_back(std::move(md));
    }
    return d;
}

ErrorCode GroupCoordinator::deleteGroup(const std::string &groupId, TimestampMs now)
{
    touch(now);
    if (groupId.empty())
        return ErrorCode::InvalidGroupId;
    Group *g = findGroup(groupId);
    if (!g || g->state == GroupState::Dead)
        return ErrorCode::GroupIdNotFound;
    if (g->state != GroupState::Empty)
        return ErrorCode::NonEmptyGroup;
    std::vector<StoredRecord> tombstones;
    for (const auto &[tp, _] : g->offsets)
        tombstones.push_back({encodeOffsetCommitKey({groupId, tp.first, tp.second}), std::nullopt});
    tombstones.push_back({encodeGroupMetadataKey({groupId}), std::nullopt});
    g->state = GroupState::Dead;
    eraseGroup(groupId);
    RLOG_INFO(kLog) << "deleted group " << groupId;
    persist(std::move(tombstones), [groupId](ErrorCode e) {
        if (e != ErrorCode::None)
            RLOG_WARN(kLog) << "failed to persist deletion of group " << groupId << ": "
                            << errorName(e);
    });
    flush();
    return ErrorCode::None;
}

size_t GroupCoordinator::unloadGroups(const std::function<bool(const std::string &)> &belongs)
{
    std::vector<std::string> unloaded;
    for (auto &[groupId, g] : m_groups) {
        if (!belongs(groupId))
            continue;
        for (auto &m : g->members) {
            if (m->awaitingJoin) {
                JoinGroupResult r;
                r.error = ErrorCode::NotCoordinator;
                r.memberId = m->memberId;
                post([cb = std::move(m->awaitingJoin), r = std::move(r)]() mutable {
                    cb(std::move(r));
                });
                m->awaitingJoin = nullptr;
            }
            if (m->awaitingSync) {
                SyncGroupResult r;
                r.error = ErrorCode::NotCoordinator;
                post([cb = std::move(m->awaitingSync), r = std::move(r)]() mutable {
                    cb(std::move(r));
                });
                m->awaitingSync = nullptr;
            }
        }
        unloaded.push_back(groupId);
    }
    for (const auto &groupId : unloaded)
        eraseGroup(groupId);
    flush();
    return unloaded.size();
}

void GroupCoordinator::removeOffsetsForTopic(const std::string &topic)
{
    std::vector<StoredRecord> tombstones;
    std::vector<std::string> ids;
    for (const auto &[id, _] : m_groups)
        ids.push_back(id);
    for (const auto &id : ids) {
        Group *g = findGroup(id);
        bool removed = false;
        for (auto it = g->offsets.begin(); it != g->offsets.end();) {
            if (it->first.first == topic) {
                tombstones.push_back(
                    {encodeOffsetCommitKey({id, topic, it->first.second}), std::nullopt});
                it = g->offsets.erase(it);
                removed = true;
            } else {
                ++it;
            }
        }
        if (removed)
            maybeRetireGroup(*g, tombstones);
    }
    if (!tombstones.empty())
        persist(std::move(tombstones), [topic](ErrorCode e) {
            if (e != ErrorCode::None)
                RLOG_WARN(kLog) << "failed to persist removal of offsets of topic " << topic << ": "
                                << errorName(e);
        });
    flush();
}

// An Empty group with nothing left to remember is forgotten (Kafka moves it to Dead).
bool GroupCoordinator::maybeRetireGroup(Group &g, std::vector<StoredRecord> &tombstones)
{
    if (g.state != GroupState::Empty || !g.members.empty() || !g.pendingMembers.empty()
        || !g.offsets.empty() || !g.pendingOffsetCommits.empty())
        return false;
    tombstones.push_back({encodeGroupMetadataKey({g.groupId}), std::nullopt});
    g.state = GroupState::Dead;
    eraseGroup(g.groupId);
    return true;
}

// ---------------------------------------------------------------------------------------
// Time

void GroupCoordinator::runRetention(TimestampMs now)
{
    std::vector<StoredRecord> tombstones;
    std::vector<std::string> ids;
    for (const auto &[id, _] : m_groups)
        ids.push_back(id);
    for (const auto &id : ids) {
        Group &g = *findGroup(id);
        // KIP-211: a consumer group's offsets expire once the group has been Empty for the
        // retention period; a Stable consumer group's offsets of topics it no longer
        // subscribes to expire by commit time; offsets-only groups expire by commit time.
        std::function<std::optional<TimestampMs>(const CommittedOffset &)> base;
        std::set<std::string> keep;
        if (g.state == GroupState::Empty && !g.protocolType.empty()) {
            if (g.emptySinceLoad)
                base = [this](const CommittedOffset &) {
                    return m_startTime;
                };
            else if (g.stateSince)
                base = [&g](const CommittedOffset &) {
                    return g.stateSince;
                };
            else
                base = [](const CommittedOffset &c) {
                    return std::optional(c.commitTimestamp);
                };
        } else if (g.state == GroupState::Empty) {
            base = [](const CommittedOffset &c) {
                return std::optional(c.commitTimestamp);
            };
        } else if (g.state == GroupState::Stable && g.subscribedTopics) {
            keep = *g.subscribedTopics;
            base = [](const CommittedOffset &c) {
                return std::optional(c.commitTimestamp);
            };
        } else {
            continue;
        }
        for (auto it = g.offsets.begin(); it != g.offsets.end();) {
            auto b = base(it->second);
            bool expired = b && !keep.count(it->first.first)
                           && !g.pendingOffsetCommits.count(it->first)
                           && now - *b >= m_cfg.offsetsRetentionMs;
            if (expired) {
                tombstones.push_back(
                    {encodeOffsetCommitKey({id, it->first.first, it->first.second}), std::nullopt});
                it = g.offsets.erase(it);
            } else {
                ++it;
            }
        }
        maybeRetireGroup(g, tombstones);
    }
    if (!tombstones.empty()) {
        RLOG_INFO(kLog) << "offset retention removed " << tombstones.size() << " records";
        persist(std::move(tombstones), [](ErrorCode e) {
            if (e != ErrorCode::None)
                RLOG_WARN(kLog) << "failed to persist expired offsets: " << errorName(e);
        });
    }
}

void GroupCoordinator::processDeadlines(Group &g, TimestampMs now)
{
    for (auto it = g.pendingMembers.begin(); it != g.pendingMembers.end();) {
        if (now >= it->second)
            it = g.pendingMembers.erase(it);
        else
            ++it;
    }
    maybeCompleteJoin(g, now);

    std::vector<std::string> expired;
    for (const auto &m : g.members) {
        auto d = m->sessionDeadline();
        if (d && now >= *d)
            expired.push_back(m->memberId);
    }
    for (const auto &id : expired) {
        Member *m = g.find(id);
        if (!m)
            continue;
        auto d = m->sessionDeadline();
        if (!d || now < *d) // removing another member may have changed this one
            continue;
        RLOG_INFO(kLog) << "member " << id << " of group " << g.groupId
                        << " expired (session timeout)";
        removeMemberAndUpdateGroup(g, id, now, "member's session expired");
    }
    if (g.state == GroupState::PreparingRebalance && g.joinDeadline && now >= *g.joinDeadline)
        onJoinDeadline(g, now);
    if ((g.state == GroupState::CompletingRebalance || g.state == GroupState::Stable)
        && g.syncDeadline && now >= *g.syncDeadline)
        onSyncDeadline(g, now);
}

void GroupCoordinator::tick(TimestampMs now)
{
    touch(now);
    // A deadline processed late may schedule its follow-up in the past (the initial delay
    // extends from the previous deadline); loop until nothing is due.
    for (int round = 0; round < 64; ++round) {
        auto next = nextDeadline();
        if (!next || *next > now)
            break;
        std::vector<std::string> ids;
        for (const auto &[id, _] : m_groups)
            ids.push_back(id);
        for (const auto &id : ids) {
            Group *g = findGroup(id);
            if (!g)
                continue;
            processDeadlines(*g, now);
            // Groups that never reached a generation and hold nothing are forgotten
            // quietly (e.g. a MEMBER_ID_REQUIRED answer that was never followed up).
            if (g->state == GroupState::Empty && g->generationId == 0 && g->members.empty()
                && g->pendingMembers.empty() && g->offsets.empty()
                && g->pendingOffsetCommits.empty() && g->protocolType.empty())
                eraseGroup(id);
        }
        if (m_nextRetentionCheck && now >= *m_nextRetentionCheck) {
            runRetention(now);
            m_nextRetentionCheck = now + m_cfg.offsetsRetentionCheckIntervalMs;
        }
        flush();
    }
    flush();
}

std::optional<TimestampMs> GroupCoordinator::nextDeadline() const
{
    std::optional<TimestampMs> next = m_nextRetentionCheck;
    auto consider = [&](std::optional<TimestampMs> t) {
        if (t && (!next || *t < *next))
            next = t;
    };
    for (const auto &[_, g] : m_groups) {
        for (const auto &[__, expiry] : g->pendingMembers)
            consider(expiry);
        for (const auto &m : g->members)
            consider(m->sessionDeadline());
        if (g->state == GroupState::PreparingRebalance)
            consider(g->joinDeadline);
        if (g->state == GroupState::CompletingRebalance || g->state == GroupState::Stable)
            consider(g->syncDeadline);
    }
    return next;
}

} // namespace runnel::group
