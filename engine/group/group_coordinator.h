#pragma once

// GroupCoordinator — Kafka's classic consumer-group protocol (JoinGroup, SyncGroup,
// Heartbeat, LeaveGroup, OffsetCommit/Fetch, List/Describe/DeleteGroups) as an I/O-free
// state machine.
//
// Owns: every group this broker coordinates — members, generations, the chosen protocol,
// assignments (opaque bytes), committed offsets — and the timers that drive them (session
// expiry, rebalance timeout, initial rebalance delay, pending-sync timeout, offset
// retention). It owns no socket, codec, disk or clock: time comes in as `now` arguments
// and through tick(), durability goes out through the PersistFn given at construction.
//
// Who calls it: the broker's group request handlers (one call per request, after decoding),
// the broker's timer (tick() whenever nextDeadline() is reached; re-read nextDeadline()
// after every call) and the broker's startup (load() for each record of the
// __consumer_offsets partitions this broker coordinates, in log order, before any request).
//
// Thread: the broker's single event-loop thread; no locking inside. The PersistFn's `done`
// must be called on that same thread.
//
// Callbacks (JoinGroup, SyncGroup, OffsetCommit): each is invoked exactly once, either
// before the call that took it returns, or later from tick(), from another member's call,
// or from a persistence completion. Callbacks never run in the middle of a state change:
// they are queued and run once the coordinator is consistent, so a callback may call back
// into the coordinator. A callback still pending when the coordinator is destroyed is
// dropped (the broker is shutting down and its connections with it).
//
// Lifecycle: construct, load() the replayed records, then serve. In a cluster, load() and
// unloadGroups() follow the leadership of each __consumer_offsets partition. Groups loaded from the
// log come back with their generation, protocol, offsets and the members and assignments of
// their last stable generation (Stable, as in Kafka): a member that still runs carries on
// heartbeating and committing at the new coordinator without a rebalance; one that does not
// expires after its session timeout.
//
// Semantics follow Apache Kafka's GroupCoordinator/GroupMetadata (3.x) closely; README.md
// lists what is not implemented.

#include "engine/common/bytes.h"
#include "engine/common/error_code.h"
#include "engine/common/types.h"

#include <climits>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace runnel::group {

struct GroupConfig
{
    int32_t minSessionTimeoutMs = 6000;                  // group.min.session.timeout.ms
    int32_t maxSessionTimeoutMs = 1800000;               // group.max.session.timeout.ms
    int32_t initialRebalanceDelayMs = 3000;              // group.initial.rebalance.delay.ms
    int32_t maxGroupSize = INT32_MAX;                    // group.max.size
    int32_t offsetMetadataMaxBytes = 4096;               // offset.metadata.max.bytes
    int64_t offsetsRetentionMs = 7 * 24 * 3600 * 1000LL; // offsets.retention.minutes
    int64_t offsetsRetentionCheckIntervalMs = 600000;    // offsets.retention.check.interval.ms
    // How long a new member may wait in JoinGroup before it is dropped (Kafka's fixed
    // NewMemberJoinTimeoutMs, KIP-394): frees members whose client went away mid-join.
    int32_t newMemberJoinTimeoutMs = 300000;
};

struct JoinGroupParams
{
    std::string groupId;
    int32_t sessionTimeoutMs = 0;
    int32_t rebalanceTimeoutMs = -1; // JoinGroup v0 has none: pass -1 to use the session timeout
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    std::string protocolType;
    std::vector<std::pair<std::string, Bytes>> protocols; // in the member's preference order
    std::string clientId;
    std::string clientHost;
    bool requireKnownMemberId = false; // JoinGroup v4+
};

struct JoinGroupMember
{
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    Bytes metadata;
};

struct JoinGroupResult
{
    ErrorCode error = ErrorCode::None;
    int32_t generationId = -1;
    std::string protocolType;
    std::string protocolName; // "" when none was chosen (error responses)
    std::string leader;
    std::string memberId;
    std::vector<JoinGroupMember> members; // only for the leader
    // KIP-814 (JoinGroup v9): a restarted static leader gets the member list for
    // information but must not reassign. Older versions drop the flag; the leader's
    // SyncGroup in a Stable group then just returns its current assignment.
    bool skipAssignment = false;
};

struct SyncGroupParams
{
    std::string groupId;
    int32_t generationId = -1;
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    std::optional<std::string> protocolType;                // SyncGroup v5+
    std::optional<std::string> protocolName;                // SyncGroup v5+
    std::vector<std::pair<std::string, Bytes>> assignments; // leader only
};

struct SyncGroupResult
{
    ErrorCode error = ErrorCode::None;
    std::string protocolType;
    std::string protocolName;
    Bytes assignment;
};

