// Consumer groups and producers: FindCoordinator, JoinGroup, SyncGroup, Heartbeat,
// LeaveGroup, OffsetCommit, OffsetFetch, ListGroups, DescribeGroups, DeleteGroups,
// InitProducerId; and the internal __consumer_offsets topic that makes group state
// survive restarts.

#include "engine/broker/broker_internal.h"
#include "engine/broker/cluster_member.h"
#include "engine/records/record_batch.h"

namespace runnel::broker {

using security::AclOperation;
using security::ResourceType;

namespace {

constexpr const char *kOffsetsTopic = "__consumer_offsets";
constexpr int8_t kCoordinatorGroup = 0;

// Java's String.hashCode over UTF-16 code units; for the ASCII group ids clients use this
// equals Kafka's, so a group lands on the same offsets partition as in Kafka.
int32_t javaStringHash(const std::string &s)
{
    uint32_t h = 0;
    for (unsigned char c : s)
        h = 31 * h + c;
    return static_cast<int32_t>(h);
}

} // namespace

int32_t Broker::offsetsPartitionFor(const std::string &groupId) const
{
    const int32_t hash = javaStringHash(groupId);
    const int32_t positive = hash == INT32_MIN ? 0 : (hash < 0 ? -hash : hash);
    const TopicInfo *topic = m_topics->find(kOffsetsTopic);
    const int32_t partitions = topic ? topic->partitionCount : m_config.offsetsTopicNumPartitions;
    return positive % partitions;
}

Status Broker::ensureOffsetsTopic()
{
    if (m_topics->find(kOffsetsTopic))
        return Status::success();
    std::map<std::string, std::string> configs{
        {"cleanup.policy", "compact"},
        {"segment.bytes", std::to_string(m_config.offsetsTopicSegmentBytes)},
        {"compression.type", "producer"},
    };
    if (m_cluster) {
        // An ordinary replicated topic, created through the controller on first use; the
        // cluster's default min.insync.replicas applies (the topic sets none).
        if (!m_creatingOffsetsTopic) {
            int32_t live = 0;
            for (const auto &[id, b] : m_cluster->image().brokers())
                live += b.fenced ? 0 : 1;
            rpc::CreateTopic c;
            c.name = kOffsetsTopic;
            c.partitions = m_config.offsetsTopicNumPartitions;
            c.replicationFactor = static_cast<int16_t>(
                std::clamp<int32_t>(live, 1, m_config.offsetsTopicReplicationFactor));
            c.configs = configs;
            m_creatingOffsetsTopic = true;
            RLOG_INFO("group") << "creating " << kOffsetsTopic << " with " << c.partitions
                               << " partitions, replication factor " << c.replicationFactor;
            m_cluster->createTopic(std::move(c), [this](const rpc::Reply &r) {
                m_creatingOffsetsTopic = false;
                if (r.error != ErrorCode::None && r.error != ErrorCode::TopicAlreadyExists)
                    RLOG_WARN("group") << "creating " << kOffsetsTopic << ": " << r.message
                                       << " (the next group request tries again)";
            });
        }
        return makeError(ErrorCode::CoordinatorNotAvailable,
                         std::string(kOffsetsTopic) + " is being created");
    }
    auto created = createTopic(kOffsetsTopic, m_config.offsetsTopicNumPartitions, configs, true);
    return created ? Status::success() : Status(created.error());
}

void Broker::persistGroupRecords(std::vector<group::StoredRecord> stored,
                                 std::function<void(ErrorCode)> done)
{
    if (stored.empty())
        return done(ErrorCode::None);
    if (m_cluster && !m_topics->find(kOffsetsTopic))
        return done(ErrorCode::NotLeaderOrFollower); // nobody leads a partition of it yet
    if (Status s = ensureOffsetsTopic(); !s.ok()) {
        RLOG_ERROR("group") << "cannot create " << kOffsetsTopic << ": " << s.error().message;
        return done(ErrorCode::CoordinatorNotAvailable);
    }
    // Every key starts with int16 version and the group id: route by group.
    std::map<int32_t, std::vector<records::Record>> byPartition;
    const TimestampMs now = nowMs();
    for (auto &r : stored) {
        ByteReader key(r.key);
        key.readI16();
        const int16_t len = key.readI16();
        auto groupBytes = key.take(len < 0 ? 0 : static_cast<size_t>(len));
        std::string groupId(groupBytes.begin(), groupBytes.end());
        records::Record rec;
        rec.timestamp = now;
        rec.key = std::move(r.key);
        rec.value = std::move(r.value);
        byPartition[offsetsPartitionFor(groupId)].push_back(std::move(rec));
    }
    if (m_cluster) {
        std::map<int32_t, Bytes> batches;
        for (auto &[partition, recs] : byPartition) {
            for (size_t i = 0; i < recs.size(); ++i)
                recs[i].offset = static_cast<int64_t>(i);
            auto batch = records::buildBatch(records::BatchOptions{}, recs);
            if (!batch)
                return done(ErrorCode::UnknownServerError);
            batches.emplace(partition, std::move(batch).value());
        }
        return persistGroupBatchesReplicated(std::move(batches), std::move(done));
    }
    std::vector<storage::PartitionLog *> logs;
    for (auto &[partition, recs] : byPartition) {
        for (size_t i = 0; i < recs.size(); ++i)
            recs[i].offset = static_cast<int64_t>(i);
        records::BatchOptions opts;
        opts.partitionLeaderEpoch = 0;
        auto batch = records::buildBatch(opts, recs);
        storage::PartitionLog *log = partitionLog(kOffsetsTopic, partition);
        if (!batch || !log)
            return done(ErrorCode::UnknownServerError);
        auto appended = log->append(std::span<uint8_t>(batch.value()), now);
        if (!appended) {
            RLOG_ERROR("group") << "writing group state: " << appended.error().message;
            return done(appended.error().code == ErrorCode::KafkaStorageError
                            ? ErrorCode::CoordinatorNotAvailable
                            : appended.error().code);
        }
        logs.push_back(log);
    }
    // Committed offsets are acknowledged only once synced, like acks=all.
    flushThen(std::move(logs), [done = std::move(done)] { done(ErrorCode::None); });
}

void Broker::persistGroupBatchesReplicated(std::map<int32_t, Bytes> batches,
                                           std::function<void(ErrorCode)> done)
{
    // One answer for the call: the first error, or None once every batch is below the HW.
    struct State
    {
        size_t outstanding = 1;
        ErrorCode error = ErrorCode::None;
        std::function<void(ErrorCode)> done;
    };
    auto state = std::make_shared<State>();
    state->done = std::move(done);
    auto finishOne = [state](ErrorCode e) {
        if (state->error == ErrorCode::None)
            state->error = e;
        if (--state->outstanding == 0)
            state->done(state->error);
    };
    const TopicInfo *topic = m_topics->find(kOffsetsTopic);
    const int minIsr = topic ? static_cast<int>(std::stoll(effectiveTopicConfig(
                           m_config.topicDefaults, topic->configs, "min.insync.replicas")))
                             : 1;
    const TimestampMs now = nowMs();
    std::vector<int32_t> written;
    for (auto &[partition, batch] : batches) {
        // Only the coordinator writes, and only once its partition is loaded: a partition
        // it no longer leads (or has not loaded yet) answers as the leadership would.
        auto loaded = m_offsetsPartitions.find(partition);
        auto replica = m_cluster->leaderReplica(kOffsetsTopic, partition);
        if (!replica || loaded == m_offsetsPartitions.end() || !loaded->second.loaded) {
            if (state->error == ErrorCode::None)
                state->error = ErrorCode::NotLeaderOrFollower;
            continue;
        }
        ++state->outstanding;
        // The replica stamps the leader epoch; acks=all waits until the HW passes the batch.
        auto data = std::make_shared<Bytes>(std::move(batch));
        replica.value()->append(std::span<uint8_t>(*data),
                                -1,
                                minIsr,
                                m_config.offsetsCommitTimeoutMs,
                                now,
                                [finishOne, data](const replication::AppendOutcome &outcome) {
                                    finishOne(outcome.error);
                                });
        written.push_back(partition);
    }
    for (int32_t p : written) {
        partitionGrew(kOffsetsTopic, p);
        m_cluster->appended(kOffsetsTopic, p);
    }
    finishOne(ErrorCode::None);
}

size_t Broker::loadOffsetsPartition(int32_t p, storage::PartitionLog &log)
{
    size_t loaded = 0;
    const TimestampMs now = nowMs(); // restored members' sessions start here
    Offset next = log.logStartOffset();
    const Offset end = log.logEndOffset();
    while (next < end) {
        auto read = log.read(next, 1 << 20, end, true);
        if (!read) {
            RLOG_WARN("group") << "reading " << kOffsetsTopic << "-" << p << " at " << next << ": "
                               << read.error().message;
            break;
        }
        if (read->data.empty())
            break;
        ByteSpan data(read->data);
        size_t pos = 0;
        while (pos + records::kBatchHeaderSize <= data.size()) {
            auto header = records::parseBatchHeader(data.subspan(pos));
            if (!header || pos + header->totalSize() > data.size())
                break;
            auto recs = records::decodeRecords(data.subspan(pos, header->totalSize()));
            if (recs) {
                for (auto &r : recs.value()) {
                    if (!r.key)
                        continue;
                    m_groups->load({std::move(*r.key), std::move(r.value)}, now);
                    ++loaded;
                }
            }
            next = Offset(header->lastOffset() + 1);
            pos += header->totalSize();
        }
        if (pos == 0)
            break;
    }
    return loaded;
}

Status Broker::loadGroupOffsets()
{
    const TopicInfo *topic = m_topics->find(kOffsetsTopic);
    if (!topic || m_cluster) // a cluster member loads a partition when it starts leading it
        return Status::success();
    size_t loaded = 0;
    for (int32_t p = 0; p < topic->partitionCount; ++p)
        if (storage::PartitionLog *log = partitionLog(kOffsetsTopic, p))
            loaded += loadOffsetsPartition(p, *log);
    if (loaded)
        RLOG_INFO("group") << "loaded " << loaded << " group records from " << kOffsetsTopic;
    return Status::success();
}

void Broker::offsetsLeadershipChanged(int32_t partition, bool leads, LeaderEpoch epoch)
{
    auto it = m_offsetsPartitions.find(partition);
    if (leads) {
        if (it != m_offsetsPartitions.end() && it->second.epoch == epoch)
            return; // an ISR change, not a new leadership
        // A new leadership (possibly after one this broker did not see end): what was
        // loaded before may have changed in the log meanwhile, so load again.
        const uint64_t generation = m_nextOffsetsLoad++;
        m_offsetsPartitions[partition] = OffsetsPartitionLoad{epoch, generation, false};
        // Loading runs as its own event-loop task; requests meanwhile get
        // COORDINATOR_LOAD_IN_PROGRESS.
        asio::post(m_io, [this, partition, generation] {
            auto it = m_offsetsPartitions.find(partition);
            if (m_stopped || it == m_offsetsPartitions.end() || it->second.generation != generation)
                return;
            // Groups of this partition left over from an earlier leadership are stale.
            m_groups->unloadGroups(
                [&](const std::string &id) { return offsetsPartitionFor(id) == partition; });
            size_t loaded = 0;
            if (storage::PartitionLog *log = partitionLog(kOffsetsTopic, partition))
                loaded = loadOffsetsPartition(partition, *log);
            it->second.loaded = true;
            RLOG_INFO("group") << "coordinating the groups of " << kOffsetsTopic << "-" << partition
                               << " (" << loaded << " records loaded)";
        });
        return;
    }
    if (it == m_offsetsPartitions.end())
        return;
    m_offsetsPartitions.erase(it);
    const size_t n = m_groups->unloadGroups(
        [&](const std::string &id) { return offsetsPartitionFor(id) == partition; });
    RLOG_INFO("group") << "no longer leading " << kOffsetsTopic << "-" << partition << ": " << n
                       << " group(s) unloaded";
}

ErrorCode Broker::groupCoordinatorError(const std::string &groupId)
{
    if (!m_cluster)
        return ErrorCode::None;
    if (Status s = ensureOffsetsTopic(); !s.ok())
        return ErrorCode::CoordinatorNotAvailable;
    auto it = m_offsetsPartitions.find(offsetsPartitionFor(groupId));
    if (it == m_offsetsPartitions.end())
        return ErrorCode::NotCoordinator;
    return it->second.loaded ? ErrorCode::None : ErrorCode::CoordinatorLoadInProgress;
}

void Broker::handleFindCoordinator(const RequestContext &ctx,
                                   ByteReader &reader,
                                   net::Respond respond)
{
    protocol::FindCoordinatorRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::FindCoordinatorResponse response;
    const Listener *adv = advertisedFor(ctx.connection);
    Status s;
    if (request.keyType != kCoordinatorGroup)
        s = makeError(ErrorCode::CoordinatorNotAvailable,
                      "transactions are not supported by this broker yet");
    else if (request.key.empty())
        s = makeError(ErrorCode::InvalidRequest, "group id is empty");
    else if (!allowed(ctx, AclOperation::Describe, ResourceType::Group, request.key))
        s = makeError(ErrorCode::GroupAuthorizationFailed, "not authorized to use the group");
    else
        s = ensureOffsetsTopic();
    if (s.ok() && m_cluster) {
        // The coordinator is the leader of the group's offsets partition, on the listener
        // the client came in on.
        const metadata::TopicInfo *t = m_cluster->image().topicByName(kOffsetsTopic);
        const int32_t partition = offsetsPartitionFor(request.key);
        auto p = t ? t->partitions.find(partition) : decltype(t->partitions.end()){};
        const BrokerId leader
            = t && p != t->partitions.end() ? p->second.leader : metadata::kNoLeader;
        std::optional<Listener> endpoint;
        if (leader != metadata::kNoLeader)
            for (const auto &[id, l] : clusterEndpoints(ctx.connection))
                if (id == leader.value())
                    endpoint = l;
        if (!endpoint) {
            response.errorCode = code(ErrorCode::CoordinatorNotAvailable);
            response.errorMessage = std::string(kOffsetsTopic) + "-" + std::to_string(partition)
                                    + " has no leader right now";
            response.nodeId = -1;
            response.port = -1;
        } else {
            response.nodeId = leader.value();
            response.host = endpoint->host;
            response.port = endpoint->port;
        }
        return reply(ctx, response, respond);
    }
    if (!s.ok() || !adv) {
        response.errorCode = code(s.ok() ? ErrorCode::CoordinatorNotAvailable : s.code());
        if (!s.ok())
            response.errorMessage = s.error().message;
        response.nodeId = -1;
        response.port = -1;
    } else {
        response.nodeId = m_config.nodeId;
        response.host = adv->host;
        response.port = adv->port;
    }
    reply(ctx, response, respond);
}

void Broker::handleJoinGroup(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::JoinGroupRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    if (!allowed(ctx, AclOperation::Read, ResourceType::Group, request.groupId)) {
        protocol::JoinGroupResponse denied;
        denied.errorCode = code(ErrorCode::GroupAuthorizationFailed);
        return reply(ctx, denied, respond);
    }
    group::JoinGroupParams p;
    p.groupId = request.groupId;
    p.sessionTimeoutMs = request.sessionTimeoutMs;
    p.rebalanceTimeoutMs = ctx.apiVersion >= 1 ? request.rebalanceTimeoutMs : -1;
    p.memberId = request.memberId;
    p.groupInstanceId = request.groupInstanceId;
    p.protocolType = request.protocolType;
    for (auto &proto : request.protocols)
        p.protocols.emplace_back(proto.name, std::move(proto.metadata));
    p.clientId = ctx.clientId;
    p.clientHost = ctx.connection ? "/" + ctx.connection->peerHost : std::string();
    p.requireKnownMemberId = ctx.apiVersion >= 4;
    if (ErrorCode e = groupCoordinatorError(request.groupId); e != ErrorCode::None) {
        protocol::JoinGroupResponse response;
        response.errorCode = code(e);
        response.memberId = request.memberId;
        return reply(ctx, response, respond);
    }
    if (Status s = ensureOffsetsTopic(); !s.ok()) {
        protocol::JoinGroupResponse response;
        response.errorCode = code(ErrorCode::CoordinatorNotAvailable);
        return reply(ctx, response, respond);
    }
    m_groups->joinGroup(
        std::move(p),
        nowMs(),
        [this, ctx, respond = std::move(respond)](group::JoinGroupResult r) mutable {
            protocol::JoinGroupResponse response;
            response.errorCode = code(r.error);
            response.generationId = r.generationId;
            response.protocolType = r.protocolType;
            response.protocolName = r.protocolName;
            response.leader = r.leader;
            response.memberId = r.memberId;
            response.skipAssignment = r.skipAssignment;
            for (auto &m : r.members) {
                protocol::JoinGroupResponse::JoinGroupResponseMember member;
                member.memberId = m.memberId;
                member.groupInstanceId = m.groupInstanceId;
                member.metadata = std::move(m.metadata);
                response.members.push_back(std::move(member));
            }
            reply(ctx, response, respond);
        });
}

void Broker::handleSyncGroup(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::SyncGroupRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    if (!allowed(ctx, AclOperation::Read, ResourceType::Group, request.groupId)) {
        protocol::SyncGroupResponse denied;
        denied.errorCode = code(ErrorCode::GroupAuthorizationFailed);
        return reply(ctx, denied, respond);
    }
    if (ErrorCode e = groupCoordinatorError(request.groupId); e != ErrorCode::None) {
        protocol::SyncGroupResponse response;
        response.errorCode = code(e);
        return reply(ctx, response, respond);
    }
    group::SyncGroupParams p;
    p.groupId = request.groupId;
    p.generationId = request.generationId;
    p.memberId = request.memberId;
    p.groupInstanceId = request.groupInstanceId;
    p.protocolType = request.protocolType;
    p.protocolName = request.protocolName;
    for (auto &a : request.assignments)
        p.assignments.emplace_back(a.memberId, std::move(a.assignment));
    m_groups->syncGroup(
        std::move(p),
        nowMs(),
        [this, ctx, respond = std::move(respond)](group::SyncGroupResult r) mutable {
            protocol::SyncGroupResponse response;
            response.errorCode = code(r.error);
            response.protocolType = r.protocolType;
            response.protocolName = r.protocolName;
            response.assignment = std::move(r.assignment);
            reply(ctx, response, respond);
        });
}

void Broker::handleHeartbeat(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::HeartbeatRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    if (!allowed(ctx, AclOperation::Read, ResourceType::Group, request.groupId)) {
        protocol::HeartbeatResponse denied;
        denied.errorCode = code(ErrorCode::GroupAuthorizationFailed);
        return reply(ctx, denied, respond);
    }
    protocol::HeartbeatResponse response;
    if (ErrorCode e = groupCoordinatorError(request.groupId); e != ErrorCode::None) {
        response.errorCode = code(e);
        return reply(ctx, response, respond);
    }
    response.errorCode = code(m_groups->heartbeat(
        request.groupId, request.memberId, request.groupInstanceId, request.generationId, nowMs()));
    reply(ctx, response, respond);
}

void Broker::handleLeaveGroup(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::LeaveGroupRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    if (!allowed(ctx, AclOperation::Read, ResourceType::Group, request.groupId)) {
        protocol::LeaveGroupResponse denied;
        denied.errorCode = code(ErrorCode::GroupAuthorizationFailed);
        return reply(ctx, denied, respond);
    }
    if (ErrorCode e = groupCoordinatorError(request.groupId); e != ErrorCode::None) {
        protocol::LeaveGroupResponse response;
        response.errorCode = code(e);
        return reply(ctx, response, respond);
    }
    std::vector<group::LeaveMember> members;
    if (ctx.apiVersion <= 2)
        members.push_back({request.memberId, std::nullopt});
    for (const auto &m : request.members)
        members.push_back({m.memberId, m.groupInstanceId});
    const auto errors = m_groups->leaveGroup(request.groupId, members, nowMs());
    protocol::LeaveGroupResponse response;
    if (ctx.apiVersion <= 2) {
        response.errorCode = code(errors.empty() ? ErrorCode::UnknownMemberId : errors.front());
    } else {
        for (size_t i = 0; i < members.size(); ++i) {
            protocol::LeaveGroupResponse::MemberResponse m;
            m.memberId = members[i].memberId;
            m.groupInstanceId = members[i].groupInstanceId;
            m.errorCode = code(i < errors.size() ? errors[i] : ErrorCode::UnknownMemberId);
            response.members.push_back(std::move(m));
        }
    }
    reply(ctx, response, respond);
}

void Broker::handleOffsetCommit(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::OffsetCommitRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());

