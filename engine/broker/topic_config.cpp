#include "engine/broker/topic_config.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace runnel::broker {

namespace {

constexpr TopicConfigSpec kSpecs[] = {
    {"cleanup.policy",
     "log.cleanup.policy",
     ConfigType::List,
     "delete",
     "delete, compact, or both (comma-separated)"},
    {"compression.type",
     "compression.type",
     ConfigType::String,
     "producer",
     "final compression of the topic's data; producer keeps what the producer sent"},
    {"delete.retention.ms",
     "log.cleaner.delete.retention.ms",
     ConfigType::Long,
     "86400000",
     "how long compaction keeps tombstones"},
    {"file.delete.delay.ms",
     "log.segment.delete.delay.ms",
     ConfigType::Long,
     "60000",
     "delay before a deleted segment's file is removed"},
    {"flush.messages",
     "log.flush.interval.messages",
     ConfigType::Long,
     "9223372036854775807",
     "force a sync every N messages"},
    {"flush.ms",
     "log.flush.interval.ms",
     ConfigType::Long,
     "9223372036854775807",
     "force a sync every N ms"},
    {"index.interval.bytes",
     "log.index.interval.bytes",
     ConfigType::Int,
     "4096",
     "bytes of log between offset index entries"},
    {"max.compaction.lag.ms",
     "log.cleaner.max.compaction.lag.ms",
     ConfigType::Long,
     "9223372036854775807",
     "longest a message stays ineligible for compaction"},
    {"max.message.bytes",
     "message.max.bytes",
     ConfigType::Int,
     "1048588",
     "largest record batch the topic accepts"},
    {"message.timestamp.type",
     "log.message.timestamp.type",
     ConfigType::String,
     "CreateTime",
     "CreateTime or LogAppendTime"},
    {"min.cleanable.dirty.ratio",
     "log.cleaner.min.cleanable.ratio",
     ConfigType::Double,
     "0.5",
     "dirty share of the log that triggers compaction"},
    {"min.compaction.lag.ms",
     "log.cleaner.min.compaction.lag.ms",
     ConfigType::Long,
     "0",
     "shortest time a message stays uncompacted"},
    {"min.insync.replicas",
     "min.insync.replicas",
     ConfigType::Int,
     "1",
     "replicas that must acknowledge an acks=all write"},
    {"preallocate", "log.preallocate", ConfigType::Boolean, "false", "preallocate segment files"},
    {"retention.bytes",
     "log.retention.bytes",
     ConfigType::Long,
     "-1",
     "largest size of a partition before old segments are deleted; -1 for no limit"},
    {"retention.ms",
     "log.retention.ms",
     ConfigType::Long,
     "604800000",
     "how long data is kept; -1 for ever"},
    {"segment.bytes", "log.segment.bytes", ConfigType::Int, "1073741824", "segment file size"},
    {"segment.index.bytes",
     "log.index.size.max.bytes",
     ConfigType::Int,
     "10485760",
     "largest offset index size"},
    {"segment.jitter.ms",
     "log.roll.jitter.ms",
     ConfigType::Long,
     "0",
     "random jitter subtracted from segment.ms"},
    {"segment.ms",
     "log.roll.ms",
     ConfigType::Long,
     "604800000",
     "time after which a segment is rolled"},
    {"unclean.leader.election.enable",
     "unclean.leader.election.enable",
     ConfigType::Boolean,
     "false",
     "allow out-of-sync replicas to become leader (data loss)"},
    {"write.caching",
     "write.caching.default",
     ConfigType::Boolean,
     "false",
     "acknowledge acks=all writes once the in-sync replicas hold them in memory, before "
     "they are synced to disk (synced within flush.ms, 100 ms unless set)"},
};

std::optional<int64_t> parseInt(std::string_view s)
{
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty())
        return std::nullopt;
    return v;
}

int64_t intOr(const std::string &s, int64_t fallback)
{
    return parseInt(s).value_or(fallback);
}

} // namespace

std::span<const TopicConfigSpec> topicConfigSpecs()
{
    return kSpecs;
}

const TopicConfigSpec *findTopicConfig(std::string_view name)
{
    for (const auto &spec : kSpecs)
        if (spec.name == name)
            return &spec;
    return nullptr;
}

Status validateTopicConfig(std::string_view name, std::string_view value)
{
    const TopicConfigSpec *spec = findTopicConfig(name);
    if (!spec)
        return makeError(ErrorCode::InvalidConfig,
                         "unknown topic config '" + std::string(name) + "'");
    auto bad = [&](std::string_view why) {
        return Status(makeError(ErrorCode::InvalidConfig,
                                "invalid value '" + std::string(value) + "' for "
                                    + std::string(name) + ": " + std::string(why)));
    };
    switch (spec->type) {
    case ConfigType::Boolean:
        if (value != "true" && value != "false")
            return bad("expected true or false");
        break;
    case ConfigType::Int:
    case ConfigType::Short:
    case ConfigType::Long: {
        auto v = parseInt(value);
        if (!v)
            return bad("expected a whole number");
        if (spec->type == ConfigType::Int && (*v > INT32_MAX || *v < INT32_MIN))
            return bad("out of range for a 32-bit number");
        if ((name == "retention.ms" || name == "retention.bytes") && *v < -1)
            return bad("must be -1 or more");
        if (name == "segment.bytes" && *v < 14)
            return bad("must be at least 14");
        if ((name == "max.message.bytes" || name == "index.interval.bytes") && *v < 0)
            return bad("must not be negative");
        if (name == "min.insync.replicas" && *v < 1)
            return bad("must be at least 1");
        if (name == "segment.ms" && *v < 1)
            return bad("must be at least 1");
        break;
    }
    case ConfigType::Double: {
        char *end = nullptr;
        std::string copy(value);
        double d = std::strtod(copy.c_str(), &end);
        if (copy.empty() || *end != '\0')
            return bad("expected a number");
        if (name == "min.cleanable.dirty.ratio" && (d < 0 || d > 1))
            return bad("must be between 0 and 1");
        break;
    }
    case ConfigType::List:
        if (name == "cleanup.policy") {
            std::string_view rest = value;
            bool any = false;
            while (!rest.empty()) {
                size_t comma = rest.find(',');
                std::string_view item = rest.substr(0, comma);
                while (!item.empty() && item.front() == ' ')
                    item.remove_prefix(1);
                while (!item.empty() && item.back() == ' ')
                    item.remove_suffix(1);
                if (item != "delete" && item != "compact")
                    return bad("expected delete, compact or both");
                any = true;
                if (comma == std::string_view::npos)
                    break;
                rest.remove_prefix(comma + 1);
            }
            if (!any)
                return bad("expected delete, compact or both");
        }
        break;
    case ConfigType::String:
        if (name == "message.timestamp.type" && value != "CreateTime" && value != "LogAppendTime")
            return bad("expected CreateTime or LogAppendTime");
        if (name == "compression.type" && value != "producer" && value != "uncompressed"
            && value != "gzip" && value != "snappy" && value != "lz4" && value != "zstd")
            return bad("expected producer, uncompressed, gzip, snappy, lz4 or zstd");
        break;
    default:
        break;
    }
    return Status::success();
}

