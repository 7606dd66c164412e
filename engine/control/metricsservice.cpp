#include "engine/control/metricsservice.h"

#include "engine/metrics/broker_metrics.h"
#include "engine/metrics/statistics.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPointer>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace runnel::control {

namespace {

const QString kNamespace = QStringLiteral("AWS/Kafka");
const QString kClusterName = QStringLiteral("Cluster Name");
const QString kBrokerId = QStringLiteral("Broker ID");
const QString kTopic = QStringLiteral("Topic");
const QString kGroup = QStringLiteral("Consumer Group");
const QString kPartition = QStringLiteral("Partition");
const QStringList kDimensionNames = {kClusterName, kBrokerId, kTopic, kGroup, kPartition};

// Metrics MSK publishes per cluster (dimension "Cluster Name" only), with how the
// brokers' figures combine.
enum class Combine { Sum, Max };
const QHash<QString, Combine> &clusterMetrics()
{
    static const QHash<QString, Combine> m = {
        {QStringLiteral("ActiveControllerCount"), Combine::Sum},
        {QStringLiteral("GlobalPartitionCount"), Combine::Max},
        {QStringLiteral("GlobalTopicCount"), Combine::Max},
        {QStringLiteral("OfflinePartitionsCount"), Combine::Max},
    };
    return m;
}

const QStringList kComparisons = {QStringLiteral("GreaterThanOrEqualToThreshold"),
                                  QStringLiteral("GreaterThanThreshold"),
                                  QStringLiteral("LessThanThreshold"),
                                  QStringLiteral("LessThanOrEqualToThreshold")};
const QStringList kTreatMissing = {QStringLiteral("missing"),
                                   QStringLiteral("notBreaching"),
                                   QStringLiteral("breaching"),
                                   QStringLiteral("ignore")};

// CloudWatch's Dimensions array [{Name, Value}] as one object; an error for unknown or
// repeated names.
ControlResult<QJsonObject> dimensionsOf(const QJsonValue &value, bool valuesRequired)
{
    QJsonObject out;
    if (value.isUndefined() || value.isNull())
        return out;
    if (!value.isArray())
        return ControlError::badRequest(
            QStringLiteral("Dimensions is a list of {\"Name\": …, \"Value\": …} objects."));
    for (const QJsonValue &item : value.toArray()) {
        const QString name = item.toObject().value(QStringLiteral("Name")).toString();
        const QJsonValue v = item.toObject().value(QStringLiteral("Value"));
        if (!kDimensionNames.contains(name))
            return ControlError::badRequest(
                QStringLiteral("Unknown dimension \"%1\"; AWS/Kafka metrics have %2.")
                    .arg(name, kDimensionNames.join(QStringLiteral(", "))));
        if (out.contains(name))
            return ControlError::badRequest(
                QStringLiteral("Dimension \"%1\" is given twice.").arg(name));
        if (valuesRequired && !v.isString())
            return ControlError::badRequest(
                QStringLiteral("Dimension \"%1\" needs a Value (a string).").arg(name));
        out.insert(name, v.isString() ? v : QJsonValue(QJsonValue::Null));
    }
    return out;
}

QJsonArray dimensionsArray(const QJsonObject &dimensions)
{
    QJsonArray out;
    // MSK's order: cluster, broker, group, topic, partition.
    for (const QString &name : {kClusterName, kBrokerId, kGroup, kTopic, kPartition})
        if (dimensions.contains(name))
            out.append(QJsonObject{{QStringLiteral("Name"), name},
                                   {QStringLiteral("Value"), dimensions.value(name)}});
    return out;
}

bool compare(const QString &op, double value, double threshold)
{
    if (op == QLatin1String("GreaterThanOrEqualToThreshold"))
        return value >= threshold;
    if (op == QLatin1String("GreaterThanThreshold"))
        return value > threshold;
    if (op == QLatin1String("LessThanThreshold"))
        return value < threshold;
    return value <= threshold;
}

QString operatorWords(const QString &op)
{
    if (op == QLatin1String("GreaterThanOrEqualToThreshold"))
        return QStringLiteral("greater than or equal to");
    if (op == QLatin1String("GreaterThanThreshold"))
        return QStringLiteral("greater than");
    if (op == QLatin1String("LessThanThreshold"))
        return QStringLiteral("less than");
    return QStringLiteral("less than or equal to");
}

} // namespace

