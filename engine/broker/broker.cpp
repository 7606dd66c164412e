#include "engine/broker/broker.h"

#include "engine/broker/broker_internal.h"
#include "engine/broker/cluster_member.h"
#include "engine/common/log.h"
#include "engine/protocol/api_table.h"
#include "engine/protocol/headers.h"
#include "engine/records/record_batch.h"

#include <fcntl.h>
#include <fstream>
#include <unistd.h>

namespace runnel::broker {

namespace {
constexpr int64_t kProducerIdBlockSize = 1000;
constexpr auto kGroupTickInterval = std::chrono::milliseconds(50);
} // namespace

Broker::Broker(asio::io_context &io, BrokerConfig config)
    : m_io(io)
    , m_config(std::move(config))
    , m_groupTimer(io)
    , m_housekeepingTimer(io)
{}

Broker::~Broker()
{
    stop();
}

TimestampMs Broker::nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string Broker::clusterId() const
{
    return m_logs ? m_logs->clusterId() : std::string();
}

Status Broker::start()
{
    if (m_config.cluster) {
        m_cluster = std::make_unique<ClusterMember>(m_io, *this);
        return m_cluster->start();
    }
    return startServing({});
}

Status Broker::finishClusterStart(const std::string &clusterId)
{
    Status s = startServing(clusterId);
    if (!s.ok() && s.code() == ErrorCode::InconsistentClusterId)
        return makeError(ErrorCode::InconsistentClusterId,
                         "refusing to join cluster " + clusterId + ": " + s.error().message
                             + " (give this broker empty log.dirs, or start it with the "
                               "voters of its own cluster)");
    return s;
}

Status Broker::startServing(const std::string &clusterId)
{
    std::vector<std::filesystem::path> dirs(m_config.logDirs.begin(), m_config.logDirs.end());
    storage::LogConfig defaults = toLogConfig(m_config.topicDefaults, {});
    defaults.encryptionKey = m_config.atRestKey;
    if (m_config.atRestKey)
        RLOG_INFO("broker") << "partition logs are encrypted at rest (data key id "
                            << m_config.atRestKey->keyId() << ")";
    auto logs = storage::LogManager::open(dirs, m_config.nodeId, clusterId, defaults);
    if (!logs)
        return logs.error();
    m_logs = std::move(logs).value();
    m_logs->setMaxBytes(m_config.logDirsMaxBytes);

    if (m_cluster) {
        // The metadata image is the durable copy; the member fills the table from it.
        m_topics = TopicTable::inMemory();
    } else {
        auto topics
            = TopicTable::load(std::filesystem::path(m_config.logDirs.front()) / "runnel-topics");
        if (!topics)
            return topics.error();
        m_topics = std::move(topics).value();
    }

    // Open every partition of every known topic; a partition whose directory vanished is
    // recreated empty (its data is gone, and saying so beats refusing to start).
    for (const auto &[name, topic] : m_topics->topics()) {
        for (int32_t p = 0; p < topic.partitionCount; ++p) {
            if (m_logs->get(name, p)) {
                m_logs->get(name, p)->setConfig(logConfigFor(topic));
                continue;
            }
            RLOG_WARN("broker") << "partition " << name << "-" << p
                                << " has no data directory; creating it empty";
            auto created = m_logs->create(name, p, logConfigFor(topic));
            if (!created)
                return created.error();
        }
    }
    // Partitions on disk that no topic knows (a topic deleted while the broker was down).
    // A cluster member keeps them until its replicas are reconciled with the image.
    for (const auto &[name, p] :
         m_cluster ? decltype(m_logs->partitions()){} : m_logs->partitions()) {
        const TopicInfo *t = m_topics->find(name);
        if (!t || p >= t->partitionCount) {
            RLOG_WARN("broker") << "removing partition " << name << "-" << p
                                << ": its topic no longer exists";
            [[maybe_unused]] Status s = m_logs->remove(name, p);
        }
    }

    group::GroupConfig groupConfig;
    groupConfig.minSessionTimeoutMs = m_config.groupMinSessionTimeoutMs;
    groupConfig.maxSessionTimeoutMs = m_config.groupMaxSessionTimeoutMs;
    groupConfig.initialRebalanceDelayMs = m_config.groupInitialRebalanceDelayMs;
    groupConfig.maxGroupSize = m_config.groupMaxSize;
    groupConfig.offsetMetadataMaxBytes = m_config.offsetMetadataMaxBytes;
    groupConfig.offsetsRetentionMs = m_config.offsetsRetentionMs;
    m_groups = std::make_unique<group::GroupCoordinator>(
        groupConfig,
        [this](std::vector<group::StoredRecord> records, std::function<void(ErrorCode)> done) {
            persistGroupRecords(std::move(records), std::move(done));
        });
    if (Status s = loadGroupOffsets(); !s.ok())
        return s;
    if (Status s = loadSecurityState(); !s.ok())
        return s;

    // TLS contexts, made once: SSL listeners honour ssl.client.auth, SASL_SSL ones ask for
    // no certificate (the client authenticates with SASL).
    std::shared_ptr<asio::ssl::context> sslContext, saslSslContext;
    for (const Listener &l : m_config.listeners) {
        auto &slot = l.protocol == SecurityProtocol::Ssl       ? sslContext
                     : l.protocol == SecurityProtocol::SaslSsl ? saslSslContext
                                                               : sslContext;
        if ((l.protocol != SecurityProtocol::Ssl && l.protocol != SecurityProtocol::SaslSsl)
            || slot)
            continue;
        net::TlsSettings settings = m_config.tls;
        if (l.protocol == SecurityProtocol::SaslSsl)
            settings.clientAuth = net::ClientAuth::None;
        auto context = net::makeServerTlsContext(settings);
        if (!context)
            return context.error();
        slot = std::move(context).value();
    }

    m_server = std::make_unique<net::Server>(m_io, *this, m_config.socketRequestMaxBytes);
    // A cluster member binds its ports now (its registration advertises them) but takes
    // clients only once the controller has unfenced it (acceptClients), as Kafka's brokers
    // do: until then a client could find it in Metadata and be refused a topic with
    // "replication factor 3 with 2 live brokers".
    for (const Listener &l : m_config.listeners) {
        auto port = m_server->listen({l.name,
                                      l.host,
                                      l.port,
                                      l.protocol == SecurityProtocol::Ssl       ? sslContext
                                      : l.protocol == SecurityProtocol::SaslSsl ? saslSslContext
                                                                                : nullptr},
                                     m_cluster != nullptr);
        if (!port)
            return port.error();
        m_bound.push_back({l, *port});
        RLOG_INFO("broker") << "listening on " << l.name << "://" << l.host << ":" << *port;
    }
    // Advertised listeners configured with port 0 advertise the bound port.
    for (Listener &adv : m_config.advertisedListeners)
        for (const BoundListener &b : m_bound)
            if (adv.name == b.listener.name && adv.port == 0)
                adv.port = b.boundPort;

    if (Status s = startMetrics(); !s.ok())
        return s;
    scheduleTicks();
    RLOG_INFO("broker") << "runneld node " << m_config.nodeId << " started (cluster "
                        << this->clusterId() << ", " << m_topics->topics().size() << " topics)";
    return Status::success();
}

void Broker::acceptClients()
{
    if (m_acceptingClients || !m_server || m_stopped)
        return;
    m_acceptingClients = true;
    m_server->startAccepting();
    RLOG_INFO("broker") << "runneld node " << m_config.nodeId << " takes clients";
}

void Broker::shutDown(int64_t timeoutMs, std::function<void()> done)
{
    if (!m_cluster) {
        stop();
        return done();
    }
    m_cluster->shutDownGracefully(timeoutMs, [this, done = std::move(done)] {
        stop();
        done();
    });
}

void Broker::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    asio::error_code ec;
    m_groupTimer.cancel();
    m_housekeepingTimer.cancel();
    if (m_server)
        m_server->stop();
    if (m_cluster)
        m_cluster->stop();
    // Syncs already started finish (their answers are no longer sent).
    *m_alive = false;
    m_syncWorker->stop();
    m_metricsEndpoint.reset();
    m_pendingFetches.clear();
    // Anything acknowledged with acks=1 is in the page cache; syncing at a clean stop
    // means even a power loss right after loses nothing.
    if (m_logs) {
        if (Status s = m_logs->closeAll(); !s.ok())
            RLOG_ERROR("broker") << "closing logs: " << s.error().message;
    }
    if (m_server)
        RLOG_INFO("broker") << "runneld node " << m_config.nodeId << " stopped";
}

