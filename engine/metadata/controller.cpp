#include "engine/metadata/controller.h"

#include "engine/common/log.h"

#include <algorithm>
#include <set>

namespace runnel::metadata {

namespace {

bool contains(const std::vector<BrokerId> &v, BrokerId id)
{
    return std::find(v.begin(), v.end(), id) != v.end();
}

template<typename T>
ControllerResult<T> failWith(ErrorCode code, std::string message)
{
    return ControllerResult<T>{{}, makeError(code, std::move(message))};
}

} // namespace

Controller::Controller(ControllerConfig config,
                       const MetadataImage &committed,
                       TimestampMs now,
                       uint64_t seed)
    : m_config(config)
    , m_image(committed)
    , m_rng(seed)
{
    // Heartbeat times are not in the log: every broker gets a full session from the
    // moment this controller takes over.
    for (const auto &[id, b] : m_image.brokers())
        m_lastHeartbeat[id] = now;
}

void Controller::emit(std::vector<MetadataRecord> &out, MetadataRecord r)
{
    Status s = m_image.apply(r);
    if (!s) {
        // The controller only proposes records that fit its own image; anything else is a
        // bug in this class.
        RLOG_ERROR("metadata") << "controller produced a record its image refuses: "
                               << s.error().message;
        std::abort();
    }
    out.push_back(std::move(r));
}

std::vector<BrokerId> Controller::liveBrokers() const
{
    std::vector<BrokerId> live;
    for (const auto &[id, b] : m_image.brokers())
        if (!b.fenced)
            live.push_back(b.id);
    return live;
}

TopicId Controller::newTopicId()
{
    for (;;) {
        TopicId id{};
        for (size_t i = 0; i < id.size(); i += 8) {
            uint64_t r = m_rng();
            for (size_t k = 0; k < 8; ++k)
                id[i + k] = static_cast<uint8_t>(r >> (k * 8));
        }
        id[6] = static_cast<uint8_t>((id[6] & 0x0f) | 0x40); // UUID version 4
        id[8] = static_cast<uint8_t>((id[8] & 0x3f) | 0x80);
        if (!m_image.topic(id))
            return id;
    }
}

// Round robin over the live brokers from a random start; the first replica leads.
std::vector<PartitionRecord>
Controller::assign(const TopicId &id, int32_t from, int32_t to, int16_t rf)
{
    std::vector<BrokerId> live = liveBrokers();
    size_t n = live.size();
    size_t start = static_cast<size_t>(m_rng() % n);
    std::vector<PartitionRecord> out;
    for (int32_t p = from; p < to; ++p) {
        PartitionRecord r;
        r.topicId = id;
        r.partition = PartitionId(p);
        for (int16_t k = 0; k < rf; ++k)
            r.replicas.push_back(
                live[(start + static_cast<size_t>(p) + static_cast<size_t>(k)) % n]);
        r.isr = r.replicas;
        r.leader = r.replicas.front();
        out.push_back(std::move(r));
    }
    return out;
}

// ---------------------------------------------------------------- brokers

ControllerResult<bool> Controller::registerBroker(const BrokerRegistration &r, TimestampMs now)
{
    const BrokerInfo *existing = m_image.broker(r.brokerId);
    if (existing && existing->incarnationId != r.incarnationId && !existing->fenced) {
        auto it = m_lastHeartbeat.find(r.brokerId.value());
        if (it != m_lastHeartbeat.end() && now - it->second < m_config.brokerSessionTimeoutMs)
            return failWith<bool>(ErrorCode::DuplicateBrokerRegistration,
                                  "broker " + std::to_string(r.brokerId.value())
                                      + " is registered by another live process");
    }
    std::vector<MetadataRecord> out;
    bool wasLive = existing && !existing->fenced;
    emit(out, RegisterBrokerRecord{r.brokerId, r.incarnationId, r.endpoints, r.rack});
    // A re-registration is a restart: it may have lost unsynced data, so it leads nothing
    // and leaves the ISRs until it has caught up again.
    if (wasLive)
        moveAwayFrom(r.brokerId, true, out);
    m_lastHeartbeat[r.brokerId.value()] = now;
    m_lastHeard[r.brokerId.value()] = now;
    m_shuttingDown.erase(r.brokerId.value());
    return {std::move(out), true};
}

ControllerResult<HeartbeatReply>
Controller::heartbeat(const BrokerHeartbeat &h, TimestampMs now, Offset committedOffset)
{
    const BrokerInfo *b = m_image.broker(h.brokerId);
    if (!b)
        return failWith<HeartbeatReply>(ErrorCode::BrokerIdNotRegistered,
                                        "broker " + std::to_string(h.brokerId.value())
                                            + " must register first");
    m_lastHeartbeat[h.brokerId.value()] = now;
    m_lastHeard[h.brokerId.value()] = now;
    std::vector<MetadataRecord> out;
    HeartbeatReply reply;
    if (h.wantShutdown || m_shuttingDown[h.brokerId.value()]) {
        m_shuttingDown[h.brokerId.value()] = true;
        moveAwayFrom(h.brokerId, true, out);
        bool leadsSomething = false;
        for (const auto &[id, t] : m_image.topics())
            for (const auto &[p, info] : t.partitions)
                leadsSomething |= info.leader == h.brokerId;
        if (!leadsSomething) {
            if (!m_image.broker(h.brokerId)->fenced)
                emit(out, FenceBrokerRecord{h.brokerId});
            reply.shouldShutDown = true;
        }
    } else if (b->fenced && h.appliedOffset >= committedOffset) {
        emit(out, UnfenceBrokerRecord{h.brokerId});
        electOffline(out);
    }
    reply.fenced = m_image.broker(h.brokerId)->fenced;
    return {std::move(out), reply};
}

ControllerResult<bool> Controller::tick(TimestampMs now)
{
    std::vector<MetadataRecord> out;
    std::vector<BrokerId> expired;
    for (BrokerId id : liveBrokers()) {
        auto it = m_lastHeartbeat.find(id.value());
        TimestampMs last = it == m_lastHeartbeat.end() ? now : it->second;
        if (now - last < m_config.brokerSessionTimeoutMs)
            continue;
        RLOG_INFO("metadata") << "fencing broker " << id << ": no heartbeat for " << (now - last)
                              << " ms";
        expired.push_back(id);
    }
    fence(expired, out);
    completeReassignments(out);
    return {std::move(out), true};
}

ControllerResult<bool>
Controller::fenceUnreachable(const std::vector<std::pair<BrokerId, TimestampMs>> &lostSince)
{
    std::vector<MetadataRecord> out;
    std::vector<BrokerId> lost;
    for (const auto &[id, since] : lostSince) {
        const BrokerInfo *b = m_image.broker(id);
        if (!b || b->fenced)
            continue;
        auto heard = m_lastHeard.find(id.value());
        if (heard != m_lastHeard.end() && heard->second >= since)
            continue;
        RLOG_INFO("metadata") << "fencing broker " << id
                              << ": its connection closed and did not come back";
        lost.push_back(id);
    }
    fence(lost, out);
    if (!lost.empty())
        completeReassignments(out);
    return {std::move(out), true};
}

void Controller::fence(const std::vector<BrokerId> &brokers, std::vector<MetadataRecord> &out)
{
    // Fence them all first, so that no partition is handed to a broker fenced in the
    // same batch; then, in that same batch, every fenced broker leaves every ISR (acks=all
    // need not wait replica.lag.time.max.ms for it) and its leaderships move.
    for (BrokerId id : brokers)
        emit(out, FenceBrokerRecord{id});
    for (BrokerId id : brokers)
        moveAwayFrom(id, true, out);
}

void Controller::moveAwayFrom(BrokerId broker, bool removeFromIsr, std::vector<MetadataRecord> &out)
{
    std::vector<PartitionChangeRecord> changes;
    for (const auto &[tid, t] : m_image.topics()) {
        for (const auto &[pid, p] : t.partitions) {
            bool inIsr = contains(p.isr, broker);
            if (!inIsr && p.leader != broker)
                continue;
            PartitionChangeRecord c{tid, PartitionId(pid), {}, {}};
            std::vector<BrokerId> isr = p.isr;
            // Never shrink the ISR to nothing: the last member keeps the partition's data
            // (unclean election is off, so it is the only one allowed to lead again).
            if (removeFromIsr && inIsr && isr.size() > 1)
                std::erase(isr, broker);
            if (p.leader == broker) {
                BrokerId next = kNoLeader;
                for (BrokerId r : p.replicas) {
                    if (r != broker && contains(isr, r) && m_image.isLive(r)) {
                        next = r;
                        break;
                    }
                }
                c.leader = next;
            }
            if (isr != p.isr)
                c.isr = isr;
            if (c.isr || c.leader)
                changes.push_back(std::move(c));
        }
    }
    for (PartitionChangeRecord &c : changes)
        emit(out, std::move(c));
}

void Controller::electOffline(std::vector<MetadataRecord> &out)
{
    std::vector<PartitionChangeRecord> changes;
    for (const auto &[tid, t] : m_image.topics()) {
        for (const auto &[pid, p] : t.partitions) {
            if (p.leader != kNoLeader)
                continue;
            for (BrokerId r : p.replicas) {
                if (contains(p.isr, r) && m_image.isLive(r)) {
                    changes.push_back(PartitionChangeRecord{tid, PartitionId(pid), {}, r});
                    break;
                }
            }
        }
    }
    for (PartitionChangeRecord &c : changes)
        emit(out, std::move(c));
}

// ---------------------------------------------------------------- topics

ControllerResult<TopicId> Controller::createTopic(const CreateTopic &request)
{
    if (request.name.empty() || request.name.size() > 249)
        return failWith<TopicId>(ErrorCode::InvalidTopicException, "illegal topic name");
    if (m_image.topicByName(request.name))
        return failWith<TopicId>(ErrorCode::TopicAlreadyExists,
                                 "topic " + request.name + " already exists");
    if (request.partitions < 1)
        return failWith<TopicId>(ErrorCode::InvalidPartitions, "partitions must be at least 1");
    size_t live = liveBrokers().size();
    if (request.replicationFactor < 1 || static_cast<size_t>(request.replicationFactor) > live)
        return failWith<TopicId>(ErrorCode::InvalidReplicationFactor,
                                 "replication factor " + std::to_string(request.replicationFactor)
                                     + " with " + std::to_string(live) + " live brokers");
    std::vector<MetadataRecord> out;
    TopicId id = newTopicId();
    emit(out, TopicRecord{request.name, id});
    for (PartitionRecord &p : assign(id, 0, request.partitions, request.replicationFactor))
        emit(out, std::move(p));
    for (const auto &[k, v] : request.configs)
        emit(out, ConfigRecord{ConfigResource::Topic, request.name, k, v});
    return {std::move(out), id};
}

ControllerResult<bool> Controller::deleteTopic(const std::string &name)
{
    const TopicInfo *t = m_image.topicByName(name);
    if (!t)
        return failWith<bool>(ErrorCode::UnknownTopicOrPartition, "no topic " + name);
    std::vector<MetadataRecord> out;
    emit(out, RemoveTopicRecord{t->id});
    return {std::move(out), true};
}

ControllerResult<bool> Controller::createPartitions(const std::string &name, int32_t totalCount)
{
    const TopicInfo *t = m_image.topicByName(name);
    if (!t)
        return failWith<bool>(ErrorCode::UnknownTopicOrPartition, "no topic " + name);
    int32_t current = static_cast<int32_t>(t->partitions.size());
    if (totalCount <= current)
        return failWith<bool>(ErrorCode::InvalidPartitions,
                              "topic " + name + " already has " + std::to_string(current)
                                  + " partitions");
    const PartitionInfo &first = t->partitions.begin()->second;
    auto rf = static_cast<int16_t>(first.replicas.size() - first.removingReplicas.size());
    if (static_cast<size_t>(rf) > liveBrokers().size())
        return failWith<bool>(ErrorCode::InvalidReplicationFactor,
                              "not enough live brokers for replication factor "
                                  + std::to_string(rf));
    std::vector<MetadataRecord> out;
    TopicId id = t->id;
    for (PartitionRecord &p : assign(id, current, totalCount, rf))
        emit(out, std::move(p));
    return {std::move(out), true};
}

ControllerResult<bool>
Controller::setTopicConfigs(const std::string &name,
                            const std::map<std::string, std::string> &configs)
{
    if (!m_image.topicByName(name))
        return failWith<bool>(ErrorCode::UnknownTopicOrPartition, "no topic " + name);
    const std::map<std::string, std::string> none;
    const auto *current = m_image.configs(ConfigResource::Topic, name);
    const std::map<std::string, std::string> before = current ? *current : none;
    std::vector<MetadataRecord> out;
    for (const auto &[k, v] : configs) {
        auto it = before.find(k);
        if (it == before.end() || it->second != v)
            emit(out, ConfigRecord{ConfigResource::Topic, name, k, v});
    }
    for (const auto &[k, v] : before)
        if (!configs.count(k))
            emit(out, ConfigRecord{ConfigResource::Topic, name, k, std::nullopt});
    return {std::move(out), true};
}

ControllerResult<PartitionInfo> Controller::alterPartition(const AlterPartition &r)
{
    const PartitionInfo *p = m_image.partition(r.topicId, r.partition);
    if (!p)
        return failWith<PartitionInfo>(ErrorCode::UnknownTopicId, "no such partition");
    if (p->leader != r.brokerId)
        return failWith<PartitionInfo>(ErrorCode::NotLeaderOrFollower,
                                       "broker " + std::to_string(r.brokerId.value())
                                           + " does not lead the partition");
    if (r.leaderEpoch != p->leaderEpoch)
        return failWith<PartitionInfo>(ErrorCode::FencedLeaderEpoch,
                                       "leader epoch " + std::to_string(r.leaderEpoch.value())
                                           + " is not the current "
                                           + std::to_string(p->leaderEpoch.value()));
    if (r.partitionEpoch != p->partitionEpoch)
        return failWith<PartitionInfo>(ErrorCode::InvalidUpdateVersion,
                                       "partition epoch " + std::to_string(r.partitionEpoch)
                                           + " is not the current "
                                           + std::to_string(p->partitionEpoch));
    if (r.newIsr.empty() || !contains(r.newIsr, r.brokerId))
        return failWith<PartitionInfo>(ErrorCode::InvalidRequest,
                                       "the ISR must keep its leader and cannot be empty");
    std::set<int32_t> seen;
    for (BrokerId b : r.newIsr) {
        if (!seen.insert(b.value()).second || !contains(p->replicas, b))
            return failWith<PartitionInfo>(ErrorCode::InvalidRequest,
                                           "ISR member " + std::to_string(b.value())
                                               + " is duplicated or not a replica");
        if (!contains(p->isr, b) && !m_image.isLive(b))
            return failWith<PartitionInfo>(ErrorCode::InvalidRequest,
                                           "broker " + std::to_string(b.value())
                                               + " is fenced and cannot join the ISR");
    }
    std::vector<MetadataRecord> out;
    emit(out, PartitionChangeRecord{r.topicId, r.partition, r.newIsr, {}});
    // The ISR just grew: a reassignment may be complete now.
    completeReassignments(out);
    return {std::move(out), *m_image.partition(r.topicId, r.partition)};
}

ControllerResult<int> Controller::electPreferredLeaders()
{
    std::vector<PartitionChangeRecord> changes;
    for (const auto &[tid, t] : m_image.topics()) {
        for (const auto &[pid, p] : t.partitions) {
            BrokerId preferred = p.replicas.front();
            if (p.leader != preferred && contains(p.isr, preferred) && m_image.isLive(preferred))
                changes.push_back(PartitionChangeRecord{tid, PartitionId(pid), {}, preferred});
        }
    }
    std::vector<MetadataRecord> out;
    int moved = static_cast<int>(changes.size());
    for (PartitionChangeRecord &c : changes)
        emit(out, std::move(c));
    return {std::move(out), moved};
}

// ---------------------------------------------------------------- reassignment

BrokerId Controller::chooseLeader(const PartitionInfo &p,
                                  const std::vector<BrokerId> &candidates,
                                  const std::vector<BrokerId> &isr) const
{
    if (p.leader != kNoLeader && contains(candidates, p.leader) && contains(isr, p.leader))
        return p.leader;
    for (BrokerId b : candidates)
        if (contains(isr, b) && m_image.isLive(b))
            return b;
    return kNoLeader;
}

ControllerResult<bool> Controller::reassignPartition(const ReassignPartition &request)
{
    const TopicInfo *t = m_image.topicByName(request.topic);
    if (!t)
        return failWith<bool>(ErrorCode::UnknownTopicOrPartition, "no topic " + request.topic);
    const PartitionInfo *p = m_image.partition(t->id, request.partition);
    if (!p)
        return failWith<bool>(ErrorCode::UnknownTopicOrPartition,
                              "topic " + request.topic + " has no partition "
                                  + std::to_string(request.partition.value()));
    const TopicId tid = t->id;
    const std::string where = request.topic + "-" + std::to_string(request.partition.value());
    // The replicas the partition had before any reassignment in progress.
    std::vector<BrokerId> original;
    for (BrokerId b : p->replicas)
        if (!contains(p->addingReplicas, b))
            original.push_back(b);

    std::vector<MetadataRecord> out;
    PartitionReassignmentRecord rec{tid, request.partition, {}, {}, {}, {}, {}};
    if (!request.target) {
        if (!p->reassigning())
            return failWith<bool>(ErrorCode::NoReassignmentInProgress,
                                  "no reassignment of " + where + " is in progress");
        std::vector<BrokerId> isr;
        for (BrokerId b : p->isr)
            if (contains(original, b))
                isr.push_back(b);
        if (isr.empty())
            return failWith<bool>(ErrorCode::InvalidReplicaAssignment,
                                  "cannot cancel the reassignment of " + where
                                      + ": none of its original replicas is in the ISR");
        rec.replicas = original;
        if (isr != p->isr)
            rec.isr = isr;
        BrokerId leader = chooseLeader(*p, original, isr);
        if (leader != p->leader)
            rec.leader = leader;
        emit(out, std::move(rec));
        return {std::move(out), true};
    }

    const std::vector<BrokerId> &target = *request.target;
    if (target.empty())
        return failWith<bool>(ErrorCode::InvalidReplicaAssignment,
                              "the target replicas of " + where + " cannot be empty");
    std::set<int32_t> seen;
    for (BrokerId b : target) {
        if (!seen.insert(b.value()).second)
            return failWith<bool>(ErrorCode::InvalidReplicaAssignment,
                                  "broker " + std::to_string(b.value())
                                      + " appears twice in the target replicas of " + where);
        if (!m_image.broker(b))
            return failWith<bool>(ErrorCode::InvalidReplicaAssignment,
                                  "broker " + std::to_string(b.value())
                                      + " is not registered in the cluster");
    }
    if (!p->reassigning() && target == p->replicas)
        return {std::move(out), true}; // already placed so
    rec.replicas = target;
    for (BrokerId b : original) {
        if (contains(target, b))
            continue;
        rec.replicas.push_back(b);
        rec.removing.push_back(b);
    }
    for (BrokerId b : target)
        if (!contains(original, b))
            rec.adding.push_back(b);
    // Replicas of a replaced reassignment that the new target drops leave the ISR at once.
    std::vector<BrokerId> isr;
    for (BrokerId b : p->isr)
        if (contains(rec.replicas, b))
            isr.push_back(b);
    if (isr.empty())
        return failWith<bool>(ErrorCode::InvalidReplicaAssignment,
                              "cannot reassign " + where
                                  + ": no replica of the new set is in the ISR");
    if (isr != p->isr)
        rec.isr = isr;
    BrokerId leader = chooseLeader(*p, rec.replicas, isr);
    if (leader != p->leader)
        rec.leader = leader;
    RLOG_INFO("metadata") << "reassigning " << where << ": " << rec.replicas.size()
                          << " replicas, adding " << rec.adding.size() << ", removing "
                          << rec.removing.size();
    emit(out, std::move(rec));
    // A target that only drops or reorders replicas already in the ISR is done at once.
    completeReassignments(out);
    return {std::move(out), true};
}

void Controller::completeReassignments(std::vector<MetadataRecord> &out)
{
    std::vector<PartitionReassignmentRecord> done;
    for (const auto &[tid, t] : m_image.topics()) {
        for (const auto &[pid, p] : t.partitions) {
            if (!p.reassigning())
                continue;
            std::vector<BrokerId> target;
            for (BrokerId b : p.replicas)
                if (!contains(p.removingReplicas, b))
                    target.push_back(b);
            bool allInIsr = !target.empty();
            for (BrokerId b : target)
                allInIsr = allInIsr && contains(p.isr, b);
            if (!allInIsr)
                continue;
            PartitionReassignmentRecord rec{tid, PartitionId(pid), target, {}, {}, {}, {}};
            std::vector<BrokerId> isr;
            for (BrokerId b : p.isr)
                if (contains(target, b))
                    isr.push_back(b);
            if (isr != p.isr)
                rec.isr = isr;
            BrokerId leader = chooseLeader(p, target, isr);
            if (leader != p.leader)
                rec.leader = leader;
            RLOG_INFO("metadata") << "reassignment of " << t.name << "-" << pid
                                  << " complete: leader " << leader;
            done.push_back(std::move(rec));
        }
    }
    for (PartitionReassignmentRecord &r : done)
        emit(out, std::move(r));
}

ControllerResult<bool> Controller::unregisterBroker(BrokerId brokerId)
{
    const std::string name = "broker " + std::to_string(brokerId.value());
    const BrokerInfo *b = m_image.broker(brokerId);
    if (!b)
        return failWith<bool>(ErrorCode::BrokerIdNotRegistered,
                              name + " is not registered in the cluster");
    if (contains(m_config.quorumVoters, brokerId))
        return failWith<bool>(
            ErrorCode::InvalidRequest,
            name + " is a voter of the metadata quorum and cannot be unregistered");
    // Kafka lets a live broker re-register at once, which would undo this.
    if (!b->fenced)
        return failWith<bool>(ErrorCode::InvalidRequest,
                              name + " is still running; shut it down first");
    size_t holding = 0;
    std::string example;
    for (const auto &[tid, t] : m_image.topics()) {
        for (const auto &[pid, p] : t.partitions) {
            if (!contains(p.replicas, brokerId) && !contains(p.addingReplicas, brokerId)
                && !contains(p.removingReplicas, brokerId))
                continue;
            if (holding++ == 0)
                example = t.name + "-" + std::to_string(pid);
        }
    }
    if (holding > 0)
        return failWith<bool>(ErrorCode::InvalidRequest,
                              name + " still holds replicas of " + std::to_string(holding)
                                  + (holding == 1 ? " partition" : " partitions") + " (e.g. "
                                  + example
                                  + "); move them with AlterPartitionReassignments first");
    std::vector<MetadataRecord> out;
    emit(out, UnregisterBrokerRecord{brokerId});
    m_lastHeartbeat.erase(brokerId.value());
    m_lastHeard.erase(brokerId.value());
    m_shuttingDown.erase(brokerId.value());
    RLOG_INFO("metadata") << "unregistering " << name;
    return {std::move(out), true};
}

ControllerResult<ProducerIdBlock> Controller::allocateProducerIds(BrokerId brokerId)
{
    if (!m_image.broker(brokerId))
        return failWith<ProducerIdBlock>(ErrorCode::BrokerIdNotRegistered,
                                         "broker " + std::to_string(brokerId.value())
                                             + " must register first");
    ProducerIdBlock block{m_image.nextProducerIdBlock(), m_config.producerIdBlockSize};
    std::vector<MetadataRecord> out;
    emit(out, ProducerIdsRecord{brokerId, block.firstId + block.size});
    return {std::move(out), block};
}

ControllerResult<bool> Controller::alterSecurity(const std::vector<MetadataRecord> &changes,
                                                 bool importOnly)
{
    for (const MetadataRecord &r : changes) {
        if (!isSecurityRecord(r))
            return failWith<bool>(ErrorCode::InvalidRequest,
                                  "only SCRAM credential and ACL records may be altered here");
        if (const auto *c = std::get_if<UserScramCredentialRecord>(&r);
            c
            && (c->name.empty() || c->iterations <= 0 || c->salt.empty() || c->storedKey.empty()
                || c->serverKey.empty()))
            return failWith<bool>(ErrorCode::UnacceptableCredential,
                                  "a SCRAM credential needs a user name, salt, iterations, "
                                  "StoredKey and ServerKey");
    }
    std::vector<MetadataRecord> out;
    if (importOnly && m_image.securityRecordsApplied() > 0)
        return {std::move(out), true};
    for (const MetadataRecord &r : changes) {
        if (const auto *c = std::get_if<RemoveUserScramCredentialRecord>(&r)) {
            if (!m_image.scramCredential(c->name, c->mechanism))
                continue;
        } else if (const auto *a = std::get_if<AccessControlEntryRecord>(&r)) {
            if (m_image.hasAcl(a->acl))
                continue;
        } else if (const auto *a = std::get_if<RemoveAccessControlEntryRecord>(&r)) {
            if (!m_image.hasAcl(a->acl))
                continue;
        }
        emit(out, r);
    }
    return {std::move(out), true};
}

ControllerResult<bool> Controller::initClusterId(const std::string &clusterId)
{
    std::vector<MetadataRecord> out;
    if (m_image.clusterId().empty())
        emit(out, ClusterIdRecord{clusterId});
    return {std::move(out), true};
}

} // namespace runnel::metadata
