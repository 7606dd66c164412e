#include "engine/broker/cluster_member.h"

#include "engine/broker/broker.h"
#include "engine/broker/properties.h"
#include "engine/common/log.h"
#include "engine/records/record_batch.h"
#include "engine/storage/log_manager.h"

#include <chrono>
#include <random>
#include <type_traits>

namespace runnel::broker {

using namespace runnel::metadata;
using replication::PartitionEpoch;
using replication::PartitionReplica;

namespace {

constexpr const char *kComponent = "cluster";
constexpr auto kTickInterval = std::chrono::milliseconds(10);
constexpr int64_t kControllerTickMs = 100;
constexpr int64_t kRpcTimeoutMs = 5000;
constexpr int64_t kRetryMs = 300;
constexpr int64_t kQuorumLingerMs = 300;
constexpr const char *kOffsetsTopic = "__consumer_offsets";

TimestampMs wallNow()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

protocol::Uuid toProtocolUuid(const metadata::Uuid &id)
{
    protocol::Uuid out;
    out.bytes = id;
    return out;
}

} // namespace

// ---- ReplicaLog over the broker's storage::PartitionLog ----

class ReplicaLogAdapter : public replication::ReplicaLog
{
public:
    // checkRoom: the broker's storage limit (LogManager::checkRoom), asked before a
    // follower append so that a full broker stops replicating (and drops out of the ISR
    // after replica.lag.time.max.ms) instead of growing past runnel.log.dirs.max.bytes.
    ReplicaLogAdapter(storage::PartitionLog &log,
                      std::function<void()> startSync,
                      std::function<Status(int64_t)> checkRoom)
        : m_log(log)
        , m_startSync(std::move(startSync))
        , m_checkRoom(std::move(checkRoom))
    {
        // What recovery found may have reached the page cache only (a crash of the
        // process, not of the machine): sync it once before counting it as durable.
        if (Status s = m_log.flush(); !s.ok())
            RLOG_ERROR(kComponent)
                << "sync of " << m_log.dir().string() << " failed: " << s.error().message;
        else
            m_synced = m_log.logEndOffset();
    }

    Offset logStartOffset() const override { return m_log.logStartOffset(); }
    Offset logEndOffset() const override { return m_log.logEndOffset(); }

    Result<replication::LogAppendInfo>
    appendAsLeader(std::span<uint8_t> batches, LeaderEpoch epoch, TimestampMs now) override
    {
        auto r = m_log.append(batches, now, epoch);
        if (!r && r.error().code == ErrorCode::OutOfOrderSequenceNumber) {
            // A batch that arrives before an earlier one of its producer (which failed at
            // a former leader, or is still on its way) is asked to come again, as a leader
            // change asks — not refused with OUT_OF_ORDER_SEQUENCE_NUMBER, which makes
            // librdkafka bump its producer epoch and re-send every unacknowledged batch,
            // on every partition, under numbers no broker can match to the copies already
            // written (the chaos test's duplicate). Retried in order, both are written once.
            auto h = records::parseBatchHeader(ByteSpan(batches.data(), batches.size()));
            if (h
                && storage::ProducerStateManager::sequenceGapAhead(
                    *h, m_log.producerState(h->producerId)))
                return makeError(ErrorCode::NotLeaderOrFollower,
                                 "an earlier batch of producer " + std::to_string(h->producerId)
                                     + " is not written here yet; send them again in order");
        }
        if (!r)
            return r.error();
        // An idempotent retry keeps the original offsets; they may be below the synced end.
        return replication::LogAppendInfo{r->firstOffset, r->lastOffset};
    }

    std::optional<replication::LogAppendInfo>
    findDuplicate(std::span<const uint8_t> batches) const override
    {
        auto dup = m_log.findDuplicate(batches);
        if (!dup)
            return std::nullopt;
        RLOG_INFO(kComponent) << m_log.dir().filename().string()
                              << ": an idempotent retry of offsets " << dup->firstOffset << ".."
                              << dup->lastOffset << " is answered with them";
        return replication::LogAppendInfo{dup->firstOffset, dup->lastOffset};
    }

    Result<replication::LogAppendInfo> appendAsFollower(std::span<uint8_t> batches,
                                                        TimestampMs now) override
    {
        if (batches.size() < 8)
            return makeError(ErrorCode::CorruptMessage, "replicated data is shorter than a batch");
        auto base = static_cast<int64_t>(loadBE64(batches.data()));
        if (base != m_log.logEndOffset().value())
            return makeError(ErrorCode::CorruptMessage,
                             "replicated batch starts at " + std::to_string(base)
                                 + ", not at the log end "
                                 + std::to_string(m_log.logEndOffset().value()));
        if (Status room = m_checkRoom(static_cast<int64_t>(batches.size())); !room.ok()) {
            if (!m_refusedForRoom)
                RLOG_WARN(kComponent) << "not replicating into " << m_log.dir().string() << ": "
                                      << room.error().message;
            m_refusedForRoom = true;
            return room.error();
        }
        m_refusedForRoom = false;
        auto r = m_log.appendAsFollower(batches, now);
        if (!r)
            return r.error();
        return replication::LogAppendInfo{r->firstOffset, r->lastOffset};
    }

    Status truncateTo(Offset offset) override
    {
        m_truncatedTo = std::min(m_truncatedTo, offset);
        Status s = m_log.truncateTo(offset);
        if (m_synced > m_log.logEndOffset())
            m_synced = m_log.logEndOffset();
        return s;
    }

    Status advanceLogStartOffset(Offset offset) override
    {
        return m_log.deleteRecordsBefore(offset);
    }

    Status truncateFullyAndStartAt(Offset offset) override
    {
        m_truncatedTo = std::min(m_truncatedTo, offset);
        Status s = m_log.truncateFullyAndStartAt(offset);
        m_synced = m_log.logEndOffset(); // an empty log has nothing left to sync
        return s;
    }

    Result<Bytes> read(Offset from, size_t maxBytes, Offset upTo) const override
    {
        auto r = m_log.read(from, maxBytes, upTo, true);
        if (!r)
            return r.error();
        return std::move(r->data);
    }

    replication::EpochEndOffset endOffsetForEpoch(LeaderEpoch epoch) const override
    {
        auto [e, end] = m_log.endOffsetForEpoch(epoch);
        return {e, end};
    }
    LeaderEpoch latestEpoch() const override { return m_log.latestEpoch(); }

    Offset syncedOffset() const override { return m_synced; }
    void requestSync() override
    {
        if (m_syncInFlight)
            return;
        m_syncInFlight = true;
        m_startSync();
    }
    bool syncInFlight() const override { return m_syncInFlight; }

    // The sync requestSync() asked for runs on the broker's SyncWorker, in a round with the
    // other replicas' (ClusterMember::startSyncRound): beginSync takes the handle on the
    // event loop — what is appended from then on waits for the next round — and
    // completeSync moves syncedOffset when the worker's answer is back.
    Result<storage::SyncItem> beginSync()
    {
        auto handle = m_log.syncHandle();
        if (!handle)
            return handle.error();
        m_syncTarget = handle->end;
        m_truncatedTo = handle->end;
        return std::move(handle->item);
    }
    void completeSync(const Status &result)
    {
        m_syncInFlight = false;
        if (!result.ok()) {
            RLOG_ERROR(kComponent)
                << "sync of " << m_log.dir().string() << " failed: " << result.error().message;
            return;
        }
        // Data rewritten below the target after a truncation during the sync may have missed
        // it; only what stayed in place counts.
        Offset covered = std::min({m_syncTarget, m_truncatedTo, m_log.logEndOffset()});
        m_synced = std::max(m_synced, covered);
    }

