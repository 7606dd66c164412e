#include "engine/metadata/metadata_image.h"

#include "engine/common/log.h"

#include <algorithm>

namespace runnel::metadata {

namespace {

Error inconsistent(const std::string &what)
{
    return makeError(ErrorCode::InvalidRecord, "metadata record does not fit the image: " + what);
}

} // namespace

Status MetadataImage::applyEntry(const LogEntry &entry)
{
    Status status;
    if (entry.kind == EntryKind::Data) {
        auto batch = decodeBatch(entry.payload);
        if (!batch) {
            status = batch.error();
        } else {
            for (const MetadataRecord &r : *batch) {
                Status s = apply(r);
                if (!s && status.ok())
                    status = s;
            }
        }
    }
    m_appliedOffset = entry.offset + 1;
    if (!status)
        RLOG_WARN("metadata") << "entry at offset " << entry.offset
                              << " partly refused: " << status.error().message;
    return status;
}

Status MetadataImage::apply(const MetadataRecord &record)
{
    return std::visit(
        [&](const auto &r) -> Status {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, RegisterBrokerRecord>) {
                BrokerInfo &b = m_brokers[r.brokerId.value()];
                b.id = r.brokerId;
                b.incarnationId = r.incarnationId;
                b.endpoints = r.endpoints;
                b.rack = r.rack;
                b.fenced = true;
            } else if constexpr (std::is_same_v<
                                     T,
                                     FenceBrokerRecord> || std::is_same_v<T, UnfenceBrokerRecord>) {
                auto it = m_brokers.find(r.brokerId.value());
                if (it == m_brokers.end())
                    return inconsistent("unknown broker " + std::to_string(r.brokerId.value()));
                it->second.fenced = std::is_same_v<T, FenceBrokerRecord>;
            } else if constexpr (std::is_same_v<T, UnregisterBrokerRecord>) {
                // Partitions never name an unregistered broker: the controller refuses to
                // unregister one that holds a replica, and reassignments refuse unknown ids.
                if (!m_brokers.erase(r.brokerId.value()))
                    return inconsistent("unknown broker " + std::to_string(r.brokerId.value()));
            } else if constexpr (std::is_same_v<T, TopicRecord>) {
                if (m_topicsByName.count(r.name) || m_topics.count(r.topicId))
                    return inconsistent("topic " + r.name + " exists");
                m_topics[r.topicId] = TopicInfo{r.name, r.topicId, {}};
                m_topicsByName[r.name] = r.topicId;
            } else if constexpr (std::is_same_v<T, RemoveTopicRecord>) {
                auto it = m_topics.find(r.topicId);
                if (it == m_topics.end())
                    return inconsistent("unknown topic id " + uuidToString(r.topicId));
                m_configs.erase({static_cast<int8_t>(ConfigResource::Topic), it->second.name});
                m_topicsByName.erase(it->second.name);
                m_topics.erase(it);
            } else if constexpr (std::is_same_v<T, PartitionRecord>) {
                auto it = m_topics.find(r.topicId);
                if (it == m_topics.end())
                    return inconsistent("partition of unknown topic " + uuidToString(r.topicId));
                it->second.partitions[r.partition.value()] = PartitionInfo{
                    r.replicas, r.isr, r.leader, r.leaderEpoch, r.partitionEpoch, {}, {}};
            } else if constexpr (std::is_same_v<T, PartitionChangeRecord>) {
                auto it = m_topics.find(r.topicId);
                if (it == m_topics.end())
                    return inconsistent("change of unknown topic " + uuidToString(r.topicId));
                auto pit = it->second.partitions.find(r.partition.value());
                if (pit == it->second.partitions.end())
                    return inconsistent("change of unknown partition");
                PartitionInfo &p = pit->second;
                if (r.isr)
                    p.isr = *r.isr;
                if (r.leader && *r.leader != p.leader) {
                    p.leader = *r.leader;
                    p.leaderEpoch = LeaderEpoch(p.leaderEpoch.value() + 1);
                }
                ++p.partitionEpoch;
            } else if constexpr (std::is_same_v<T, PartitionReassignmentRecord>) {
                auto it = m_topics.find(r.topicId);
                if (it == m_topics.end())
                    return inconsistent("reassignment of unknown topic " + uuidToString(r.topicId));
                auto pit = it->second.partitions.find(r.partition.value());
                if (pit == it->second.partitions.end())
                    return inconsistent("reassignment of unknown partition");
                if (r.replicas.empty())
                    return inconsistent("a partition needs at least one replica");
                PartitionInfo &p = pit->second;
                p.replicas = r.replicas;
                p.addingReplicas = r.adding;
                p.removingReplicas = r.removing;
                if (r.isr)
                    p.isr = *r.isr;
                if (r.leader && *r.leader != p.leader) {
                    p.leader = *r.leader;
                    p.leaderEpoch = LeaderEpoch(p.leaderEpoch.value() + 1);
                }
                ++p.partitionEpoch;
            } else if constexpr (std::is_same_v<T, ConfigRecord>) {
                auto key = std::make_pair(static_cast<int8_t>(r.resourceType), r.resourceName);
                if (r.value) {
                    m_configs[key][r.key] = *r.value;
                } else {
                    auto it = m_configs.find(key);
                    if (it != m_configs.end()) {
                        it->second.erase(r.key);
                        if (it->second.empty())
                            m_configs.erase(it);
                    }
                }
            } else if constexpr (std::is_same_v<T, ClusterIdRecord>) {
                if (!m_clusterId.empty() && m_clusterId != r.clusterId)
                    return inconsistent("the cluster id cannot change");
                m_clusterId = r.clusterId;
            } else if constexpr (std::is_same_v<T, UserScramCredentialRecord>) {
                if (r.name.empty() || r.iterations <= 0 || r.salt.empty() || r.storedKey.empty()
                    || r.serverKey.empty())
                    return inconsistent("an incomplete SCRAM credential");
                m_scram[r.name][r.mechanism]
                    = ScramCredentialInfo{r.salt, r.storedKey, r.serverKey, r.iterations};
                ++m_securityRecords;
            } else if constexpr (std::is_same_v<T, RemoveUserScramCredentialRecord>) {
                auto it = m_scram.find(r.name);
                if (it == m_scram.end() || !it->second.erase(r.mechanism))
                    return inconsistent("no SCRAM credential of user " + r.name);
                if (it->second.empty())
                    m_scram.erase(it);
                ++m_securityRecords;
            } else if constexpr (std::is_same_v<T, AccessControlEntryRecord>) {
                if (hasAcl(r.acl))
                    return inconsistent("the ACL exists");
                m_acls.push_back(r.acl);
                ++m_securityRecords;
            } else if constexpr (std::is_same_v<T, RemoveAccessControlEntryRecord>) {
                auto it = std::find(m_acls.begin(), m_acls.end(), r.acl);
                if (it == m_acls.end())
                    return inconsistent("no such ACL");
                m_acls.erase(it);
                ++m_securityRecords;
            } else {
                static_assert(std::is_same_v<T, ProducerIdsRecord>);
                if (r.nextBlockStart < m_nextProducerIdBlock)
                    return inconsistent("producer id block goes back");
                m_nextProducerIdBlock = r.nextBlockStart;
            }
            return Status::success();
        },
        record);
}

