#include "engine/metrics/broker_metrics.h"

#include <algorithm>
#include <array>
#include <utility>

namespace runnel::metrics {

namespace {

constexpr int16_t kProduceKey = 0;
constexpr int16_t kFetchKey = 1;

int16_t readI16(const uint8_t *p)
{
    return static_cast<int16_t>((p[0] << 8) | p[1]);
}

int32_t readI32(const uint8_t *p)
{
    return static_cast<int32_t>((uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16)
                                | (uint32_t(p[2]) << 8) | uint32_t(p[3]));
}

struct LevelEntry
{
    std::string_view name;
    MonitoringLevel level;
};

// MSK's CloudWatch metrics by level (FEATURES.md §4), the ones a Runnel broker or the
// agent can know.
constexpr std::array kLevels = {
    LevelEntry{"ActiveControllerCount", MonitoringLevel::Default},
    LevelEntry{"GlobalPartitionCount", MonitoringLevel::Default},
    LevelEntry{"GlobalTopicCount", MonitoringLevel::Default},
    LevelEntry{"OfflinePartitionsCount", MonitoringLevel::Default},
    LevelEntry{"BytesInPerSec", MonitoringLevel::Default},
    LevelEntry{"BytesOutPerSec", MonitoringLevel::Default},
    LevelEntry{"MessagesInPerSec", MonitoringLevel::Default},
    LevelEntry{"ConnectionCount", MonitoringLevel::Default},
    LevelEntry{"CpuUser", MonitoringLevel::Default},
    LevelEntry{"CpuSystem", MonitoringLevel::Default},
    LevelEntry{"CpuIdle", MonitoringLevel::Default},
    LevelEntry{"MemoryUsed", MonitoringLevel::Default},
    LevelEntry{"KafkaDataLogsDiskUsed", MonitoringLevel::Default},
    LevelEntry{"LeaderCount", MonitoringLevel::Default},
    LevelEntry{"PartitionCount", MonitoringLevel::Default},
    LevelEntry{"ProduceTotalTimeMsMean", MonitoringLevel::Default},
    LevelEntry{"RequestBytesMean", MonitoringLevel::Default},
    LevelEntry{"UnderMinIsrPartitionCount", MonitoringLevel::Default},
    LevelEntry{"UnderReplicatedPartitions", MonitoringLevel::Default},
    LevelEntry{"EstimatedMaxTimeLag", MonitoringLevel::Default},
    LevelEntry{"MaxOffsetLag", MonitoringLevel::Default},
    LevelEntry{"SumOffsetLag", MonitoringLevel::Default},
    LevelEntry{"ProduceLocalTimeMsMean", MonitoringLevel::PerBroker},
    LevelEntry{"FetchConsumerTotalTimeMsMean", MonitoringLevel::PerBroker},
    LevelEntry{"FetchConsumerLocalTimeMsMean", MonitoringLevel::PerBroker},
    LevelEntry{"FetchFollowerTotalTimeMsMean", MonitoringLevel::PerBroker},
    LevelEntry{"FetchFollowerLocalTimeMsMean", MonitoringLevel::PerBroker},
    LevelEntry{"RequestHandlerAvgIdlePercent", MonitoringLevel::PerBroker},
    LevelEntry{"TcpConnections", MonitoringLevel::PerBroker},
    LevelEntry{"OffsetLag", MonitoringLevel::PerTopicPerPartition},
    LevelEntry{"EstimatedTimeLag", MonitoringLevel::PerTopicPerPartition},
};

MetricFamily gauge(std::string name, std::string help, double value)
{
    MetricFamily f{std::move(name), std::move(help), MetricType::Gauge, {}};
    f.samples.push_back({f.name, {}, value});
    return f;
}

MetricFamily counter(std::string name, std::string help, double value)
{
    MetricFamily f = gauge(std::move(name), std::move(help), value);
    f.type = MetricType::Counter;
    return f;
}

} // namespace

std::string_view toString(MonitoringLevel level)
{
    switch (level) {
    case MonitoringLevel::Default:
        return "DEFAULT";
    case MonitoringLevel::PerBroker:
        return "PER_BROKER";
    case MonitoringLevel::PerTopicPerBroker:
        return "PER_TOPIC_PER_BROKER";
    case MonitoringLevel::PerTopicPerPartition:
        return "PER_TOPIC_PER_PARTITION";
    }
    return "DEFAULT";
}

std::optional<MonitoringLevel> parseMonitoringLevel(std::string_view text)
{
    for (auto level : {MonitoringLevel::Default,
                       MonitoringLevel::PerBroker,
                       MonitoringLevel::PerTopicPerBroker,
                       MonitoringLevel::PerTopicPerPartition})
        if (text == toString(level))
            return level;
    return std::nullopt;
}

std::optional<MonitoringLevel> levelOf(std::string_view name, bool perTopic)
{
    for (const LevelEntry &e : kLevels) {
        if (e.name != name)
            continue;
        if (perTopic && e.level < MonitoringLevel::PerTopicPerBroker
            && (name == "BytesInPerSec" || name == "BytesOutPerSec" || name == "MessagesInPerSec"))
            return MonitoringLevel::PerTopicPerBroker;
        return e.level;
    }
    return std::nullopt;
}

// --- Meter ------------------------------------------------------------------------------

void Meter::tick()
{
    m_history[static_cast<size_t>(m_ticks % static_cast<int>(m_history.size()))] = m_count;
    ++m_ticks;
}

double Meter::ratePerSecond() const
{
    if (m_ticks < 2)
        return 0;
    const int n = static_cast<int>(m_history.size());
    const int span = std::min(m_ticks - 1, kWindowSeconds);
    const uint64_t latest = m_history[static_cast<size_t>((m_ticks - 1) % n)];
    const uint64_t oldest = m_history[static_cast<size_t>((m_ticks - 1 - span) % n)];
    return static_cast<double>(latest - oldest) / span;
}

// --- BrokerMetrics -----------------------------------------------------------------------

BrokerMetrics::RequestKind BrokerMetrics::classify(const uint8_t *frame, size_t size)
{
    if (size < 10)
        return RequestKind::Other;
    const int16_t key = readI16(frame);
    if (key == kProduceKey)
        return RequestKind::Produce;
    if (key != kFetchKey)
        return RequestKind::Other;
    // Fetch header: api key, version, correlation id, client id (int16 length + bytes);
    // from v12 a tagged-field count follows. The body starts with replica_id up to v14.
    const int16_t version = readI16(frame + 2);
    if (version >= 15)
        return RequestKind::FetchConsumer;
    const int16_t clientIdLength = readI16(frame + 8);
    size_t pos = 10 + static_cast<size_t>(std::max<int16_t>(clientIdLength, 0));
    if (version >= 12) {
        if (pos >= size || frame[pos] != 0) // tagged fields present: do not guess
            return RequestKind::FetchConsumer;
        ++pos;
    }
    if (pos + 4 > size)
        return RequestKind::FetchConsumer;
    return readI32(frame + pos) >= 0 ? RequestKind::FetchFollower : RequestKind::FetchConsumer;
}

std::shared_ptr<RequestTiming>
BrokerMetrics::startRequest(uint64_t connectionId, const uint8_t *frame, size_t size)
{
    requestReceived(connectionId, size);
    return std::make_shared<RequestTiming>(*this, classify(frame, size));
}

RequestTiming::RequestTiming(BrokerMetrics &metrics, BrokerMetrics::RequestKind kind)
    : m_metrics(metrics)
    , m_kind(kind)
    , m_arrived(std::chrono::steady_clock::now())
{}

double RequestTiming::elapsedMs() const
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_arrived)
        .count();
}