    storage::PartitionLog &log() { return m_log; }

private:
    storage::PartitionLog &m_log;
    std::function<void()> m_startSync;
    std::function<Status(int64_t)> m_checkRoom;
    bool m_refusedForRoom = false; // warn once per full spell, not at every fetch
    Offset m_synced{0};
    Offset m_syncTarget{0};
    // The lowest truncation point since beginSync (m_syncTarget when none).
    Offset m_truncatedTo{0};
    bool m_syncInFlight = false;
};

struct ClusterMember::LocalReplica
{
    std::string topic;
    int32_t partition = 0;
    TopicId topicId{};
    uint64_t generation = 0;
    std::unique_ptr<ReplicaLogAdapter> log;
    std::unique_ptr<PartitionReplica> replica;
    LeaderEpoch appliedLeaderEpoch{-1};
    int32_t appliedPartitionEpoch = -1;
};

// ---- lifecycle ----

ClusterMember::ClusterMember(asio::io_context &io, Broker &broker)
    : m_io(io)
    , m_broker(broker)
    , m_self(broker.m_config.nodeId)
    , m_timer(io)
    , m_shutdownTimer(io)
{
    std::random_device rd;
    for (auto &b : m_incarnation)
        b = static_cast<uint8_t>(rd());
}

ClusterMember::~ClusterMember()
{
    stop();
}

Status ClusterMember::start()
{
    const ClusterSettings &cs = *m_broker.m_config.cluster;
    auto voters = cluster::parseQuorumVoters(cs.quorumVoters);
    if (!voters)
        return voters.error();
    cluster::QuorumConfig qc;
    qc.selfId = m_self;
    qc.voters = voters.value();
    qc.listenHost = cs.controllerListener.host;
    qc.listenPort = cs.controllerListener.port;
    qc.observer = cs.brokerOnly;
    qc.observerHost = peerHost();
    if (cs.controllerListener.protocol == SecurityProtocol::Ssl) {
        // CONTROLLER:SSL — quorum traffic and every peer frame (registrations, replica
        // fetches) run over mutual TLS with the broker certificates.
        auto server = net::makePeerTlsContext(m_broker.m_config.tls, true);
        if (!server)
            return server.error();
        auto client = net::makePeerTlsContext(m_broker.m_config.tls, false);
        if (!client)
            return client.error();
        qc.serverTls = std::move(server).value();
        qc.peerLink.tls = std::move(client).value();
    }
    qc.dir = cs.metadataLogDir;
    qc.raft.electionTimeoutMs = cs.electionTimeoutMs;
    qc.raft.electionJitterMs = cs.electionTimeoutMs;
    qc.raft.fetchTimeoutMs = cs.quorumFetchTimeoutMs;
    qc.peerLossGraceMs = cs.connectionLossMs;
    std::error_code ec;
    std::filesystem::create_directories(qc.dir, ec);
    cluster::QuorumCallbacks callbacks;
    callbacks.onCommitted = [this](const std::vector<LogEntry> &e) {
        onCommitted(e);
    };
    callbacks.onRoleChanged = [this](const RoleChanged &c) {
        onRoleChanged(c);
    };
    callbacks.onFatalError = [this](const Error &e) {
        fatal(e);
    };
    callbacks.onPeerMessage = [this](NodeId from, ByteSpan p) {
        onPeerMessage(from, p);
    };
    auto quorum = cluster::QuorumService::start(m_io, std::move(qc), std::move(callbacks));
    if (!quorum)
        return quorum.error();
    m_quorum = std::move(quorum).value();
    RLOG_INFO(kComponent) << "node " << m_self << ": metadata quorum voter on "
                          << cs.controllerListener.host << ":" << m_quorum->listenPort()
                          << "; waiting for the quorum before serving clients";
    scheduleTick();
    return Status::success();
}

void ClusterMember::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    *m_alive = false;
    m_timer.cancel();
    for (auto &[key, r] : m_replicas)
        r->replica->stop();
    m_replicas.clear();
    m_parked.clear();
    m_controller.reset();
    m_pendingCommits.clear();
    m_rpcs.clear();
    m_securityWaits.clear();
    if (m_quorum)
        m_quorum->stop();
}

void ClusterMember::shutDownGracefully(int64_t timeoutMs, std::function<void()> done)
{
    bool otherLive = false;
    for (const auto &[id, b] : m_image.brokers())
        otherLive |= id != m_self.value() && !b.fenced;
    // With no other live broker there is no one to hand leadership to.
    if (!m_ready || !m_registered || m_stopped || m_shutdownDone || !otherLive) {
        done();
        return;
    }
    RLOG_INFO(kComponent) << "node " << m_self
                          << ": controlled shutdown, moving leadership to other brokers";
    m_shutdownDone = std::move(done);
    m_shutdownDeadline = wallNow() + timeoutMs;
    m_nextHeartbeatAt = 0;
}

void ClusterMember::fatal(const Error &error)
{
    if (m_broker.m_onFatal)
        m_broker.m_onFatal(error);
}

std::optional<BrokerId> ClusterMember::activeController() const
{
    if (!m_quorum)
        return std::nullopt;
    return m_quorum->leaderId();
}

void ClusterMember::scheduleTick()
{
    m_timer.expires_after(kTickInterval);
    m_timer.async_wait([this, alive = m_alive](const asio::error_code &ec) {
        if (ec || !*alive || m_stopped)
            return;
        tick();
        if (!m_stopped)
            scheduleTick();
    });
}