MetricsService::MetricsService(Catalog &catalog, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_network(new QNetworkAccessManager(this))
{
    bool ok = false;
    const int interval = qEnvironmentVariableIntValue("RUNNEL_METRICS_INTERVAL_MS", &ok);
    if (ok && interval >= 200)
        m_intervalMs = interval;
    // Brokers are on loopback: an http_proxy in the environment must not be used.
    m_network->setProxy(QNetworkProxy::NoProxy);
    m_lagPool.setMaxThreadCount(2);
    m_timer.setInterval(m_intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &MetricsService::sample);
}

MetricsService::~MetricsService()
{
    stop();
}

void MetricsService::start()
{
    m_stopped = false;
    m_timer.start();
}

void MetricsService::stop()
{
    m_stopped = true;
    m_timer.stop();
    m_lagPool.waitForDone();
}

QString MetricsService::isoMs(qint64 timeMs)
{
    return QDateTime::fromMSecsSinceEpoch(timeMs, Qt::UTC).toString(Qt::ISODateWithMs);
}

ControlResult<qint64> MetricsService::parseTime(const QJsonValue &value, const QString &field)
{
    if (value.isDouble()) // epoch seconds, as the AWS CLI also accepts
        return static_cast<qint64>(value.toDouble() * 1000);
    const QString text = value.toString();
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid())
        return ControlError::badRequest(
            QStringLiteral("%1 must be an ISO-8601 time such as 2026-01-31T12:00:00Z; got "
                           "\"%2\".")
                .arg(field, text));
    if (t.timeSpec() == Qt::LocalTime && !text.contains(QLatin1Char('Z'))
        && !text.contains(QLatin1Char('+')))
        t.setTimeSpec(Qt::UTC); // CloudWatch reads a time without zone as UTC
    return t.toMSecsSinceEpoch();
}

QJsonObject MetricsService::latestBrokerFigures(const QString &clusterArn, int brokerId) const
{
    const Figures f = m_latest.value(clusterArn).value(brokerId);
    if (QDateTime::currentMSecsSinceEpoch() - f.timeMs > 3 * qint64(m_intervalMs))
        return {};
    return f.values;
}

QJsonObject MetricsService::latestTopicMetrics(const QString &clusterArn) const
{
    struct Sum
    {
        QMap<int, double> largest; // partition → its largest replica
        double replicas = 0, bytesIn = 0, bytesOut = 0, messagesIn = 0;
    };
    QMap<QString, Sum> byTopic;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 newest = 0;
    const auto brokers = m_latest.value(clusterArn);
    for (auto b = brokers.cbegin(); b != brokers.cend(); ++b) {
        if (now - b->timeMs > 3 * qint64(m_intervalMs))
            continue;
        newest = std::max(newest, b->timeMs);
        for (auto t = b->topics.cbegin(); t != b->topics.cend(); ++t) {
            Sum &sum = byTopic[t.key()];
            sum.bytesIn += t->bytesInPerSec;
            sum.bytesOut += t->bytesOutPerSec;
            sum.messagesIn += t->messagesInPerSec;
            for (auto p = t->partitionBytes.cbegin(); p != t->partitionBytes.cend(); ++p) {
                sum.replicas += p.value();
                sum.largest[p.key()] = std::max(sum.largest.value(p.key(), 0.0), p.value());
            }
        }
    }
    QJsonArray topics;
    for (auto t = byTopic.cbegin(); t != byTopic.cend(); ++t) {
        QJsonArray partitions;
        double size = 0;
        for (auto p = t->largest.cbegin(); p != t->largest.cend(); ++p) {
            size += p.value();
            partitions.append(QJsonObject{{QStringLiteral("Partition"), p.key()},
                                          {QStringLiteral("SizeBytes"), p.value()}});
        }
        topics.append(QJsonObject{{QStringLiteral("Topic"), t.key()},
                                  {QStringLiteral("SizeBytes"), size},
                                  {QStringLiteral("ReplicaSizeBytes"), t->replicas},
                                  {QStringLiteral("BytesInPerSec"), t->bytesIn},
                                  {QStringLiteral("BytesOutPerSec"), t->bytesOut},
                                  {QStringLiteral("MessagesInPerSec"), t->messagesIn},
                                  {QStringLiteral("Partitions"), partitions}});
    }
    QJsonObject out{{QStringLiteral("ClusterArn"), clusterArn}, {QStringLiteral("Topics"), topics}};
    if (newest > 0)
        out.insert(QStringLiteral("Timestamp"), isoMs(newest));
    return out;
}

void MetricsService::forgetCluster(const QString &clusterArn)
{
    m_latest.remove(clusterArn);
    m_rounds.remove(clusterArn);
    m_hwmHistory.remove(clusterArn);
}

// ---------------------------------------------------------------------------------------
// Sampling

void MetricsService::sample()
{
    if (m_stopped)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const ClusterRecord &cluster : m_catalog.clusters()) {
        if (cluster.state == ClusterState::Deleting || cluster.state == ClusterState::Creating)
            continue;
        QList<BrokerRecord> running;
        for (const BrokerRecord &b : m_catalog.brokers(cluster.arn))
            if (b.state == BrokerState::Running && b.metricsPort > 0)
                running.append(b);
        if (running.isEmpty())
            continue;
        if (!m_rounds.contains(cluster.arn)) {
            Round &round = m_rounds[cluster.arn];
            round.timeMs = now;
            round.pending = static_cast<int>(running.size());
            for (const BrokerRecord &b : running)
                scrape(cluster, b, now);
        }
        startLagRead(cluster);
    }
    maintain(now);
    evaluateAlarms(now);
}