void Broker::scheduleTicks()
{
    m_groupTimer.expires_after(kGroupTickInterval);
    m_groupTimer.async_wait([this](const asio::error_code &ec) {
        if (ec || m_stopped)
            return;
        m_groups->tick(nowMs());
        syncCachedWrites();
        scheduleTicks();
    });
    if (m_housekeepingTimer.expiry() <= asio::steady_timer::clock_type::now()) {
        m_housekeepingTimer.expires_after(
            std::chrono::milliseconds(m_config.logRetentionCheckIntervalMs));
        m_housekeepingTimer.async_wait([this](const asio::error_code &ec) {
            if (ec || m_stopped)
                return;
            m_logs->runHousekeeping(nowMs());
        });
    }
}

// --- request dispatch -------------------------------------------------------------------

Broker::Handler Broker::handlerFor(protocol::ApiKey key) const
{
    using protocol::ApiKey;
    switch (key) {
    case ApiKey::ApiVersions:
        return &Broker::handleApiVersions;
    case ApiKey::Metadata:
        return &Broker::handleMetadata;
    case ApiKey::DescribeCluster:
        return &Broker::handleDescribeCluster;
    case ApiKey::Produce:
        return &Broker::handleProduce;
    case ApiKey::Fetch:
        return &Broker::handleFetch;
    case ApiKey::ListOffsets:
        return &Broker::handleListOffsets;
    case ApiKey::OffsetForLeaderEpoch:
        return &Broker::handleOffsetForLeaderEpoch;
    case ApiKey::DeleteRecords:
        return &Broker::handleDeleteRecords;
    case ApiKey::CreateTopics:
        return &Broker::handleCreateTopics;
    case ApiKey::DeleteTopics:
        return &Broker::handleDeleteTopics;
    case ApiKey::CreatePartitions:
        return &Broker::handleCreatePartitions;
    case ApiKey::AlterPartitionReassignments:
        return &Broker::handleAlterPartitionReassignments;
    case ApiKey::ListPartitionReassignments:
        return &Broker::handleListPartitionReassignments;
    case ApiKey::UnregisterBroker:
        return &Broker::handleUnregisterBroker;
    case ApiKey::DescribeConfigs:
        return &Broker::handleDescribeConfigs;
    case ApiKey::AlterConfigs:
        return &Broker::handleAlterConfigs;
    case ApiKey::IncrementalAlterConfigs:
        return &Broker::handleIncrementalAlterConfigs;
    case ApiKey::InitProducerId:
        return &Broker::handleInitProducerId;
    case ApiKey::FindCoordinator:
        return &Broker::handleFindCoordinator;
    case ApiKey::JoinGroup:
        return &Broker::handleJoinGroup;
    case ApiKey::SyncGroup:
        return &Broker::handleSyncGroup;
    case ApiKey::Heartbeat:
        return &Broker::handleHeartbeat;
    case ApiKey::LeaveGroup:
        return &Broker::handleLeaveGroup;
    case ApiKey::OffsetCommit:
        return &Broker::handleOffsetCommit;
    case ApiKey::OffsetFetch:
        return &Broker::handleOffsetFetch;
    case ApiKey::ListGroups:
        return &Broker::handleListGroups;
    case ApiKey::DescribeGroups:
        return &Broker::handleDescribeGroups;
    case ApiKey::DeleteGroups:
        return &Broker::handleDeleteGroups;
    case ApiKey::SaslHandshake:
        return &Broker::handleSaslHandshake;
    case ApiKey::SaslAuthenticate:
        return &Broker::handleSaslAuthenticate;
    case ApiKey::DescribeUserScramCredentials:
        return &Broker::handleDescribeUserScramCredentials;
    case ApiKey::AlterUserScramCredentials:
        return &Broker::handleAlterUserScramCredentials;
    case ApiKey::CreateAcls:
        return &Broker::handleCreateAcls;
    case ApiKey::DescribeAcls:
        return &Broker::handleDescribeAcls;
    case ApiKey::DeleteAcls:
        return &Broker::handleDeleteAcls;
    default:
        return nullptr;
    }
}