void ClusterMember::tick()
{
    const TimestampMs now = wallNow();
    checkReady();
    if (m_stopped)
        return;
    // Controller duties: fencing brokers whose heartbeats stopped.
    if (m_controller && now >= m_nextControllerTick) {
        m_nextControllerTick = now + kControllerTickMs;
        auto result = m_controller->tick(now);
        if (!result.records.empty())
            proposeThen(std::move(result.records), {});
    }
    // A broker whose process is gone is fenced as soon as its connection has stayed closed
    // for the grace, not a whole session later.
    if (m_controller) {
        std::vector<std::pair<BrokerId, TimestampMs>> lost;
        for (const auto &[id, b] : m_controller->image().brokers())
            if (id != m_self.value() && !b.fenced)
                if (auto forMs = m_quorum->peerLostForMs(NodeId(id)))
                    lost.emplace_back(BrokerId(id), now - *forMs);
        if (!lost.empty()) {
            auto result = m_controller->fenceUnreachable(lost);
            if (!result.records.empty())
                proposeThen(std::move(result.records), {});
        }
    }
    const ClusterSettings &cs = *m_broker.m_config.cluster;
    if (m_controller && cs.autoLeaderRebalanceEnable && now >= m_nextPreferredElection) {
        m_nextPreferredElection = now + cs.leaderImbalanceCheckIntervalSeconds * 1000;
        auto result = m_controller->electPreferredLeaders();
        if (result.response.ok() && result.response.value() > 0) {
            RLOG_INFO(kComponent) << "moving " << result.response.value()
                                  << " partition(s) back to their preferred leader";
            proposeThen(std::move(result.records), {});
        }
    }
    failRpcsToFormerController();
    // Requests to the controller that got no reply.
    for (auto it = m_rpcs.begin(); it != m_rpcs.end();) {
        if (it->second.deadline > now) {
            ++it;
            continue;
        }
        Done done = std::move(it->second.done);
        it = m_rpcs.erase(it);
        rpc::Reply timeout;
        timeout.error = ErrorCode::RequestTimedOut;
        timeout.message = "the controller did not answer in time";
        if (done)
            done(timeout);
    }
    if (m_shutdownDone && now >= m_shutdownDeadline) {
        RLOG_WARN(kComponent) << "node " << m_self
                              << ": controlled shutdown did not finish in time; stopping anyway";
        auto done = std::move(m_shutdownDone);
        m_shutdownDone = nullptr;
        done();
        return;
    }
    if (!m_ready)
        return;
    // A new active controller starts every session at its takeover and hears from this
    // broker only by its next heartbeat: send it now rather than an interval later.
    if (const auto controller = m_quorum->leaderId(); controller != m_heartbeatController) {
        m_heartbeatController = controller;
        m_nextHeartbeatAt = 0;
    }
    registerIfNeeded(now);
    heartbeatIfDue(now);
    importSecurityIfNeeded(now);
    finishSecurityWaits(now);
    for (auto &[key, r] : m_replicas)
        r->replica->onTick(now);
    // Parked follower fetches whose wait is over.
    answerParked([now](const ParkedFetch &p) { return p.deadline <= now; });
    drain();
}

void ClusterMember::failRpcsToFormerController()
{
    const std::optional<BrokerId> leader = m_quorum ? m_quorum->leaderId() : std::nullopt;
    std::vector<Done> failed;
    for (auto it = m_rpcs.begin(); it != m_rpcs.end();) {
        if (leader && it->second.controller == *leader) {
            ++it;
            continue;
        }
        failed.push_back(std::move(it->second.done));
        it = m_rpcs.erase(it);
    }
    for (Done &done : failed) {
        rpc::Reply r;
        r.error = ErrorCode::NotController;
        r.message = "the active controller changed before it answered";
        if (done)
            done(r);
    }
}

void ClusterMember::checkReady()
{
    if (m_ready || m_stopped || !m_quorum)
        return;
    if (m_image.clusterId().empty() || !m_quorum->leaderId()
        || m_quorum->commitOffset().value() == 0
        || m_image.appliedOffset() < m_quorum->commitOffset())
        return;
    m_ready = true;
    RLOG_INFO(kComponent) << "node " << m_self << ": metadata caught up to offset "
                          << m_image.appliedOffset() << " of cluster " << m_image.clusterId();
    if (Status s = m_broker.finishClusterStart(m_image.clusterId()); !s.ok()) {
        fatal(s.error());
        return;
    }
    // finishClusterStart built the authenticator and authorizer from the image.
    m_securityApplied = m_image.securityRecordsApplied();
    reconcile();
}

// ---- quorum callbacks ----

void ClusterMember::onCommitted(const std::vector<LogEntry> &entries)
{
    std::vector<int32_t> registered;
    for (const auto &[id, b] : m_image.brokers())
        registered.push_back(id);
    for (const LogEntry &e : entries) {
        [[maybe_unused]] Status s = m_image.applyEntry(e);
        if (e.kind == EntryKind::LeaderChange && m_quorum && e.epoch == m_quorum->epoch()
            && m_quorum->role() == RaftRole::Leader && !m_controller)
            becomeController();
    }
    firePendingCommits();
    // Broker-only members are reachable at the peer endpoint of their registration, and
    // unregistered ones are no longer dialled.
    if (m_quorum) {
        for (int32_t id : registered)
            if (!m_image.broker(BrokerId(id)))
                m_quorum->removeObserver(NodeId(id));
        const std::string &peerListener = m_broker.m_config.cluster->controllerListener.name;
        for (const auto &[id, b] : m_image.brokers())
            for (const Endpoint &e : b.endpoints)
                if (e.name == peerListener)
                    m_quorum->addPeer(b.id, e.host, e.port);
    }
    if (m_ready) {
        applySecurityIfChanged();
        reconcile();
    } else {
        checkReady();
    }
}

std::string ClusterMember::peerHost() const
{
    const std::string &host = m_broker.m_config.cluster->controllerListener.host;
    return host.empty() || host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host;
}

void ClusterMember::onRoleChanged(const RoleChanged &change)
{
    if (change.role != RaftRole::Leader && m_controller)
        dropController("lost the quorum leadership");
    // Requests in flight to a former controller will not be answered by the new one.
    if (change.role != RaftRole::Leader)
        m_nextRegisterAt = 0;
    failRpcsToFormerController();
}

void ClusterMember::onPeerMessage(NodeId from, ByteSpan payload)
{
    auto decoded = rpc::decode(payload);
    if (!decoded) {
        RLOG_WARN(kComponent) << "dropping a message from node " << from.value() << ": "
                              << decoded.error().message;
        return;
    }
    rpc::Message &message = decoded.value();
    if (auto *reply = std::get_if<rpc::Reply>(&message)) {
        completeRpc(reply->requestId, *reply);
        return;
    }
    if (auto *fetch = std::get_if<rpc::ReplicaFetch>(&message)) {
        if (m_ready)
            serveFetch(from, *fetch, true);
        drain();
        return;
    }
    if (auto *answer = std::get_if<rpc::ReplicaFetchAnswer>(&message)) {
        if (!m_ready)
            return;
        const TimestampMs now = wallNow();
        for (auto &item : answer->items)
            if (LocalReplica *r = findReplica(item.topicId, item.partition.value()))
                r->replica->onFetchAnswer(item.answer, now);
        drain();
        return;
    }
    handleControllerRequest(from, message, [this, from](const rpc::Reply &reply) {
        if (m_quorum)
            m_quorum->sendToPeer(from, rpc::encode(reply));
    });
}

// ---- replicas ----