    // Shape of the answer: one entry per requested partition, in request order.
    auto response = std::make_shared<protocol::OffsetCommitResponse>();
    std::vector<group::OffsetCommitEntry> entries;
    std::vector<std::pair<size_t, size_t>> slots; // (topic, partition) index of each entry
    const bool groupAllowed
        = allowed(ctx, AclOperation::Read, ResourceType::Group, request.groupId);
    for (const auto &t : request.topics) {
        protocol::OffsetCommitResponse::OffsetCommitResponseTopic topicResponse;
        topicResponse.name = t.name;
        const TopicInfo *topic = m_topics->find(t.name);
        const bool topicAllowed
            = groupAllowed && allowed(ctx, AclOperation::Read, ResourceType::Topic, t.name);
        for (const auto &p : t.partitions) {
            protocol::OffsetCommitResponse::OffsetCommitResponsePartition part;
            part.partitionIndex = p.partitionIndex;
            if (!groupAllowed) {
                part.errorCode = code(ErrorCode::GroupAuthorizationFailed);
            } else if (!topicAllowed) {
                part.errorCode = code(ErrorCode::TopicAuthorizationFailed);
            } else if (!topic || p.partitionIndex < 0
                       || p.partitionIndex >= topic->partitionCount) {
                part.errorCode = code(ErrorCode::UnknownTopicOrPartition);
            } else {
                slots.emplace_back(response->topics.size(), topicResponse.partitions.size());
                entries.push_back({t.name,
                                   p.partitionIndex,
                                   p.committedOffset,
                                   p.committedLeaderEpoch,
                                   p.committedMetadata});
            }
            topicResponse.partitions.push_back(part);
        }
        response->topics.push_back(std::move(topicResponse));
    }
    if (entries.empty())
        return reply(ctx, *response, respond);
    if (ErrorCode e = groupCoordinatorError(request.groupId); e != ErrorCode::None) {
        for (auto [ti, pi] : slots)
            response->topics[ti].partitions[pi].errorCode = code(e);
        return reply(ctx, *response, respond);
    }
    if (Status s = ensureOffsetsTopic(); !s.ok()) {
        for (auto [ti, pi] : slots)
            response->topics[ti].partitions[pi].errorCode
                = code(ErrorCode::CoordinatorNotAvailable);
        return reply(ctx, *response, respond);
    }
    m_groups->commitOffsets(request.groupId,
                            ctx.apiVersion >= 1 ? request.generationIdOrMemberEpoch : -1,
                            request.memberId,
                            request.groupInstanceId,
                            std::move(entries),
                            nowMs(),
                            [this, ctx, response, slots, respond = std::move(respond)](
                                std::vector<ErrorCode> errors) mutable {
                                for (size_t i = 0; i < slots.size(); ++i) {
                                    auto [ti, pi] = slots[i];
                                    response->topics[ti].partitions[pi].errorCode
                                        = code(i < errors.size() ? errors[i]
                                                                 : ErrorCode::UnknownServerError);
                                }
                                reply(ctx, *response, respond);
                            });
}