void RequestTiming::handlerReturned()
{
    if (!m_localMs) {
        m_localMs = elapsedMs();
        reportIfDone();
    }
}

void RequestTiming::answered()
{
    if (!m_totalMs) {
        m_totalMs = elapsedMs();
        reportIfDone();
    }
}

void RequestTiming::reportIfDone()
{
    if (m_localMs && m_totalMs)
        m_metrics.requestCompleted(m_kind, *m_totalMs, std::min(*m_localMs, *m_totalMs));
}

void BrokerMetrics::requestReceived(uint64_t connectionId, size_t bytes)
{
    m_maxConnectionId = std::max(m_maxConnectionId, connectionId);
    m_requestBytes.add(static_cast<double>(bytes));
}

void BrokerMetrics::requestCompleted(RequestKind kind, double totalMs, double localMs)
{
    m_busyMicros.mark(static_cast<uint64_t>(std::max(localMs, 0.0) * 1000.0));
    if (kind == RequestKind::Other)
        return;
    RequestTimes &t = m_times[static_cast<size_t>(kind)];
    t.total.add(totalMs);
    t.local.add(localMs);
}

void BrokerMetrics::produced(const std::string &topic, uint64_t bytes, uint64_t messages)
{
    m_bytesIn.mark(bytes);
    m_messagesIn.mark(messages);
    TopicMeters &t = topicMeters(topic);
    t.bytesIn.mark(bytes);
    t.messagesIn.mark(messages);
}