void ClusterMember::reconcile()
{
    if (!m_ready || m_stopped || !m_broker.m_logs)
        return;
    const TimestampMs now = wallNow();
    TopicTable &table = *m_broker.m_topics;

    // The topic table is a projection of the image: handlers keep their queries.
    std::set<std::string> names;
    for (const auto &[tid, t] : m_image.topics()) {
        names.insert(t.name);
        TopicInfo info;
        info.name = t.name;
        info.id = toProtocolUuid(t.id);
        info.partitionCount = static_cast<int32_t>(t.partitions.size());
        info.internal = t.name.starts_with("__");
        if (const auto *configs = m_image.configs(ConfigResource::Topic, t.name))
            info.configs = *configs;
        const TopicInfo *old = table.find(t.name);
        const bool reconfigured = old && old->id == info.id && old->configs != info.configs;
        if (!old || old->id != info.id || old->partitionCount != info.partitionCount
            || old->configs != info.configs)
            table.put(std::move(info));
        if (reconfigured) {
            m_broker.reapplyTopicConfig(t.name); // retention, segment size, cleanup policy
            const Broker::WriteCaching wc = m_broker.writeCachingFor(*table.find(t.name));
            for (auto &[key, r] : m_replicas)
                if (key.first == t.name)
                    r->replica->setWriteCaching(wc.on, wc.flushMs);
        }
    }
    std::vector<std::string> gone;
    for (const auto &[name, t] : table.topics())
        if (!names.count(name))
            gone.push_back(name);
    for (const auto &name : gone) {
        [[maybe_unused]] Status s = table.remove(name);
        // Coordinators drop the committed offsets of groups for it (with tombstones).
        m_broker.m_groups->removeOffsetsForTopic(name);
    }

    // Replicas that this broker no longer holds.
    std::vector<std::pair<std::string, int32_t>> dropped;
    for (const auto &[key, r] : m_replicas) {
        const metadata::TopicInfo *t = m_image.topic(r->topicId);
        const PartitionInfo *p
            = t ? m_image.partition(r->topicId, PartitionId(r->partition)) : nullptr;
        bool holds
            = p && std::find(p->replicas.begin(), p->replicas.end(), m_self) != p->replicas.end();
        if (!holds)
            dropped.push_back(key);
    }
    for (const auto &key : dropped)
        removeReplica(key, true);

    for (const auto &[tid, t] : m_image.topics()) {
        for (const auto &[pid, p] : t.partitions) {
            if (std::find(p.replicas.begin(), p.replicas.end(), m_self) == p.replicas.end())
                continue;
            auto key = std::make_pair(t.name, pid);
            auto it = m_replicas.find(key);
            if (it == m_replicas.end()) {
                const TopicInfo *info = table.find(t.name);
                auto log = m_broker.m_logs->create(t.name, pid, m_broker.logConfigFor(*info));
                if (!log) {
                    RLOG_ERROR(kComponent) << "cannot open partition " << t.name << "-" << pid
                                           << ": " << log.error().message;
                    continue;
                }
                auto r = std::make_unique<LocalReplica>();
                r->topic = t.name;
                r->partition = pid;
                r->topicId = t.id;
                r->generation = m_nextGeneration++;
                uint64_t generation = r->generation;
                r->log = std::make_unique<ReplicaLogAdapter>(
                    *log.value(),
                    [this, key, generation] { queueSync(key, generation); },
                    [this](int64_t bytes) { return m_broker.m_logs->checkRoom(bytes); });
                const ClusterSettings &cs = *m_broker.m_config.cluster;
                replication::ReplicaConfig rc;
                rc.localId = m_self;
                rc.replicaLagTimeMaxMs = cs.replicaLagTimeMaxMs;
                rc.fetchWaitMs = 0; // the leader holds an empty fetch (ParkedFetch) instead
                rc.fetchBackoffMs = std::min<int64_t>(cs.replicaFetchBackoffMs, 200);
                rc.fetchTimeoutMs = std::max<int64_t>(cs.replicaFetchWaitMaxMs + 1500, 2000);
                rc.alterPartitionRetryMs = 1000;
                rc.fetchMaxBytes = static_cast<size_t>(cs.replicaFetchMaxBytes);
                const Broker::WriteCaching wc = m_broker.writeCachingFor(*info);
                rc.writeCaching = wc.on;
                rc.writeCachingFlushMs = wc.flushMs;
                r->replica = std::make_unique<PartitionReplica>(rc, *r->log, Offset(0));
                it = m_replicas.emplace(key, std::move(r)).first;
            } else if (it->second->topicId != t.id) {
                // Deleted and created again under the same name while we looked away.
                removeReplica(key, true);
                reconcile();
                return;
            }
            LocalReplica &r = *it->second;
            if (r.appliedLeaderEpoch == p.leaderEpoch
                && r.appliedPartitionEpoch == p.partitionEpoch)
                continue;
            r.appliedLeaderEpoch = p.leaderEpoch;
            r.appliedPartitionEpoch = p.partitionEpoch;
            Offset hwBefore = r.replica->highWatermark();
            if (p.leader == m_self)
                r.replica->becomeLeader(
                    p.leaderEpoch, PartitionEpoch(p.partitionEpoch), p.replicas, p.isr, now);
            else
                r.replica->becomeFollower(p.leader,
                                          p.leaderEpoch,
                                          PartitionEpoch(p.partitionEpoch),
                                          p.replicas,
                                          p.isr,
                                          now);
            notifyHighWatermark(r, hwBefore);
            // The leader of an offsets partition coordinates its consumer groups.
            if (t.name == kOffsetsTopic)
                m_broker.offsetsLeadershipChanged(
                    pid, r.replica->role() == replication::ReplicaRole::Leader, p.leaderEpoch);
        }
    }
    drain();
}

ClusterMember::LocalReplica *ClusterMember::findReplica(const TopicId &id, int32_t partition)
{
    const metadata::TopicInfo *t = m_image.topic(id);
    if (!t)
        return nullptr;
    auto it = m_replicas.find({t->name, partition});
    if (it == m_replicas.end() || it->second->topicId != id)
        return nullptr;
    return it->second.get();
}

void ClusterMember::removeReplica(const std::pair<std::string, int32_t> &key, bool deleteLog)
{
    auto it = m_replicas.find(key);
    if (it == m_replicas.end())
        return;
    it->second->replica->stop();
    m_replicas.erase(it);
    if (key.first == kOffsetsTopic)
        m_broker.offsetsLeadershipChanged(key.second, false, LeaderEpoch(-1));
    if (deleteLog && m_broker.m_logs->get(key.first, key.second)) {
        RLOG_INFO(kComponent) << "removing partition " << key.first << "-" << key.second
                              << ": this broker no longer holds a replica";
        if (Status s = m_broker.m_logs->remove(key.first, key.second); !s.ok())
            RLOG_WARN(kComponent) << s.error().message;
    }
}

void ClusterMember::queueSync(const std::pair<std::string, int32_t> &key, uint64_t generation)
{
    m_syncQueue.emplace_back(key, generation);
    if (m_syncRoundScheduled || m_syncRoundInFlight)
        return;
    m_syncRoundScheduled = true;
    // Posted: the appends of the requests already received join this round.
    asio::post(m_io, [this, alive = m_alive] {
        if (*alive)
            startSyncRound();
    });
}

void ClusterMember::startSyncRound()
{
    m_syncRoundScheduled = false;
    if (m_syncRoundInFlight || m_stopped || m_syncQueue.empty())
        return;
    auto queued = std::move(m_syncQueue);
    m_syncQueue.clear();
    std::vector<ReplicaKey> round;
    std::vector<storage::SyncItem> items;
    std::vector<Status> failed;
    std::vector<ReplicaKey> failedKeys;
    for (auto &entry : queued) {
        auto it = m_replicas.find(entry.first);
        if (it == m_replicas.end() || it->second->generation != entry.second)
            continue;
        auto item = it->second->log->beginSync();
        if (item) {
            round.push_back(entry);
            items.push_back(std::move(item).value());
        } else {
            failedKeys.push_back(entry);
            failed.push_back(item.error());
        }
    }
    if (!failedKeys.empty())
        syncRoundDone(std::move(failedKeys), std::move(failed));
    if (round.empty())
        return;
    m_syncRoundInFlight = true;
    m_broker.m_syncWorker->submit(
        std::move(items),
        [this, alive = m_alive, round = std::move(round)](std::vector<Status> results) mutable {
            asio::post(
                m_io,
                [this, alive, round = std::move(round), results = std::move(results)]() mutable {
                    if (!*alive)
                        return;
                    m_syncRoundInFlight = false;
                    syncRoundDone(std::move(round), std::move(results));
                });
        });
}

