#pragma once

// Controller: the active controller's decisions — broker registration, heartbeats and
// fencing, topic and partition creation and deletion, ISR changes (AlterPartition),
// leader elections (on fencing, preferred, controlled shutdown), partition reassignment
// (KIP-455) and producer-id blocks.
//
// Owns: a private MetadataImage that runs ahead of the committed one (every record it
// proposes is applied to it at once, so the next request sees it, as Kafka's
// QuorumController does), per-broker heartbeat times (soft state, not in the log) and a
// seeded RNG for topic ids and replica placement.
// Called by: the broker's event-loop thread, only on the node whose RaftNode leads.
// Every request returns a ControllerResult: records to propose as ONE batch
// (RaftNode::propose(encodeBatch(records))) and a response that the caller sends back
// once the RaftNode reports that offset committed (or an error right away, with no
// records).
// Lifecycle: built from the committed image when the local RaftNode becomes leader and
// its LeaderChange entry has committed; discarded when leadership is lost (uncommitted
// proposals may be lost with it; requesters retry against the new controller).

#include "engine/metadata/metadata_image.h"

#include <random>
#include <utility>
#include <vector>

namespace runnel::metadata {

struct ControllerConfig
{
    int64_t brokerSessionTimeoutMs = 9000; // broker.session.timeout.ms
    int64_t producerIdBlockSize = 1000;
    // The voters of the metadata quorum (controller.quorum.voters): they cannot be
    // unregistered, as the quorum's membership is fixed (no KIP-853).
    std::vector<BrokerId> quorumVoters;
};

template<typename T>
struct ControllerResult
{
    std::vector<MetadataRecord> records;
    Result<T> response;
};

struct BrokerRegistration
{
    BrokerId brokerId;
    Uuid incarnationId{};
    std::vector<Endpoint> endpoints;
    std::string rack;
};

struct BrokerHeartbeat
{
    BrokerId brokerId;
    Offset appliedOffset;      // how far the broker's own image has applied the log
    bool wantShutdown = false; // controlled shutdown
};

struct HeartbeatReply
{
    bool fenced = true;
    bool shouldShutDown = false; // controlled shutdown done: it leads nothing any more
};

struct CreateTopic
{
    std::string name;
    int32_t partitions = 1;
    int16_t replicationFactor = 1;
    std::map<std::string, std::string> configs;
};

struct AlterPartition
{
    BrokerId brokerId; // the partition leader asking
    TopicId topicId{};
    PartitionId partition;
    LeaderEpoch leaderEpoch;
    int32_t partitionEpoch = 0;
    std::vector<BrokerId> newIsr;
};

// AlterPartitionReassignments for one partition: the target replicas (the first is the
// preferred leader), or none to cancel the reassignment in progress.
struct ReassignPartition
{
    std::string topic;
    PartitionId partition;
    std::optional<std::vector<BrokerId>> target;
};

struct ProducerIdBlock
{
    int64_t firstId = 0;
    int64_t size = 0;
};

class Controller
{
public:
    Controller(ControllerConfig config,
               const MetadataImage &committed,
               TimestampMs now,
               uint64_t seed);

    ControllerResult<bool> registerBroker(const BrokerRegistration &r, TimestampMs now);
    // `committedOffset`: the quorum's high watermark; a fenced broker is unfenced once
    // it has applied at least that far.
    ControllerResult<HeartbeatReply>
    heartbeat(const BrokerHeartbeat &h, TimestampMs now, Offset committedOffset);
    // Fences brokers whose heartbeats stopped for brokerSessionTimeoutMs and elects new
    // leaders for what they led.
    ControllerResult<bool> tick(TimestampMs now);
    // Brokers whose connection from this controller closed at the time given and did not
    // come back (a killed process; QuorumService::peerLostForMs): each is fenced now, as if
    // its session had ended, unless it has registered or heartbeated since then (a
    // restarted process, or a live one whose connection broke). Heartbeat times are soft
    // state, so a controller that took over after the connection closed fences it too.
    ControllerResult<bool>
    fenceUnreachable(const std::vector<std::pair<BrokerId, TimestampMs>> &lostSince);

