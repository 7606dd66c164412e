// AlterPartitionReassignments and ListPartitionReassignments (KIP-455), and UnregisterBroker
// (KIP-631), which removes a broker once reassignments have moved everything off it. In a
// cluster every partition's target, and every unregistration, goes to the active controller
// (ClusterMember::alterReassignment / unregisterBroker) and is answered once its records
// committed; List answers from this broker's committed image. A single broker holds every
// replica itself: the only placement is [node.id], and there is no one to unregister.

#include "engine/broker/broker_internal.h"
#include "engine/broker/cluster_member.h"

#include <set>

namespace runnel::broker {

namespace {

using security::AclOperation;

} // namespace

void Broker::handleAlterPartitionReassignments(const RequestContext &ctx,
                                               ByteReader &reader,
                                               net::Respond respond)
{
    protocol::AlterPartitionReassignmentsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    using Response = protocol::AlterPartitionReassignmentsResponse;
    struct State
    {
        RequestContext ctx;
        Response response;
        net::Respond respond;
        int outstanding = 1;
    };
    auto state = std::make_shared<State>();
    state->ctx = ctx;
    state->respond = std::move(respond);
    if (!allowedOnCluster(ctx, AclOperation::Alter)) {
        state->response.errorCode = code(ErrorCode::ClusterAuthorizationFailed);
        state->response.errorMessage = "not authorized to reassign partitions (ALTER on CLUSTER)";
        return reply(ctx, state->response, state->respond);
    }
    auto finishOne = [this, state] {
        if (--state->outstanding == 0)
            reply(state->ctx, state->response, state->respond);
    };
    state->response.responses.resize(request.topics.size());
    for (size_t i = 0; i < request.topics.size(); ++i) {
        const auto &t = request.topics[i];
        auto &topicResult = state->response.responses[i];
        topicResult.name = t.name;
        topicResult.partitions.resize(t.partitions.size());
        for (size_t k = 0; k < t.partitions.size(); ++k) {
            const auto &p = t.partitions[k];
            auto &result = topicResult.partitions[k];
            result.partitionIndex = p.partitionIndex;
            if (!m_cluster) {
                Status s;
                const TopicInfo *topic = m_topics->find(t.name);
                if (!topic || p.partitionIndex < 0 || p.partitionIndex >= topic->partitionCount)
                    s = makeError(ErrorCode::UnknownTopicOrPartition,
                                  "no partition " + t.name + "-"
                                      + std::to_string(p.partitionIndex));
                else if (!p.replicas)
                    s = makeError(ErrorCode::NoReassignmentInProgress,
                                  "no reassignment is in progress on a single broker");
                else if (*p.replicas != std::vector<int32_t>{m_config.nodeId})
                    s = makeError(ErrorCode::InvalidReplicaAssignment,
                                  "a single broker can only place replicas on itself (node "
                                      + std::to_string(m_config.nodeId) + ")");
                result.errorCode = code(s.code());
                if (!s.ok())
                    result.errorMessage = s.error().message;
                continue;
            }
            rpc::AlterReassignment r;
            r.topic = t.name;
            r.partition = PartitionId(p.partitionIndex);
            if (p.replicas) {
                std::vector<BrokerId> target;
                for (int32_t b : *p.replicas)
                    target.emplace_back(b);
                r.target = std::move(target);
            }
            ++state->outstanding;
            m_cluster->alterReassignment(std::move(r),
                                         [state, i, k, finishOne](const rpc::Reply &answer) {
                                             auto &res = state->response.responses[i].partitions[k];
                                             res.errorCode = code(answer.error);
                                             if (answer.error != ErrorCode::None)
                                                 res.errorMessage = answer.message;
                                             finishOne();
                                         });
        }
    }
    finishOne();
}

void Broker::handleListPartitionReassignments(const RequestContext &ctx,
                                              ByteReader &reader,
                                              net::Respond respond)
{
    protocol::ListPartitionReassignmentsRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::ListPartitionReassignmentsResponse response;
    if (!allowedOnCluster(ctx, AclOperation::Describe)) {
        response.errorCode = code(ErrorCode::ClusterAuthorizationFailed);
        response.errorMessage = "not authorized to list reassignments (DESCRIBE on CLUSTER)";
        return reply(ctx, response, respond);
    }
    if (!m_cluster)
        return reply(ctx, response, respond); // nothing ever moves on a single broker
    // Which partitions were asked for: every one when Topics is null.
    std::map<std::string, std::set<int32_t>> wanted;
    if (request.topics)
        for (const auto &t : *request.topics)
            wanted[t.name].insert(t.partitionIndexes.begin(), t.partitionIndexes.end());
    for (const auto &[tid, t] : m_cluster->image().topics()) {
        auto w = wanted.find(t.name);
        if (request.topics && w == wanted.end())
            continue;
        protocol::ListPartitionReassignmentsResponse::OngoingTopicReassignment out;
        out.name = t.name;
        for (const auto &[pid, p] : t.partitions) {
            if (!p.reassigning() || (request.topics && !w->second.count(pid)))
                continue;
            protocol::ListPartitionReassignmentsResponse::OngoingPartitionReassignment o;
            o.partitionIndex = pid;
            o.replicas = ids(p.replicas);
            o.addingReplicas = ids(p.addingReplicas);
            o.removingReplicas = ids(p.removingReplicas);
            out.partitions.push_back(std::move(o));
        }
        if (!out.partitions.empty())
            response.topics.push_back(std::move(out));
    }
    reply(ctx, response, respond);
}

void Broker::handleUnregisterBroker(const RequestContext &ctx,
                                    ByteReader &reader,
                                    net::Respond respond)
{
    protocol::UnregisterBrokerRequest request;
    if (!decodeRequest(ctx, reader, request))
        return respond(net::Response::close());
    protocol::UnregisterBrokerResponse response;
    if (!allowedOnCluster(ctx, AclOperation::Alter)) {
        response.errorCode = code(ErrorCode::ClusterAuthorizationFailed);
        response.errorMessage = "not authorized to unregister brokers (ALTER on CLUSTER)";
        return reply(ctx, response, respond);
    }
    if (!m_cluster) {
        response.errorCode = code(ErrorCode::InvalidRequest);
        response.errorMessage = "this is a single broker without a metadata quorum; there is "
                                "no cluster to unregister broker "
                                + std::to_string(request.brokerId) + " from";
        return reply(ctx, response, respond);
    }
    m_cluster->unregisterBroker(BrokerId(request.brokerId),
                                [this, ctx, respond](const rpc::Reply &answer) mutable {
                                    protocol::UnregisterBrokerResponse out;
                                    out.errorCode = code(answer.error);
                                    if (answer.error != ErrorCode::None)
                                        out.errorMessage = answer.message;
                                    reply(ctx, out, respond);
                                });
}

} // namespace runnel::broker
