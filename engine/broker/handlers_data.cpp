// The data path: Produce, Fetch (with long polling), ListOffsets, OffsetForLeaderEpoch,
// DeleteRecords.

#include "engine/broker/broker_internal.h"
#include "engine/broker/cluster_member.h"
#include "engine/records/record_batch.h"

namespace runnel::broker {

namespace {

using security::AclOperation;
using security::ResourceType;

constexpr int32_t kLeaderEpoch = 0; // one broker: its leadership never changes hands
constexpr int64_t kInSyncReplicas = 1;
constexpr int64_t kLatestTimestamp = -1;
constexpr int64_t kEarliestTimestamp = -2;
constexpr int64_t kMaxTimestamp = -3;

} // namespace

// --- Produce -----------------------------------------------------------------------------

void Broker::handleProduce(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::ProduceRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    if (m_cluster)
        return handleProduceReplicated(ctx, request, std::move(respond));

    protocol::ProduceResponse response;
    std::vector<storage::PartitionLog *> written;
    const TimestampMs now = nowMs();
    const bool validAcks = request.acks == 0 || request.acks == 1 || request.acks == -1;

    for (auto &topicData : request.topicData) {
        protocol::ProduceResponse::TopicProduceResponse topicResponse;
        topicResponse.name = topicData.name;
        const TopicInfo *topic = m_topics->find(topicData.name);
        const bool mayWrite
            = allowed(ctx, AclOperation::Write, ResourceType::Topic, topicData.name);
        for (auto &partitionData : topicData.partitionData) {
            protocol::ProduceResponse::PartitionProduceResponse result;
            result.index = partitionData.index;
            auto fail = [&](ErrorCode e, std::string message) {
                result.errorCode = code(e);
                result.errorMessage = std::move(message);
                result.baseOffset = -1;
            };
            storage::PartitionLog *log = topic && !topic->internal
                                             ? partitionLog(topicData.name, partitionData.index)
                                             : nullptr;
            if (!mayWrite) {
                fail(ErrorCode::TopicAuthorizationFailed, "not authorized to write to the topic");
            } else if (!validAcks) {
                fail(ErrorCode::InvalidRequiredAcks, "acks must be 0, 1 or -1 (all)");
            } else if (!log) {
                fail(topic && topic->internal ? ErrorCode::InvalidTopicException
                                              : ErrorCode::UnknownTopicOrPartition,
                     topic && topic->internal ? "internal topics cannot be written"
                                              : "no such topic or partition");
            } else if (!partitionData.records || partitionData.records->empty()) {
                fail(ErrorCode::InvalidRecord, "the request carries no record batch");
            } else if (request.acks == -1
                       && std::stoll(effectiveTopicConfig(
                              m_config.topicDefaults, topic->configs, "min.insync.replicas"))
                              > kInSyncReplicas) {
                fail(ErrorCode::NotEnoughReplicas,
                     "min.insync.replicas is larger than the in-sync replicas of this "
                     "single-broker partition");
            } else if (ctx.apiVersion < 3) {
                fail(ErrorCode::UnsupportedVersion,
                     "message formats v0 and v1 are not supported; use a client that sends "
                     "record batch v2 (Kafka 0.11+)");
            } else {
                Bytes &data = *partitionData.records;
                const storage::LogConfig cfg = logConfigFor(*topic);
                auto batches
                    = records::validateBatches(data, static_cast<size_t>(cfg.maxMessageBytes));
                if (!batches) {
                    fail(batches.error().code, batches.error().message);
                } else {
                    bool transactional = false;
                    size_t pos = 0;
                    for (const auto &b : batches.value()) {
                        transactional |= b.isTransactional();
                        records::setPartitionLeaderEpoch(data.data() + pos, kLeaderEpoch);
                        pos += b.totalSize();
                    }
                    if (transactional) {
                        fail(ErrorCode::InvalidRecord,
                             "transactional batches are not supported by this broker yet");
                    } else if (Status room = m_logs->checkRoom(static_cast<int64_t>(data.size()));
                               !room.ok()) {
                        fail(room.error().code, room.error().message);
                        RLOG_WARN("broker") << "refused a produce to " << topicData.name << "-"
                                            << partitionData.index << ": " << room.error().message;
                    } else {
                        auto appended = log->append(std::span<uint8_t>(data), now);
                        if (!appended) {
                            fail(appended.error().code, appended.error().message);
                            if (appended.error().code == ErrorCode::KafkaStorageError)
                                RLOG_ERROR("broker")
                                    << "append to " << topicData.name << "-" << partitionData.index
                                    << " failed: " << appended.error().message;
                        } else {
                            result.baseOffset = appended->firstOffset.value();
                            result.logAppendTimeMs = appended->logAppendTime;
                            result.logStartOffset = appended->logStartOffset.value();
                            if (const WriteCaching wc = writeCachingFor(*topic); wc.on)
                                m_cachedWrites.try_emplace({topicData.name, partitionData.index},
                                                           now + wc.flushMs);
                            else
                                written.push_back(log);
                            partitionGrew(topicData.name, partitionData.index);
                            m_metrics.produced(topicData.name,
                                               data.size(),
                                               static_cast<uint64_t>(appended->lastOffset.value()
                                                                     - appended->firstOffset.value()
                                                                     + 1));
                        }
                    }
                }
            }
            topicResponse.partitionResponses.push_back(std::move(result));
        }
        response.responses.push_back(std::move(topicResponse));
    }

    if (request.acks == 0)
        return respond(net::Response::none());
    if (request.acks == -1 && !written.empty()) {
        // acks=all: answer once the data is on disk. The answer is built now and held.
        auto bytes = std::make_shared<Bytes>(encodeResponse(ctx, response));
        return flushThen(std::move(written), [bytes, respond = std::move(respond)]() mutable {
            respond(net::Response::send(std::move(*bytes)));
        });
    }
    reply(ctx, response, respond);
}

// --- Fetch -------------------------------------------------------------------------------

struct Broker::PendingFetch
{
    PendingFetch(asio::io_context &io)
        : timer(io)
    {}
    RequestContext ctx;
    protocol::FetchRequest request;
    std::set<std::string> deniedTopics; // no READ: TOPIC_AUTHORIZATION_FAILED
    net::Respond respond;
    asio::steady_timer timer;
    bool finished = false;
};

namespace {

struct FetchOutcome
{
    protocol::FetchResponse response;
    size_t bytes = 0;
    size_t partitions = 0;
    bool anyError = false;

