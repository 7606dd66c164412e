#pragma once

// The brokers' own RPCs inside a cluster, carried as peer frames on the controller
// connections (QuorumService::sendToPeer; docs/decisions/0008-inter-broker-channel.md).
// Our own format, big-endian, versioned by the first byte of every message; only runneld
// speaks it. Pure values and functions, any thread.
//
//   message := type:u8 | body
//
//   type  message           body
//   ----  ----------------  ---------------------------------------------------------------
//    1    RegisterBroker    requestId:u64 | brokerId:i32 | incarnation:uuid |
//                           endpoints:i32 count of (name:string | host:string | port:u16)
//    2    Heartbeat         requestId:u64 | brokerId:i32 | appliedOffset:i64 | shutdown:u8
//    3    CreateTopic       requestId:u64 | name:string | partitions:i32 | rf:i16 |
//                           configs:i32 count of (key:string | value:string)
//    4    DeleteTopic       requestId:u64 | name:string
//    5    CreatePartitions  requestId:u64 | name:string | count:i32
//    6    AlterPartition    requestId:u64 | brokerId:i32 | topicId:uuid | partition:i32 |
//                           leaderEpoch:i32 | partitionEpoch:i32 | isr:ids
//    7    AlterReassignment requestId:u64 | topic:string | partition:i32 | hasTarget:u8 |
//                           target:ids   (hasTarget 0: cancel; KIP-455)
//    8    UnregisterBroker  requestId:u64 | brokerId:i32   (KIP-631)
//   15    SetTopicConfigs   requestId:u64 | name:string |
//                           configs:i32 count of (key:string | value:string)
//   16    AlterSecurity     requestId:u64 | importOnly:u8 | records:i32 length + bytes
//                           (a metadata record batch of SCRAM credential and ACL records,
//                           records.h)
//   20    Reply             requestId:u64 | error:i16 | message:string | flags:u8 |
//                           leaderEpoch:i32 | partitionEpoch:i32 | isr:ids
//   30    ReplicaFetch      followerId:i32 | count:i32 of (topicId:uuid | partition:i32 |
//                           requestId:u64 | fetchOffset:i64 | syncedOffset:i64 |
//                           syncReport:u8 | lastFetchedEpoch:i32 |
//                           currentLeaderEpoch:i32 | maxBytes:i32)
//   31    ReplicaFetchAnswer count:i32 of (topicId:uuid | partition:i32 | requestId:u64 |
//                           error:i16 | highWatermark:i64 | logStartOffset:i64 |
//                           hasDiverging:u8 [| epoch:i32 | endOffset:i64] |
//                           records:i32 length + bytes)
//
//   flags  := bit 0 fenced, bit 1 shouldShutDown (Heartbeat replies)
//   string := length:i16 | bytes      ids := count:i32 | i32{count}      uuid := 16 bytes
//
// Requests 1–8, 15 and 16 go to the active controller; it answers each with one Reply (same
// requestId) once the records it proposed have committed. ReplicaFetch is one request per
// follower→leader broker pair carrying every partition the follower fetches from that
// leader; the leader answers with one ReplicaFetchAnswer.

#include "engine/common/bytes.h"
#include "engine/common/result.h"
#include "engine/metadata/records.h"
#include "engine/replication/messages.h"

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace runnel::broker::rpc {

struct RegisterBroker
{
    uint64_t requestId = 0;
    BrokerId brokerId{-1};
    metadata::Uuid incarnation{};
    std::vector<metadata::Endpoint> endpoints;
};

struct Heartbeat
{
    uint64_t requestId = 0;
    BrokerId brokerId{-1};
    Offset appliedOffset{0};
    bool wantShutdown = false;
};

struct CreateTopic
{
    uint64_t requestId = 0;
    std::string name;
    int32_t partitions = 1;
    int16_t replicationFactor = 1;
    std::map<std::string, std::string> configs;
};

struct DeleteTopic
{
    uint64_t requestId = 0;
    std::string name;
};

struct CreatePartitions
{
    uint64_t requestId = 0;
    std::string name;
    int32_t count = 0;
};

// The topic's complete set of dynamic configs after an AlterConfigs or
// IncrementalAlterConfigs, computed and validated by the broker that took the request.
struct SetTopicConfigs
{
    uint64_t requestId = 0;
    std::string name;
    std::map<std::string, std::string> configs;
};

// AlterUserScramCredentials / CreateAcls / DeleteAcls, validated and authorized by the
// broker that took the request (Controller::alterSecurity).
struct AlterSecurity
{
    uint64_t requestId = 0;
    bool importOnly = false;
    std::vector<metadata::MetadataRecord> records;
};

struct AlterPartition
{
    uint64_t requestId = 0;
    BrokerId brokerId{-1};
    metadata::TopicId topicId{};
    PartitionId partition{0};
    LeaderEpoch leaderEpoch{-1};
    int32_t partitionEpoch = -1;
    std::vector<BrokerId> isr;
};

struct AlterReassignment
{
    uint64_t requestId = 0;
    std::string topic;
    PartitionId partition{0};
    std::optional<std::vector<BrokerId>> target; // none: cancel
};

// UnregisterBroker, authorized by the broker that took the request
// (Controller::unregisterBroker decides).
struct UnregisterBroker
{
    uint64_t requestId = 0;
    BrokerId brokerId{-1};
};

struct Reply
{
    uint64_t requestId = 0;
    ErrorCode error = ErrorCode::None;
    std::string message;
    bool fenced = false;         // Heartbeat
    bool shouldShutDown = false; // Heartbeat: controlled shutdown done
    LeaderEpoch leaderEpoch{-1}; // AlterPartition
    int32_t partitionEpoch = -1; // AlterPartition
    std::vector<BrokerId> isr;   // AlterPartition
};

struct FetchItem
{
    metadata::TopicId topicId{};
    PartitionId partition{0};
    replication::FetchRequest request;
};

struct ReplicaFetch
{
    BrokerId followerId{-1};
    std::vector<FetchItem> items;
};

struct AnswerItem
{
    metadata::TopicId topicId{};
    PartitionId partition{0};
    replication::FetchAnswer answer;
};

struct ReplicaFetchAnswer
{
    std::vector<AnswerItem> items;
};

using Message = std::variant<RegisterBroker,
                             Heartbeat,
                             CreateTopic,
                             DeleteTopic,
                             CreatePartitions,
                             AlterPartition,
                             AlterReassignment,
                             UnregisterBroker,
                             SetTopicConfigs,
                             AlterSecurity,
                             Reply,
                             ReplicaFetch,
                             ReplicaFetchAnswer>;

Bytes encode(const Message &message);
// CorruptMessage for anything that is not exactly one well-formed message.
Result<Message> decode(ByteSpan data);

} // namespace runnel::broker::rpc
