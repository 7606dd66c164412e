#pragma once

// TopicTable: the single-broker metadata image — every topic's name, id, partition count
// and config overrides — persisted in `<first log dir>/runnel-topics` and replaced
// atomically on every change (write temp, fsync, rename, fsync dir).
//
// File format (text, one record per line, values percent-encoded):
//
//   runnel-topics 1
//   topic <name> <32-hex topic id> <partition count> <internal 0|1>
//   config <topic name> <key> <value>
//
// Owned by the Broker and used only on its event-loop thread. The replicated metadata log
// of a multi-broker cluster will take over this role; this class keeps the same queries.

#include "engine/common/result.h"
#include "engine/protocol/uuid.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace runnel::broker {

struct TopicInfo
{
    std::string name;
    protocol::Uuid id;
    int32_t partitionCount = 0;
    bool internal = false;
    std::map<std::string, std::string> configs; // overrides only
};

class TopicTable
{
public:
    static Result<TopicTable> load(std::filesystem::path file);
    // A table kept only in memory: in a cluster it is a projection of the MetadataImage
    // (the metadata log is the durable copy), rebuilt by replay after every start.
    static TopicTable inMemory() { return TopicTable(); }
    // Projection only: sets a topic exactly as the metadata image has it.
    void put(TopicInfo info);

    const TopicInfo *find(const std::string &name) const;
    const TopicInfo *findById(const protocol::Uuid &id) const;
    const std::map<std::string, TopicInfo> &topics() const { return m_topics; }

    // Each mutation is durable when it returns success.
    Result<const TopicInfo *> create(const std::string &name,
                                     int32_t partitionCount,
                                     std::map<std::string, std::string> configs,
                                     bool internal = false);
    Status remove(const std::string &name);
    Status setPartitionCount(const std::string &name, int32_t count);
    Status setConfigs(const std::string &name, std::map<std::string, std::string> configs);

    // Kafka's topic name rules: 1..249 chars of [a-zA-Z0-9._-], not "." or "..".
    static Status validateName(const std::string &name);

private:
    Status save() const;

    std::filesystem::path m_file;
    std::map<std::string, TopicInfo> m_topics;
};

protocol::Uuid randomUuid();

} // namespace runnel::broker
