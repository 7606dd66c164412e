#pragma once

// Consumer lag by MSK's rules (docs/control-plane.md, "Consumer lag"):
// - a group counts only when it is Stable or Empty, its id has no ':' and is ASCII, and
//   it has committed offsets; partitions without a committed offset are left out;
// - OffsetLag (group, topic, partition) = high watermark − committed offset, never < 0;
// - EstimatedTimeLag (group, topic, partition) = seconds since the partition's high
//   watermark first passed the committed offset, i.e. the age of the oldest message the
//   group has not consumed; the agent learns when that happened from its high-watermark
//   samples, so the figure is late by at most one sampling interval, and for an offset
//   older than the samples it is the age of the oldest sample (a lower bound). 0 when
//   the group is caught up;
// - MaxOffsetLag and SumOffsetLag (group, topic): max and sum of OffsetLag over the
//   topic's partitions; EstimatedMaxTimeLag (group, topic): max of EstimatedTimeLag.
// Pure computation over what the agent read with a Kafka client; one thread.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace runnel::metrics {

struct PartitionKey
{
    std::string topic;
    int32_t partition = 0;
    auto operator<=>(const PartitionKey &) const = default;
};

struct ConsumerGroupOffsets
{
    std::string groupId;
    std::string state;                         // as DescribeGroups says: "Stable", "Empty", …
    std::map<PartitionKey, int64_t> committed; // -1: nothing committed
};

// Whether MSK would publish lag for this group (its committed offsets aside).
bool lagCounted(const std::string &groupId, const std::string &state);

// When each partition's high watermark changed, as the agent saw it.
class HighWatermarkHistory
{
public:
    void record(const PartitionKey &key, int64_t timeMs, int64_t highWatermark);
    // Seconds since the high watermark first exceeded `committed`; 0 if it never has.
    double timeLagSeconds(const PartitionKey &key, int64_t committed, int64_t nowMs) const;
    void prune(int64_t olderThanMs); // keeps each partition's latest point

private:
    std::map<PartitionKey, std::vector<std::pair<int64_t, int64_t>>> m_points; // time, hwm
};

struct PartitionLag
{
    std::string groupId;
    PartitionKey partition;
    int64_t committed = 0;
    int64_t highWatermark = 0;
    int64_t offsetLag = 0;
    double estimatedTimeLagSeconds = 0;
};

struct TopicLag
{
    std::string groupId;
    std::string topic;
    int64_t maxOffsetLag = 0;
    int64_t sumOffsetLag = 0;
    double estimatedMaxTimeLagSeconds = 0;
};

struct LagReport
{
    std::vector<PartitionLag> partitions;
    std::vector<TopicLag> topics;
};

LagReport computeLag(const std::vector<ConsumerGroupOffsets> &groups,
                     const std::map<PartitionKey, int64_t> &highWatermarks,
                     const HighWatermarkHistory &history,
                     int64_t nowMs);

} // namespace runnel::metrics
