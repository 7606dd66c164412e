// The broker's side of its metrics: the figures only the broker knows (partitions,
// leaders, connections), the GET /metrics endpoint, and fetch byte counts. The meters
// themselves and the exposition live in engine/metrics.

#include "engine/broker/broker.h"
#include "engine/broker/cluster_member.h"

#include "engine/common/log.h"
#include "engine/metrics/http_endpoint.h"

namespace runnel::broker {

Status Broker::startMetrics()
{
    if (m_config.metricsPort < 0)
        return Status::success();
    m_metricsEndpoint = std::make_unique<metrics::MetricsEndpoint>(
        m_io,
        [this] {
            return metrics::writeExposition(
                m_metrics.families(metricsGauges(), m_processStats.figures()));
        },
        [this] {
            m_metrics.tick();
            m_processStats.tick();
        });
    auto port = m_metricsEndpoint->listen(m_config.metricsHost,
                                          static_cast<uint16_t>(m_config.metricsPort));
    if (!port)
        return port.error();
    m_metricsPort = *port;
    RLOG_INFO("broker") << "serving metrics on http://" << m_config.metricsHost << ":" << *port
                        << "/metrics";
    return Status::success();
}

metrics::BrokerGauges Broker::metricsGauges() const
{
    metrics::BrokerGauges g;
    // A single broker holds and leads every partition; a cluster member counts from the
    // metadata image and its replicas instead.
    for (const auto &[name, topic] : m_topics->topics()) {
        g.partitionCount += topic.partitionCount;
        if (topic.internal)
            continue;
        ++g.globalTopicCount;
        g.globalPartitionCount += topic.partitionCount;
    }
    g.leaderCount = g.partitionCount;
    g.activeControllerCount = 1;
    if (m_cluster)
        m_cluster->fillGauges(g);
    g.connectionCount = m_server ? static_cast<int64_t>(m_server->connectionCount()) : 0;
    g.logDirs = m_config.logDirs;
    g.logBytesMax = m_logs->maxBytes();
    g.logBytesUsed = m_logs->usedBytes();
    for (const auto &[topic, partition] : m_logs->partitions())
        if (const storage::PartitionLog *log = m_logs->get(topic, partition))
            g.partitionSizes.push_back({topic, partition, log->sizeBytes()});
    return g;
}

void Broker::noteFetched(const protocol::FetchResponse &response)
{
    for (const auto &topic : response.responses) {
        uint64_t bytes = 0;
        for (const auto &p : topic.partitions)
            if (p.records)
                bytes += p.records->size();
        m_metrics.fetched(topic.topic, bytes);
    }
}

} // namespace runnel::broker