const ScramCredentialInfo *MetadataImage::scramCredential(const std::string &user,
                                                          int8_t mechanism) const
{
    auto it = m_scram.find(user);
    if (it == m_scram.end())
        return nullptr;
    auto m = it->second.find(mechanism);
    return m == it->second.end() ? nullptr : &m->second;
}

bool MetadataImage::hasAcl(const AclEntry &acl) const
{
    return std::find(m_acls.begin(), m_acls.end(), acl) != m_acls.end();
}

const BrokerInfo *MetadataImage::broker(BrokerId id) const
{
    auto it = m_brokers.find(id.value());
    return it == m_brokers.end() ? nullptr : &it->second;
}

bool MetadataImage::isLive(BrokerId id) const
{
    const BrokerInfo *b = broker(id);
    return b && !b->fenced;
}

const TopicInfo *MetadataImage::topic(const TopicId &id) const
{
    auto it = m_topics.find(id);
    return it == m_topics.end() ? nullptr : &it->second;
}

const TopicInfo *MetadataImage::topicByName(const std::string &name) const
{
    auto it = m_topicsByName.find(name);
    return it == m_topicsByName.end() ? nullptr : topic(it->second);
}

const PartitionInfo *MetadataImage::partition(const TopicId &id, PartitionId partition) const
{
    const TopicInfo *t = topic(id);
    if (!t)
        return nullptr;
    auto it = t->partitions.find(partition.value());
    return it == t->partitions.end() ? nullptr : &it->second;
}

std::optional<std::string> MetadataImage::config(ConfigResource type,
                                                 const std::string &resource,
                                                 const std::string &key) const
{
    const auto *all = configs(type, resource);
    if (!all)
        return std::nullopt;
    auto it = all->find(key);
    return it == all->end() ? std::nullopt : std::optional<std::string>(it->second);
}

const std::map<std::string, std::string> *MetadataImage::configs(ConfigResource type,
                                                                 const std::string &resource) const
{
    auto it = m_configs.find({static_cast<int8_t>(type), resource});
    return it == m_configs.end() ? nullptr : &it->second;
}

} // namespace runnel::metadata