void MetricsService::scrape(const ClusterRecord &cluster, const BrokerRecord &broker, qint64)
{
    QNetworkRequest request(
        QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(broker.metricsPort)));
    request.setTransferTimeout(kScrapeTimeoutMs);
    QNetworkReply *reply = m_network->get(request);
    const QString arn = cluster.arn;
    const int id = broker.nodeId.value;
    connect(reply, &QNetworkReply::finished, this, [this, reply, arn, id] {
        reply->deleteLater();
        auto it = m_rounds.find(arn);
        if (it == m_rounds.end())
            return;
        if (reply->error() == QNetworkReply::NoError) {
            auto parsed = metrics::parseExposition(reply->readAll().toStdString());
            if (parsed)
                it->byBroker.insert(id, std::move(parsed).value());
            else
                std::fprintf(stderr,
                             "runnel-agent: broker %d of %s: %s\n",
                             id,
                             qPrintable(arn),
                             parsed.error().message.c_str());
        }
        if (--it->pending <= 0)
            finishRound(arn);
    });
}

void MetricsService::store(const ClusterRecord &cluster,
                           const QString &metric,
                           QJsonObject dimensions,
                           qint64 timeMs,
                           double value,
                           QList<MetricPoint> &out)
{
    if (!std::isfinite(value))
        return;
    dimensions.insert(kClusterName, cluster.name);
    auto id = m_catalog.seriesId(cluster.arn, metric, dimensions);
    if (id)
        out.append(MetricPoint{id.value(), timeMs, value});
}

void MetricsService::finishRound(const QString &clusterArn)
{
    const Round round = m_rounds.take(clusterArn);
    const auto cluster = m_catalog.cluster(clusterArn);
    if (!cluster || m_stopped)
        return;
    const auto level = metrics::parseMonitoringLevel(cluster->enhancedMonitoring.toStdString())
                           .value_or(metrics::MonitoringLevel::Default);
    QList<MetricPoint> points;
    QHash<QString, double> clusterValues;
    for (auto it = round.byBroker.cbegin(); it != round.byBroker.cend(); ++it) {
        QJsonObject figures;
        QHash<QString, TopicFigures> topics;
        for (const metrics::Sample &s : it.value()) {
            const QString name = QString::fromStdString(s.name);
            const std::string topic = s.label("topic");
            if (!topic.empty() && std::isfinite(s.value)) {
                TopicFigures &t = topics[QString::fromStdString(topic)];
                if (s.name == "Size") {
                    bool ok = false;
                    const int partition = QString::fromStdString(s.label("partition")).toInt(&ok);
                    if (ok)
                        t.partitionBytes.insert(partition, s.value);
                } else if (s.name == "BytesInPerSec") {
                    t.bytesInPerSec = s.value;
                } else if (s.name == "BytesOutPerSec") {
                    t.bytesOutPerSec = s.value;
                } else if (s.name == "MessagesInPerSec") {
                    t.messagesInPerSec = s.value;
                }
            }
            const auto metricLevel = metrics::levelOf(s.name, !topic.empty());
            if (!metricLevel)
                continue;
            if (topic.empty())
                figures.insert(name, s.value);
            if (*metricLevel > level)
                continue;
            if (auto c = clusterMetrics().constFind(name); c != clusterMetrics().constEnd()) {
                if (!clusterValues.contains(name))
                    clusterValues.insert(name, s.value);
                else if (c.value() == Combine::Sum)
                    clusterValues[name] += s.value;
                else
                    clusterValues[name] = std::max(clusterValues[name], s.value);
                continue;
            }
            QJsonObject dims{{kBrokerId, QString::number(it.key())}};
            if (!topic.empty())
                dims.insert(kTopic, QString::fromStdString(topic));
            store(*cluster, name, dims, round.timeMs, s.value, points);
        }
        m_latest[clusterArn][it.key()] = Figures{round.timeMs, figures, topics};
    }
    for (auto it = clusterValues.cbegin(); it != clusterValues.cend(); ++it)
        store(*cluster, it.key(), {}, round.timeMs, it.value(), points);
    if (auto s = m_catalog.appendSamples(points); !s)
        std::fprintf(stderr, "runnel-agent: %s\n", qPrintable(s.error().message));
    emit roundStored(clusterArn);
}

void MetricsService::startLagRead(const ClusterRecord &cluster)
{
    if (m_lagInFlight.contains(cluster.arn))
        return;
    QStringList endpoints;
    for (const BrokerRecord &b : m_catalog.brokers(cluster.arn))
        if (b.state == BrokerState::Running)
            endpoints << QStringLiteral("127.0.0.1:%1").arg(b.port);
    if (endpoints.isEmpty())
        return;
    m_lagInFlight.insert(cluster.arn);
    const QString bootstrap = endpoints.join(QLatin1Char(','));
    const QString arn = cluster.arn;
    QPointer<MetricsService> self(this);
    m_lagPool.start([self, bootstrap, arn] {
        LagSnapshot snapshot = LagProbe::collect(bootstrap, kLagTimeoutMs);
        if (self)
            QMetaObject::invokeMethod(
                self.data(),
                [self, arn, snapshot] {
                    if (self)
                        self->onLagRead(arn, snapshot);
                },
                Qt::QueuedConnection);
    });
}

