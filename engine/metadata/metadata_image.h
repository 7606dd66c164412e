#pragma once

// MetadataImage: the cluster state that the committed metadata records build — brokers
// (endpoints, rack, fenced), topics and their partitions (replicas, ISR, leader, leader
// epoch, partition epoch), dynamic configs, the next producer-id block, SCRAM credentials
// and ACL bindings.
//
// Owns: plain maps, nothing else. Deterministic: the same records in the same order give
// the same image on every node.
// Called by: the broker's event-loop thread, with each Committed entry of its RaftNode in
// order (applyEntry), and by the Controller, which keeps a private copy ahead of the
// committed one (its own proposals applied as it makes them).
// Lifecycle: starts empty at process start and is rebuilt by replaying the metadata log
// (the RaftNode reports Committed from offset 0 after a restart).

#include "engine/metadata/raft_types.h"
#include "engine/metadata/records.h"

#include <map>

namespace runnel::metadata {

struct BrokerInfo
{
    BrokerId id;
    Uuid incarnationId{};
    std::vector<Endpoint> endpoints;
    std::string rack;
    bool fenced = true; // a registered broker stays fenced until it has caught up
};

struct PartitionInfo
{
    std::vector<BrokerId> replicas;
    std::vector<BrokerId> isr;
    BrokerId leader = kNoLeader;
    LeaderEpoch leaderEpoch{0};
    int32_t partitionEpoch = 0;
    // An ongoing reassignment (KIP-455): brokers joining and leaving `replicas`.
    std::vector<BrokerId> addingReplicas;
    std::vector<BrokerId> removingReplicas;
    bool reassigning() const { return !addingReplicas.empty() || !removingReplicas.empty(); }
};

// One SCRAM credential as the log holds it: never the password.
struct ScramCredentialInfo
{
    Bytes salt;
    Bytes storedKey;
    Bytes serverKey;
    int32_t iterations = 0;
    bool operator==(const ScramCredentialInfo &) const = default;
};

struct TopicInfo
{
    std::string name;
    TopicId id{};
    std::map<int32_t, PartitionInfo> partitions;
};

class MetadataImage
{
public:
    // Applies one record. A record that contradicts the image (a partition of an unknown
    // topic, a duplicate topic name) is refused and leaves the image unchanged.
    Status apply(const MetadataRecord &record);
    // Applies a committed log entry: a record batch, or nothing for a LeaderChange entry.
    Status applyEntry(const LogEntry &entry);
    Offset appliedOffset() const { return m_appliedOffset; }

    const std::map<int32_t, BrokerInfo> &brokers() const { return m_brokers; }
    const BrokerInfo *broker(BrokerId id) const;
    bool isLive(BrokerId id) const; // registered and not fenced

    const std::map<TopicId, TopicInfo> &topics() const { return m_topics; }
    const TopicInfo *topic(const TopicId &id) const;
    const TopicInfo *topicByName(const std::string &name) const;
    const PartitionInfo *partition(const TopicId &id, PartitionId partition) const;

    std::optional<std::string>
    config(ConfigResource type, const std::string &resource, const std::string &key) const;
    const std::map<std::string, std::string> *configs(ConfigResource type,
                                                      const std::string &resource) const;

    // The cluster's id (ClusterIdRecord); empty until the first controller has written it.
    const std::string &clusterId() const { return m_clusterId; }

    // First producer id of the next block to hand out.
    int64_t nextProducerIdBlock() const { return m_nextProducerIdBlock; }

    // SCRAM credentials by user, then mechanism (1 SCRAM-SHA-256, 2 SCRAM-SHA-512).
    const std::map<std::string, std::map<int8_t, ScramCredentialInfo>> &scramCredentials() const
    {
        return m_scram;
    }
    const ScramCredentialInfo *scramCredential(const std::string &user, int8_t mechanism) const;
    // ACL bindings, each once, in the order they were added.
    const std::vector<AclEntry> &acls() const { return m_acls; }
    bool hasAcl(const AclEntry &acl) const;
    // How many security records (credentials, ACLs) were applied: it changes whenever
    // they do, and 0 means the log never held any (the one-time import of a broker's
    // files, decision 0016-scram-acls-in-metadata-log).
    uint64_t securityRecordsApplied() const { return m_securityRecords; }

private:
    std::map<int32_t, BrokerInfo> m_brokers;
    std::map<TopicId, TopicInfo> m_topics;
    std::map<std::string, TopicId> m_topicsByName;
    std::map<std::pair<int8_t, std::string>, std::map<std::string, std::string>> m_configs;
    int64_t m_nextProducerIdBlock = 0;
    std::string m_clusterId;
    std::map<std::string, std::map<int8_t, ScramCredentialInfo>> m_scram;
    std::vector<AclEntry> m_acls;
    uint64_t m_securityRecords = 0;
    Offset m_appliedOffset{0};
};

} // namespace runnel::metadata
