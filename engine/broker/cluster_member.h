#pragma once

// ClusterMember: what makes a runneld one broker of a replicated cluster (combined mode,
// docs/replication.md). Created by the Broker when its file sets controller.quorum.voters.
//
// Owns: the QuorumService (this node's Raft voter on the CONTROLLER listener, or an
// observer there for a broker-only member, process.roles=broker), the
// MetadataImage built from the committed metadata log, the Controller while this node's
// Raft leadership is established, the broker's registration and heartbeat state, one
// PartitionReplica (with its ReplicaLog adapter over the broker's storage::PartitionLog)
// per partition this broker holds, follower fetches parked on the leader side, the
// broker→controller requests waiting for their replies, and the security changes
// (credentials, ACLs) committed but not yet shown by this broker's image.
// Called by: the Broker's handlers, and its own timer and quorum callbacks — all on the
// broker's one event-loop thread. Broker RPCs and replica fetches travel as peer frames of
// the quorum's connections (cluster_rpc.h).
// Lifecycle: start() starts the voter. Once the image has the cluster id and has applied
// what the quorum committed, the member calls Broker::finishClusterStart (logs opened with
// that cluster id, listeners bound), reconciles its replicas with the image and registers
// with the controller; afterwards every committed batch reconciles again. stop() stops
// replicas, the voter and the timer; nothing is answered afterwards.

#include "engine/broker/cluster_rpc.h"
#include "engine/cluster/quorum_service.h"
#include "engine/metadata/controller.h"
#include "engine/metadata/metadata_image.h"
#include "engine/metrics/broker_metrics.h"
#include "engine/replication/partition_replica.h"
#include "engine/storage/partition_log.h"

#include <asio.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace runnel::broker {

class Broker;
class ReplicaLogAdapter;

class ClusterMember
{
public:
    using Done = std::function<void(const rpc::Reply &)>;

    ClusterMember(asio::io_context &io, Broker &broker);
    ~ClusterMember();
    ClusterMember(const ClusterMember &) = delete;
    ClusterMember &operator=(const ClusterMember &) = delete;

    Status start();
    void stop();
    // Controlled shutdown: asks the controller to move every leadership and ISR place
    // away from this broker, and calls done once it has (or after timeoutMs, or at once
    // when there is nothing to ask, e.g. no controller).
    void shutDownGracefully(int64_t timeoutMs, std::function<void()> done);

    const metadata::MetadataImage &image() const { return m_image; }
    std::optional<BrokerId> activeController() const;
    size_t registeredBrokers() const { return m_image.brokers().size(); }

    // The replica of a partition this broker leads, or the error a client gets
    // (NotLeaderOrFollower, UnknownTopicOrPartition).
    Result<replication::PartitionReplica *> leaderReplica(const std::string &topic,
                                                          int32_t partition);
    // The leader epoch this broker knows for a partition it holds, -1 otherwise.
    LeaderEpoch knownLeaderEpoch(const std::string &topic, int32_t partition) const;
    // After a leader append: wakes parked follower fetches and carries out outputs.
    void appended(const std::string &topic, int32_t partition);

    // The partition gauges of GET /metrics as Kafka's brokers compute them in KRaft:
    // PartitionCount / LeaderCount from this broker's replicas, UnderReplicatedPartitions
    // and UnderMinIsrPartitionCount over the partitions it leads (its ISR against the
    // replica set / min.insync.replicas), the Global* counts from the image, and
    // ActiveControllerCount / OfflinePartitionsCount (no leader) on the active controller
    // only, 0 elsewhere.
    void fillGauges(metrics::BrokerGauges &gauges) const;

    // Topic changes through the active controller; done runs once they are committed
    // (or with the error: NotController while there is none, RequestTimedOut).
    void createTopic(rpc::CreateTopic request, Done done);
    void deleteTopic(const std::string &name, Done done);
    void createPartitions(const std::string &name, int32_t count, Done done);
    void
    setTopicConfigs(const std::string &name, std::map<std::string, std::string> configs, Done done);
    // AlterPartitionReassignments for one partition (KIP-455); done runs once the
    // controller's records committed (the data moves afterwards).
    void alterReassignment(rpc::AlterReassignment request, Done done);
    // SCRAM credentials and ACLs (AlterUserScramCredentials, CreateAcls, DeleteAcls, and
    // the one-time import of a broker's files with importOnly): done runs once the
    // controller has committed the records and this broker's own image shows them (so a
    // Describe through the same broker sees the change), or after kRpcTimeoutMs of
    // waiting for that.
    void alterSecurity(std::vector<metadata::MetadataRecord> records, bool importOnly, Done done);
    // UnregisterBroker (KIP-631; Controller::unregisterBroker has the rules): done runs once
    // the controller has committed the removal and this broker's own image no longer lists
    // the broker (so Metadata through the same broker shows it gone), or after
    // kRpcTimeoutMs of waiting for that.
    void unregisterBroker(BrokerId brokerId, Done done);

private:
    struct LocalReplica;
    struct ParkedFetch
    {
        BrokerId follower;
        rpc::ReplicaFetch request;
        TimestampMs deadline;
    };
    struct PendingRpc
    {
        TimestampMs deadline;
        Done done;
        BrokerId controller; // the active controller it was sent to (this node included)
    };
    struct SecurityWait
    {
        std::vector<metadata::MetadataRecord> records;
        rpc::Reply reply;
        Done done;
        TimestampMs deadline;
    };
    struct PendingCommit
    {
        Offset offset;
        std::function<void()> reply;
    };