void Broker::handleRequest(const net::ConnectionInfo &connection, Bytes frame, net::Respond respond)
{
    if (m_stopped)
        return respond(net::Response::close());
    // Metrics: request size and kind now; total time when answered, local time on return.
    auto timing = m_metrics.startRequest(connection.id, frame.data(), frame.size());
    metrics::RequestTiming::HandlerScope handlerScope(timing);
    respond = [timing, inner = std::move(respond)](net::Response r) {
        timing->answered();
        inner(std::move(r));
    };
    Session *session = nullptr;
    if (isSaslListener(connection)) {
        session = &m_sessions[connection.id];
        if (session->failed)
            return respond(net::Response::close());
        if (!session->authenticated && session->handshakeVersion == 0 && session->sasl)
            return handleRawSaslToken(connection, *session, std::move(frame), std::move(respond));
    }
    ByteReader peek(frame);
    const int16_t apiKey = peek.readI16();
    const int16_t apiVersion = peek.readI16();
    const int32_t correlationId = peek.readI32();
    if (!peek.ok()) {
        RLOG_WARN("broker") << "closing connection from " << connection.peer << ": request of "
                            << frame.size() << " bytes has no complete header";
        return respond(net::Response::close());
    }
    RequestContext ctx{
        static_cast<protocol::ApiKey>(apiKey), apiVersion, correlationId, {}, &connection};
    if (session) {
        using protocol::ApiKey;
        if (!session->authenticated && ctx.apiKey != ApiKey::ApiVersions
            && ctx.apiKey != ApiKey::SaslHandshake && ctx.apiKey != ApiKey::SaslAuthenticate) {
            // As Kafka: anything else before authentication ends the connection.
            RLOG_WARN("broker") << "closing connection from " << connection.peer << " on "
                                << connection.listenerName << ": " << protocol::apiName(ctx.apiKey)
                                << " request before SASL authentication";
            return respond(net::Response::close());
        }
        if (session->authenticated)
            ctx.principal = session->principal;
    } else if (!connection.peerCertificateSubject.empty()) {
        // SSL listener with a client certificate: Kafka's default principal is its DN.
        ctx.principal = "User:" + connection.peerCertificateSubject;
    }

    const protocol::ApiVersionRange *range = protocol::findApi(apiKey);
    Handler handler = range ? handlerFor(ctx.apiKey) : nullptr;
    if (!handler) {
        RLOG_WARN("broker") << "client " << connection.peer << " sent unsupported API key "
                            << apiKey << " v" << apiVersion;
        return replyUnsupported(ctx, std::move(respond));
    }
    if (apiVersion < range->minVersion || apiVersion > range->maxVersion) {
        if (ctx.apiKey == protocol::ApiKey::ApiVersions) {
            // KIP-511: answer with a v0 body listing what we support, so the client retries.
            return (this->*handler)(ctx, peek, std::move(respond));
        }
        RLOG_WARN("broker") << "client " << connection.peer << " sent "
                            << protocol::apiName(ctx.apiKey) << " v" << apiVersion
                            << ", outside the supported range " << range->minVersion << "-"
                            << range->maxVersion;
        return replyUnsupported(ctx, std::move(respond));
    }

    ByteReader reader(frame);
    protocol::RequestHeader header;
    if (!header.decode(reader, protocol::requestHeaderVersion(ctx.apiKey, apiVersion))) {
        RLOG_WARN("broker") << "closing connection from " << connection.peer << ": malformed "
                            << protocol::apiName(ctx.apiKey) << " v" << apiVersion
                            << " request header";
        return respond(net::Response::close());
    }
    ctx.clientId = header.clientId.value_or("");
    (this->*handler)(ctx, reader, std::move(respond));
}

