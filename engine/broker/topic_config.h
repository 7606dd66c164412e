#pragma once

// Topic configs: the table of every topic-level setting runneld knows (Kafka's names),
// with its type, Kafka's default, the broker-level key that overrides the default, and
// validation. DescribeConfigs, CreateTopics, AlterConfigs and IncrementalAlterConfigs all
// read this one table; the storage layer gets a LogConfig derived from it.

#include "engine/common/result.h"
#include "engine/storage/log_config.h"

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace runnel::broker {

enum class ConfigType : int8_t {
    Boolean = 1,
    String = 2,
    Int = 3,
    Short = 4,
    Long = 5,
    Double = 6,
    List = 7,
    Class = 8,
    Password = 9
};

// Where a config value came from, with DescribeConfigs' source numbers.
enum class ConfigSource : int8_t {
    Unknown = 0,
    DynamicTopicConfig = 1,
    DynamicBrokerLoggerConfig = 2,
    DynamicBrokerConfig = 3,
    DynamicDefaultBrokerConfig = 4,
    StaticBrokerConfig = 5,
    DefaultConfig = 6,
};

struct TopicConfigSpec
{
    std::string_view name;      // topic-level key, e.g. "retention.ms"
    std::string_view brokerKey; // broker default key, e.g. "log.retention.ms"
    ConfigType type;
    std::string_view kafkaDefault;
    std::string_view documentation;
};

std::span<const TopicConfigSpec> topicConfigSpecs();
const TopicConfigSpec *findTopicConfig(std::string_view name);

// Broker-wide defaults: topic key → (value, source).
struct DefaultValue
{
    std::string value;
    ConfigSource source = ConfigSource::DefaultConfig;
};
using TopicConfigDefaults = std::map<std::string, DefaultValue, std::less<>>;

// Kafka's defaults overridden by the broker file's keys (log.retention.hours etc.).
Result<TopicConfigDefaults>
topicDefaultsFromBrokerProperties(const std::map<std::string, std::string> &props);

// Validates one topic config value (type and range). Error code InvalidConfig.
Status validateTopicConfig(std::string_view name, std::string_view value);

// The effective value of `name` for a topic with these overrides.
std::string effectiveTopicConfig(const TopicConfigDefaults &defaults,
                                 const std::map<std::string, std::string> &overrides,
                                 std::string_view name);

// The storage layer's view of a topic's effective configs.
storage::LogConfig toLogConfig(const TopicConfigDefaults &defaults,
                               const std::map<std::string, std::string> &overrides);

} // namespace runnel::broker