    // Quorum callbacks.
    void onCommitted(const std::vector<metadata::LogEntry> &entries);
    void onRoleChanged(const metadata::RoleChanged &change);
    void onPeerMessage(metadata::NodeId from, ByteSpan payload);

    void scheduleTick();
    void tick();
    void checkReady();
    void fatal(const Error &error);

    // Replicas.
    void reconcile();
    LocalReplica *findReplica(const metadata::TopicId &id, int32_t partition);
    void removeReplica(const std::pair<std::string, int32_t> &key, bool deleteLog);
    void drain();
    void wakeParkedFetches();
    // Answers (without parking again) the parked follower fetches `due` picks.
    void answerParked(const std::function<bool(const ParkedFetch &)> &due);
    // Replica syncs: requested per replica, run as one round of every replica waiting on
    // the broker's SyncWorker (one at a time), completed on the event loop.
    using ReplicaKey = std::pair<std::pair<std::string, int32_t>, uint64_t>; // key, generation
    void queueSync(const std::pair<std::string, int32_t> &key, uint64_t generation);
    void startSyncRound();
    void syncRoundDone(std::vector<ReplicaKey> round, std::vector<Status> results);
    void serveFetch(BrokerId follower, const rpc::ReplicaFetch &request, bool mayPark);
    void notifyHighWatermark(LocalReplica &r, Offset before);

    // Broker → controller.
    // The reply is awaited kRpcTimeoutMs (heartbeats: a third of the session); the request
    // also fails at once (NotController) when the quorum names another active controller
    // meanwhile, so a heartbeat never waits on a dead controller while the new one's
    // session clock runs.
    template<typename Request>
    void callController(Request request, Done done);
    // The answer to a request to the controller, at most once (late ones are dropped).
    void completeRpc(uint64_t requestId, const rpc::Reply &reply);
    void failRpcsToFormerController();
    void registerIfNeeded(TimestampMs now);
    // Offers the security files a broker found at start to an empty log, once.
    void importSecurityIfNeeded(TimestampMs now);
    // Answers the security changes (and unregistrations) whose records this broker's image
    // now shows.
    void finishSecurityWaits(TimestampMs now);
    // After each commit: the broker's authenticator and authorizer follow the image.
    void applySecurityIfChanged();
    void heartbeatIfDue(TimestampMs now);

    // Controller side.
    void becomeController();
    void dropController(const std::string &why);
    void handleControllerRequest(BrokerId from, const rpc::Message &message, Done reply);
    void proposeThen(std::vector<metadata::MetadataRecord> records, std::function<void()> reply);
    void firePendingCommits();
    std::string localClusterId() const;
    // The host peers dial for this node's peer (CONTROLLER) listener.
    std::string peerHost() const;

    asio::io_context &m_io;
    Broker &m_broker;
    BrokerId m_self;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
    std::unique_ptr<cluster::QuorumService> m_quorum;
    metadata::MetadataImage m_image;
    asio::steady_timer m_timer;
    asio::steady_timer m_shutdownTimer;
    bool m_ready = false;
    bool m_stopped = false;

    // Broker side.
    metadata::Uuid m_incarnation{};
    bool m_registered = false;
    bool m_registering = false;
    bool m_heartbeating = false;
    bool m_fenced = true;
    TimestampMs m_nextRegisterAt = 0;
    TimestampMs m_nextHeartbeatAt = 0;
    // The active controller the last heartbeats went to.
    std::optional<BrokerId> m_heartbeatController;
    std::function<void()> m_shutdownDone; // set during a controlled shutdown
    TimestampMs m_shutdownDeadline = 0;
    uint64_t m_nextRequestId = 1;
    std::map<uint64_t, PendingRpc> m_rpcs;
    std::map<std::pair<std::string, int32_t>, std::unique_ptr<LocalReplica>> m_replicas;
    std::vector<ParkedFetch> m_parked;
    // Partitions appended to since the parked fetches were last woken (one posted wake-up).
    std::set<std::pair<metadata::TopicId, int32_t>> m_grown;
    bool m_wakeScheduled = false;
    std::vector<SecurityWait> m_securityWaits;
    uint64_t m_securityApplied = 0; // MetadataImage::securityRecordsApplied() last applied
    bool m_importingSecurity = false;
    TimestampMs m_nextSecurityImportAt = 0;
    uint64_t m_nextGeneration = 1;
    std::vector<ReplicaKey> m_syncQueue; // replicas whose sync waits for the next round
    bool m_syncRoundScheduled = false;
    bool m_syncRoundInFlight = false;

    // Controller side.
    std::unique_ptr<metadata::Controller> m_controller;
    std::vector<PendingCommit> m_pendingCommits;
    TimestampMs m_nextControllerTick = 0;
    TimestampMs m_nextPreferredElection = 0;
};

} // namespace runnel::broker