void Broker::replyUnsupported(const RequestContext &ctx, net::Respond respond)
{
    // There is no body schema for a version we do not know, so answer as Kafka does for
    // request-level failures: the response header and an UNSUPPORTED_VERSION error code,
    // which clients that checked ApiVersions never reach.
    Bytes out;
    ByteWriter w(out);
    protocol::encodeResponseHeader(w, ctx.correlationId, 0);
    w.writeI16(static_cast<int16_t>(ErrorCode::UnsupportedVersion));
    respond(net::Response::send(std::move(out)));
}

// --- topics ------------------------------------------------------------------------------

storage::LogConfig Broker::logConfigFor(const TopicInfo &topic) const
{
    return toLogConfig(m_config.topicDefaults, topic.configs);
}

Broker::WriteCaching Broker::writeCachingFor(const TopicInfo &topic) const
{
    WriteCaching w;
    w.on = effectiveTopicConfig(m_config.topicDefaults, topic.configs, "write.caching") == "true";
    const std::string flushMs
        = effectiveTopicConfig(m_config.topicDefaults, topic.configs, "flush.ms");
    const int64_t never = std::numeric_limits<int64_t>::max();
    const int64_t set = std::strtoll(flushMs.c_str(), nullptr, 10);
    if (set > 0 && set < never)
        w.flushMs = set;
    return w;
}