void ClusterMember::syncRoundDone(std::vector<ReplicaKey> round, std::vector<Status> results)
{
    const TimestampMs now = wallNow();
    for (size_t i = 0; i < round.size(); ++i) {
        auto it = m_replicas.find(round[i].first);
        if (it == m_replicas.end() || it->second->generation != round[i].second)
            continue;
        LocalReplica &r = *it->second;
        r.log->completeSync(results[i]);
        Offset before = r.replica->highWatermark();
        r.replica->onLogSynced(now); // may queue this replica's next sync
        notifyHighWatermark(r, before);
    }
    drain();
    if (!m_syncQueue.empty() && !m_syncRoundScheduled && !m_syncRoundInFlight) {
        m_syncRoundScheduled = true;
        asio::post(m_io, [this, alive = m_alive] {
            if (*alive)
                startSyncRound();
        });
    }
}

void ClusterMember::notifyHighWatermark(LocalReplica &r, Offset before)
{
    if (r.replica->highWatermark() != before) {
        r.log->log().setHighWatermark(r.replica->highWatermark());
        m_broker.partitionGrew(r.topic, r.partition);
    }
}

Result<PartitionReplica *> ClusterMember::leaderReplica(const std::string &topic, int32_t partition)
{
    auto it = m_replicas.find({topic, partition});
    if (it == m_replicas.end()) {
        const metadata::TopicInfo *t = m_image.topicByName(topic);
        if (!t || !t->partitions.count(partition))
            return makeError(ErrorCode::UnknownTopicOrPartition, "no such topic or partition");
        return makeError(ErrorCode::NotLeaderOrFollower,
                         "broker " + std::to_string(m_self.value()) + " does not lead " + topic
                             + "-" + std::to_string(partition));
    }
    if (it->second->replica->role() != replication::ReplicaRole::Leader)
        return makeError(ErrorCode::NotLeaderOrFollower,
                         "broker " + std::to_string(m_self.value()) + " does not lead " + topic
                             + "-" + std::to_string(partition));
    return it->second->replica.get();
}

LeaderEpoch ClusterMember::knownLeaderEpoch(const std::string &topic, int32_t partition) const
{
    const metadata::TopicInfo *t = m_image.topicByName(topic);
    if (!t)
        return LeaderEpoch(-1);
    auto it = t->partitions.find(partition);
    return it == t->partitions.end() ? LeaderEpoch(-1) : it->second.leaderEpoch;
}

void ClusterMember::fillGauges(metrics::BrokerGauges &g) const
{
    g.partitionCount = static_cast<int64_t>(m_replicas.size());
    g.leaderCount = 0;
    g.underReplicatedPartitions = 0;
    g.underMinIsrPartitionCount = 0;
    for (const auto &[key, r] : m_replicas) {
        const PartitionReplica &replica = *r->replica;
        if (replica.role() != replication::ReplicaRole::Leader)
            continue;
        ++g.leaderCount;
        const PartitionInfo *p = m_image.partition(r->topicId, PartitionId(r->partition));
        const size_t isr = replica.isr().size();
        if (p && isr < p->replicas.size())
            ++g.underReplicatedPartitions;
        if (const TopicInfo *info = m_broker.m_topics->find(r->topic)) {
            const int64_t minIsr = std::stoll(effectiveTopicConfig(
                m_broker.m_config.topicDefaults, info->configs, "min.insync.replicas"));
            if (static_cast<int64_t>(isr) < minIsr)
                ++g.underMinIsrPartitionCount;
        }
    }
    g.globalTopicCount = 0;
    g.globalPartitionCount = 0;
    g.offlinePartitionsCount = 0;
    const bool active = m_controller != nullptr;
    for (const auto &[tid, t] : m_image.topics()) {
        if (t.name.starts_with("__"))
            continue;
        ++g.globalTopicCount;
        g.globalPartitionCount += static_cast<int64_t>(t.partitions.size());
        if (active)
            for (const auto &[pid, p] : t.partitions)
                if (p.leader == kNoLeader)
                    ++g.offlinePartitionsCount;
    }
    g.activeControllerCount = active ? 1 : 0;
}

void ClusterMember::appended(const std::string &topic, int32_t partition)
{
    if (!m_parked.empty()) {
        auto it = m_replicas.find({topic, partition});
        if (it != m_replicas.end())
            m_grown.insert({it->second->topicId, partition});
        // Posted: the appends of every request already received (a connection hands out
        // its pipelined produce requests in one go) reach the followers in one answer
        // per fetch instead of one for the first and a round trip for the rest.
        if (!m_grown.empty() && !m_wakeScheduled) {
            m_wakeScheduled = true;
            asio::post(m_io, [this, alive = m_alive] {
                if (*alive)
                    wakeParkedFetches();
            });
        }
    }
    drain();
}

void ClusterMember::wakeParkedFetches()
{
    m_wakeScheduled = false;
    const auto grown = std::move(m_grown);
    m_grown.clear();
    if (m_stopped)
        return;
    answerParked([&grown](const ParkedFetch &p) {
        return std::any_of(p.request.items.begin(), p.request.items.end(), [&](const auto &item) {
            return grown.contains({item.topicId, item.partition.value()});
        });
    });
    drain();
}

void ClusterMember::answerParked(const std::function<bool(const ParkedFetch &)> &due)
{
    std::vector<ParkedFetch> answer;
    for (auto p = m_parked.begin(); p != m_parked.end();) {
        if (due(*p)) {
            answer.push_back(std::move(*p));
            p = m_parked.erase(p);
        } else {
            ++p;
        }
    }
    for (auto &p : answer)
        serveFetch(p.follower, p.request, false);
}

void ClusterMember::serveFetch(BrokerId follower, const rpc::ReplicaFetch &request, bool mayPark)
{
    const TimestampMs now = wallNow();
    rpc::ReplicaFetchAnswer answer;
    bool anything = false;
    for (const auto &item : request.items) {
        rpc::AnswerItem out;
        out.topicId = item.topicId;
        out.partition = item.partition;
        LocalReplica *r = findReplica(item.topicId, item.partition.value());
        if (item.request.syncReport) {
            // A follower's sync completed while its fetch waits here: no answer.
            if (r) {
                replication::FetchRequest report = item.request;
                report.followerId = follower;
                Offset before = r->replica->highWatermark();
                r->replica->onFollowerSyncReport(report, now);
                notifyHighWatermark(*r, before);
            }
            continue;
        }
        if (!r) {
            out.answer.requestId = item.request.requestId;
            out.answer.error = ErrorCode::NotLeaderOrFollower;
            anything = true;
        } else {
            replication::FetchRequest req = item.request;
            req.followerId = follower;
            req.leaderId = m_self;
            Offset before = r->replica->highWatermark();
            out.answer = r->replica->onFollowerFetch(req, now);
            RLOG_DEBUG(kComponent)
                << r->topic << "-" << r->partition << ": fetch from " << follower << " at "
                << req.fetchOffset << " epoch " << req.currentLeaderEpoch << " -> error "
                << static_cast<int>(out.answer.error) << ", hw " << r->replica->highWatermark()
                << ", " << out.answer.records.size() << " bytes, pending ISR "
                << (r->replica->pendingIsrChange() ? "yes" : "no");
            notifyHighWatermark(*r, before);
            anything |= out.answer.error != ErrorCode::None || out.answer.divergingEpoch
                        || !out.answer.records.empty();
        }
        answer.items.push_back(std::move(out));
    }
    if (answer.items.empty())
        return; // only sync reports
    if (!anything && mayPark) {
        // Nothing new: hold the fetch (replica.fetch.wait.max.ms) until a leader append.
        const int64_t wait = m_broker.m_config.cluster->replicaFetchWaitMaxMs;
        m_parked.push_back(ParkedFetch{follower, request, now + wait});
        return;
    }
    m_quorum->sendToPeer(follower, rpc::encode(answer));
}

