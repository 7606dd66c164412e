#pragma once

// MetricsService: the agent's CloudWatch. Every kSampleIntervalMs it scrapes each
// running broker's Prometheus endpoint (GET /metrics over loopback), keeps the MSK
// metrics the cluster's EnhancedMonitoring level publishes, reads consumer groups,
// committed offsets and high watermarks with librdkafka (LagProbe, on a worker thread)
// and turns them into MSK's lag metrics, and stores everything in the catalog as fine
// samples; it rolls samples up into 1-minute rollups, prunes both by their retention,
// and evaluates metric alarms. It answers GetMetricData, ListMetrics, PutMetricAlarm,
// DescribeAlarms, DeleteAlarms and DescribeAlarmHistory.
//
// Owned by the Agent; lives on the agent's thread; the only blocking work (librdkafka)
// runs in m_lagPool and comes back through a queued call. Lifecycle: start() begins
// sampling; stop() ends it and waits for a lag read in flight (bounded by its timeouts).

#include "engine/control/catalog.h"
#include "engine/control/lagprobe.h"
#include "engine/control/result.h"
#include "engine/metrics/exposition.h"
#include "engine/metrics/lag.h"

#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSet>
#include <QThreadPool>
#include <QTimer>

#include <vector>

namespace runnel::control {

class MetricsService : public QObject
{
    Q_OBJECT
public:
    static constexpr int kSampleIntervalMs = 5000;                // RUNNEL_METRICS_INTERVAL_MS
    static constexpr qint64 kFineRetentionMs = 6LL * 3600000;     // fine samples: 6 hours
    static constexpr qint64 kRollupRetentionMs = 15LL * 86400000; // 1-minute rollups: 15 days
    static constexpr int kScrapeTimeoutMs = 3000;
    static constexpr int kLagTimeoutMs = 3000;
    static constexpr qint64 kMaxDataPoints = 100800; // per query, as CloudWatch

    explicit MetricsService(Catalog &catalog, QObject *parent = nullptr);
    ~MetricsService() override;

    void start();
    void stop();
    int sampleIntervalMs() const { return m_intervalMs; }

    using Reply = ControlResult<QJsonObject>;
    Reply getMetricData(const QJsonObject &params) const;
    Reply listMetrics(const QJsonObject &params) const;
    Reply putMetricAlarm(const QJsonObject &params);
    Reply describeAlarms(const QJsonObject &params) const;
    Reply deleteAlarms(const QJsonObject &params);
    Reply describeAlarmHistory(const QJsonObject &params) const;

    // The newest figures scraped from a broker (MSK names → values); empty before the
    // first scrape and once they are older than three sampling intervals (a broker that
    // stopped answering shows no stale figures).
    QJsonObject latestBrokerFigures(const QString &clusterArn, int brokerId) const;
    // When the figures above were sampled (ms since the epoch); 0 before the first.
    qint64 latestBrokerFiguresTimeMs(const QString &clusterArn, int brokerId) const
    {
        return m_latest.value(clusterArn).value(brokerId).timeMs;
    }
    // GetLatestTopicMetrics: each topic's newest figures from the last scrape of every
    // broker, whatever the cluster's EnhancedMonitoring level (the console's topic list
    // shows them; nothing here is stored as a series). Per topic: SizeBytes (the sum over
    // its partitions of the largest replica's Size gauge, i.e. the data without
    // replication), ReplicaSizeBytes (every replica), BytesInPerSec, BytesOutPerSec and
    // MessagesInPerSec summed over the brokers, and each partition's SizeBytes. Figures
    // older than three sampling intervals are left out, as in latestBrokerFigures.
    QJsonObject latestTopicMetrics(const QString &clusterArn) const;
    void forgetCluster(const QString &clusterArn);

    static QString isoMs(qint64 timeMs);
    static ControlResult<qint64> parseTime(const QJsonValue &value, const QString &field);

signals:
    // A sampling round of the cluster is stored: latestBrokerFigures are fresh.
    void roundStored(const QString &clusterArn);

private:
    struct Round
    {
        qint64 timeMs = 0;
        int pending = 0;
        QMap<int, std::vector<metrics::Sample>> byBroker;
    };

    void sample();
    void scrape(const ClusterRecord &cluster, const BrokerRecord &broker, qint64 timeMs);
    void finishRound(const QString &clusterArn);
    void startLagRead(const ClusterRecord &cluster);
    void onLagRead(const QString &clusterArn, const LagSnapshot &snapshot);
    void store(const ClusterRecord &cluster,
               const QString &metric,
               QJsonObject dimensions,
               qint64 timeMs,
               double value,
               QList<MetricPoint> &out);
    void maintain(qint64 nowMs);
    void evaluateAlarms(qint64 nowMs);

    Catalog &m_catalog;
    int m_intervalMs = kSampleIntervalMs;
    QTimer m_timer;
    QNetworkAccessManager *m_network = nullptr;
    QThreadPool m_lagPool;
    QHash<QString, Round> m_rounds; // by cluster arn
    QSet<QString> m_lagInFlight;
    QHash<QString, metrics::HighWatermarkHistory> m_hwmHistory;
    // One broker's newest per-topic figures.
    struct TopicFigures
    {
        QHash<int, double> partitionBytes; // partition → Size
        double bytesInPerSec = 0, bytesOutPerSec = 0, messagesInPerSec = 0;
    };
    struct Figures
    {
        qint64 timeMs = 0;
        QJsonObject values;
        QHash<QString, TopicFigures> topics;
    };
    QHash<QString, QHash<int, Figures>> m_latest; // cluster → broker → newest figures
    qint64 m_lastPruneMs = 0;
    bool m_stopped = true;
};

} // namespace runnel::control
