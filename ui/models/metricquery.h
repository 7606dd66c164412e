#pragma once

// The console's side of the agent's CloudWatch-shaped metric API: building
// GetMetricData and ListMetrics requests and reading their replies into plain values.
// Replies are checked, not trusted: a result whose timestamps and values disagree, or a
// timestamp that is not ISO-8601, is an error with a sentence, never a silent gap.
//
//   GetMetricData params {"MetricDataQueries":[{"Id":"m1","MetricStat":{"Metric":{
//     "Namespace":"AWS/Kafka","MetricName":..,"Dimensions":[..]},"Period":60,"Stat":..}}],
//     "StartTime":ISO,"EndTime":ISO[,"NextToken":..]}
//   result {"MetricDataResults":[{"Id","Label","Timestamps":[ISO..],"Values":[..],
//     "StatusCode":"Complete"|"PartialData"|..}][,"NextToken":..]}

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace runnel::ui {

struct MetricSample
{
    qint64 timeMs = 0; // milliseconds since the epoch, UTC
    double value = 0;

    friend bool operator==(const MetricSample &, const MetricSample &) = default;
};

// One series: a metric name with all its dimensions (sorted).
struct MetricIdentity
{
    QString metricName;
    QJsonArray dimensions;

    friend bool operator==(const MetricIdentity &a, const MetricIdentity &b)
    {
        return a.metricName == b.metricName && a.dimensions == b.dimensions;
    }
};

struct MetricDataQuery
{
    QString id; // ^[a-z][a-zA-Z0-9_]*$, unique within one request
    MetricIdentity metric;
    int periodSeconds = 60;
    QString stat = QStringLiteral("Average");
};

struct MetricDataResult
{
    QString id;
    QString label;
    QString statusCode;
    QList<MetricSample> samples; // oldest first
};

struct MetricDataReply
{
    QList<MetricDataResult> results;
    QString nextToken;
    QString error; // a sentence when the reply could not be read; results are empty then
};

// "2026-11-25T10:00:00Z" (UTC, seconds; milliseconds when not zero).
QString isoTime(const QDateTime &time);

QJsonObject getMetricDataParams(const QList<MetricDataQuery> &queries,
                                const QDateTime &start,
                                const QDateTime &end,
                                const QString &nextToken = {});

MetricDataReply parseGetMetricData(const QJsonObject &result);

QJsonObject listMetricsParams(const QJsonArray &dimensions, const QString &nextToken = {});

struct ListMetricsReply
{
    QList<MetricIdentity> metrics;
    QString nextToken;
    QString error;
};
ListMetricsReply parseListMetrics(const QJsonObject &result);

// The relative time ranges of the dashboard's chooser, and the period (seconds) the
// dashboard uses for a range when the user leaves the period on "Auto": the finest of
// 60 s, 5 min, 1 h, 1 day that gives at most 360 points (CloudWatch's console does the
// same so a week does not ask for 10 080 points per line).
struct MetricTimeRange
{
    QString key; // "1h", "3h", "12h", "1d", "1w"
    qint64 seconds = 0;
};
QList<MetricTimeRange> metricTimeRanges();
int autoPeriodSeconds(qint64 spanSeconds);

// The periods the chooser offers besides Auto; 10 and 30 s are CloudWatch's
// high-resolution periods.
QList<int> metricPeriods();

// "10 s", "1 min", "5 min", "1 h", "1 day" (translated).
QString periodLabel(int seconds);

// The label of a series within its chart: the dimension values beyond the chart's own
// (e.g. "Broker 1", "orders-topic", "Broker 2 · payments"), or the metric name.
QString seriesLabel(const MetricIdentity &metric, const QJsonArray &scopeDimensions);

} // namespace runnel::ui