void ClusterMember::drain()
{
    if (m_stopped)
        return;
    std::map<int32_t, rpc::ReplicaFetch> fetches;
    std::vector<std::pair<LocalReplica *, replication::AlterPartitionRequest>> alters;
    for (auto &[key, r] : m_replicas) {
        for (auto &output : r->replica->takeOutputs()) {
            if (auto *f = std::get_if<replication::FetchRequest>(&output)) {
                auto &batch = fetches[f->leaderId.value()];
                batch.followerId = m_self;
                batch.items.push_back(rpc::FetchItem{r->topicId, PartitionId(r->partition), *f});
            } else if (auto *a = std::get_if<replication::AlterPartitionRequest>(&output)) {
                alters.emplace_back(r.get(), *a);
            }
        }
    }
    for (auto &[leader, batch] : fetches)
        if (leader >= 0 && leader != m_self.value())
            m_quorum->sendToPeer(BrokerId(leader), rpc::encode(batch));
    for (auto &[r, a] : alters) {
        rpc::AlterPartition request;
        request.brokerId = m_self;
        request.topicId = r->topicId;
        request.partition = PartitionId(r->partition);
        request.leaderEpoch = a.leaderEpoch;
        request.partitionEpoch = a.partitionEpoch.value();
        request.isr = a.newIsr;
        auto key = std::make_pair(r->topic, r->partition);
        uint64_t generation = r->generation;
        const LeaderEpoch askedEpoch = a.leaderEpoch;
        callController(std::move(request),
                       [this, key, generation, askedEpoch](const rpc::Reply &reply) {
                           auto it = m_replicas.find(key);
                           if (it == m_replicas.end() || it->second->generation != generation)
                               return;
                           // No controller answered (it died or moved): the request never reached a
                           // decision. Leave the proposal pending; the replica sends it again after
                           // alterPartitionRetryMs, to whichever node leads the quorum by then.
                           if (reply.error == ErrorCode::RequestTimedOut
                               || reply.error == ErrorCode::NotController)
                               return;
                           replication::AlterPartitionAnswer answer;
                           answer.error = reply.error == ErrorCode::InvalidRequest
                                              ? ErrorCode::OperationNotAttempted
                                              : reply.error;
                           // An error reply carries no partition state; it answers the request made
                           // in askedEpoch (the replica ignores answers for other epochs).
                           answer.leaderEpoch
                               = reply.error == ErrorCode::None ? reply.leaderEpoch : askedEpoch;
                           answer.partitionEpoch = PartitionEpoch(reply.partitionEpoch);
                           answer.isr = reply.isr;
                           it->second->replica->onAlterPartitionAnswer(answer, wallNow());
                           drain();
                       });
    }
}

// ---- broker → controller ----

template<typename Request>
void ClusterMember::callController(Request request, Done done)
{
    auto leader = m_quorum ? m_quorum->leaderId() : std::nullopt;
    if (!leader) {
        rpc::Reply r;
        r.error = ErrorCode::NotController;
        r.message = "the cluster has no active controller right now";
        return done(r);
    }
    // Requests to this node's own controller are tracked like remote ones: the answer
    // waits for a commit, which a lost leadership may never bring.
    // The controller fences a broker silent for broker.session.timeout.ms: a heartbeat
    // whose answer is lost is sent again well within that.
    int64_t timeoutMs = kRpcTimeoutMs;
    if constexpr (std::is_same_v<Request, rpc::Heartbeat>)
        timeoutMs = std::clamp<int64_t>(
            m_broker.m_config.cluster->brokerSessionTimeoutMs / 3, 200, kRpcTimeoutMs);
    const uint64_t id = request.requestId = m_nextRequestId++;
    m_rpcs[id] = PendingRpc{wallNow() + timeoutMs, std::move(done), *leader};
    if (*leader == m_self) {
        handleControllerRequest(m_self,
                                rpc::Message(std::move(request)),
                                [this, id, alive = m_alive](const rpc::Reply &reply) {
                                    if (*alive)
                                        completeRpc(id, reply);
                                });
        return;
    }
    m_quorum->sendToPeer(*leader, rpc::encode(rpc::Message(std::move(request))));
}

void ClusterMember::completeRpc(uint64_t requestId, const rpc::Reply &reply)
{
    auto it = m_rpcs.find(requestId);
    if (it == m_rpcs.end())
        return; // timed out or failed meanwhile
    Done done = std::move(it->second.done);
    m_rpcs.erase(it);
    if (done)
        done(reply);
}

void ClusterMember::createTopic(rpc::CreateTopic request, Done done)
{
    callController(std::move(request), std::move(done));
}

void ClusterMember::deleteTopic(const std::string &name, Done done)
{
    callController(rpc::DeleteTopic{0, name}, std::move(done));
}

void ClusterMember::createPartitions(const std::string &name, int32_t count, Done done)
{
    callController(rpc::CreatePartitions{0, name, count}, std::move(done));
}

void ClusterMember::setTopicConfigs(const std::string &name,
                                    std::map<std::string, std::string> configs,
                                    Done done)
{
    callController(rpc::SetTopicConfigs{0, name, std::move(configs)}, std::move(done));
}

void ClusterMember::alterReassignment(rpc::AlterReassignment request, Done done)
{
    callController(std::move(request), std::move(done));
}

void ClusterMember::alterSecurity(std::vector<MetadataRecord> records, bool importOnly, Done done)
{
    rpc::AlterSecurity request{0, importOnly, records};
    callController(std::move(request),
                   [this, importOnly, records = std::move(records), done = std::move(done)](
                       const rpc::Reply &reply) mutable {
                       if (reply.error != ErrorCode::None || importOnly) {
                           done(reply);
                           return;
                       }
                       m_securityWaits.push_back(SecurityWait{
                           std::move(records), reply, std::move(done), wallNow() + kRpcTimeoutMs});
                       finishSecurityWaits(wallNow());
                   });
}