void Broker::handleOffsetFetch(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::OffsetFetchRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    auto refuse = [&](ErrorCode e) {
        protocol::OffsetFetchResponse denied;
        denied.errorCode = code(e);
        if (request.topics) // v0-1 carry errors per partition only
            for (const auto &t : *request.topics) {
                protocol::OffsetFetchResponse::OffsetFetchResponseTopic topic;
                topic.name = t.name;
                for (int32_t index : t.partitionIndexes) {
                    protocol::OffsetFetchResponse::OffsetFetchResponsePartition p;
                    p.partitionIndex = index;
                    p.committedOffset = -1;
                    p.errorCode = code(e);
                    topic.partitions.push_back(std::move(p));
                }
                denied.topics.push_back(std::move(topic));
            }
        reply(ctx, denied, respond);
    };
    if (!allowed(ctx, AclOperation::Describe, ResourceType::Group, request.groupId))
        return refuse(ErrorCode::GroupAuthorizationFailed);
    if (ErrorCode e = groupCoordinatorError(request.groupId); e != ErrorCode::None)
        return refuse(e);
    std::optional<std::vector<std::pair<std::string, std::vector<int32_t>>>> wanted;
    if (request.topics) {
        wanted.emplace();
        for (const auto &t : *request.topics)
            wanted->emplace_back(t.name, t.partitionIndexes);
    }
    const auto offsets = m_groups->fetchOffsets(request.groupId, wanted);
    protocol::OffsetFetchResponse response;
    std::map<std::string, size_t> topicIndex;
    for (const auto &[key, committed] : offsets) {
        if (!allowed(ctx, AclOperation::Describe, ResourceType::Topic, key.first, false))
            continue; // as Kafka: offsets of topics the principal may not see are left out
        auto [it, inserted] = topicIndex.emplace(key.first, response.topics.size());
        if (inserted) {
            protocol::OffsetFetchResponse::OffsetFetchResponseTopic t;
            t.name = key.first;
            response.topics.push_back(std::move(t));
        }
        protocol::OffsetFetchResponse::OffsetFetchResponsePartition p;
        p.partitionIndex = key.second;
        p.committedOffset = committed.offset;
        p.committedLeaderEpoch = committed.leaderEpoch;
        p.metadata = committed.metadata.value_or("");
        p.errorCode = code(committed.error);
        response.topics[it->second].partitions.push_back(std::move(p));
    }
    reply(ctx, response, respond);
}

