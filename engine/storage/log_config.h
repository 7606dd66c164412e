#pragma once

// Per-partition log settings, named after Kafka's topic configs (segment.bytes,
// retention.ms, cleanup.policy, …). The broker builds one from broker defaults and topic
// overrides and hands it to PartitionLog::open / setConfig. Plain value type.

#include <cstdint>
#include <memory>

namespace runnel::storage {

class AtRestKey;

struct LogConfig
{
    int64_t segmentBytes = 1024LL * 1024 * 1024;         // segment.bytes
    int64_t segmentMs = 7LL * 24 * 3600 * 1000;          // segment.ms
    int64_t retentionMs = 7LL * 24 * 3600 * 1000;        // retention.ms, -1 = forever
    int64_t retentionBytes = -1;                         // retention.bytes, -1 = unlimited
    bool cleanupDelete = true;                           // cleanup.policy contains "delete"
    bool cleanupCompact = false;                         // cleanup.policy contains "compact"
    int64_t deleteRetentionMs = 24LL * 3600 * 1000;      // delete.retention.ms (tombstones)
    int32_t maxMessageBytes = 1048588;                   // max.message.bytes (per batch)
    int32_t indexIntervalBytes = 4096;                   // index.interval.bytes
    bool logAppendTime = false;                          // message.timestamp.type=LogAppendTime
    double minCleanableDirtyRatio = 0.5;                 // min.cleanable.dirty.ratio
    int64_t fileDeleteDelayMs = 60000;                   // file.delete.delay.ms
    int64_t producerIdExpirationMs = 24LL * 3600 * 1000; // producer.id.expiration.ms
    // The broker's data key (runnel.log.encryption.key.file), null for logs in the clear. Fixed
    // when a log opens: PartitionLog::setConfig keeps the key the log was opened with.
    std::shared_ptr<const AtRestKey> encryptionKey;
};

} // namespace runnel::storage
