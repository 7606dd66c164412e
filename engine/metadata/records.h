#pragma once

// Metadata records: the entries of the metadata log that build the MetadataImage. Our own
// versioned binary format, big-endian, written with ByteWriter and read with ByteReader.
//
// A Data entry's payload is one batch of records that commit together:
//
//   batch   := magic:u8 = 0x4D ('M') | count:u32 | record{count}
//   record  := size:u32 | type:u8 | version:u8 | body[size - 2]
//
//   string  := length:i16 | utf-8 bytes           (length -1 = absent, for optionals)
//   ids     := count:i32 | broker id:i32{count}   (count -1 = absent, for optionals)
//   uuid    := 16 bytes
//
//   type  record           body (version 0)
//   ----  ---------------  ------------------------------------------------------------
//    1    RegisterBroker   brokerId:i32 | incarnationId:uuid | endpoints:i32 count of
//                          (name:string | host:string | port:u16) | rack:string
//    2    FenceBroker      brokerId:i32
//    3    UnfenceBroker    brokerId:i32
//    4    Topic            name:string | topicId:uuid
//    5    RemoveTopic      topicId:uuid
//    6    Partition        topicId:uuid | partition:i32 | replicas:ids | isr:ids |
//                          leader:i32 | leaderEpoch:i32 | partitionEpoch:i32
//    7    PartitionChange  topicId:uuid | partition:i32 | isr:ids (optional) |
//                          hasLeader:u8 | leader:i32
//    8    Config           resourceType:i8 | resourceName:string | key:string |
//                          value:string (optional; absent = delete the key)
//    9    ProducerIds      brokerId:i32 | nextBlockStart:i64
//   10    ClusterId        clusterId:string   (the first record the first controller
//                          writes; every broker's meta.properties must carry the same id)
//   11    PartitionReassignment  topicId:uuid | partition:i32 | replicas:ids |
//                          adding:ids | removing:ids | isr:ids (optional) |
//                          hasLeader:u8 | leader:i32   (KIP-455: starts, completes or
//                          cancels a reassignment; bumps partitionEpoch, and leaderEpoch
//                          when the leader changes)
//   12    UnregisterBroker brokerId:i32   (UnregisterBroker, KIP-631: the registration is
//                          removed; the id may register again later as a new member)
//   20    UserScramCredential  name:string | mechanism:i8 | salt:bytes | storedKey:bytes |
//                          serverKey:bytes | iterations:i32   (sets one SCRAM credential;
//                          mechanism 1 SCRAM-SHA-256, 2 SCRAM-SHA-512, Kafka's wire values;
//                          never the password)
//   21    RemoveUserScramCredential  name:string | mechanism:i8
//   22    AccessControlEntry  acl   (adds one ACL binding; the image keeps each once)
//   23    RemoveAccessControlEntry  acl
//
//   bytes := length:i32 | bytes
//   acl   := resourceType:i8 | resourceName:string | patternType:i8 | principal:string |
//            host:string | operation:i8 | permission:i8   (CreateAcls' wire values)
//
// The size prefix lets a reader skip a record without understanding it; a version it does
// not know is an error (the image must not silently ignore state).

#include "engine/common/bytes.h"
#include "engine/common/result.h"
#include "engine/common/types.h"

#include <array>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace runnel::metadata {

using Uuid = std::array<uint8_t, 16>;
using TopicId = Uuid;

std::string uuidToString(const Uuid &id);

inline constexpr BrokerId kNoLeader{-1};

struct Endpoint
{
    std::string name; // listener name, e.g. PLAINTEXT
    std::string host;
    uint16_t port = 0;
    bool operator==(const Endpoint &) const = default;
};

struct RegisterBrokerRecord
{
    BrokerId brokerId;
    Uuid incarnationId{};
    std::vector<Endpoint> endpoints;
    std::string rack;
    bool operator==(const RegisterBrokerRecord &) const = default;
};

struct FenceBrokerRecord
{
    BrokerId brokerId;
    bool operator==(const FenceBrokerRecord &) const = default;
};

struct UnfenceBrokerRecord
{
    BrokerId brokerId;
    bool operator==(const UnfenceBrokerRecord &) const = default;
};

// Removes a broker's registration (UnregisterBroker): the controller writes it only for a
// fenced broker-only member that holds no replica (Controller::unregisterBroker).
struct UnregisterBrokerRecord
{
    BrokerId brokerId;
    bool operator==(const UnregisterBrokerRecord &) const = default;
};

struct TopicRecord
{
    std::string name;
    TopicId topicId{};
    bool operator==(const TopicRecord &) const = default;
};