void Broker::handleListGroups(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::ListGroupsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::ListGroupsResponse response;
    const bool seeAll = allowedOnCluster(ctx, AclOperation::Describe, false);
    for (const auto &g : m_groups->listGroups(request.statesFilter)) {
        if (!seeAll && !allowed(ctx, AclOperation::Describe, ResourceType::Group, g.groupId, false))
            continue;
        protocol::ListGroupsResponse::ListedGroup listed;
        listed.groupId = g.groupId;
        listed.protocolType = g.protocolType;
        listed.groupState = g.state;
        listed.groupType = "classic";
        response.groups.push_back(std::move(listed));
    }
    reply(ctx, response, respond);
}

void Broker::handleDescribeGroups(const RequestContext &ctx,
                                  ByteReader &reader,
                                  net::Respond respond)
{
    protocol::DescribeGroupsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::DescribeGroupsResponse response;
    for (const auto &groupId : request.groups) {
        protocol::DescribeGroupsResponse::DescribedGroup g;
        if (!allowed(ctx, AclOperation::Describe, ResourceType::Group, groupId)) {
            g.groupId = groupId;
            g.errorCode = code(ErrorCode::GroupAuthorizationFailed);
            response.groups.push_back(std::move(g));
            continue;
        }
        if (ErrorCode e = groupCoordinatorError(groupId); e != ErrorCode::None) {
            g.groupId = groupId;
            g.errorCode = code(e);
            response.groups.push_back(std::move(g));
            continue;
        }
        group::GroupDescription d = m_groups->describeGroup(groupId);
        g.errorCode = code(d.error);
        g.groupId = groupId;
        g.groupState = d.state;
        g.protocolType = d.protocolType;
        g.protocolData = d.protocolName;
        for (auto &m : d.members) {
            protocol::DescribeGroupsResponse::DescribedGroupMember member;
            member.memberId = m.memberId;
            member.groupInstanceId = m.groupInstanceId;
            member.clientId = m.clientId;
            member.clientHost = m.clientHost;
            member.memberMetadata = std::move(m.metadata);
            member.memberAssignment = std::move(m.assignment);
            g.members.push_back(std::move(member));
        }
        response.groups.push_back(std::move(g));
    }
    reply(ctx, response, respond);
}