void ClusterMember::unregisterBroker(BrokerId brokerId, Done done)
{
    callController(rpc::UnregisterBroker{0, brokerId},
                   [this, brokerId, done = std::move(done)](const rpc::Reply &reply) mutable {
                       if (reply.error != ErrorCode::None) {
                           done(reply);
                           return;
                       }
                       // Waits with the security changes: the same "until the image shows
                       // it" rule (finishSecurityWaits knows UnregisterBrokerRecord).
                       m_securityWaits.push_back(
                           SecurityWait{{metadata::UnregisterBrokerRecord{brokerId}},
                                        reply,
                                        std::move(done),
                                        wallNow() + kRpcTimeoutMs});
                       finishSecurityWaits(wallNow());
                   });
}

void ClusterMember::finishSecurityWaits(TimestampMs now)
{
    auto shows = [this](const MetadataRecord &record) {
        if (const auto *c = std::get_if<UserScramCredentialRecord>(&record)) {
            const ScramCredentialInfo *have = m_image.scramCredential(c->name, c->mechanism);
            return have && have->salt == c->salt && have->storedKey == c->storedKey
                   && have->serverKey == c->serverKey && have->iterations == c->iterations;
        }
        if (const auto *c = std::get_if<RemoveUserScramCredentialRecord>(&record))
            return !m_image.scramCredential(c->name, c->mechanism);
        if (const auto *a = std::get_if<AccessControlEntryRecord>(&record))
            return m_image.hasAcl(a->acl);
        if (const auto *a = std::get_if<RemoveAccessControlEntryRecord>(&record))
            return !m_image.hasAcl(a->acl);
        if (const auto *u = std::get_if<metadata::UnregisterBrokerRecord>(&record))
            return m_image.broker(u->brokerId) == nullptr;
        return true;
    };
    std::vector<SecurityWait> due;
    for (auto it = m_securityWaits.begin(); it != m_securityWaits.end();) {
        if (it->deadline <= now || std::all_of(it->records.begin(), it->records.end(), shows)) {
            due.push_back(std::move(*it));
            it = m_securityWaits.erase(it);
        } else {
            ++it;
        }
    }
    // The broker's authenticator and authorizer must show it too before the answer goes.
    if (!due.empty())
        applySecurityIfChanged();
    for (SecurityWait &w : due)
        if (w.done)
            w.done(w.reply);
}

void ClusterMember::applySecurityIfChanged()
{
    if (!m_ready || m_image.securityRecordsApplied() == m_securityApplied)
        return;
    m_securityApplied = m_image.securityRecordsApplied();
    m_broker.applySecurityImage(m_image);
}

void ClusterMember::importSecurityIfNeeded(TimestampMs now)
{
    std::vector<MetadataRecord> &files = m_broker.m_securityImport;
    if (files.empty() || m_importingSecurity || now < m_nextSecurityImportAt)
        return;
    if (m_image.securityRecordsApplied() > 0) {
        RLOG_INFO(kComponent) << "node " << m_self
                              << ": the metadata log holds SCRAM credentials and ACLs; the "
                                 "files in the first log dir are not imported";
        files.clear();
        return;
    }
    m_importingSecurity = true;
    alterSecurity(files, true, [this](const rpc::Reply &reply) {
        m_importingSecurity = false;
        if (reply.error != ErrorCode::None) {
            m_nextSecurityImportAt = wallNow() + kRetryMs;
            RLOG_DEBUG(kComponent) << "importing security files: " << reply.message;
            return;
        }
        RLOG_INFO(kComponent) << "node " << m_self << ": offered "
                              << m_broker.m_securityImport.size()
                              << " SCRAM credential(s) and ACL(s) from its files to the "
                                 "metadata log (written only if the log held none)";
        m_broker.m_securityImport.clear();
    });
}

void ClusterMember::registerIfNeeded(TimestampMs now)
{
    if (m_registered || m_registering || now < m_nextRegisterAt)
        return;
    rpc::RegisterBroker request;
    request.brokerId = m_self;
    request.incarnation = m_incarnation;
    for (const Listener &l : m_broker.m_config.advertisedListeners)
        request.endpoints.push_back(Endpoint{l.name, l.host, l.port});
    // Where peers reach this node's peer listener: how voters and other broker-only
    // members find a broker-only member (QuorumService::addPeer).
    const ClusterSettings &cs = *m_broker.m_config.cluster;
    request.endpoints.push_back(
        Endpoint{cs.controllerListener.name, peerHost(), m_quorum->listenPort()});
    m_registering = true;
    callController(std::move(request), [this](const rpc::Reply &reply) {
        m_registering = false;
        if (reply.error == ErrorCode::None) {
            m_registered = true;
            m_nextHeartbeatAt = 0;
            RLOG_INFO(kComponent) << "node " << m_self << " registered with the controller";
        } else {
            m_nextRegisterAt = wallNow() + kRetryMs;
            RLOG_DEBUG(kComponent) << "registration: " << reply.message;
        }
    });
}

void ClusterMember::heartbeatIfDue(TimestampMs now)
{
    if (!m_registered || m_heartbeating || now < m_nextHeartbeatAt)
        return;
    rpc::Heartbeat request;
    request.brokerId = m_self;
    request.appliedOffset = m_image.appliedOffset();
    request.wantShutdown = static_cast<bool>(m_shutdownDone);
    m_heartbeating = true;
    callController(std::move(request), [this](const rpc::Reply &reply) {
        m_heartbeating = false;
        const TimestampMs now = wallNow();
        const int64_t interval = m_broker.m_config.cluster->brokerHeartbeatIntervalMs;
        if (reply.error == ErrorCode::BrokerIdNotRegistered) {
            m_registered = false;
            m_nextRegisterAt = now;
            return;
        }
        if (reply.error != ErrorCode::None) {
            m_nextHeartbeatAt = now + std::min<int64_t>(interval, kRetryMs);
            return;
        }
        if (m_shutdownDone && reply.shouldShutDown) {
            RLOG_INFO(kComponent) << "node " << m_self << ": leads nothing any more; stopping";
            auto done = std::move(m_shutdownDone);
            m_shutdownDone = nullptr;
            if (m_quorum && m_quorum->role() == RaftRole::Leader) {
                // The other voters learn that the handover committed from their next
                // metadata fetch; leaving at once would make them wait for an election.
                m_shutdownTimer.expires_after(std::chrono::milliseconds(kQuorumLingerMs));
                m_shutdownTimer.async_wait(
                    [done = std::move(done)](const asio::error_code &) { done(); });
                return;
            }
            done();
            return;
        }
        if (m_shutdownDone) {
            m_nextHeartbeatAt = now + 50;
            return;
        }
        if (m_fenced != reply.fenced)
            RLOG_INFO(kComponent) << "node " << m_self << " is "
                                  << (reply.fenced ? "fenced" : "unfenced") << " by the controller";
        m_fenced = reply.fenced;
        if (!m_fenced)
            m_broker.acceptClients(); // the first unfencing opens the client listeners
        // A fenced broker asks again soon: it is unfenced once it has caught up.
        m_nextHeartbeatAt = now + (m_fenced ? std::min<int64_t>(interval, 100) : interval);
    });
}

// ---- controller side ----

std::string ClusterMember::localClusterId() const
{
    // A log dir initialised by an earlier single-broker run keeps its id.
    const auto file = std::filesystem::path(m_broker.m_config.logDirs.front()) / "meta.properties";
    if (std::filesystem::exists(file))
        if (auto props = loadProperties(file.string()))
            if (auto it = props->find("cluster.id"); it != props->end() && !it->second.empty())
                return it->second;
    return storage::LogManager::generateClusterId();
}