struct LeaveMember
{
    std::string memberId; // "" with a groupInstanceId: remove that static member (v3+)
    std::optional<std::string> groupInstanceId;
};

struct OffsetCommitEntry
{
    std::string topic;
    int32_t partition = 0;
    int64_t offset = -1;
    int32_t leaderEpoch = -1;
    std::optional<std::string> metadata; // null is stored as ""
};

struct CommittedOffset
{
    int64_t offset = -1;
    int32_t leaderEpoch = -1;
    std::optional<std::string> metadata; // "" for partitions without a committed offset
    TimestampMs commitTimestamp = -1;
    ErrorCode error = ErrorCode::None;
};

struct GroupSummary
{
    std::string groupId;
    std::string protocolType;
    std::string state;
};

struct MemberDescription
{
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    std::string clientId;
    std::string clientHost;
    Bytes metadata;   // of the chosen protocol; empty unless the group is Stable
    Bytes assignment; // empty unless the group is Stable
};

struct GroupDescription
{
    ErrorCode error = ErrorCode::None;
    std::string groupId;
    // Kafka names: "PreparingRebalance", "CompletingRebalance", "Stable", "Dead", "Empty".
    // An unknown group is described as "Dead" with no error, as Kafka does.
    std::string state;
    std::string protocolType;
    std::string protocolName; // "" unless Stable
    std::vector<MemberDescription> members;
};

enum class GroupState { Empty, PreparingRebalance, CompletingRebalance, Stable, Dead };
std::string_view groupStateName(GroupState state);

// Persistence of committed offsets and group metadata: the coordinator emits key/value
// records (Kafka's __consumer_offsets formats, see group_records.h; value = null for
// tombstones) to a sink provided by the broker, which appends them to the compacted
// internal topic and calls `done` once durable (or with an error). Records of one call
// must be appended in order and atomically; calls must complete in the order they were
// made.
struct StoredRecord
{
    Bytes key;
    std::optional<Bytes> value;
};
using PersistFn
    = std::function<void(std::vector<StoredRecord> records, std::function<void(ErrorCode)> done)>;

using TopicPartitionKey = std::pair<std::string, int32_t>;

class GroupCoordinator
{
public:
    GroupCoordinator(GroupConfig cfg, PersistFn persist);
    ~GroupCoordinator();
    GroupCoordinator(const GroupCoordinator &) = delete;
    GroupCoordinator &operator=(const GroupCoordinator &) = delete;

    // Load state replayed from the internal topic at start (records in log order; last one
    // per key wins). Undecodable records are logged and skipped. A group whose last record
    // holds members comes back Stable with them; their sessions start at `now`.
    void load(const StoredRecord &record, TimestampMs now);

    void joinGroup(JoinGroupParams p, TimestampMs now, std::function<void(JoinGroupResult)> done);
    void syncGroup(SyncGroupParams p, TimestampMs now, std::function<void(SyncGroupResult)> done);
    ErrorCode heartbeat(const std::string &groupId,
                        const std::string &memberId,
                        const std::optional<std::string> &groupInstanceId,
                        int32_t generationId,
                        TimestampMs now);
    // One code per member, in order; v0-2 callers pass one member.
    std::vector<ErrorCode> leaveGroup(const std::string &groupId,
                                      const std::vector<LeaveMember> &members,
                                      TimestampMs now);
    // `done` gets one code per entry, in order, after the commit is durable.
    void commitOffsets(const std::string &groupId,
                       int32_t generationId,
                       const std::string &memberId,
                       const std::optional<std::string> &groupInstanceId,
                       std::vector<OffsetCommitEntry> offsets,
                       TimestampMs now,
                       std::function<void(std::vector<ErrorCode>)> done);
    // topics nullopt = all committed offsets of the group. Partitions without a committed
    // offset come back with offset -1 and no error.
    std::vector<std::pair<TopicPartitionKey, CommittedOffset>>
    fetchOffsets(const std::string &groupId,
                 const std::optional<std::vector<std::pair<std::string, std::vector<int32_t>>>>
                     &topics) const;
    // statesFilter (ListGroups v4): Kafka state names, compared case-insensitively.
    std::vector<GroupSummary> listGroups(const std::vector<std::string> &statesFilter = {}) const;
    GroupDescription describeGroup(const std::string &groupId) const;
    // NonEmptyGroup if members, GroupIdNotFound if unknown; writes tombstones for the group
    // and its offsets (without waiting for them to be durable) and forgets the group.
    ErrorCode deleteGroup(const std::string &groupId, TimestampMs now);
    // Drives session expiry, rebalance and sync timeouts, the initial rebalance delay and
    // offset retention. Calling it early or often is harmless.
    void tick(TimestampMs now);
    // The earliest time tick() has work to do, so the broker can arm one timer.
    std::optional<TimestampMs> nextDeadline() const;
    // The topic was deleted: drop its committed offsets in every group (with tombstones).
    void removeOffsetsForTopic(const std::string &topic);
    // In a cluster the broker coordinates only the groups whose __consumer_offsets
    // partition it leads. When it stops leading one it unloads that partition's groups:
    // members waiting in JoinGroup or SyncGroup get NOT_COORDINATOR (their clients look
    // the coordinator up again), and the groups are forgotten without writing anything —
    // the log already holds their state for the next leader. Commits still being
    // persisted answer with the mapped store error (NOT_COORDINATOR when the append lost
    // its leadership) or, if they became durable after all, succeed without touching a
    // group loaded again meanwhile (that one read them from the log). Returns how many
    // groups were unloaded. load() brings groups back when the broker leads again.
    size_t unloadGroups(const std::function<bool(const std::string &groupId)> &belongs);