void BrokerMetrics::fetched(const std::string &topic, uint64_t bytes)
{
    if (bytes == 0)
        return;
    m_bytesOut.mark(bytes);
    topicMeters(topic).bytesOut.mark(bytes);
}

BrokerMetrics::TopicMeters &BrokerMetrics::topicMeters(const std::string &topic)
{
    auto [it, fresh] = m_topics.try_emplace(topic);
    if (fresh) {
        // A zero reading first, so the topic's first bytes count toward its rate.
        it->second.bytesIn.tick();
        it->second.bytesOut.tick();
        it->second.messagesIn.tick();
    }
    return it->second;
}

void BrokerMetrics::tick()
{
    for (Meter *m : {&m_bytesIn, &m_bytesOut, &m_messagesIn, &m_busyMicros})
        m->tick();
    for (auto &[name, t] : m_topics) {
        t.bytesIn.tick();
        t.bytesOut.tick();
        t.messagesIn.tick();
    }
}

std::vector<MetricFamily> BrokerMetrics::families(const BrokerGauges &g,
                                                  const ProcessFigures &process) const
{
    std::vector<MetricFamily> out;
    auto d = [](int64_t v) {
        return static_cast<double>(v);
    };
    out.push_back(gauge("ActiveControllerCount",
                        "1 on the broker that is the active controller, 0 elsewhere.",
                        d(g.activeControllerCount)));
    out.push_back(gauge("GlobalPartitionCount",
                        "Partitions of every topic in the cluster, replicas not counted.",
                        d(g.globalPartitionCount)));
    out.push_back(gauge("GlobalTopicCount", "Topics in the cluster.", d(g.globalTopicCount)));
    out.push_back(gauge("OfflinePartitionsCount",
                        "Partitions without an active leader.",
                        d(g.offlinePartitionsCount)));
    out.push_back(gauge("UnderReplicatedPartitions",
                        "Partitions this broker leads whose ISR is smaller than the replica set.",
                        d(g.underReplicatedPartitions)));
    out.push_back(gauge("UnderMinIsrPartitionCount",
                        "Partitions this broker leads with fewer in-sync replicas than "
                        "min.insync.replicas.",
                        d(g.underMinIsrPartitionCount)));
    out.push_back(gauge("LeaderCount", "Partitions this broker leads.", d(g.leaderCount)));
    out.push_back(
        gauge("PartitionCount", "Partition replicas on this broker.", d(g.partitionCount)));
    out.push_back(gauge("ConnectionCount", "Open client connections.", d(g.connectionCount)));
    out.push_back(counter("TcpConnections",
                          "TCP connections accepted since the broker started.",
                          static_cast<double>(m_maxConnectionId)));
    out.push_back(gauge("CpuUser",
                        "This broker's user-space CPU time, percent of the host's CPUs, last 5 s.",
                        process.cpuUser));
    out.push_back(gauge("CpuSystem",
                        "This broker's kernel CPU time, percent of the host's CPUs, last 5 s.",
                        process.cpuSystem));
    out.push_back(gauge("CpuIdle", "The host's idle CPU, percent, last 5 s.", process.cpuIdle));
    out.push_back(
        gauge("MemoryUsed", "This broker's resident memory in bytes.", process.memoryUsedBytes));
    out.push_back(gauge(
        "KafkaDataLogsDiskUsed",
        g.logBytesMax > 0 ? "Percent of the broker's data size (runnel.log.dirs.max.bytes) in use."
                          : "Percent of the data logs' filesystem in use.",
        g.logBytesMax > 0
            ? static_cast<double>(g.logBytesUsed) / static_cast<double>(g.logBytesMax) * 100
            : ProcessStats::diskUsedPercent(g.logDirs)));

    MetricFamily bytesIn{"BytesInPerSec",
                         "Bytes produced to this broker per second, last 10 s; with a topic "
                         "label, to that topic.",
                         MetricType::Gauge,
                         {}};
    MetricFamily bytesOut{"BytesOutPerSec",
                          "Bytes fetched from this broker per second, last 10 s; with a topic "
                          "label, from that topic.",
                          MetricType::Gauge,
                          {}};
    MetricFamily messagesIn{"MessagesInPerSec",
                            "Messages produced to this broker per second, last 10 s; with a "
                            "topic label, to that topic.",
                            MetricType::Gauge,
                            {}};
    bytesIn.samples.push_back({bytesIn.name, {}, m_bytesIn.ratePerSecond()});
    bytesOut.samples.push_back({bytesOut.name, {}, m_bytesOut.ratePerSecond()});
    messagesIn.samples.push_back({messagesIn.name, {}, m_messagesIn.ratePerSecond()});
    for (const auto &[topic, t] : m_topics) {
        bytesIn.samples.push_back({bytesIn.name, {{"topic", topic}}, t.bytesIn.ratePerSecond()});
        bytesOut.samples.push_back({bytesOut.name, {{"topic", topic}}, t.bytesOut.ratePerSecond()});
        messagesIn.samples.push_back(
            {messagesIn.name, {{"topic", topic}}, t.messagesIn.ratePerSecond()});
    }
    out.push_back(std::move(bytesIn));
    out.push_back(std::move(bytesOut));
    out.push_back(std::move(messagesIn));

    // Kafka's kafka.log:type=Log,name=Size. Not a CloudWatch metric (MSK publishes none
    // per partition size), so levelOf() does not know it: the agent keeps only its newest
    // value per partition, for the console's topic list, and stores no series of it.
    MetricFamily size{"Size",
                      "Bytes of this broker's replica of a partition in its log segments, by "
                      "topic and partition (Kafka's Log Size).",
                      MetricType::Gauge,
                      {}};
    for (const BrokerGauges::PartitionSize &p : g.partitionSizes)
        size.samples.push_back({size.name,
                                {{"topic", p.topic}, {"partition", std::to_string(p.partition)}},
                                static_cast<double>(p.bytes)});
    out.push_back(std::move(size));

    static constexpr std::array<std::string_view, 3> kKinds
        = {"Produce", "FetchConsumer", "FetchFollower"};
    for (size_t i = 0; i < kKinds.size(); ++i) {
        const std::string kind(kKinds[i]);
        out.push_back(gauge(kind + "TotalTimeMsMean",
                            "Mean milliseconds from a " + kind
                                + " request's arrival to its answer, since start.",
                            m_times[i].total.value()));
        out.push_back(gauge(kind + "LocalTimeMsMean",
                            "Mean milliseconds the broker spent handling a " + kind
                                + " request itself (without long-poll or sync waits), since "
                                  "start.",
                            m_times[i].local.value()));
    }
    out.push_back(gauge("RequestBytesMean",
                        "Mean size in bytes of the requests received, since start.",
                        m_requestBytes.value()));
    const double busyPercent = m_busyMicros.ratePerSecond() / 1e4; // µs per s → percent
    out.push_back(gauge("RequestHandlerAvgIdlePercent",
                        "Percent of the last 10 s the request handler thread was idle.",
                        std::clamp(100.0 - busyPercent, 0.0, 100.0)));
    out.push_back(counter("runnel_bytes_in_total",
                          "Bytes produced to this broker since it started.",
                          static_cast<double>(m_bytesIn.count())));
    out.push_back(counter("runnel_bytes_out_total",
                          "Bytes fetched from this broker since it started.",
                          static_cast<double>(m_bytesOut.count())));
    out.push_back(counter("runnel_messages_in_total",
                          "Messages produced to this broker since it started.",
                          static_cast<double>(m_messagesIn.count())));
    return out;
}

} // namespace runnel::metrics
