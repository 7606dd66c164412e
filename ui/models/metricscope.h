#pragma once

// MetricScope names what a metrics dashboard looks at: a cluster, or one broker, topic or
// consumer group of it. Its dimensions are MSK's CloudWatch dimensions ("Cluster Name",
// "Broker ID", "Topic", "Consumer Group"), the words the agent's GetMetricData,
// ListMetrics and alarms use. A value type, used on the GUI thread.

#include <QJsonArray>
#include <QString>

#include <optional>

namespace runnel::ui {

namespace metricdim {
inline constexpr char16_t kCluster[] = u"Cluster Name";
inline constexpr char16_t kBroker[] = u"Broker ID";
inline constexpr char16_t kTopic[] = u"Topic";
inline constexpr char16_t kGroup[] = u"Consumer Group";
inline constexpr char16_t kPartition[] = u"Partition";
} // namespace metricdim

inline constexpr char16_t kMskNamespace[] = u"AWS/Kafka";

struct MetricScope
{
    enum class Kind { Cluster, Broker, Topic, ConsumerGroup };

    QString clusterName;
    std::optional<int> brokerId;
    QString topic;
    QString consumerGroup;

    static MetricScope cluster(const QString &name) { return {name, std::nullopt, {}, {}}; }
    static MetricScope broker(const QString &name, int id) { return {name, id, {}, {}}; }
    static MetricScope forTopic(const QString &name, const QString &topic)
    {
        return {name, std::nullopt, topic, {}};
    }
    static MetricScope group(const QString &name, const QString &group)
    {
        return {name, std::nullopt, {}, group};
    }

    // The most specific thing named: a group, else a topic, else a broker, else the cluster.
    Kind kind() const;

    // [{"Name":"Cluster Name","Value":...}, ...] for what the scope names.
    QJsonArray dimensions() const;

    // True when `dims` (a metric's or an alarm's dimensions) carries every dimension of
    // this scope with the same value.
    bool contains(const QJsonArray &dims) const;

    // "orders", "orders › broker 1", "orders › topic payments", ... (translated).
    QString title() const;
};

// A metric's dimension value by name, or an empty string.
QString dimensionValue(const QJsonArray &dims, const QString &name);

// The dimensions sorted by name, so that two spellings of one series compare equal.
QJsonArray sortedDimensions(const QJsonArray &dims);

} // namespace runnel::ui