void Broker::syncCachedWrites()
{
    const TimestampMs now = nowMs();
    for (auto it = m_cachedWrites.begin(); it != m_cachedWrites.end();) {
        if (it->second > now) {
            ++it;
            continue;
        }
        // Looked up again: the topic may have been deleted since the write.
        if (storage::PartitionLog *log = partitionLog(it->first.first, it->first.second))
            if (Status s = log->flush(); !s.ok())
                RLOG_ERROR("broker") << "sync failed: " << s.error().message;
        it = m_cachedWrites.erase(it);
    }
}

storage::PartitionLog *Broker::partitionLog(const std::string &topic, int32_t partition)
{
    return m_logs->get(topic, partition);
}

Result<const TopicInfo *> Broker::createTopic(const std::string &name,
                                              int32_t partitions,
                                              std::map<std::string, std::string> configs,
                                              bool internal)
{
    auto created = m_topics->create(name, partitions, std::move(configs), internal);
    if (!created)
        return created;
    const TopicInfo *topic = created.value();
    for (int32_t p = 0; p < partitions; ++p) {
        auto log = m_logs->create(name, p, logConfigFor(*topic));
        if (!log) {
            RLOG_ERROR("broker") << "creating partition " << name << "-" << p << ": "
                                 << log.error().message;
            for (int32_t q = 0; q < p; ++q)
                [[maybe_unused]] Status s = m_logs->remove(name, q);
            [[maybe_unused]] Status s = m_topics->remove(name);
            return log.error();
        }
    }
    RLOG_INFO("broker") << "created topic " << name << " with " << partitions << " partition(s)";
    return topic;
}