void Broker::handleDeleteGroups(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::DeleteGroupsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::DeleteGroupsResponse response;
    for (const auto &groupId : request.groupsNames) {
        protocol::DeleteGroupsResponse::DeletableGroupResult r;
        r.groupId = groupId;
        const ErrorCode coordinator = groupCoordinatorError(groupId);
        r.errorCode
            = code(!allowed(ctx, AclOperation::Delete, ResourceType::Group, groupId)
                       ? ErrorCode::GroupAuthorizationFailed
                   : coordinator != ErrorCode::None ? coordinator
                                                    : m_groups->deleteGroup(groupId, nowMs()));
        response.results.push_back(std::move(r));
    }
    reply(ctx, response, respond);
}

void Broker::handleInitProducerId(const RequestContext &ctx,
                                  ByteReader &reader,
                                  net::Respond respond)
{
    protocol::InitProducerIdRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::InitProducerIdResponse response;
    if (request.transactionalId && !request.transactionalId->empty()) {
        response.errorCode = code(ErrorCode::TransactionalIdAuthorizationFailed);
        RLOG_WARN("broker") << "client " << ctx.clientId
                            << " asked for a transactional producer; transactions are not "
                               "supported yet";
        return reply(ctx, response, respond);
    }
    // Idempotence needs IDEMPOTENT_WRITE on the cluster or, since Kafka 3.0 (KIP-679),
    // WRITE on any topic.
    bool mayProduce = allowedOnCluster(ctx, AclOperation::IdempotentWrite, false);
    for (auto it = m_topics->topics().begin(); !mayProduce && it != m_topics->topics().end(); ++it)
        mayProduce = allowed(ctx, AclOperation::Write, ResourceType::Topic, it->first, false);
    if (!mayProduce) {
        RLOG_INFO("authorizer") << "principal " << ctx.principal
                                << " denied IDEMPOTENT_WRITE (InitProducerId)";
        response.errorCode = code(ErrorCode::ClusterAuthorizationFailed);
        return reply(ctx, response, respond);
    }
    if (request.producerId >= 0 && request.producerEpoch >= 0) {
        // KIP-360: an idempotent producer bumps its epoch after a fatal sequence error and
        // keeps its id; at the epoch limit it gets a fresh id.
        if (request.producerEpoch < INT16_MAX - 1) {
            response.producerId = request.producerId;
            response.producerEpoch = static_cast<int16_t>(request.producerEpoch + 1);
            return reply(ctx, response, respond);
        }
    }
    auto id = nextProducerId();
    if (!id) {
        response.errorCode = code(ErrorCode::CoordinatorNotAvailable);
        RLOG_ERROR("broker") << "allocating a producer id: " << id.error().message;
    } else {
        response.producerId = id.value();
        response.producerEpoch = 0;
    }
    reply(ctx, response, respond);
}

} // namespace runnel::broker