void MetricsService::onLagRead(const QString &clusterArn, const LagSnapshot &snapshot)
{
    m_lagInFlight.remove(clusterArn);
    const auto cluster = m_catalog.cluster(clusterArn);
    if (!cluster || m_stopped)
        return;
    if (!snapshot.error.isEmpty())
        std::fprintf(stderr,
                     "runnel-agent: consumer lag of %s: %s\n",
                     qPrintable(cluster->name),
                     qPrintable(snapshot.error));
    if (snapshot.timeMs == 0) // nothing read
        return;
    metrics::HighWatermarkHistory &history = m_hwmHistory[clusterArn];
    for (const auto &[key, hwm] : snapshot.highWatermarks)
        history.record(key, snapshot.timeMs, hwm);
    history.prune(snapshot.timeMs - kFineRetentionMs);
    const metrics::LagReport report
        = metrics::computeLag(snapshot.groups, snapshot.highWatermarks, history, snapshot.timeMs);
    const auto level = metrics::parseMonitoringLevel(cluster->enhancedMonitoring.toStdString())
                           .value_or(metrics::MonitoringLevel::Default);
    QList<MetricPoint> points;
    for (const metrics::TopicLag &t : report.topics) {
        const QJsonObject dims{{kGroup, QString::fromStdString(t.groupId)},
                               {kTopic, QString::fromStdString(t.topic)}};
        store(*cluster,
              QStringLiteral("MaxOffsetLag"),
              dims,
              snapshot.timeMs,
              static_cast<double>(t.maxOffsetLag),
              points);
        store(*cluster,
              QStringLiteral("SumOffsetLag"),
              dims,
              snapshot.timeMs,
              static_cast<double>(t.sumOffsetLag),
              points);
        store(*cluster,
              QStringLiteral("EstimatedMaxTimeLag"),
              dims,
              snapshot.timeMs,
              t.estimatedMaxTimeLagSeconds,
              points);
    }
    if (level >= metrics::MonitoringLevel::PerTopicPerPartition) {
        for (const metrics::PartitionLag &p : report.partitions) {
            const QJsonObject dims{{kGroup, QString::fromStdString(p.groupId)},
                                   {kTopic, QString::fromStdString(p.partition.topic)},
                                   {kPartition, QString::number(p.partition.partition)}};
            store(*cluster,
                  QStringLiteral("OffsetLag"),
                  dims,
                  snapshot.timeMs,
                  static_cast<double>(p.offsetLag),
                  points);
            store(*cluster,
                  QStringLiteral("EstimatedTimeLag"),
                  dims,
                  snapshot.timeMs,
                  p.estimatedTimeLagSeconds,
                  points);
        }
    }
    if (auto s = m_catalog.appendSamples(points); !s)
        std::fprintf(stderr, "runnel-agent: %s\n", qPrintable(s.error().message));
}

void MetricsService::maintain(qint64 nowMs)
{
    // The last two whole minutes are (re)rolled up each round, so a minute's rollup is
    // final once the minute is over.
    (void)m_catalog.rollUp(nowMs - 2 * metrics::kMinuteMs, nowMs);
    if (nowMs - m_lastPruneMs >= 10 * metrics::kMinuteMs) {
        m_lastPruneMs = nowMs;
        (void)m_catalog.pruneMetrics(nowMs - kFineRetentionMs, nowMs - kRollupRetentionMs);
    }
}

// ---------------------------------------------------------------------------------------
// Queries