void ClusterMember::becomeController()
{
    ControllerConfig cc;
    cc.brokerSessionTimeoutMs = m_broker.m_config.cluster->brokerSessionTimeoutMs;
    // Parsed and checked once already by start().
    if (auto voters = cluster::parseQuorumVoters(m_broker.m_config.cluster->quorumVoters))
        for (const cluster::VoterAddress &v : voters.value())
            cc.quorumVoters.push_back(v.id);
    std::random_device rd;
    m_controller = std::make_unique<Controller>(
        cc, m_image, wallNow(), (static_cast<uint64_t>(rd()) << 32) | rd());
    m_nextPreferredElection
        = wallNow() + m_broker.m_config.cluster->leaderImbalanceCheckIntervalSeconds * 1000;
    RLOG_INFO(kComponent) << "node " << m_self << " is the active controller (epoch "
                          << m_quorum->epoch().value() << ")";
    if (m_image.clusterId().empty()) {
        auto result = m_controller->initClusterId(localClusterId());
        RLOG_INFO(kComponent) << "naming the new cluster "
                              << std::get<ClusterIdRecord>(result.records.front()).clusterId;
        proposeThen(std::move(result.records), {});
    }
}

void ClusterMember::dropController(const std::string &why)
{
    RLOG_INFO(kComponent) << "node " << m_self << " is no longer the controller: " << why;
    m_controller.reset();
    auto pending = std::move(m_pendingCommits);
    m_pendingCommits.clear();
    // Requesters learn of the failure from their timeout; nothing more to send here.
    (void)pending;
}

void ClusterMember::proposeThen(std::vector<MetadataRecord> records, std::function<void()> reply)
{
    if (records.empty()) {
        if (reply)
            reply();
        return;
    }
    auto offset = m_quorum->propose(encodeBatch(records));
    if (!offset) {
        dropController("proposing failed: " + offset.error().message);
        return;
    }
    if (reply)
        m_pendingCommits.push_back(PendingCommit{offset.value(), std::move(reply)});
    firePendingCommits();
}

void ClusterMember::firePendingCommits()
{
    if (!m_quorum)
        return;
    const Offset committed = m_quorum->commitOffset();
    std::vector<std::function<void()>> ready;
    for (auto it = m_pendingCommits.begin(); it != m_pendingCommits.end();) {
        if (it->offset < committed && it->offset < m_image.appliedOffset()) {
            ready.push_back(std::move(it->reply));
            it = m_pendingCommits.erase(it);
        } else {
            ++it;
        }
    }
    for (auto &f : ready)
        f();
}

void ClusterMember::handleControllerRequest(BrokerId from, const rpc::Message &message, Done reply)
{
    auto requestIdOf = [](const rpc::Message &m) -> uint64_t {
        return std::visit(
            [](const auto &v) -> uint64_t {
                if constexpr (requires { v.requestId; })
                    return v.requestId;
                else
                    return 0;
            },
            m);
    };
    rpc::Reply out;
    out.requestId = requestIdOf(message);
    if (!m_controller) {
        out.error = ErrorCode::NotController;
        out.message = "node " + std::to_string(m_self.value()) + " is not the active controller";
        return reply(out);
    }
    const TimestampMs now = wallNow();
    auto finish = [&](auto &result, auto &&fill) {
        if (!result.response.ok()) {
            out.error = result.response.error().code;
            out.message = result.response.error().message;
            return reply(out);
        }
        fill(result.response.value());
        proposeThen(std::move(result.records), [out, reply] { reply(out); });
    };
    if (auto *m = std::get_if<rpc::RegisterBroker>(&message)) {
        if (m->brokerId != from) {
            out.error = ErrorCode::InvalidRequest;
            out.message = "a broker registers itself only";
            return reply(out);
        }
        // A new incarnation registering after the old one's connection closed: the old
        // process is gone even if the new one reconnected within the grace, so it is fenced
        // now rather than refused as a duplicate until its session ends.
        const BrokerInfo *known = m_controller->image().broker(from);
        if (known && known->incarnationId != m->incarnation && m_quorum->peerLastLostMsAgo(from)) {
            auto fenced = m_controller->fenceUnreachable(
                {{from, now - *m_quorum->peerLastLostMsAgo(from)}});
            if (!fenced.records.empty())
                proposeThen(std::move(fenced.records), {});
            if (!m_controller) { // proposing failed: this node is no longer the controller
                out.error = ErrorCode::NotController;
                out.message = "node " + std::to_string(m_self.value()) + " lost the leadership";
                return reply(out);
            }
        }
        BrokerRegistration r{m->brokerId, m->incarnation, m->endpoints, {}};
        auto result = m_controller->registerBroker(r, now);
        finish(result, [](bool) {});
    } else if (auto *m = std::get_if<rpc::Heartbeat>(&message)) {
        BrokerHeartbeat h{m->brokerId, m->appliedOffset, m->wantShutdown};
        auto result = m_controller->heartbeat(h, now, m_quorum->commitOffset());
        finish(result, [&](const HeartbeatReply &hr) {
            out.fenced = hr.fenced;
            out.shouldShutDown = hr.shouldShutDown;
        });
    } else if (auto *m = std::get_if<rpc::CreateTopic>(&message)) {
        metadata::CreateTopic c{m->name, m->partitions, m->replicationFactor, m->configs};
        auto result = m_controller->createTopic(c);
        finish(result, [](const TopicId &) {});
    } else if (auto *m = std::get_if<rpc::DeleteTopic>(&message)) {
        auto result = m_controller->deleteTopic(m->name);
        finish(result, [](bool) {});
    } else if (auto *m = std::get_if<rpc::CreatePartitions>(&message)) {
        auto result = m_controller->createPartitions(m->name, m->count);
        finish(result, [](bool) {});
    } else if (auto *m = std::get_if<rpc::SetTopicConfigs>(&message)) {
        auto result = m_controller->setTopicConfigs(m->name, m->configs);
        finish(result, [](bool) {});
    } else if (auto *m = std::get_if<rpc::AlterSecurity>(&message)) {
        auto result = m_controller->alterSecurity(m->records, m->importOnly);
        finish(result, [](bool) {});
    } else if (auto *m = std::get_if<rpc::AlterPartition>(&message)) {
        metadata::AlterPartition a{
            m->brokerId, m->topicId, m->partition, m->leaderEpoch, m->partitionEpoch, m->isr};
        auto result = m_controller->alterPartition(a);
        finish(result, [&](const PartitionInfo &p) {
            out.leaderEpoch = p.leaderEpoch;
            out.partitionEpoch = p.partitionEpoch;
            out.isr = p.isr;
        });
    } else if (auto *m = std::get_if<rpc::AlterReassignment>(&message)) {
        auto result = m_controller->reassignPartition({m->topic, m->partition, m->target});
        finish(result, [](bool) {});
    } else if (auto *m = std::get_if<rpc::UnregisterBroker>(&message)) {
        auto result = m_controller->unregisterBroker(m->brokerId);
        finish(result, [](bool) {});
    } else {
        out.error = ErrorCode::InvalidRequest;
        out.message = "not a controller request";
        reply(out);
    }
}

} // namespace runnel::broker
