#pragma once

// All partition logs of one broker, spread over its log.dirs. Each log dir looks like
// Kafka's:
//
//   <log.dir>/
//     meta.properties          written on first start, checked on every later start:
//                                version=1
//                                node.id=<this broker's id>
//                                cluster.id=<22-char base64url id>
//     .lock                    flock()ed while a broker uses the dir
//     <topic>-<partition>/     one PartitionLog each (see partition_log.h); the topic
//                              may contain '-', so the partition follows the LAST '-'
//     <topic>-<partition>.<uuid>-delete/   a removed partition being deleted
//
// New partitions go to the dir holding the fewest. The broker owns the LogManager for its
// whole run, on its event-loop thread (not thread-safe, like PartitionLog). Lifecycle:
// open() → create/get/remove … → closeAll() at shutdown; destruction releases the locks.

#include "engine/common/result.h"
#include "engine/common/types.h"
#include "engine/storage/log_config.h"
#include "engine/storage/partition_log.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace runnel::storage {

class LogManager
{
public:
    // Locks and initialises the dirs and opens every partition found with defaultConfig
    // (the broker then applies topic overrides with PartitionLog::setConfig). clusterId
    // empty: use the one stored in meta.properties, or generate one on a first start.
    // Errors: KafkaStorageError (a dir unusable or locked by another process),
    // InconsistentClusterId (the dirs belong to another cluster), InvalidConfig (node.id
    // differs from the stored one, or the same partition is in two dirs).
    // defaultConfig.encryptionKey, if set, encrypts every log this manager opens or creates
    // (create() ignores the key of the config it is given). Each dir records the id of the
    // key it is encrypted with in runnel-encryption.properties (`key.id=…`), so that a
    // broker started with another key, without one, or with one on data written in the
    // clear refuses to start with a sentence (InvalidConfig) — before recovery could take a
    // wrong key's authentication failures for torn writes and truncate.
    static Result<std::unique_ptr<LogManager>> open(std::vector<std::filesystem::path> dirs,
                                                    int32_t nodeId,
                                                    const std::string &clusterId,
                                                    const LogConfig &defaultConfig);
    ~LogManager();
    LogManager(const LogManager &) = delete;
    LogManager &operator=(const LogManager &) = delete;

    PartitionLog *get(const std::string &topic, int32_t partition);
    // Opens the partition's log, creating it on the least-used dir; an existing log is
    // returned with cfg applied. Bad topic name → InvalidTopicException.
    Result<PartitionLog *>
    create(const std::string &topic, int32_t partition, const LogConfig &cfg);
    // Renames the dir to <topic>-<partition>.<uuid>-delete, then deletes it. Unknown
    // partition → UnknownTopicOrPartition.
    Status remove(const std::string &topic, int32_t partition);
    std::vector<std::pair<std::string, int32_t>> partitions() const;
    // Which log dir holds the partition, if any.
    std::optional<std::filesystem::path> dirOf(const std::string &topic, int32_t partition) const;

    void runHousekeeping(TimestampMs now);

    // The broker's data size limit (runnel.log.dirs.max.bytes): the sum of every
    // partition's log data (PartitionLog::sizeBytes, all dirs together) may not pass it.
    // <= 0: unlimited (the default). Only the check below enforces it; nothing is deleted.
    void setMaxBytes(int64_t maxBytes) { m_maxBytes = maxBytes; }
    int64_t maxBytes() const { return m_maxBytes; }
    int64_t usedBytes() const;
    // Ok when `bytes` more fit under the limit; KafkaStorageError ("the broker is full")
    // otherwise, saying how much is used of how much. Callers check before appending, so a
    // refused append writes nothing.
    Status checkRoom(int64_t bytes) const;

    // Closes every log cleanly; returns the first error but closes all.
    Status closeAll();

    std::string clusterId() const { return m_clusterId; }
    int32_t nodeId() const { return m_nodeId; }
    const std::vector<std::filesystem::path> &dirs() const { return m_dirs; }

    // "<topic>-<partition>" → (topic, partition); nullopt for anything else.
    static std::optional<std::pair<std::string, int32_t>>
    parsePartitionDirName(const std::string &name);
    // A random 16-byte id in base64url without padding, like Kafka's Uuid.
    static std::string generateClusterId();

private:
    LogManager() = default;
    Status lockDir(const std::filesystem::path &dir);
    Status checkMetaProperties(const std::filesystem::path &dir);
    Status checkEncryptionMarker(const std::filesystem::path &dir);
    Status discover(size_t dirIndex);

    struct Entry
    {
        std::unique_ptr<PartitionLog> log;
        size_t dirIndex = 0;
    };
    std::vector<std::filesystem::path> m_dirs;
    std::vector<int> m_lockFds;
    int32_t m_nodeId = -1;
    std::string m_clusterId;
    LogConfig m_defaultConfig;
    int64_t m_maxBytes = 0;
    std::map<std::pair<std::string, int32_t>, Entry> m_logs;
};

} // namespace runnel::storage