MetricsService::Reply MetricsService::getMetricData(const QJsonObject &params) const
{
    const QJsonArray queries = params.value(QStringLiteral("MetricDataQueries")).toArray();
    if (queries.isEmpty())
        return ControlError::badRequest(
            QStringLiteral("MetricDataQueries needs at least one query."));
    if (queries.size() > 500)
        return ControlError::badRequest(
            QStringLiteral("At most 500 MetricDataQueries per call (got %1).").arg(queries.size()));
    auto startTime
        = parseTime(params.value(QStringLiteral("StartTime")), QStringLiteral("StartTime"));
    if (!startTime)
        return startTime.error();
    auto endTime = parseTime(params.value(QStringLiteral("EndTime")), QStringLiteral("EndTime"));
    if (!endTime)
        return endTime.error();
    const qint64 startMs = startTime.value();
    const qint64 endMs = endTime.value();
    if (endMs <= startMs)
        return ControlError::badRequest(QStringLiteral("EndTime must be after StartTime."));
    const QString scanBy
        = params.value(QStringLiteral("ScanBy")).toString(QStringLiteral("TimestampDescending"));
    if (scanBy != QLatin1String("TimestampDescending")
        && scanBy != QLatin1String("TimestampAscending"))
        return ControlError::badRequest(
            QStringLiteral("ScanBy is TimestampDescending or TimestampAscending."));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const bool useFine = startMs >= now - kFineRetentionMs;
    static const QRegularExpression validId(QStringLiteral("^[a-z][A-Za-z0-9_]{0,254}$"));

    QJsonArray results;
    QSet<QString> ids;
    for (const QJsonValue &qv : queries) {
        const QJsonObject query = qv.toObject();
        const QString id = query.value(QStringLiteral("Id")).toString();
        if (!validId.match(id).hasMatch())
            return ControlError::badRequest(
                QStringLiteral("Each query needs an Id that starts with a lower-case letter and "
                               "has only letters, digits and underscores; \"%1\" does not.")
                    .arg(id));
        if (ids.contains(id))
            return ControlError::badRequest(QStringLiteral("Query Id %1 is used twice.").arg(id));
        ids.insert(id);
        if (query.contains(QStringLiteral("Expression")))
            return ControlError::badRequest(
                QStringLiteral("Query %1: metric math (Expression) is not supported; use "
                               "MetricStat.")
                    .arg(id));
        const QJsonObject stat = query.value(QStringLiteral("MetricStat")).toObject();
        const QJsonObject metric = stat.value(QStringLiteral("Metric")).toObject();
        const QString ns = metric.value(QStringLiteral("Namespace")).toString(kNamespace);
        if (ns != kNamespace)
            return ControlError::badRequest(
                QStringLiteral("Query %1: the namespace is AWS/Kafka, not \"%2\".").arg(id, ns));
        const QString name = metric.value(QStringLiteral("MetricName")).toString();
        if (name.isEmpty())
            return ControlError::badRequest(
                QStringLiteral("Query %1 needs MetricStat.Metric.MetricName.").arg(id));
        auto dims = dimensionsOf(metric.value(QStringLiteral("Dimensions")), true);
        if (!dims)
            return dims.error();
        const int period = stat.value(QStringLiteral("Period")).toInt(0);
        if (period < 1)
            return ControlError::badRequest(
                QStringLiteral("Query %1: Period is a whole number of seconds, at least 1.")
                    .arg(id));
        const QString statName = stat.value(QStringLiteral("Stat")).toString();
        const auto statistic = metrics::parseStatistic(statName.toStdString());
        if (!statistic)
            return ControlError::badRequest(
                QStringLiteral("Query %1: Stat \"%2\" is not one of Average, Sum, Maximum, "
                               "Minimum, SampleCount or a percentile such as p99.")
                    .arg(id, statName));
        if (!useFine && period % 60 != 0)
            return ControlError::badRequest(
                QStringLiteral("Query %1: data older than %2 hours is kept per minute; use a "
                               "Period that is a multiple of 60.")
                    .arg(id)
                    .arg(kFineRetentionMs / 3600000));
        const qint64 periodMs = qint64(period) * 1000;
        if ((endMs - startMs) / periodMs > kMaxDataPoints)
            return ControlError::badRequest(
                QStringLiteral("Query %1 would return more than %2 data points; use a longer "
                               "Period or a shorter time range.")
                    .arg(id)
                    .arg(kMaxDataPoints));

        std::vector<metrics::DataPoint> data;
        if (auto series = m_catalog.findSeries(name, dims.value())) {
            data = useFine ? metrics::aggregate(m_catalog.samples(series->id, startMs, endMs),
                                                startMs,
                                                endMs,
                                                periodMs,
                                                *statistic)
                           : metrics::aggregate(m_catalog.rollups(series->id, startMs, endMs),
                                                startMs,
                                                endMs,
                                                periodMs,
                                                *statistic);
        }
        if (query.value(QStringLiteral("ReturnData")).toBool(true) == false)
            continue;
        if (scanBy == QLatin1String("TimestampDescending"))
            std::reverse(data.begin(), data.end());
        QJsonArray timestamps, values;
        for (const metrics::DataPoint &p : data) {
            timestamps.append(isoMs(p.timeMs));
            values.append(p.value);
        }
        results.append(QJsonObject{
            {QStringLiteral("Id"), id},
            {QStringLiteral("Label"), query.value(QStringLiteral("Label")).toString(name)},
            {QStringLiteral("Timestamps"), timestamps},
            {QStringLiteral("Values"), values},
            {QStringLiteral("StatusCode"), QStringLiteral("Complete")}});
    }
    return QJsonObject{{QStringLiteral("MetricDataResults"), results},
                       {QStringLiteral("Messages"), QJsonArray{}}};
}

MetricsService::Reply MetricsService::listMetrics(const QJsonObject &params) const
{
    const QString ns = params.value(QStringLiteral("Namespace")).toString(kNamespace);
    if (ns != kNamespace)
        return QJsonObject{{QStringLiteral("Metrics"), QJsonArray{}}};
    const QString name = params.value(QStringLiteral("MetricName")).toString();
    auto filter = dimensionsOf(params.value(QStringLiteral("Dimensions")), false);
    if (!filter)
        return filter.error();
    QJsonArray list;
    for (const MetricSeries &s : m_catalog.metricSeries()) {
        if (!name.isEmpty() && s.metric != name)
            continue;
        bool match = true;
        for (auto it = filter->constBegin(); it != filter->constEnd() && match; ++it) {
            if (!s.dimensions.contains(it.key()))
                match = false;
            else if (it.value().isString() && s.dimensions.value(it.key()) != it.value())
                match = false;
        }
        if (!match)
            continue;
        list.append(QJsonObject{{QStringLiteral("Namespace"), kNamespace},
                                {QStringLiteral("MetricName"), s.metric},
                                {QStringLiteral("Dimensions"), dimensionsArray(s.dimensions)}});
    }
    return QJsonObject{{QStringLiteral("Metrics"), list}};
}

