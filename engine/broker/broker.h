#pragma once

// Broker: one runneld process's brain. It owns the log manager (storage), the topic
// table (metadata image), the group coordinator, the listeners, the SCRAM credential
// store, the authorizer (when authorizer.class.name is set) and each SASL connection's
// authentication state, and answers every Kafka request. Everything runs on ONE
// event-loop thread (the io_context's): handlers never lock, and state changes happen in
// request order. Slow waits (long-polling fetches, group joins) park a continuation and
// answer later from the same thread.
//
// Lifecycle: construct → start() (opens and recovers the logs, loads topics and group
// offsets, binds listeners) → io_context.run() → stop() (closes listeners, answers
// nothing more, closes logs cleanly so the next start skips recovery).

#include "engine/broker/config.h"
#include "engine/broker/topic_table.h"
#include "engine/common/bytes.h"
#include "engine/common/result.h"
#include "engine/group/group_coordinator.h"
#include "engine/metadata/metadata_image.h"
#include "engine/metrics/broker_metrics.h"
#include "engine/metrics/http_endpoint.h"
#include "engine/net/server.h"
#include "engine/protocol/messages.h"
#include "engine/security/authorizer.h"
#include "engine/security/credential_store.h"
#include "engine/security/sasl_server.h"
#include "engine/storage/log_manager.h"
#include "engine/storage/sync_worker.h"

#include <asio.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace runnel::broker {

class ClusterMember;

// What a handler knows about the request it serves.
struct RequestContext
{
    protocol::ApiKey apiKey;
    int16_t apiVersion = 0;
    int32_t correlationId = 0;
    std::string clientId;
    const net::ConnectionInfo *connection = nullptr;
    std::string principal = "User:ANONYMOUS"; // the SASL user on SASL listeners
};

// What a fetch or offset lookup may see of a partition: its log, the offset below which
// consumers may read (the high watermark), the leader epoch; or the error to answer
// (UnknownTopicOrPartition; in a cluster also NotLeaderOrFollower).
struct ReadablePartition
{
    storage::PartitionLog *log = nullptr;
    Offset highWatermark{0};
    int32_t leaderEpoch = 0;
    ErrorCode error = ErrorCode::None;
};

struct BoundListener
{
    Listener listener;  // as configured
    uint16_t boundPort; // the port actually bound (differs when configured as 0)
};

class Broker : public net::RequestHandler
{
public:
    Broker(asio::io_context &io, BrokerConfig config);
    ~Broker() override;

    // The single broker is serving when start() returns. A cluster member (the file sets
    // controller.quorum.voters) only starts its quorum voter: it opens its logs and binds
    // its listeners once the metadata log names the cluster (finishClusterStart), takes
    // clients once the controller has unfenced it (acceptClients), and reports a failure
    // from then on (a cluster id that differs from its data's) through the fatal handler.
    Status start();
    void stop();
    // SIGTERM: a cluster member first hands its leaderships to other brokers (controlled
    // shutdown, at most timeoutMs), then stops; done runs after stop().
    void shutDown(int64_t timeoutMs, std::function<void()> done);
    void setFatalHandler(std::function<void(const Error &)> handler)
    {
        m_onFatal = std::move(handler);
    }

    const std::vector<BoundListener> &boundListeners() const { return m_bound; }
    // The port GET /metrics is served on (runnel.metrics.listener), 0 if none.
    uint16_t metricsPort() const { return m_metricsPort; }
    std::string clusterId() const;

    void handleRequest(const net::ConnectionInfo &connection,
                       Bytes frame,
                       net::Respond respond) override;
    void connectionClosed(const net::ConnectionInfo &connection) override;

private:
    friend class ClusterMember;
    struct PendingFetch;
    // A connection's authentication state on a SASL listener (absent on PLAINTEXT ones).
    struct Session
    {
        int16_t handshakeVersion = -1; // SaslHandshake version; 0 = raw tokens follow
        std::unique_ptr<security::SaslServer> sasl;
        bool authenticated = false;
        bool failed = false; // the next request closes the connection
        std::string principal;
    };
    struct PendingFlush
    {
        std::vector<storage::PartitionLog *> logs;
        std::function<void()> done;
    };

    using Handler = void (Broker::*)(const RequestContext &, ByteReader &, net::Respond);
    Handler handlerFor(protocol::ApiKey key) const;

