#pragma once

// LagProbe: reads what consumer lag is computed from, as any Kafka client would, with
// librdkafka: every consumer group with its state (ListGroups + DescribeGroups), the
// committed offsets of the groups MSK counts (OffsetFetch), and the high watermark of
// every partition of every topic (Metadata + ListOffsets).
//
// collect() blocks (each request bounded by timeoutMs) and so runs on a worker thread of
// the agent's lag pool, never on the agent's thread; it touches no shared state and
// returns plain values that the agent turns into lag with metrics::computeLag().

#include "engine/metrics/lag.h"

#include <QString>

#include <map>
#include <vector>

namespace runnel::control {

struct LagSnapshot
{
    QString error; // empty when every read succeeded
    qint64 timeMs = 0;
    std::vector<metrics::ConsumerGroupOffsets> groups; // every group, counted or not
    std::map<metrics::PartitionKey, int64_t> highWatermarks;
};

class LagProbe
{
public:
    static LagSnapshot collect(const QString &bootstrapServers, int timeoutMs);
};

} // namespace runnel::control