Result<TopicConfigDefaults>
topicDefaultsFromBrokerProperties(const std::map<std::string, std::string> &props)
{
    TopicConfigDefaults defaults;
    for (const auto &spec : kSpecs)
        defaults[std::string(spec.name)]
            = {std::string(spec.kafkaDefault), ConfigSource::DefaultConfig};

    auto setFrom = [&](std::string_view topicKey, std::string value) -> Status {
        if (Status s = validateTopicConfig(topicKey, value); !s.ok())
            return s;
        defaults[std::string(topicKey)] = {std::move(value), ConfigSource::StaticBrokerConfig};
        return Status::success();
    };

    // Kafka's precedence for time keys: .ms over .minutes over .hours.
    auto timeKey = [&](std::string_view topicKey,
                       std::initializer_list<std::pair<std::string_view, int64_t>> keys) -> Status {
        for (auto [key, factor] : keys) {
            auto it = props.find(std::string(key));
            if (it == props.end())
                continue;
            auto v = parseInt(it->second);
            if (!v)
                return makeError(ErrorCode::InvalidConfig,
                                 std::string(key) + " must be a whole number, not '" + it->second
                                     + "'");
            int64_t ms = *v < 0 ? -1 : *v * factor;
            return setFrom(topicKey, std::to_string(ms));
        }
        return Status::success();
    };
    if (Status s = timeKey("retention.ms",
                           {{"log.retention.ms", 1},
                            {"log.retention.minutes", 60000},
                            {"log.retention.hours", 3600000}});
        !s.ok())
        return s.error();
    if (Status s = timeKey("segment.ms", {{"log.roll.ms", 1}, {"log.roll.hours", 3600000}});
        !s.ok())
        return s.error();

    for (const auto &spec : kSpecs) {
        if (spec.name == "retention.ms" || spec.name == "segment.ms")
            continue;
        auto it = props.find(std::string(spec.brokerKey));
        if (it == props.end())
            continue;
        if (Status s = setFrom(spec.name, it->second); !s.ok())
            return makeError(ErrorCode::InvalidConfig,
                             std::string(spec.brokerKey) + ": " + s.error().message);
    }
    return defaults;
}

std::string effectiveTopicConfig(const TopicConfigDefaults &defaults,
                                 const std::map<std::string, std::string> &overrides,
                                 std::string_view name)
{
    if (auto it = overrides.find(std::string(name)); it != overrides.end())
        return it->second;
    if (auto it = defaults.find(name); it != defaults.end())
        return it->second.value;
    if (const TopicConfigSpec *spec = findTopicConfig(name))
        return std::string(spec->kafkaDefault);
    return {};
}

storage::LogConfig toLogConfig(const TopicConfigDefaults &defaults,
                               const std::map<std::string, std::string> &overrides)
{
    auto get = [&](std::string_view name) {
        return effectiveTopicConfig(defaults, overrides, name);
    };
    storage::LogConfig cfg;
    cfg.segmentBytes = intOr(get("segment.bytes"), cfg.segmentBytes);
    cfg.segmentMs = intOr(get("segment.ms"), cfg.segmentMs);
    cfg.retentionMs = intOr(get("retention.ms"), cfg.retentionMs);
    cfg.retentionBytes = intOr(get("retention.bytes"), cfg.retentionBytes);
    const std::string policy = get("cleanup.policy");
    cfg.cleanupDelete = policy.find("delete") != std::string::npos;
    cfg.cleanupCompact = policy.find("compact") != std::string::npos;
    cfg.deleteRetentionMs = intOr(get("delete.retention.ms"), cfg.deleteRetentionMs);
    cfg.maxMessageBytes
        = static_cast<int32_t>(intOr(get("max.message.bytes"), cfg.maxMessageBytes));
    cfg.indexIntervalBytes
        = static_cast<int32_t>(intOr(get("index.interval.bytes"), cfg.indexIntervalBytes));
    cfg.logAppendTime = get("message.timestamp.type") == "LogAppendTime";
    cfg.minCleanableDirtyRatio = std::strtod(get("min.cleanable.dirty.ratio").c_str(), nullptr);
    cfg.fileDeleteDelayMs = intOr(get("file.delete.delay.ms"), cfg.fileDeleteDelayMs);
    return cfg;
}

} // namespace runnel::broker