Status Broker::deleteTopic(const std::string &topicName)
{
    const std::string name = topicName; // the caller's reference may point into the table
    const TopicInfo *topic = m_topics->find(name);
    if (!topic)
        return makeError(ErrorCode::UnknownTopicOrPartition, "no topic '" + name + "'");
    const int32_t count = topic->partitionCount;
    if (Status s = m_topics->remove(name); !s.ok())
        return s;
    for (int32_t p = 0; p < count; ++p)
        if (Status s = m_logs->remove(name, p); !s.ok())
            RLOG_WARN("broker") << "removing " << name << "-" << p << ": " << s.error().message;
    m_groups->removeOffsetsForTopic(name);
    RLOG_INFO("broker") << "deleted topic " << name;
    return Status::success();
}

const Listener *Broker::advertisedFor(const net::ConnectionInfo *connection) const
{
    if (connection)
        for (const Listener &l : m_config.advertisedListeners)
            if (l.name == connection->listenerName)
                return &l;
    return m_config.advertisedListeners.empty() ? nullptr : &m_config.advertisedListeners.front();
}

// --- acks=all group commit ---------------------------------------------------------------

void Broker::flushThen(std::vector<storage::PartitionLog *> logs, std::function<void()> done)
{
    m_pendingFlushes.push_back({std::move(logs), std::move(done)});
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        // Let every request already received run first, so one sync covers them all.
        asio::post(m_io, [this] { runFlushRound(); });
    }
}

void Broker::runFlushRound()
{
    m_flushScheduled = false;
    if (m_flushInFlight || m_stopped)
        return; // flushRoundDone starts the next round
    auto round = std::move(m_pendingFlushes);
    m_pendingFlushes.clear();
    if (round.empty())
        return;
    std::set<storage::PartitionLog *> dirty;
    for (auto &f : round)
        dirty.insert(f.logs.begin(), f.logs.end());
    // The handles are taken now, on the event loop: what was appended before this point is
    // covered; appends made while the worker syncs wait for the next round.
    std::vector<storage::SyncItem> items;
    for (storage::PartitionLog *log : dirty) {
        auto handle = log->syncHandle();
        if (handle)
            items.push_back(std::move(handle->item));
        else
            RLOG_ERROR("broker") << "sync failed: " << handle.error().message;
    }
    m_flushInFlight = true;
    auto pending = std::make_shared<std::vector<PendingFlush>>(std::move(round));
    m_syncWorker->submit(std::move(items),
                         [this, alive = m_alive, pending](std::vector<Status> results) {
                             for (const Status &s : results)
                                 if (!s.ok())
                                     RLOG_ERROR("broker") << "sync failed: " << s.error().message;
                             asio::post(m_io, [this, alive, pending] {
                                 if (*alive)
                                     flushRoundDone(std::move(*pending));
                             });
                         });
}

void Broker::flushRoundDone(std::vector<PendingFlush> round)
{
    m_flushInFlight = false;
    for (auto &f : round)
        f.done();
    if (!m_pendingFlushes.empty() && !m_flushScheduled) {
        m_flushScheduled = true;
        asio::post(m_io, [this] { runFlushRound(); });
    }
}

// --- producer ids ------------------------------------------------------------------------

Result<int64_t> Broker::nextProducerId()
{
    const auto file = std::filesystem::path(m_config.logDirs.front()) / "runnel-producer-ids";
    if (m_nextProducerId < 0) {
        int64_t persisted = 0;
        std::ifstream in(file);
        if (in)
            in >> persisted;
        // In a cluster every broker hands out ids from its own range (node.id << 40), so
        // no two brokers can give the same id without asking each other.
        const int64_t floor = m_cluster ? static_cast<int64_t>(m_config.nodeId) << 40 : 0;
        m_nextProducerId = m_producerIdBlockEnd = std::max<int64_t>(persisted, floor);
    }
    if (m_nextProducerId >= m_producerIdBlockEnd) {
        // Reserve the next block durably before handing out any id from it, so a restart
        // never reuses an id.
        const int64_t end = m_producerIdBlockEnd + kProducerIdBlockSize;
        if (Status s = writeFileDurably(file, std::to_string(end) + "\n"); !s.ok())
            return s.error();
        m_producerIdBlockEnd = end;
    }
    return m_nextProducerId++;
}

} // namespace runnel::broker