    template<typename Response>
    Bytes encodeResponse(const RequestContext &ctx,
                         const Response &response,
                         size_t sizeHint = 256) const;
    template<typename Response>
    void reply(const RequestContext &ctx,
               const Response &response,
               net::Respond &respond,
               size_t sizeHint = 256) const;
    template<typename Request>
    bool decodeRequest(const RequestContext &ctx, ByteReader &reader, Request &request) const;
    void replyUnsupported(const RequestContext &ctx, net::Respond respond);

    // Handlers, one per API (handlers_*.cpp).
    void handleApiVersions(const RequestContext &, ByteReader &, net::Respond);
    void handleMetadata(const RequestContext &, ByteReader &, net::Respond);
    void handleDescribeCluster(const RequestContext &, ByteReader &, net::Respond);
    void handleProduce(const RequestContext &, ByteReader &, net::Respond);
    void handleFetch(const RequestContext &, ByteReader &, net::Respond);
    void handleListOffsets(const RequestContext &, ByteReader &, net::Respond);
    void handleOffsetForLeaderEpoch(const RequestContext &, ByteReader &, net::Respond);
    void handleDeleteRecords(const RequestContext &, ByteReader &, net::Respond);
    void handleCreateTopics(const RequestContext &, ByteReader &, net::Respond);
    void handleDeleteTopics(const RequestContext &, ByteReader &, net::Respond);
    void handleCreatePartitions(const RequestContext &, ByteReader &, net::Respond);
    void handleAlterPartitionReassignments(const RequestContext &, ByteReader &, net::Respond);
    void handleListPartitionReassignments(const RequestContext &, ByteReader &, net::Respond);
    void handleUnregisterBroker(const RequestContext &, ByteReader &, net::Respond);
    void handleDescribeConfigs(const RequestContext &, ByteReader &, net::Respond);
    void handleAlterConfigs(const RequestContext &, ByteReader &, net::Respond);
    void handleIncrementalAlterConfigs(const RequestContext &, ByteReader &, net::Respond);
    void handleInitProducerId(const RequestContext &, ByteReader &, net::Respond);
    void handleFindCoordinator(const RequestContext &, ByteReader &, net::Respond);
    void handleJoinGroup(const RequestContext &, ByteReader &, net::Respond);
    void handleSyncGroup(const RequestContext &, ByteReader &, net::Respond);
    void handleHeartbeat(const RequestContext &, ByteReader &, net::Respond);
    void handleLeaveGroup(const RequestContext &, ByteReader &, net::Respond);
    void handleOffsetCommit(const RequestContext &, ByteReader &, net::Respond);
    void handleOffsetFetch(const RequestContext &, ByteReader &, net::Respond);
    void handleListGroups(const RequestContext &, ByteReader &, net::Respond);
    void handleDescribeGroups(const RequestContext &, ByteReader &, net::Respond);
    void handleDeleteGroups(const RequestContext &, ByteReader &, net::Respond);
    void handleSaslHandshake(const RequestContext &, ByteReader &, net::Respond);
    void handleSaslAuthenticate(const RequestContext &, ByteReader &, net::Respond);
    void handleDescribeUserScramCredentials(const RequestContext &, ByteReader &, net::Respond);
    void handleAlterUserScramCredentials(const RequestContext &, ByteReader &, net::Respond);
    void handleCreateAcls(const RequestContext &, ByteReader &, net::Respond);
    void handleDescribeAcls(const RequestContext &, ByteReader &, net::Respond);
    void handleDeleteAcls(const RequestContext &, ByteReader &, net::Respond);

