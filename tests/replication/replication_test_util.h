#pragma once

// Helpers shared by the replication unit tests and the simulation: batches carrying
// string values, and reading values back out of a MemoryReplicaLog.

#include "engine/records/record_batch.h"
#include "engine/replication/memory_replica_log.h"

#include <cstdlib>
#include <string>
#include <vector>

namespace runnel::replication::testing {

inline Bytes batchOf(const std::vector<std::string> &values, TimestampMs ts = 1'700'000'000'000)
{
    std::vector<records::Record> recs;
    for (size_t i = 0; i < values.size(); ++i) {
        records::Record r;
        r.offset = static_cast<int64_t>(i);
        r.timestamp = ts;
        r.value = Bytes(values[i].begin(), values[i].end());
        recs.push_back(std::move(r));
    }
    auto built = records::buildBatch(records::BatchOptions{}, recs);
    if (!built.ok())
        std::abort();
    return std::move(built).value();
}

// The value stored at offset in log, or "" when the log has no such offset.
inline std::string valueAt(const MemoryReplicaLog &log, Offset offset)
{
    int64_t i = log.indexOf(offset);
    if (i < 0)
        return {};
    auto recs = records::decodeRecords(log.entries()[static_cast<size_t>(i)].bytes);
    if (!recs.ok())
        return {};
    for (const auto &r : recs.value())
        if (r.offset == offset.value() && r.value)
            return std::string(r.value->begin(), r.value->end());
    return {};
}

} // namespace runnel::replication::testing
