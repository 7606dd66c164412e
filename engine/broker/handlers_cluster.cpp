// Cluster mode (a file with controller.quorum.voters): Produce through the partition's
// PartitionReplica (acks=all waits for the ISR), topic changes through the active
// controller, and the image-backed parts of Metadata and DescribeCluster.

#include "engine/broker/broker_internal.h"
#include "engine/broker/cluster_member.h"
#include "engine/records/record_batch.h"

namespace runnel::broker {

namespace {

using security::AclOperation;
using security::ResourceType;

} // namespace

int32_t Broker::controllerIdForClients() const
{
    if (!m_cluster)
        return m_config.nodeId;
    auto id = m_cluster->activeController();
    return id ? id->value() : -1;
}

std::vector<std::pair<int32_t, Listener>>
Broker::clusterEndpoints(const net::ConnectionInfo *connection) const
{
    std::vector<std::pair<int32_t, Listener>> out;
    const Listener *adv = advertisedFor(connection);
    const std::string listener = adv ? adv->name : m_config.cluster->interBrokerListenerName;
    for (const auto &[id, b] : m_cluster->image().brokers()) {
        if (b.fenced && id != m_config.nodeId)
            continue;
        for (const metadata::Endpoint &e : b.endpoints) {
            if (e.name != listener)
                continue;
            Listener l;
            l.name = e.name;
            l.host = e.host;
            l.port = e.port;
            out.emplace_back(id, l);
        }
    }
    // Before this broker's own registration has committed, clients still find it.
    if (std::none_of(
            out.begin(), out.end(), [&](const auto &p) { return p.first == m_config.nodeId; })
        && adv)
        out.emplace_back(m_config.nodeId, *adv);
    return out;
}

void Broker::describeReplicatedTopic(const std::string &name,
                                     protocol::MetadataResponse::MetadataResponseTopic &out) const
{
    const metadata::MetadataImage &image = m_cluster->image();
    const metadata::TopicInfo *t = image.topicByName(name);
    if (!t)
        return;
    for (const auto &[pid, p] : t->partitions) {
        protocol::MetadataResponse::MetadataResponsePartition part;
        part.partitionIndex = pid;
        part.leaderId = p.leader.value();
        part.leaderEpoch = p.leaderEpoch.value();
        part.replicaNodes = ids(p.replicas);
        part.isrNodes = ids(p.isr);
        std::vector<int32_t> offline;
        for (BrokerId r : p.replicas)
            if (!image.isLive(r))
                offline.push_back(r.value());
        part.offlineReplicas = offline;
        if (p.leader == metadata::kNoLeader)
            part.errorCode = code(ErrorCode::LeaderNotAvailable);
        out.partitions.push_back(std::move(part));
    }
}

// --- Produce -----------------------------------------------------------------------------

void Broker::handleProduceReplicated(const RequestContext &ctx,
                                     protocol::ProduceRequest &request,
                                     net::Respond respond)
{
    // Answers arrive per partition, some at once and some when the ISR has the data; the
    // response goes out when the last one is in.
    struct State
    {
        RequestContext ctx;
        protocol::ProduceResponse response;
        net::Respond respond;
        int outstanding = 1; // the loop below holds one until it is done
        bool silent = false; // acks=0
    };
    auto state = std::make_shared<State>();
    state->ctx = ctx;
    state->respond = std::move(respond);
    state->silent = request.acks == 0;
    auto finishOne = [this, state] {
        if (--state->outstanding > 0)
            return;
        if (state->silent)
            return state->respond(net::Response::none());
        reply(state->ctx, state->response, state->respond);
    };

    const TimestampMs now = nowMs();
    const bool validAcks = request.acks == 0 || request.acks == 1 || request.acks == -1;
    // Size the response first: the callbacks below keep pointers into it.
    for (auto &topicData : request.topicData) {
        protocol::ProduceResponse::TopicProduceResponse topicResponse;
        topicResponse.name = topicData.name;
        topicResponse.partitionResponses.resize(topicData.partitionData.size());
        state->response.responses.push_back(std::move(topicResponse));
    }
    std::vector<std::pair<std::string, int32_t>> written;
    for (size_t ti = 0; ti < request.topicData.size(); ++ti) {
        auto &topicData = request.topicData[ti];
        const TopicInfo *topic = m_topics->find(topicData.name);
        const bool mayWrite
            = allowed(ctx, AclOperation::Write, ResourceType::Topic, topicData.name);
        for (size_t pi = 0; pi < topicData.partitionData.size(); ++pi) {
            auto &partitionData = topicData.partitionData[pi];
            auto &result = state->response.responses[ti].partitionResponses[pi];
            result.index = partitionData.index;
            auto fail = [&](ErrorCode e, std::string message) {
                result.errorCode = code(e);
                result.errorMessage = std::move(message);
                result.baseOffset = -1;
            };
            auto replica = topic ? m_cluster->leaderReplica(topicData.name, partitionData.index)
                                 : Result<replication::PartitionReplica *>(makeError(
                                     ErrorCode::UnknownTopicOrPartition, "no such topic"));
            if (!mayWrite) {
                fail(ErrorCode::TopicAuthorizationFailed, "not authorized to write to the topic");
                continue;
            }
            if (!validAcks) {
                fail(ErrorCode::InvalidRequiredAcks, "acks must be 0, 1 or -1 (all)");
                continue;
            }
            if (!replica) {
                fail(replica.error().code, replica.error().message);
                continue;
            }
            if (!partitionData.records || partitionData.records->empty()) {
                fail(ErrorCode::InvalidRecord, "the request carries no record batch");
                continue;
            }
            if (ctx.apiVersion < 3) {
                fail(ErrorCode::UnsupportedVersion,
                     "message formats v0 and v1 are not supported; use a client that sends "
                     "record batch v2 (Kafka 0.11+)");
                continue;
            }
            Bytes &data = *partitionData.records;
            const storage::LogConfig cfg = logConfigFor(*topic);
            auto batches = records::validateBatches(data, static_cast<size_t>(cfg.maxMessageBytes));
            if (!batches) {
                fail(batches.error().code, batches.error().message);
                continue;
            }
            bool transactional = false;
            for (const auto &b : batches.value())
                transactional |= b.isTransactional();
            if (transactional) {
                fail(ErrorCode::InvalidRecord,
                     "transactional batches are not supported by this broker yet");
                continue;
            }
            storage::PartitionLog *log = partitionLog(topicData.name, partitionData.index);
            // The storage limit (decisions/0011) as on a single broker: nothing is written
            // when the append would not fit. An idempotent retry of a batch in the log
            // writes nothing and is answered as that write (KAFKA_STORAGE_ERROR would tell
            // the producer it was never written).
            const bool retry = log && log->findDuplicate(data).has_value();
            if (Status room
                = retry ? Status{} : m_logs->checkRoom(static_cast<int64_t>(data.size()));
                !room.ok()) {
                fail(room.error().code, room.error().message);
                RLOG_WARN("broker") << "refused a produce to " << topicData.name << "-"
                                    << partitionData.index << ": " << room.error().message;
                continue;
            }
            const int minIsr = static_cast<int>(std::stoll(effectiveTopicConfig(
                m_config.topicDefaults, topic->configs, "min.insync.replicas")));
            // What the local append added (nothing for a refused batch or an idempotent
            // retry) is what BytesInPerSec / MessagesInPerSec count, as on a single broker.
            const int64_t endBefore = log ? log->logEndOffset().value() : 0;
            const size_t bytes = data.size();
            ++state->outstanding;
            replica.value()->append(
                std::span<uint8_t>(data),
                request.acks,
                minIsr,
                std::max<int64_t>(request.timeoutMs, 1),
                now,
                [state, &result, log, finishOne](const replication::AppendOutcome &outcome) {
                    if (outcome.error != ErrorCode::None) {
                        result.errorCode = code(outcome.error);
                        result.baseOffset = -1;
                        if (outcome.error == ErrorCode::NotEnoughReplicas)
                            result.errorMessage = "fewer in-sync replicas than min.insync.replicas";
                    } else {
                        result.baseOffset = outcome.firstOffset.value();
                        result.logStartOffset = log ? log->logStartOffset().value() : -1;
                    }
                    finishOne();
                });
            const int64_t added = log ? log->logEndOffset().value() - endBefore : 0;
            if (added > 0)
                m_metrics.produced(topicData.name, bytes, static_cast<uint64_t>(added));
            written.emplace_back(topicData.name, partitionData.index);
        }
    }
    for (const auto &[t, p] : written) {
        partitionGrew(t, p);
        m_cluster->appended(t, p);
    }
    finishOne();
}

// --- topic changes through the controller ------------------------------------------------

void Broker::handleCreateTopicsCluster(const RequestContext &ctx,
                                       const protocol::CreateTopicsRequest &request,
                                       net::Respond respond)
{
    struct State
    {
        RequestContext ctx;
        protocol::CreateTopicsResponse response;
        net::Respond respond;
        int outstanding = 1;
    };
    auto state = std::make_shared<State>();
    state->ctx = ctx;
    state->respond = std::move(respond);
    state->response.topics.resize(request.topics.size());
    auto finishOne = [this, state] {
        if (--state->outstanding == 0)
            reply(state->ctx, state->response, state->respond);
    };
    // Kafka's defaults for a cluster: RF min(3, brokers) unless default.replication.factor
    // is set, and min.insync.replicas=2 for RF >= 3 unless the file or the topic sets it.
    const int32_t brokers = static_cast<int32_t>(m_cluster->registeredBrokers());
    const bool rfConfigured = m_config.fileProperties.count("default.replication.factor") > 0;
    const bool minIsrConfigured = m_config.fileProperties.count("min.insync.replicas") > 0;
    std::set<std::string> seen;
    for (size_t i = 0; i < request.topics.size(); ++i) {
        const auto &t = request.topics[i];
        auto &result = state->response.topics[i];
        result.name = t.name;
        const int32_t partitions = t.numPartitions == -1 ? m_config.numPartitions : t.numPartitions;
        const int16_t replication = t.replicationFactor != -1 ? t.replicationFactor
                                    : rfConfigured
                                        ? m_config.defaultReplicationFactor
                                        : static_cast<int16_t>(std::clamp(brokers, 1, 3));
        std::map<std::string, std::string> configs;
        Status ok = TopicTable::validateName(t.name);
        if (ok.ok() && !allowedOnCluster(ctx, AclOperation::Create, false)
            && !allowed(ctx, AclOperation::Create, ResourceType::Topic, t.name))
            ok = makeError(ErrorCode::TopicAuthorizationFailed,
                           "not authorized to create topic '" + t.name + "'");
        if (ok.ok() && !seen.insert(t.name).second)
            ok = makeError(ErrorCode::InvalidRequest, "topic '" + t.name + "' is listed twice");
        if (ok.ok() && m_topics->find(t.name))
            ok = makeError(ErrorCode::TopicAlreadyExists, "topic '" + t.name + "' already exists");
        if (ok.ok() && !t.assignments.empty())
            ok = makeError(ErrorCode::InvalidReplicaAssignment,
                           "manual replica assignments are not supported yet; give a partition "
                           "count and replication factor");
        if (ok.ok() && partitions < 1)
            ok = makeError(ErrorCode::InvalidPartitions, "number of partitions must be at least 1");
        for (const auto &c : t.configs) {
            if (!ok.ok())
                break;
            if (!c.value) {
                ok = makeError(ErrorCode::InvalidConfig, "config " + c.name + " has no value");
                break;
            }
            ok = validateTopicConfig(c.name, *c.value);
            configs[c.name] = *c.value;
        }
        if (ok.ok() && replication >= 3 && !minIsrConfigured
            && !configs.count("min.insync.replicas"))
            configs["min.insync.replicas"] = "2";
        if (ok.ok() && replication > brokers)
            ok = makeError(ErrorCode::InvalidReplicationFactor,
                           "replication factor " + std::to_string(replication)
                               + " is larger than the " + std::to_string(brokers)
                               + " registered brokers");
        if (!ok.ok()) {
            result.errorCode = code(ok.code());
            result.errorMessage = ok.error().message;
            continue;
        }
        result.numPartitions = partitions;
        result.replicationFactor = replication;
        if (request.validateOnly)
            continue;
        ++state->outstanding;
        rpc::CreateTopic c;
        c.name = t.name;
        c.partitions = partitions;
        c.replicationFactor = replication;
        c.configs = configs;
        m_cluster->createTopic(
            std::move(c),
            [state, i, finishOne, name = t.name, partitions, replication, this](
                const rpc::Reply &r) {
                auto &result = state->response.topics[i];
                result.errorCode = code(r.error);
                if (r.error != ErrorCode::None) {
                    result.errorMessage = r.message;
                    result.numPartitions = -1;
                    result.replicationFactor = -1;
                } else {
                    if (const metadata::TopicInfo *t = m_cluster->image().topicByName(name))
                        result.topicId.bytes = t->id;
                    RLOG_INFO("broker") << "created topic " << name << " with " << partitions
                                        << " partition(s), replication factor " << replication;
                }
                finishOne();
            });
    }
    finishOne();
}

void Broker::handleDeleteTopicsCluster(const RequestContext &ctx,
                                       const protocol::DeleteTopicsRequest &request,
                                       net::Respond respond)
{
    struct State
    {
        RequestContext ctx;
        protocol::DeleteTopicsResponse response;
        net::Respond respond;
        int outstanding = 1;
    };
    auto state = std::make_shared<State>();
    state->ctx = ctx;
    state->respond = std::move(respond);
    auto finishOne = [this, state] {
        if (--state->outstanding == 0)
            reply(state->ctx, state->response, state->respond);
    };
    std::vector<std::pair<std::optional<std::string>, protocol::Uuid>> targets;
    for (const auto &name : request.topicNames)
        targets.emplace_back(name, protocol::Uuid{});
    for (const auto &t : request.topics)
        targets.emplace_back(t.name, t.topicId);
    state->response.responses.resize(targets.size());
    for (size_t i = 0; i < targets.size(); ++i) {
        const auto &[name, id] = targets[i];
        auto &result = state->response.responses[i];
        const TopicInfo *topic = name ? m_topics->find(*name) : m_topics->findById(id);
        result.name = topic ? std::optional<std::string>(topic->name) : name;
        result.topicId = topic ? topic->id : id;
        Status s;
        if (!allowed(ctx, AclOperation::Delete, ResourceType::Topic, result.name.value_or("")))
            s = makeError(ErrorCode::TopicAuthorizationFailed,
                          "not authorized to delete the topic");
        else if (!topic)
            s = makeError(ErrorCode::UnknownTopicOrPartition, "no such topic");
        else if (!m_config.deleteTopicEnable)
            s = makeError(ErrorCode::TopicDeletionDisabled, "delete.topic.enable is false");
        if (!s.ok()) {
            result.errorCode = code(s.code());
            result.errorMessage = s.error().message;
            continue;
        }
        ++state->outstanding;
        m_cluster->deleteTopic(topic->name, [state, i, finishOne](const rpc::Reply &r) {
            auto &result = state->response.responses[i];
            result.errorCode = code(r.error);
            if (r.error != ErrorCode::None)
                result.errorMessage = r.message;
            finishOne();
        });
    }
    finishOne();
}

void Broker::handleCreatePartitionsCluster(const RequestContext &ctx,
                                           const protocol::CreatePartitionsRequest &request,
                                           net::Respond respond)
{
    struct State
    {
        RequestContext ctx;
        protocol::CreatePartitionsResponse response;
        net::Respond respond;
        int outstanding = 1;
    };
    auto state = std::make_shared<State>();
    state->ctx = ctx;
    state->respond = std::move(respond);
    state->response.results.resize(request.topics.size());
    auto finishOne = [this, state] {
        if (--state->outstanding == 0)
            reply(state->ctx, state->response, state->respond);
    };
    for (size_t i = 0; i < request.topics.size(); ++i) {
        const auto &t = request.topics[i];
        auto &result = state->response.results[i];
        result.name = t.name;
        const TopicInfo *topic = m_topics->find(t.name);
        Status s;
        if (!allowed(ctx, AclOperation::Alter, ResourceType::Topic, t.name))
            s = makeError(ErrorCode::TopicAuthorizationFailed,
                          "not authorized to alter topic '" + t.name + "'");
        else if (!topic)
            s = makeError(ErrorCode::UnknownTopicOrPartition, "no topic '" + t.name + "'");
        else if (t.count <= topic->partitionCount)
            s = makeError(ErrorCode::InvalidPartitions,
                          "topic " + t.name + " has " + std::to_string(topic->partitionCount)
                              + " partitions; the new count must be larger");
        else if (t.assignments)
            s = makeError(ErrorCode::InvalidReplicaAssignment,
                          "manual replica assignments are not supported yet");
        if (!s.ok()) {
            result.errorCode = code(s.code());
            result.errorMessage = s.error().message;
            continue;
        }
        if (request.validateOnly)
            continue;
        ++state->outstanding;
        m_cluster->createPartitions(t.name, t.count, [state, i, finishOne](const rpc::Reply &r) {
            auto &result = state->response.results[i];
            result.errorCode = code(r.error);
            if (r.error != ErrorCode::None)
                result.errorMessage = r.message;
            finishOne();
        });
    }
    finishOne();
}

} // namespace runnel::broker