// ---------------------------------------------------------------------------------------
// Alarms

MetricsService::Reply MetricsService::putMetricAlarm(const QJsonObject &params)
{
    const QString name = params.value(QStringLiteral("AlarmName")).toString();
    if (name.isEmpty() || name.size() > 255)
        return ControlError::badRequest(QStringLiteral("AlarmName needs 1 to 255 characters."));
    const QString ns = params.value(QStringLiteral("Namespace")).toString(kNamespace);
    if (ns != kNamespace)
        return ControlError::badRequest(
            QStringLiteral("The namespace is AWS/Kafka, not \"%1\".").arg(ns));
    const QString metric = params.value(QStringLiteral("MetricName")).toString();
    if (metric.isEmpty())
        return ControlError::badRequest(QStringLiteral("MetricName is required."));
    auto dims = dimensionsOf(params.value(QStringLiteral("Dimensions")), true);
    if (!dims)
        return dims.error();
    const QString statistic = params.value(QStringLiteral("Statistic")).toString();
    const QString extended = params.value(QStringLiteral("ExtendedStatistic")).toString();
    if (statistic.isEmpty() == extended.isEmpty())
        return ControlError::badRequest(QStringLiteral(
            "Give exactly one of Statistic (Average, Sum, Maximum, Minimum, SampleCount) or "
            "ExtendedStatistic (a percentile such as p99)."));
    const QString statText = statistic.isEmpty() ? extended : statistic;
    const auto parsed = metrics::parseStatistic(statText.toStdString());
    if (!parsed || (statistic.isEmpty() != (parsed->kind == metrics::StatisticKind::Percentile)))
        return ControlError::badRequest(QStringLiteral("\"%1\" is not a valid %2.")
                                            .arg(statText,
                                                 statistic.isEmpty()
                                                     ? QStringLiteral("ExtendedStatistic")
                                                     : QStringLiteral("Statistic")));
    const int period = params.value(QStringLiteral("Period")).toInt(0);
    if (period < 1)
        return ControlError::badRequest(
            QStringLiteral("Period is a whole number of seconds, at least 1."));
    const int evaluationPeriods = params.value(QStringLiteral("EvaluationPeriods")).toInt(0);
    if (evaluationPeriods < 1)
        return ControlError::badRequest(
            QStringLiteral("EvaluationPeriods is a whole number, at least 1."));
    const int datapoints
        = params.value(QStringLiteral("DatapointsToAlarm")).toInt(evaluationPeriods);
    if (datapoints < 1 || datapoints > evaluationPeriods)
        return ControlError::badRequest(
            QStringLiteral("DatapointsToAlarm must be between 1 and EvaluationPeriods (%1).")
                .arg(evaluationPeriods));
    if (qint64(period) * 1000 * evaluationPeriods > kRollupRetentionMs)
        return ControlError::badRequest(
            QStringLiteral("Period × EvaluationPeriods may not exceed the %1 days metrics are "
                           "kept.")
                .arg(kRollupRetentionMs / 86400000));
    if (!params.value(QStringLiteral("Threshold")).isDouble())
        return ControlError::badRequest(QStringLiteral("Threshold is a number."));
    const QString op = params.value(QStringLiteral("ComparisonOperator")).toString();
    if (!kComparisons.contains(op))
        return ControlError::badRequest(QStringLiteral("ComparisonOperator is one of %1.")
                                            .arg(kComparisons.join(QStringLiteral(", "))));
    const QString missing
        = params.value(QStringLiteral("TreatMissingData")).toString(QStringLiteral("missing"));
    if (!kTreatMissing.contains(missing))
        return ControlError::badRequest(QStringLiteral("TreatMissingData is one of %1.")
                                            .arg(kTreatMissing.join(QStringLiteral(", "))));

    QJsonObject definition{{QStringLiteral("AlarmName"), name},
                           {QStringLiteral("Namespace"), kNamespace},
                           {QStringLiteral("MetricName"), metric},
                           {QStringLiteral("Dimensions"), dimensionsArray(dims.value())},
                           {QStringLiteral("Period"), period},
                           {QStringLiteral("EvaluationPeriods"), evaluationPeriods},
                           {QStringLiteral("DatapointsToAlarm"), datapoints},
                           {QStringLiteral("Threshold"), params.value(QStringLiteral("Threshold"))},
                           {QStringLiteral("ComparisonOperator"), op},
                           {QStringLiteral("TreatMissingData"), missing},
                           {QStringLiteral("AlarmDescription"),
                            params.value(QStringLiteral("AlarmDescription")).toString()},
                           {QStringLiteral("ActionsEnabled"),
                            params.value(QStringLiteral("ActionsEnabled")).toBool(true)}};
    definition.insert(statistic.isEmpty() ? QStringLiteral("ExtendedStatistic")
                                          : QStringLiteral("Statistic"),
                      statText);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto existing = m_catalog.alarm(name);
    AlarmRecord alarm = existing.value_or(AlarmRecord{});
    alarm.name = name;
    alarm.definition = definition;
    alarm.configurationUpdated = now;
    if (!existing) {
        alarm.state = QStringLiteral("INSUFFICIENT_DATA");
        alarm.stateReason = QStringLiteral("Unchecked: Initial alarm creation");
        alarm.stateUpdated = now;
    }
    if (auto s = m_catalog.saveAlarm(alarm); !s)
        return s.error();
    (void)m_catalog.appendAlarmHistory(
        {name,
         now,
         QStringLiteral("ConfigurationUpdate"),
         existing ? QStringLiteral("Alarm \"%1\" updated").arg(name)
                  : QStringLiteral("Alarm \"%1\" created").arg(name),
         QString::fromUtf8(QJsonDocument(definition).toJson(QJsonDocument::Compact))});
    evaluateAlarms(now.toMSecsSinceEpoch());
    return QJsonObject{};
}

