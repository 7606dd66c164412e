#pragma once

// The records the group coordinator keeps in the compacted internal topic
// __consumer_offsets, in Apache Kafka's own formats so that the topic's contents read the
// same as Kafka's (and tools that decode it keep working). Keys and values are plain
// big-endian Kafka encodings, each prefixed by an int16 version; the key's version says
// which record it is:
//
//   key, offset commit (version 0 or 1; Kafka writes 1):
//     +--------+--------------+--------------+---------------+
//     | int16  | string group | string topic | int32         |
//     | ver=1  |              |              | partition     |
//     +--------+--------------+--------------+---------------+
//   key, group metadata (version 2):
//     +--------+--------------+
//     | int16  | string group |
//     | ver=2  |              |
//     +--------+--------------+
//
//   value, offset commit (we write v3; we read v0..v4):
//     v0, v2: int64 offset | string metadata | int64 commitTimestamp
//     v1:     int64 offset | string metadata | int64 commitTimestamp | int64 expireTimestamp
//     v3:     int64 offset | int32 leaderEpoch | string metadata | int64 commitTimestamp
//     v4:     v3 with compact strings and tagged fields (flexible)
//
//   value, group metadata (we write v3; we read v0..v4):
//     string protocolType | int32 generation | nullable string protocol |
//     nullable string leader | int64 currentStateTimestamp (v2+) |
//     int32 count, then per member:
//       string memberId | nullable string groupInstanceId (v3+) | string clientId |
//       string clientHost | int32 rebalanceTimeout (v1+) | int32 sessionTimeout |
//       bytes subscription | bytes assignment
//     v4: v3 with compact strings/bytes/arrays and tagged fields (flexible)
//
// A null value is a tombstone: compaction then drops the key.
// string = int16 length + UTF-8 (-1 = null); bytes = int32 length + data; arrays = int32 count.

#include "engine/common/bytes.h"
#include "engine/common/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace runnel::group {

struct OffsetCommitKey
{
    std::string group;
    std::string topic;
    int32_t partition = 0;
    bool operator==(const OffsetCommitKey &) const = default;
};

struct GroupMetadataKey
{
    std::string group;
    bool operator==(const GroupMetadataKey &) const = default;
};

using RecordKey = std::variant<OffsetCommitKey, GroupMetadataKey>;

struct OffsetCommitValue
{
    int64_t offset = -1;
    int32_t leaderEpoch = -1;
    std::string metadata;
    int64_t commitTimestamp = -1;
    int64_t expireTimestamp = -1; // only in v1 values (OffsetCommit v2-v4 retention time)
    bool operator==(const OffsetCommitValue &) const = default;
};

struct GroupMemberValue
{
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    std::string clientId;
    std::string clientHost;
    int32_t rebalanceTimeoutMs = -1;
    int32_t sessionTimeoutMs = -1;
    Bytes subscription;
    Bytes assignment;
    bool operator==(const GroupMemberValue &) const = default;
};

struct GroupMetadataValue
{
    std::string protocolType;
    int32_t generationId = 0;
    std::optional<std::string> protocol;
    std::optional<std::string> leader;
    int64_t currentStateTimestamp = -1;
    std::vector<GroupMemberValue> members;
    bool operator==(const GroupMetadataValue &) const = default;
};

Bytes encodeOffsetCommitKey(const OffsetCommitKey &key);
Bytes encodeGroupMetadataKey(const GroupMetadataKey &key);
// Writes version 3, or version 1 when expireTimestamp >= 0 (the only version that has it).
Bytes encodeOffsetCommitValue(const OffsetCommitValue &value);
// Writes version 3.
Bytes encodeGroupMetadataValue(const GroupMetadataValue &value);

// Decoders reject truncated input, trailing bytes and unknown versions with CorruptMessage.
Result<RecordKey> decodeRecordKey(ByteSpan data);
Result<OffsetCommitValue> decodeOffsetCommitValue(ByteSpan data);
Result<GroupMetadataValue> decodeGroupMetadataValue(ByteSpan data);

} // namespace runnel::group