    // Member ids are "<clientId>-<uuid>"; a seed makes them reproducible (simulations).
    void setRandomSeed(uint64_t seed);
    // For tests and metrics: the group's state, nullopt if unknown.
    std::optional<GroupState> groupState(const std::string &groupId) const;
    int32_t generationId(const std::string &groupId) const; // -1 if unknown

private:
    struct Member;
    struct Group;

    Group *findGroup(const std::string &groupId) const;
    Group &createGroup(const std::string &groupId, TimestampMs now);
    void eraseGroup(const std::string &groupId);
    void touch(TimestampMs now);

    void doNewMemberJoin(Group &g,
                         JoinGroupParams &p,
                         TimestampMs now,
                         std::function<void(JoinGroupResult)> &done);
    void doCurrentMemberJoin(Group &g,
                             JoinGroupParams &p,
                             TimestampMs now,
                             std::function<void(JoinGroupResult)> &done);
    void addMemberAndRebalance(Group &g,
                               const std::string &memberId,
                               JoinGroupParams &p,
                               TimestampMs now,
                               std::function<void(JoinGroupResult)> done);
    void updateMemberAndRebalance(Group &g,
                                  Member &m,
                                  JoinGroupParams &p,
                                  TimestampMs now,
                                  std::function<void(JoinGroupResult)> done);
    void replaceStaticMember(Group &g,
                             const std::string &oldMemberId,
                             const std::string &newMemberId,
                             JoinGroupParams &p,
                             TimestampMs now,
                             std::function<void(JoinGroupResult)> done);
    JoinGroupResult currentGenerationResult(const Group &g, const Member &m) const;

    void maybePrepareRebalance(Group &g, TimestampMs now, std::string_view reason);
    void prepareRebalance(Group &g, TimestampMs now, std::string_view reason);
    void maybeCompleteJoin(Group &g, TimestampMs now);
    void onJoinDeadline(Group &g, TimestampMs now);
    void completeJoin(Group &g, TimestampMs now);
    void onSyncDeadline(Group &g, TimestampMs now);
    void removeMemberAndUpdateGroup(Group &g,
                                    const std::string &memberId,
                                    TimestampMs now,
                                    std::string_view reason);
    void removeMember(Group &g, const std::string &memberId);
    void resetAndPropagateAssignmentError(Group &g, ErrorCode error, TimestampMs now);
    void transitionTo(Group &g, GroupState state, TimestampMs now);

    void storeGroup(Group &g,
                    TimestampMs now,
                    const std::map<std::string, Bytes> *assignments,
                    std::function<void(ErrorCode)> done);
    void runRetention(TimestampMs now);
    bool maybeRetireGroup(Group &g, std::vector<StoredRecord> &tombstones);
    void processDeadlines(Group &g, TimestampMs now);

    // Completions are queued and run once the coordinator is consistent (see the header
    // comment); flush() runs them unless a flush is already running further up the stack.
    void post(std::function<void()> fn);
    void flush();
    void persist(std::vector<StoredRecord> records, std::function<void(ErrorCode)> done);
    std::string newMemberId(const std::string &clientId);

    GroupConfig m_cfg;
    PersistFn m_persist;
    std::map<std::string, std::unique_ptr<Group>> m_groups; // ordered: deterministic ticks
    uint64_t m_nextIncarnation = 1;
    std::vector<std::function<void()>> m_queue;
    bool m_flushing = false;
    std::optional<TimestampMs> m_startTime;
    std::optional<TimestampMs> m_nextRetentionCheck;
    std::mt19937_64 m_rng;
    // Persistence completions hold a weak reference: after destruction they do nothing.
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);
};

} // namespace runnel::group