    // Security (handlers_security.cpp).
    const Listener *listenerOf(const net::ConnectionInfo &connection) const;
    bool isSaslListener(const net::ConnectionInfo &connection) const;
    // A raw SASL token after SaslHandshake v0 (kafka-python): no Kafka header.
    void handleRawSaslToken(const net::ConnectionInfo &connection,
                            Session &session,
                            Bytes frame,
                            net::Respond respond);
    // The one authorization check every handler uses: true when authorization is off,
    // else the authorizer's decision for the request's principal and host.
    bool allowed(const RequestContext &ctx,
                 security::AclOperation operation,
                 security::ResourceType type,
                 const std::string &name,
                 bool logDenial = true) const;
    bool allowedOnCluster(const RequestContext &ctx,
                          security::AclOperation operation,
                          bool logDenial = true) const;
    // DescribeConfigs/AlterConfigs: the authorization error for a config resource, or None.
    ErrorCode configAuthorization(const RequestContext &ctx,
                                  security::AclOperation operation,
                                  int8_t resourceType,
                                  const std::string &name) const;
    // Answers a failed login after connection.failed.authentication.delay.ms.
    void respondAfterFailedLogin(net::Respond respond, net::Response response);
    // Single broker: reads the files. Cluster member: builds both from the metadata image
    // and keeps what the files hold in m_securityImport (decision
    // 0016-scram-acls-in-metadata-log).
    Status loadSecurityState();
    Status persistScramCredentials(const security::CredentialStore &store);
    Status persistAcls();
    // Cluster member: the credentials and ACL bindings become the image's (called by the
    // ClusterMember after each commit that changed them).
    void applySecurityImage(const metadata::MetadataImage &image);

    // Opens the logs (with the cluster's id when clusterId is set), loads state and binds
    // the listeners.
    Status startServing(const std::string &clusterId);
    Status finishClusterStart(const std::string &clusterId);
    // Cluster member: the controller unfenced it (the first time); the listeners bound by
    // startServing start accepting.
    void acceptClients();
    // Cluster mode (handlers_cluster.cpp): the data path through PartitionReplica, and
    // topic changes and metadata answers through the controller and its image.
    void handleProduceReplicated(const RequestContext &, protocol::ProduceRequest &, net::Respond);
    // Live (unfenced) brokers as the image knows them, each with its endpoint on the
    // listener the client connected to.
    std::vector<std::pair<int32_t, Listener>>
    clusterEndpoints(const net::ConnectionInfo *connection) const;
    // Metadata's partitions of a replicated topic: leaders, replicas, ISR, offline replicas.
    void describeReplicatedTopic(const std::string &name,
                                 protocol::MetadataResponse::MetadataResponseTopic &out) const;
    int32_t controllerIdForClients() const;
    void handleCreateTopicsCluster(const RequestContext &,
                                   const protocol::CreateTopicsRequest &,
                                   net::Respond);
    void handleDeleteTopicsCluster(const RequestContext &,
                                   const protocol::DeleteTopicsRequest &,
                                   net::Respond);
    void handleCreatePartitionsCluster(const RequestContext &,
                                       const protocol::CreatePartitionsRequest &,
                                       net::Respond);
    ReadablePartition readablePartition(const std::string &topic, int32_t partition);

    // Topics.
    Result<const TopicInfo *> createTopic(const std::string &name,
                                          int32_t partitions,
                                          std::map<std::string, std::string> configs,
                                          bool internal);
    Status deleteTopic(const std::string &topicName);
    storage::PartitionLog *partitionLog(const std::string &topic, int32_t partition);
    storage::LogConfig logConfigFor(const TopicInfo &topic) const;
    // write.caching: acks=all answered before the sync; cached writes are synced every
    // flushMs (the topic's flush.ms when it or the broker sets one, else 100 ms).
    struct WriteCaching
    {
        bool on = false;
        int64_t flushMs = 100;
    };
    WriteCaching writeCachingFor(const TopicInfo &topic) const;
    // Syncs the write-cached partitions whose flush time has come (every group tick).
    void syncCachedWrites();
    // Pushes a topic's changed configs to its open partition logs.
    void reapplyTopicConfig(const std::string &name);
    // AlterConfigs and IncrementalAlterConfigs: validated here, stored in the topic table
    // on a single broker, committed through the controller in a cluster.
    template<typename Request, typename Response>
    void alterConfigsAndReply(const RequestContext &ctx,
                              const Request &request,
                              bool incremental,
                              net::Respond respond);
    const Listener *advertisedFor(const net::ConnectionInfo *connection) const;

    // Fetch long polling.
    void partitionGrew(const std::string &topic, int32_t partition);
    void completeFetch(const std::shared_ptr<PendingFetch> &pending);

    // acks=all: data synced before the answer (one sync per partition per round). The
    // syncs run on m_syncWorker; requests that arrive meanwhile wait for the next round.
    void flushThen(std::vector<storage::PartitionLog *> logs, std::function<void()> done);
    void runFlushRound();
    void flushRoundDone(std::vector<PendingFlush> round);

