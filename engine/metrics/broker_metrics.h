#pragma once

// BrokerMetrics: one broker's MSK-named meters (FEATURES.md §4), bumped by the request
// handlers and written as Prometheus text by the metrics endpoint.
//
// Owned by the Broker; used only on its event-loop thread (no locks). Lifecycle: made
// with the broker; tick() once a second (the endpoint's timer) advances the sliding
// windows of the per-second rates; families() renders the current figures.
//
// Rates (…PerSec) are over the last kWindowSeconds completed seconds, like Kafka's
// meters but with a short window so a chart reacts within seconds. Means (…TimeMsMean,
// RequestBytesMean) are since the broker started, as Kafka's histograms report Mean.

#include "engine/metrics/exposition.h"
#include "engine/metrics/process_stats.h"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runnel::metrics {

// MSK's enhanced monitoring levels; each includes the ones before it.
enum class MonitoringLevel { Default, PerBroker, PerTopicPerBroker, PerTopicPerPartition };

std::string_view toString(MonitoringLevel level); // "DEFAULT", "PER_BROKER", …
std::optional<MonitoringLevel> parseMonitoringLevel(std::string_view text);
// The lowest level at which MSK publishes metric `name`; a per-topic sample (one with a
// topic label) of a broker metric is PER_TOPIC_PER_BROKER. nullopt: not an MSK metric.
std::optional<MonitoringLevel> levelOf(std::string_view name, bool perTopic);

// A count with a rate over the last kWindowSeconds completed seconds.
class Meter
{
public:
    static constexpr int kWindowSeconds = 10;
    void mark(uint64_t n = 1) { m_count += n; }
    uint64_t count() const { return m_count; }
    void tick(); // once a second
    double ratePerSecond() const;

private:
    uint64_t m_count = 0;
    std::array<uint64_t, kWindowSeconds + 1> m_history{}; // count at each tick
    int m_ticks = 0;
};

// A running mean since start.
struct Mean
{
    uint64_t count = 0;
    double sum = 0;
    void add(double v)
    {
        ++count;
        sum += v;
    }
    double value() const { return count ? sum / static_cast<double>(count) : 0.0; }
};

// What the broker knows about its partitions and connections when it is scraped.
struct BrokerGauges
{
    int64_t partitionCount = 0;       // partition replicas on this broker
    int64_t leaderCount = 0;          // partitions this broker leads
    int64_t globalPartitionCount = 0; // partitions in the cluster (without replicas)
    int64_t globalTopicCount = 0;
    int64_t activeControllerCount = 0; // 1 on the active controller
    int64_t offlinePartitionsCount = 0;
    int64_t underReplicatedPartitions = 0;
    int64_t underMinIsrPartitionCount = 0;
    int64_t connectionCount = 0;
    std::vector<std::string> logDirs; // for KafkaDataLogsDiskUsed
    // With runnel.log.dirs.max.bytes set (> 0), KafkaDataLogsDiskUsed is the percentage of
    // it in use instead of the filesystem's.
    int64_t logBytesUsed = 0;
    int64_t logBytesMax = 0;
    // Each partition replica's log size on this broker, written as Kafka's
    // kafka.log:type=Log,name=Size gauge: `Size{topic="…",partition="N"}` in bytes.
    struct PartitionSize
    {
        std::string topic;
        int32_t partition = 0;
        int64_t bytes = 0;
    };
    std::vector<PartitionSize> partitionSizes;
};

class RequestTiming;

class BrokerMetrics
{
public:
    enum class RequestKind { Produce, FetchConsumer, FetchFollower, Other };

    // A request frame arrived: counts it and returns its timing, which reports to these
    // metrics once the request is answered and its handler has returned.
    std::shared_ptr<RequestTiming>
    startRequest(uint64_t connectionId, const uint8_t *frame, size_t size);

    // The kind of a request frame (header + body) from its API key and, for Fetch, the
    // replica id (>= 0: a follower). Reads only the first bytes; never fails.
    static RequestKind classify(const uint8_t *frame, size_t size);

    // A request frame arrived on connection `connectionId` (ids grow by one per accepted
    // connection, which TcpConnections counts).
    void requestReceived(uint64_t connectionId, size_t bytes);
    // The handler answered: totalMs from arrival to answer, localMs spent in the handler
    // itself (the rest was waiting: long polls, acks=all syncs).
    void requestCompleted(RequestKind kind, double totalMs, double localMs);
    void produced(const std::string &topic, uint64_t bytes, uint64_t messages);
    void fetched(const std::string &topic, uint64_t bytes);

    void tick();
    std::vector<MetricFamily> families(const BrokerGauges &gauges,
                                       const ProcessFigures &process) const;

private:
    struct TopicMeters
    {
        Meter bytesIn, bytesOut, messagesIn;
    };
    struct RequestTimes
    {
        Mean total, local;
    };

    TopicMeters &topicMeters(const std::string &topic);

    Meter m_bytesIn, m_bytesOut, m_messagesIn;
    Meter m_busyMicros; // time the event loop spent in handlers
    std::map<std::string, TopicMeters> m_topics;
    std::array<RequestTimes, 3> m_times; // Produce, FetchConsumer, FetchFollower
    Mean m_requestBytes;
    uint64_t m_maxConnectionId = 0;
};

// The timing of one request. The handler may answer before it returns (most requests)
// or later (long-polling fetches, acks=all produces): total time runs to the answer,
// local time to the handler's return (never more than the total).
class RequestTiming
{
public:
    RequestTiming(BrokerMetrics &metrics, BrokerMetrics::RequestKind kind);
    void handlerReturned();
    void answered();

    // Calls handlerReturned() when the handler's scope ends, on every return path.
    class HandlerScope
    {
    public:
        explicit HandlerScope(std::shared_ptr<RequestTiming> timing)
            : m_timing(std::move(timing))
        {}
        ~HandlerScope() { m_timing->handlerReturned(); }
        HandlerScope(const HandlerScope &) = delete;
        HandlerScope &operator=(const HandlerScope &) = delete;

    private:
        std::shared_ptr<RequestTiming> m_timing;
    };

private:
    void reportIfDone();
    double elapsedMs() const;

    BrokerMetrics &m_metrics;
    BrokerMetrics::RequestKind m_kind;
    std::chrono::steady_clock::time_point m_arrived;
    std::optional<double> m_localMs, m_totalMs;
};

} // namespace runnel::metrics
