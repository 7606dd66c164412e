#include "ui/models/metriccatalog.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <algorithm>

namespace runnel::ui {

namespace {

QString translated(const char *text)
{
    return QCoreApplication::translate("runnel::ui::MetricCatalog", text);
}

QStringList dims(std::initializer_list<const char16_t *> names)
{
    QStringList out;
    for (const char16_t *n : names)
        out.append(QString::fromUtf16(n));
    out.sort();
    return out;
}

const QString kCount = QStringLiteral("Count");
const QString kBytesPerSecond = QStringLiteral("Bytes/Second");
const QString kCountPerSecond = QStringLiteral("Count/Second");
const QString kPercent = QStringLiteral("Percent");
const QString kBytes = QStringLiteral("Bytes");
const QString kMilliseconds = QStringLiteral("Milliseconds");
const QString kSeconds = QStringLiteral("Seconds");

struct Entry
{
    MetricScope::Kind kind;
    MetricDefinition def;
};

QList<Entry> buildCatalog()
{
    using K = MetricScope::Kind;
    const QStringList cluster = dims({metricdim::kCluster});
    const QStringList broker = dims({metricdim::kCluster, metricdim::kBroker});
    const QStringList topicBroker
        = dims({metricdim::kCluster, metricdim::kBroker, metricdim::kTopic});
    const QStringList groupTopic
        = dims({metricdim::kCluster, metricdim::kGroup, metricdim::kTopic});

    QList<Entry> c;
    QString level = QStringLiteral("DEFAULT");
    auto add = [&c, &level](K kind,
                            const char *name,
                            const QString &unit,
                            const QStringList &d,
                            const char *description) {
        c.append({kind, {QString::fromLatin1(name), unit, d, translated(description), level}});
    };

    // Cluster: the DEFAULT level, cluster-wide gauges first, then one line per broker.
    add(K::Cluster,
        "ActiveControllerCount",
        kCount,
        cluster,
        QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog",
                          "Active controllers in the cluster; exactly one when healthy."));
    add(K::Cluster,
        "GlobalPartitionCount",
        kCount,
        cluster,
        QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog",
                          "Partitions across all topics, without replicas."));
    add(K::Cluster,
        "GlobalTopicCount",
        kCount,
        cluster,
        QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Topics in the cluster."));
    add(K::Cluster,
        "OfflinePartitionsCount",
        kCount,
        cluster,
        QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog",
                          "Partitions without a leader; zero when healthy."));
    const struct
    {
        const char *name;
        QString unit;
        const char *description;
    } perBroker[] = {
        {"BytesInPerSec",
         kBytesPerSecond,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Bytes received from clients per second.")},
        {"BytesOutPerSec",
         kBytesPerSecond,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Bytes sent to clients per second.")},
        {"MessagesInPerSec",
         kCountPerSecond,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog",
                           "Records received from clients per second.")},
        {"ConnectionCount",
         kCount,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Open client connections.")},
        {"CpuUser",
         kPercent,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Processor time in user space.")},
        {"CpuSystem",
         kPercent,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Processor time in the kernel.")},
        {"CpuIdle",
         kPercent,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Idle processor time.")},
        {"MemoryUsed",
         kBytes,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Memory used by the broker process.")},
        {"KafkaDataLogsDiskUsed",
         kPercent,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Share of the data volume in use.")},
        {"LeaderCount",
         kCount,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Partitions this broker leads.")},
        {"PartitionCount",
         kCount,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Partition replicas on this broker.")},
        {"ProduceTotalTimeMsMean",
         kMilliseconds,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Mean time to serve a produce request.")},
        {"RequestBytesMean",
         kBytes,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Mean size of a request.")},
        {"UnderMinIsrPartitionCount",
         kCount,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog",
                           "Partitions with fewer in-sync replicas than min.insync.replicas.")},
        {"UnderReplicatedPartitions",
         kCount,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Partitions missing an in-sync replica.")},
    };
    for (const auto &m : perBroker)
        add(K::Cluster, m.name, m.unit, broker, m.description);

    // Broker: the same per-broker lines plus the PER_BROKER level.
    for (const auto &m : perBroker)
        add(K::Broker, m.name, m.unit, broker, m.description);
    const struct
    {
        const char *name;
        QString unit;
        const char *description;
    } brokerOnly[] = {
        {"FetchConsumerTotalTimeMsMean",
         kMilliseconds,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Mean time to serve a consumer's fetch.")},
        {"FetchFollowerTotalTimeMsMean",
         kMilliseconds,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Mean time to serve a follower's fetch.")},
        {"ProduceLocalTimeMsMean",
         kMilliseconds,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog",
                           "Mean time the leader spends writing a produce request.")},
        {"ProduceRequestQueueTimeMsMean",
         kMilliseconds,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog",
                           "Mean time a produce request waits in the request queue.")},
        {"ReplicationBytesInPerSec",
         kBytesPerSecond,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog",
                           "Bytes received from other brokers per second.")},
        {"ReplicationBytesOutPerSec",
         kBytesPerSecond,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Bytes sent to other brokers per second.")},
        {"RequestHandlerAvgIdlePercent",
         kPercent,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog",
                           "Share of time the request handler threads are idle.")},
        {"TcpConnections",
         kCount,
         QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Open TCP connections to the broker.")},
    };
    level = QStringLiteral("PER_BROKER");
    for (const auto &m : brokerOnly)
        add(K::Broker, m.name, m.unit, broker, m.description);

    // Topic: PER_TOPIC_PER_BROKER, one line per broker; and the lag of each group reading it.
    level = QStringLiteral("PER_TOPIC_PER_BROKER");
    add(K::Topic,
        "BytesInPerSec",
        kBytesPerSecond,
        topicBroker,
        QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog",
                          "Bytes received for this topic per second."));
    add(K::Topic,
        "BytesOutPerSec",
        kBytesPerSecond,
        topicBroker,
        QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog", "Bytes sent for this topic per second."));
    add(K::Topic,
        "MessagesInPerSec",
        kCountPerSecond,
        topicBroker,
        QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog",
                          "Records received for this topic per second."));

    // Consumer lag, per (group, topic): on a group's dashboard and on a topic's.
    level = QStringLiteral("DEFAULT");
    for (K kind : {K::ConsumerGroup, K::Topic}) {
        add(kind,
            "SumOffsetLag",
            kCount,
            groupTopic,
            QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog",
                              "Records not yet consumed, summed over the topic's partitions."));
        add(kind,
            "MaxOffsetLag",
            kCount,
            groupTopic,
            QT_TRANSLATE_NOOP("runnel::ui::MetricCatalog",
                              "Records not yet consumed in the partition that lags most."));
        add(kind,
            "EstimatedMaxTimeLag",
            kSeconds,
            groupTopic,
            QT_TRANSLATE_NOOP(
                "runnel::ui::MetricCatalog",
                "Estimated time the group needs to catch up, for its slowest partition."));
    }
    return c;
}

const QList<Entry> &catalog()
{
    static const QList<Entry> c = buildCatalog();
    return c;
}

} // namespace

QStringList metricStatistics()
{
    return {QStringLiteral("Average"),
            QStringLiteral("Sum"),
            QStringLiteral("Maximum"),
            QStringLiteral("Minimum"),
            QStringLiteral("SampleCount"),
            QStringLiteral("p99")};
}

QList<MetricDefinition> metricsForScope(MetricScope::Kind kind)
{
    QList<MetricDefinition> out;
    for (const Entry &e : catalog()) {
        if (e.kind == kind)
            out.append(e.def);
    }
    return out;
}

const MetricDefinition *findMetricDefinition(const QString &name, const QStringList &names)
{
    for (const Entry &e : catalog()) {
        if (e.def.name == name && e.def.dimensionNames == names)
            return &e.def;
    }
    return nullptr;
}

QStringList dimensionNames(const QJsonArray &dims)
{
    QStringList out;
    for (const QJsonValue &d : dims)
        out.append(d.toObject().value(QStringLiteral("Name")).toString());
    out.sort();
    return out;
}

} // namespace runnel::ui