    // Group offsets in the internal __consumer_offsets topic.
    Status ensureOffsetsTopic();
    int32_t offsetsPartitionFor(const std::string &groupId) const;
    void persistGroupRecords(std::vector<group::StoredRecord> records,
                             std::function<void(ErrorCode)> done);
    Status loadGroupOffsets();
    // Reads one offsets partition's records up to its log end into m_groups.
    size_t loadOffsetsPartition(int32_t partition, storage::PartitionLog &log);
    // Consumer groups in a cluster (docs/replication.md): this broker coordinates the
    // groups whose offsets partition it leads. None if it coordinates groupId, else the
    // error for the client (NotCoordinator, CoordinatorLoadInProgress,
    // CoordinatorNotAvailable while __consumer_offsets is being created). None on a
    // single broker.
    ErrorCode groupCoordinatorError(const std::string &groupId);
    // Called by the ClusterMember whenever an offsets partition's leadership changes:
    // loads its groups when this broker leads it in a new leader epoch (asynchronously,
    // COORDINATOR_LOAD_IN_PROGRESS meanwhile), unloads them when it no longer leads it.
    void offsetsLeadershipChanged(int32_t partition, bool leads, LeaderEpoch epoch);
    // Appends one built batch per offsets partition through its PartitionReplica (acks=all);
    // done runs once every batch is below the high watermark, or with the first error.
    void persistGroupBatchesReplicated(std::map<int32_t, Bytes> batches,
                                       std::function<void(ErrorCode)> done);

    // Producer ids handed out in durable blocks.
    Result<int64_t> nextProducerId();

    void scheduleTicks();
    static TimestampMs nowMs();

    // Metrics (metrics_hooks.cpp): the endpoint, and what handlers report to m_metrics.
    Status startMetrics();
    metrics::BrokerGauges metricsGauges() const;
    void noteFetched(const protocol::FetchResponse &response);

    asio::io_context &m_io;
    BrokerConfig m_config;
    std::unique_ptr<storage::LogManager> m_logs;
    std::optional<TopicTable> m_topics;
    std::unique_ptr<group::GroupCoordinator> m_groups;
    std::unique_ptr<net::Server> m_server;
    std::vector<BoundListener> m_bound;

    security::CredentialStore m_scramCredentials;
    // Cluster member: the security files found at start, as records to offer to a
    // metadata log that never held any (ClusterMember::importSecurityIfNeeded).
    std::vector<metadata::MetadataRecord> m_securityImport;
    std::optional<security::Authorizer> m_authorizer; // set when authorizer.class.name is
    std::map<uint64_t, Session> m_sessions;           // by connection id

    std::vector<std::shared_ptr<PendingFetch>> m_pendingFetches;
    std::vector<PendingFlush> m_pendingFlushes;
    // write.caching partitions with unsynced writes, and when they are to be synced.
    std::map<std::pair<std::string, int32_t>, TimestampMs> m_cachedWrites;
    bool m_flushScheduled = false;
    bool m_flushInFlight = false; // a round's syncs are on m_syncWorker
    // fdatasync off the event loop: acks=all rounds here, the replicas' syncs in a cluster.
    std::unique_ptr<storage::SyncWorker> m_syncWorker = std::make_unique<storage::SyncWorker>();
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true); // for the worker's posts

    int64_t m_nextProducerId = -1;
    int64_t m_producerIdBlockEnd = -1;

    std::unique_ptr<ClusterMember> m_cluster; // set in cluster mode
    // Offsets partitions this broker leads → the leader epoch and load generation; loaded
    // once its records are in m_groups.
    struct OffsetsPartitionLoad
    {
        LeaderEpoch epoch{-1};
        uint64_t generation = 0;
        bool loaded = false;
    };
    std::map<int32_t, OffsetsPartitionLoad> m_offsetsPartitions;
    uint64_t m_nextOffsetsLoad = 1;
    bool m_creatingOffsetsTopic = false;
    std::function<void(const Error &)> m_onFatal;
    metrics::BrokerMetrics m_metrics;
    metrics::ProcessStats m_processStats;
    std::unique_ptr<metrics::MetricsEndpoint> m_metricsEndpoint;
    uint16_t m_metricsPort = 0;

    asio::steady_timer m_groupTimer;
    asio::steady_timer m_housekeepingTimer;
    bool m_stopped = false;
    bool m_acceptingClients = false; // a cluster member: once unfenced
};

} // namespace runnel::broker