    // Records plus a generous bound for every partition's fixed fields.
    size_t encodedSizeHint() const { return bytes + 256 + partitions * 96; }
};

} // namespace

static FetchOutcome
buildFetch(const protocol::FetchRequest &request,
           const std::function<ReadablePartition(const std::string &, int32_t)> &readable,
           const TopicTable &topics,
           const std::set<std::string> &deniedTopics)
{
    FetchOutcome out;
    size_t remaining = request.maxBytes > 0 ? static_cast<size_t>(request.maxBytes) : 0;
    for (const auto &t : request.topics) {
        protocol::FetchResponse::FetchableTopicResponse topicResponse;
        topicResponse.topic = t.topic;
        topicResponse.topicId = t.topicId;
        std::string name = t.topic;
        if (name.empty() && !t.topicId.isZero())
            if (const TopicInfo *info = topics.findById(t.topicId))
                name = info->name;
        for (const auto &p : t.partitions) {
            protocol::FetchResponse::PartitionData data;
            ++out.partitions;
            data.partitionIndex = p.partition;
            data.records = Bytes{};
            const ReadablePartition source = readable(name, p.partition);
            storage::PartitionLog *log = source.log;
            if (deniedTopics.count(name)) {
                data.errorCode = code(ErrorCode::TopicAuthorizationFailed);
                out.anyError = true;
            } else if (!log) {
                data.errorCode = code(source.error);
                out.anyError = true;
            } else if (p.currentLeaderEpoch > source.leaderEpoch) {
                data.errorCode = code(ErrorCode::UnknownLeaderEpoch);
                out.anyError = true;
            } else if (p.currentLeaderEpoch >= 0 && p.currentLeaderEpoch < source.leaderEpoch) {
                data.errorCode = code(ErrorCode::FencedLeaderEpoch); // KIP-320
                out.anyError = true;
            } else {
                const Offset hw = source.highWatermark;
                data.highWatermark = hw.value();
                data.lastStableOffset = hw.value();
                data.logStartOffset = log->logStartOffset().value();
                if (request.isolationLevel == 1)
                    data.abortedTransactions
                        = std::vector<protocol::FetchResponse::AbortedTransaction>{};
                const size_t limit
                    = std::min(remaining, static_cast<size_t>(std::max(p.partitionMaxBytes, 0)));
                // KIP-74: the first partition with data returns at least one whole batch,
                // so a batch larger than the limits still makes progress.
                const bool first = out.bytes == 0;
                if (p.fetchOffset == hw.value()) {
                    // Caught up: nothing to send.
                } else {
                    auto read = log->read(Offset(p.fetchOffset), limit, hw, first);
                    if (!read) {
                        data.errorCode = code(read.error().code);
                        out.anyError = true;
                    } else {
                        out.bytes += read->data.size();
                        remaining
                            = remaining > read->data.size() ? remaining - read->data.size() : 0;
                        data.records = std::move(read->data);
                    }
                }
            }
            topicResponse.partitions.push_back(std::move(data));
        }
        out.response.responses.push_back(std::move(topicResponse));
    }
    return out;
}

void Broker::handleFetch(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    auto pending = std::make_shared<PendingFetch>(m_io);
    pending->ctx = ctx;
    if (!decodeRequest(ctx, reader, pending->request))
        return respond(net::Response::close());
    pending->respond = std::move(respond);
    if (pending->request.replicaId >= 0) {
        protocol::FetchResponse response;
        response.errorCode = code(ErrorCode::NotLeaderOrFollower);
        return reply(ctx, response, pending->respond);
    }
    for (const auto &t : pending->request.topics) {
        std::string name = t.topic;
        if (name.empty() && !t.topicId.isZero())
            if (const TopicInfo *info = m_topics->findById(t.topicId))
                name = info->name;
        if (!allowed(ctx, AclOperation::Read, ResourceType::Topic, name))
            pending->deniedTopics.insert(name);
    }
    auto logOf = [this](const std::string &t, int32_t p) {
        return readablePartition(t, p);
    };
    FetchOutcome outcome = buildFetch(pending->request, logOf, *m_topics, pending->deniedTopics);
    if (outcome.anyError || pending->request.maxWaitMs <= 0
        || outcome.bytes >= static_cast<size_t>(std::max(pending->request.minBytes, 1))) {
        noteFetched(outcome.response);
        return reply(ctx, outcome.response, pending->respond, outcome.encodedSizeHint());
    }
    // Long poll: park until data arrives for one of the partitions or max.wait passes.
    m_pendingFetches.push_back(pending);
    pending->timer.expires_after(std::chrono::milliseconds(pending->request.maxWaitMs));
    std::weak_ptr<PendingFetch> weak = pending;
    pending->timer.async_wait([this, weak](const asio::error_code &ec) {
        if (ec)
            return;
        if (auto p = weak.lock())
            completeFetch(p);
    });
}

void Broker::completeFetch(const std::shared_ptr<PendingFetch> &pending)
{
    if (pending->finished)
        return;
    pending->finished = true;
    pending->timer.cancel();
    std::erase(m_pendingFetches, pending);
    auto logOf = [this](const std::string &t, int32_t p) {
        return readablePartition(t, p);
    };
    FetchOutcome outcome = buildFetch(pending->request, logOf, *m_topics, pending->deniedTopics);
    noteFetched(outcome.response);
    reply(pending->ctx, outcome.response, pending->respond, outcome.encodedSizeHint());
}

void Broker::partitionGrew(const std::string &topic, int32_t partition)
{
    if (m_pendingFetches.empty())
        return;
    auto logOf = [this](const std::string &t, int32_t p) {
        return readablePartition(t, p);
    };
    auto waiting = m_pendingFetches; // replies below edit the list
    for (const auto &pending : waiting) {
        bool interested = false;
        for (const auto &t : pending->request.topics)
            if (t.topic == topic)
                for (const auto &p : t.partitions)
                    interested |= p.partition == partition;
        if (!interested || pending->finished)
            continue;
        // Answer once min.bytes is reached over every partition the fetch reads.
        FetchOutcome outcome
            = buildFetch(pending->request, logOf, *m_topics, pending->deniedTopics);
        if (outcome.anyError
            || outcome.bytes >= static_cast<size_t>(std::max(pending->request.minBytes, 1))) {
            pending->finished = true;
            pending->timer.cancel();
            std::erase(m_pendingFetches, pending);
            noteFetched(outcome.response);
            reply(pending->ctx, outcome.response, pending->respond, outcome.encodedSizeHint());
        }
    }
}

ReadablePartition Broker::readablePartition(const std::string &topic, int32_t partition)
{
    ReadablePartition out;
    if (!m_topics->find(topic)) {
        out.error = ErrorCode::UnknownTopicOrPartition;
        return out;
    }
    if (!m_cluster) {
        out.log = partitionLog(topic, partition);
        out.error = out.log ? ErrorCode::None : ErrorCode::UnknownTopicOrPartition;
        if (out.log)
            out.highWatermark = out.log->logEndOffset();
        out.leaderEpoch = kLeaderEpoch;
        return out;
    }
    auto replica = m_cluster->leaderReplica(topic, partition);
    if (!replica) {
        out.error = replica.error().code;
        return out;
    }
    out.log = partitionLog(topic, partition);
    out.error = out.log ? ErrorCode::None : ErrorCode::NotLeaderOrFollower;
    out.highWatermark = replica.value()->highWatermark();
    out.leaderEpoch = replica.value()->leaderEpoch().value();
    return out;
}

// --- ListOffsets -------------------------------------------------------------------------

void Broker::handleListOffsets(const RequestContext &ctx, ByteReader &reader, net::Respond respond)
{
    protocol::ListOffsetsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::ListOffsetsResponse response;
    for (const auto &t : request.topics) {
        protocol::ListOffsetsResponse::ListOffsetsTopicResponse topicResponse;
        topicResponse.name = t.name;
        const TopicInfo *topic = m_topics->find(t.name);
        const bool mayDescribe = allowed(ctx, AclOperation::Describe, ResourceType::Topic, t.name);
        for (const auto &p : t.partitions) {
            protocol::ListOffsetsResponse::ListOffsetsPartitionResponse result;
            result.partitionIndex = p.partitionIndex;
            const ReadablePartition source
                = topic ? readablePartition(t.name, p.partitionIndex) : ReadablePartition{};
            storage::PartitionLog *log = source.log;
            if (!mayDescribe) {
                result.errorCode = code(ErrorCode::TopicAuthorizationFailed);
            } else if (!log) {
                result.errorCode = code(topic ? source.error : ErrorCode::UnknownTopicOrPartition);
            } else if (p.currentLeaderEpoch > source.leaderEpoch) {
                result.errorCode = code(ErrorCode::UnknownLeaderEpoch);
            } else if (p.currentLeaderEpoch >= 0 && p.currentLeaderEpoch < source.leaderEpoch) {
                result.errorCode = code(ErrorCode::FencedLeaderEpoch);
            } else {
                result.leaderEpoch = source.leaderEpoch;
                if (p.timestamp == kLatestTimestamp) {
                    result.offset = source.highWatermark.value();
                } else if (p.timestamp == kEarliestTimestamp) {
                    result.offset = log->logStartOffset().value();
                } else if (p.timestamp == kMaxTimestamp) {
                    result.offset = log->logEndOffset().value() > log->logStartOffset().value()
                                        ? log->logEndOffset().value() - 1
                                        : -1;
                } else if (auto found = log->offsetForTimestamp(p.timestamp)) {
                    result.offset = found->first.value();
                    result.timestamp = found->second;
                }
                if (ctx.apiVersion == 0) {
                    result.oldStyleOffsets.clear();
                    if (result.offset >= 0)
                        result.oldStyleOffsets.push_back(result.offset);
                }
            }
            topicResponse.partitions.push_back(std::move(result));
        }
        response.topics.push_back(std::move(topicResponse));
    }
    reply(ctx, response, respond);
}

// --- OffsetForLeaderEpoch ----------------------------------------------------------------

void Broker::handleOffsetForLeaderEpoch(const RequestContext &ctx,
                                        ByteReader &reader,
                                        net::Respond respond)
{
    protocol::OffsetForLeaderEpochRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::OffsetForLeaderEpochResponse response;
    for (const auto &t : request.topics) {
        protocol::OffsetForLeaderEpochResponse::OffsetForLeaderTopicResult topicResult;
        topicResult.topic = t.topic;
        const TopicInfo *topic = m_topics->find(t.topic);
        const bool mayDescribe = allowed(ctx, AclOperation::Describe, ResourceType::Topic, t.topic);
        for (const auto &p : t.partitions) {
            protocol::OffsetForLeaderEpochResponse::EpochEndOffset result;
            result.partition = p.partition;
            const ReadablePartition source
                = topic ? readablePartition(t.topic, p.partition) : ReadablePartition{};
            storage::PartitionLog *log = source.log;
            if (!mayDescribe) {
                result.errorCode = code(ErrorCode::TopicAuthorizationFailed);
            } else if (!log) {
                result.errorCode = code(topic ? source.error : ErrorCode::UnknownTopicOrPartition);
            } else if (m_cluster) {
                // Kafka's answer: the largest epoch <= the one asked and where it ended.
                if (p.currentLeaderEpoch > source.leaderEpoch)
                    result.errorCode = code(ErrorCode::UnknownLeaderEpoch);
                else if (p.currentLeaderEpoch >= 0 && p.currentLeaderEpoch < source.leaderEpoch)
                    result.errorCode = code(ErrorCode::FencedLeaderEpoch);
                else {
                    auto [epoch, end] = log->endOffsetForEpoch(LeaderEpoch(p.leaderEpoch));
                    result.leaderEpoch = epoch.value();
                    result.endOffset = end.value();
                }
            } else if (p.currentLeaderEpoch > kLeaderEpoch) {
                result.errorCode = code(ErrorCode::UnknownLeaderEpoch);
            } else if (p.leaderEpoch > kLeaderEpoch) {
                // Kafka answers an epoch newer than any it knows with UNDEFINED offsets.
            } else {
                result.leaderEpoch = kLeaderEpoch;
                result.endOffset = log->logEndOffset().value();
            }
            topicResult.partitions.push_back(std::move(result));
        }
        response.topics.push_back(std::move(topicResult));
    }
    reply(ctx, response, respond);
}

// --- DeleteRecords -----------------------------------------------------------------------

void Broker::handleDeleteRecords(const RequestContext &ctx,
                                 ByteReader &reader,
                                 net::Respond respond)
{
    protocol::DeleteRecordsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::DeleteRecordsResponse response;
    for (const auto &t : request.topics) {
        protocol::DeleteRecordsResponse::DeleteRecordsTopicResult topicResult;
        topicResult.name = t.name;
        const TopicInfo *topic = m_topics->find(t.name);
        const bool mayDelete = allowed(ctx, AclOperation::Delete, ResourceType::Topic, t.name);
        for (const auto &p : t.partitions) {
            protocol::DeleteRecordsResponse::DeleteRecordsPartitionResult result;
            result.partitionIndex = p.partitionIndex;
            storage::PartitionLog *log = topic ? partitionLog(t.name, p.partitionIndex) : nullptr;
            // In a cluster only the leader deletes, up to its high watermark; followers
            // follow its log start through their fetches.
            int64_t end = log ? log->logEndOffset().value() : -1;
            ErrorCode notLeader = ErrorCode::None;
            if (m_cluster && topic && mayDelete) {
                auto replica = m_cluster->leaderReplica(t.name, p.partitionIndex);
                if (replica)
                    end = replica.value()->highWatermark().value();
                else
                    notLeader = replica.error().code;
            }
            if (!mayDelete) {
                result.errorCode = code(ErrorCode::TopicAuthorizationFailed);
                result.lowWatermark = -1;
            } else if (notLeader != ErrorCode::None || !log) {
                result.errorCode = code(
                    notLeader != ErrorCode::None ? notLeader : ErrorCode::UnknownTopicOrPartition);
                result.lowWatermark = -1;
            } else {
                const int64_t target = p.offset == -1 ? end : p.offset;
                if (target < 0 || target > end) {
                    result.errorCode = code(ErrorCode::OffsetOutOfRange);
                } else if (target > log->logStartOffset().value()) {
                    Status s = log->deleteRecordsBefore(Offset(target));
                    result.errorCode = code(s.code());
                }
                result.lowWatermark = log->logStartOffset().value();
            }
            topicResult.partitions.push_back(std::move(result));
        }
        response.topics.push_back(std::move(topicResult));
    }
    reply(ctx, response, respond);
}

} // namespace runnel::broker