    ControllerResult<TopicId> createTopic(const CreateTopic &request);
    ControllerResult<bool> deleteTopic(const std::string &name);
    ControllerResult<bool> createPartitions(const std::string &name, int32_t totalCount);
    // Replaces a topic's dynamic configs with `configs` (validated by the asking broker):
    // one Config record per key set, changed or removed, all in one batch.
    ControllerResult<bool> setTopicConfigs(const std::string &name,
                                           const std::map<std::string, std::string> &configs);
    ControllerResult<PartitionInfo> alterPartition(const AlterPartition &request);
    ControllerResult<int> electPreferredLeaders();
    // Starts, replaces or cancels a reassignment (docs/replication.md, "Reassignment and
    // broker-only members"); it completes later, once every target replica is in the ISR
    // (checked after each ISR change and on tick()).
    ControllerResult<bool> reassignPartition(const ReassignPartition &request);
    // UnregisterBroker (KIP-631): removes the registration of a broker that is not a quorum
    // voter, is fenced (stopped) and holds no replica (none in a partition's replicas,
    // adding or removing). Refusals: BrokerIdNotRegistered for an unknown id, InvalidRequest
    // for the rest, each with a sentence saying what to do first.
    ControllerResult<bool> unregisterBroker(BrokerId brokerId);
    ControllerResult<ProducerIdBlock> allocateProducerIds(BrokerId brokerId);
    // AlterUserScramCredentials, CreateAcls and DeleteAcls, validated (DeleteAcls' filters
    // resolved to bindings) by the broker that took them: any mix of the four security
    // records (isSecurityRecord). Changes that are no change (an ACL that exists, removing
    // what is already gone) are dropped. With `importOnly` (a broker offering the files
    // of its single-broker days) nothing is written once the log has held any security
    // record, so the first import wins and later ones are ignored.
    ControllerResult<bool> alterSecurity(const std::vector<MetadataRecord> &changes,
                                         bool importOnly);
    // The first controller of a cluster names it; later calls change nothing.
    ControllerResult<bool> initClusterId(const std::string &clusterId);

    // The image including this controller's own not-yet-committed records.
    const MetadataImage &image() const { return m_image; }

private:
    // Appends `r` to `out` and applies it to m_image.
    void emit(std::vector<MetadataRecord> &out, MetadataRecord r);
    // Fence records for `brokers`, then their leaderships and ISR places moved away.
    void fence(const std::vector<BrokerId> &brokers, std::vector<MetadataRecord> &out);
    // Records moving leadership and ISR away from `broker` (fencing or shutdown).
    void moveAwayFrom(BrokerId broker, bool removeFromIsr, std::vector<MetadataRecord> &out);
    // Gives offline partitions whose ISR holds a live broker a leader again.
    void electOffline(std::vector<MetadataRecord> &out);
    // Commits the final replica set of every reassignment whose target is all in the ISR.
    void completeReassignments(std::vector<MetadataRecord> &out);
    // The leader a partition should have among `candidates` with ISR `isr`: the current one
    // if it stays a candidate, else the first live candidate in the ISR, else none.
    BrokerId chooseLeader(const PartitionInfo &p,
                          const std::vector<BrokerId> &candidates,
                          const std::vector<BrokerId> &isr) const;
    std::vector<BrokerId> liveBrokers() const;
    std::vector<PartitionRecord> assign(const TopicId &id, int32_t from, int32_t to, int16_t rf);
    TopicId newTopicId();

    ControllerConfig m_config;
    MetadataImage m_image;
    std::map<int32_t, TimestampMs> m_lastHeartbeat;
    // Only what this controller received (m_lastHeartbeat starts every broker's session at
    // the takeover): a registration or heartbeat, by broker.
    std::map<int32_t, TimestampMs> m_lastHeard;
    std::map<int32_t, bool> m_shuttingDown;
    std::mt19937_64 m_rng;
};

} // namespace runnel::metadata