MetricsService::Reply MetricsService::describeAlarms(const QJsonObject &params) const
{
    QStringList names;
    for (const QJsonValue &v : params.value(QStringLiteral("AlarmNames")).toArray())
        names << v.toString();
    const QString prefix = params.value(QStringLiteral("AlarmNamePrefix")).toString();
    const QString state = params.value(QStringLiteral("StateValue")).toString();
    if (!state.isEmpty() && state != QLatin1String("OK") && state != QLatin1String("ALARM")
        && state != QLatin1String("INSUFFICIENT_DATA"))
        return ControlError::badRequest(
            QStringLiteral("StateValue is OK, ALARM or INSUFFICIENT_DATA."));
    QJsonArray list;
    for (const AlarmRecord &a : m_catalog.alarms()) {
        if (!names.isEmpty() && !names.contains(a.name))
            continue;
        if (!prefix.isEmpty() && !a.name.startsWith(prefix))
            continue;
        if (!state.isEmpty() && a.state != state)
            continue;
        QJsonObject o = a.definition;
        o.insert(QStringLiteral("AlarmArn"),
                 QStringLiteral("arn:runnel:cloudwatch:local:alarm:%1").arg(a.name));
        o.insert(QStringLiteral("StateValue"), a.state);
        o.insert(QStringLiteral("StateReason"), a.stateReason);
        o.insert(QStringLiteral("StateUpdatedTimestamp"),
                 a.stateUpdated.toUTC().toString(Qt::ISODateWithMs));
        o.insert(QStringLiteral("AlarmConfigurationUpdatedTimestamp"),
                 a.configurationUpdated.toUTC().toString(Qt::ISODateWithMs));
        list.append(o);
    }
    return QJsonObject{{QStringLiteral("MetricAlarms"), list}};
}

MetricsService::Reply MetricsService::deleteAlarms(const QJsonObject &params)
{
    const QJsonArray names = params.value(QStringLiteral("AlarmNames")).toArray();
    if (names.isEmpty())
        return ControlError::badRequest(QStringLiteral("AlarmNames lists the alarms to delete."));
    for (const QJsonValue &v : names)
        if (!m_catalog.alarm(v.toString()))
            return ControlError::notFound(
                QStringLiteral("There is no alarm named %1; nothing was deleted.")
                    .arg(v.toString()));
    for (const QJsonValue &v : names)
        if (auto s = m_catalog.deleteAlarm(v.toString()); !s)
            return s.error();
    return QJsonObject{};
}

MetricsService::Reply MetricsService::describeAlarmHistory(const QJsonObject &params) const
{
    QDateTime start, end;
    if (params.contains(QStringLiteral("StartDate"))) {
        auto t = parseTime(params.value(QStringLiteral("StartDate")), QStringLiteral("StartDate"));
        if (!t)
            return t.error();
        start = QDateTime::fromMSecsSinceEpoch(t.value(), Qt::UTC);
    }
    if (params.contains(QStringLiteral("EndDate"))) {
        auto t = parseTime(params.value(QStringLiteral("EndDate")), QStringLiteral("EndDate"));
        if (!t)
            return t.error();
        end = QDateTime::fromMSecsSinceEpoch(t.value(), Qt::UTC);
    }
    const QString type = params.value(QStringLiteral("HistoryItemType")).toString();
    if (!type.isEmpty() && type != QLatin1String("ConfigurationUpdate")
        && type != QLatin1String("StateUpdate"))
        return ControlError::badRequest(
            QStringLiteral("HistoryItemType is ConfigurationUpdate or StateUpdate."));
    const int max = std::clamp(params.value(QStringLiteral("MaxRecords")).toInt(100), 1, 10000);
    QJsonArray list;
    for (const AlarmHistoryItem &h : m_catalog.alarmHistory(
             params.value(QStringLiteral("AlarmName")).toString(), type, start, end, max))
        list.append(
            QJsonObject{{QStringLiteral("AlarmName"), h.alarmName},
                        {QStringLiteral("AlarmType"), QStringLiteral("MetricAlarm")},
                        {QStringLiteral("Timestamp"), h.time.toUTC().toString(Qt::ISODateWithMs)},
                        {QStringLiteral("HistoryItemType"), h.itemType},
                        {QStringLiteral("HistorySummary"), h.summary},
                        {QStringLiteral("HistoryData"), h.data}});
    return QJsonObject{{QStringLiteral("AlarmHistoryItems"), list}};
}