struct RemoveTopicRecord
{
    TopicId topicId{};
    bool operator==(const RemoveTopicRecord &) const = default;
};

struct PartitionRecord
{
    TopicId topicId{};
    PartitionId partition;
    std::vector<BrokerId> replicas;
    std::vector<BrokerId> isr;
    BrokerId leader = kNoLeader;
    LeaderEpoch leaderEpoch{0};
    int32_t partitionEpoch = 0;
    bool operator==(const PartitionRecord &) const = default;
};

// Applying it always bumps partitionEpoch; a leader different from the current one also
// bumps leaderEpoch.
struct PartitionChangeRecord
{
    TopicId topicId{};
    PartitionId partition;
    std::optional<std::vector<BrokerId>> isr;
    std::optional<BrokerId> leader; // kNoLeader = offline
    bool operator==(const PartitionChangeRecord &) const = default;
};

enum class ConfigResource : int8_t { Topic = 2, Broker = 4 }; // Kafka's resource types

struct ConfigRecord
{
    ConfigResource resourceType = ConfigResource::Topic;
    std::string resourceName;
    std::string key;
    std::optional<std::string> value;
    bool operator==(const ConfigRecord &) const = default;
};

struct ProducerIdsRecord
{
    BrokerId brokerId;
    int64_t nextBlockStart = 0;
    bool operator==(const ProducerIdsRecord &) const = default;
};

// Sets a partition's replica set during a reassignment (docs/replication.md): `replicas`
// is the full set (target first, then the original replicas being removed), `adding` and
// `removing` the brokers joining and leaving; both empty once the reassignment is done.
struct PartitionReassignmentRecord
{
    TopicId topicId{};
    PartitionId partition;
    std::vector<BrokerId> replicas;
    std::vector<BrokerId> adding;
    std::vector<BrokerId> removing;
    std::optional<std::vector<BrokerId>> isr;
    std::optional<BrokerId> leader; // kNoLeader = offline
    bool operator==(const PartitionReassignmentRecord &) const = default;
};

struct ClusterIdRecord
{
    std::string clusterId;
    bool operator==(const ClusterIdRecord &) const = default;
};

// SCRAM credentials and ACLs (decision 0016-scram-acls-in-metadata-log): the broker that
// takes AlterUserScramCredentials / CreateAcls / DeleteAcls validates them and the
// controller commits these records; every broker's authenticator and authorizer follow
// the image. Plain values: engine/security's types stay out of this layer.
struct UserScramCredentialRecord
{
    std::string name;
    int8_t mechanism = 0;
    Bytes salt;
    Bytes storedKey;
    Bytes serverKey;
    int32_t iterations = 0;
    bool operator==(const UserScramCredentialRecord &) const = default;
};

struct RemoveUserScramCredentialRecord
{
    std::string name;
    int8_t mechanism = 0;
    bool operator==(const RemoveUserScramCredentialRecord &) const = default;
};

struct AclEntry
{
    int8_t resourceType = 0;
    std::string resourceName;
    int8_t patternType = 0;
    std::string principal;
    std::string host;
    int8_t operation = 0;
    int8_t permission = 0;
    bool operator==(const AclEntry &) const = default;
    auto operator<=>(const AclEntry &) const = default;
};

struct AccessControlEntryRecord
{
    AclEntry acl;
    bool operator==(const AccessControlEntryRecord &) const = default;
};

struct RemoveAccessControlEntryRecord
{
    AclEntry acl;
    bool operator==(const RemoveAccessControlEntryRecord &) const = default;
};

using MetadataRecord = std::variant<RegisterBrokerRecord,
                                    FenceBrokerRecord,
                                    UnfenceBrokerRecord,
                                    TopicRecord,
                                    RemoveTopicRecord,
                                    PartitionRecord,
                                    PartitionChangeRecord,
                                    ConfigRecord,
                                    ProducerIdsRecord,
                                    ClusterIdRecord,
                                    PartitionReassignmentRecord,
                                    UserScramCredentialRecord,
                                    RemoveUserScramCredentialRecord,
                                    AccessControlEntryRecord,
                                    RemoveAccessControlEntryRecord,
                                    UnregisterBrokerRecord>;

// True for the four records above (what AlterSecurity may carry).
bool isSecurityRecord(const MetadataRecord &record);

void encodeRecord(const MetadataRecord &record, ByteWriter &out);
Result<MetadataRecord> decodeRecord(ByteReader &in);

Bytes encodeBatch(const std::vector<MetadataRecord> &records);
Result<std::vector<MetadataRecord>> decodeBatch(ByteSpan payload);

} // namespace runnel::metadata