void MetricsService::evaluateAlarms(qint64 nowMs)
{
    for (AlarmRecord alarm : m_catalog.alarms()) {
        const QJsonObject &d = alarm.definition;
        const qint64 periodMs = qint64(d.value(QStringLiteral("Period")).toInt()) * 1000;
        const int n = d.value(QStringLiteral("EvaluationPeriods")).toInt();
        const int m = d.value(QStringLiteral("DatapointsToAlarm")).toInt(n);
        const double threshold = d.value(QStringLiteral("Threshold")).toDouble();
        const QString op = d.value(QStringLiteral("ComparisonOperator")).toString();
        const QString missing = d.value(QStringLiteral("TreatMissingData")).toString();
        const QString statText = d.contains(QStringLiteral("Statistic"))
                                     ? d.value(QStringLiteral("Statistic")).toString()
                                     : d.value(QStringLiteral("ExtendedStatistic")).toString();
        const auto statistic = metrics::parseStatistic(statText.toStdString());
        if (periodMs <= 0 || n < 1 || !statistic)
            continue;
        QJsonObject dims;
        for (const QJsonValue &v : d.value(QStringLiteral("Dimensions")).toArray())
            dims.insert(v.toObject().value(QStringLiteral("Name")).toString(),
                        v.toObject().value(QStringLiteral("Value")));
        // The last n whole periods.
        const qint64 end = nowMs - nowMs % periodMs;
        const qint64 start = end - periodMs * n;
        std::vector<metrics::DataPoint> points;
        if (auto series
            = m_catalog.findSeries(d.value(QStringLiteral("MetricName")).toString(), dims)) {
            points
                = start >= nowMs - kFineRetentionMs ? metrics::aggregate(
                      m_catalog.samples(series->id, start, end), start, end, periodMs, *statistic)
                                                    : metrics::aggregate(
                                                        m_catalog.rollups(series->id, start, end),
                                                        start,
                                                        end,
                                                        periodMs,
                                                        *statistic);
        }
        int breaching = 0;
        QStringList shown;
        for (const metrics::DataPoint &p : points) {
            breaching += compare(op, p.value, threshold) ? 1 : 0;
            shown << QString::number(p.value);
        }
        const int absent = n - static_cast<int>(points.size());
        if (missing == QLatin1String("breaching"))
            breaching += absent;
        QString next;
        QString reason;
        if (points.empty() && missing == QLatin1String("ignore"))
            continue;
        if (breaching >= m) {
            next = QStringLiteral("ALARM");
        } else if (points.empty() && missing == QLatin1String("missing")) {
            next = QStringLiteral("INSUFFICIENT_DATA");
            reason = QStringLiteral("Insufficient Data: no datapoints in the last %1 period(s) "
                                    "of %2 s.")
                         .arg(n)
                         .arg(periodMs / 1000);
        } else {
            next = QStringLiteral("OK");
        }
        if (reason.isEmpty())
            reason = QStringLiteral("Threshold Crossed: %1 out of the last %2 datapoints [%3] "
                                    "%4 %5 the threshold (%6).")
                         .arg(breaching)
                         .arg(n)
                         .arg(shown.join(QStringLiteral(", ")))
                         .arg(breaching == 1 ? QStringLiteral("was") : QStringLiteral("were"))
                         .arg(next == QLatin1String("ALARM")
                                  ? operatorWords(op)
                                  : QStringLiteral("not ") + operatorWords(op))
                         .arg(threshold);
        if (next == alarm.state)
            continue;
        const QString old = alarm.state;
        const QString oldReason = alarm.stateReason;
        alarm.state = next;
        alarm.stateReason = reason;
        alarm.stateUpdated = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
        (void)m_catalog.saveAlarm(alarm);
        const QJsonObject data{{QStringLiteral("version"), QStringLiteral("1.0")},
                               {QStringLiteral("oldState"),
                                QJsonObject{{QStringLiteral("stateValue"), old},
                                            {QStringLiteral("stateReason"), oldReason}}},
                               {QStringLiteral("newState"),
                                QJsonObject{{QStringLiteral("stateValue"), next},
                                            {QStringLiteral("stateReason"), reason}}}};
        (void)m_catalog.appendAlarmHistory(
            {alarm.name,
             alarm.stateUpdated,
             QStringLiteral("StateUpdate"),
             QStringLiteral("Alarm updated from %1 to %2").arg(old, next),
             QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact))});
        std::fprintf(stderr,
                     "runnel-agent: alarm %s: %s -> %s (%s)\n",
                     qPrintable(alarm.name),
                     qPrintable(old),
                     qPrintable(next),
                     qPrintable(reason));
    }
}

} // namespace runnel::control
