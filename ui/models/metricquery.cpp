#include "ui/models/metricquery.h"

#include "ui/models/metricscope.h"

#include <QCoreApplication>

#include <algorithm>

namespace runnel::ui {

namespace {
class Text
{
    Q_DECLARE_TR_FUNCTIONS(runnel::ui::MetricQuery)
};

const QString kNextToken = QStringLiteral("NextToken");
} // namespace

QString isoTime(const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    return utc.toString(utc.time().msec() ? Qt::ISODateWithMs : Qt::ISODate);
}

QJsonObject getMetricDataParams(const QList<MetricDataQuery> &queries,
                                const QDateTime &start,
                                const QDateTime &end,
                                const QString &nextToken)
{
    QJsonArray list;
    for (const MetricDataQuery &q : queries) {
        const QJsonObject metric{{QStringLiteral("Namespace"), QString::fromUtf16(kMskNamespace)},
                                 {QStringLiteral("MetricName"), q.metric.metricName},
                                 {QStringLiteral("Dimensions"), q.metric.dimensions}};
        const QJsonObject stat{{QStringLiteral("Metric"), metric},
                               {QStringLiteral("Period"), q.periodSeconds},
                               {QStringLiteral("Stat"), q.stat}};
        list.append(
            QJsonObject{{QStringLiteral("Id"), q.id}, {QStringLiteral("MetricStat"), stat}});
    }
    QJsonObject params{{QStringLiteral("MetricDataQueries"), list},
                       {QStringLiteral("StartTime"), isoTime(start)},
                       {QStringLiteral("EndTime"), isoTime(end)}};
    if (!nextToken.isEmpty())
        params.insert(kNextToken, nextToken);
    return params;
}

MetricDataReply parseGetMetricData(const QJsonObject &result)
{
    MetricDataReply reply;
    const QJsonValue list = result.value(QStringLiteral("MetricDataResults"));
    if (!list.isArray()) {
        reply.error = Text::tr("The agent's GetMetricData reply has no MetricDataResults list.");
        return reply;
    }
    for (const QJsonValue &v : list.toArray()) {
        const QJsonObject o = v.toObject();
        MetricDataResult r;
        r.id = o.value(QStringLiteral("Id")).toString();
        r.label = o.value(QStringLiteral("Label")).toString();
        r.statusCode = o.value(QStringLiteral("StatusCode")).toString();
        const QJsonArray times = o.value(QStringLiteral("Timestamps")).toArray();
        const QJsonArray values = o.value(QStringLiteral("Values")).toArray();
        if (r.id.isEmpty()) {
            reply.error = Text::tr("The agent's GetMetricData reply has a result without an Id.");
            reply.results.clear();
            return reply;
        }
        if (times.size() != values.size()) {
            reply.error = Text::tr("The agent returned %1 timestamps but %2 values for %3.")
                              .arg(times.size())
                              .arg(values.size())
                              .arg(r.id);
            reply.results.clear();
            return reply;
        }
        r.samples.reserve(times.size());
        for (qsizetype i = 0; i < times.size(); ++i) {
            const QDateTime t = QDateTime::fromString(times.at(i).toString(), Qt::ISODateWithMs);
            if (!t.isValid() || !values.at(i).isDouble()) {
                reply.error
                    = Text::tr("The agent returned an unreadable data point (%1, %2) for %3.")
                          .arg(times.at(i).toVariant().toString(),
                               values.at(i).toVariant().toString(),
                               r.id);
                reply.results.clear();
                return reply;
            }
            r.samples.append({t.toMSecsSinceEpoch(), values.at(i).toDouble()});
        }
        // CloudWatch answers newest first unless asked otherwise; charts want oldest first.
        std::stable_sort(
            r.samples.begin(), r.samples.end(), [](const MetricSample &a, const MetricSample &b) {
                return a.timeMs < b.timeMs;
            });
        reply.results.append(std::move(r));
    }
    reply.nextToken = result.value(kNextToken).toString();
    return reply;
}

QJsonObject listMetricsParams(const QJsonArray &dimensions, const QString &nextToken)
{
    QJsonObject params{{QStringLiteral("Namespace"), QString::fromUtf16(kMskNamespace)},
                       {QStringLiteral("Dimensions"), dimensions}};
    if (!nextToken.isEmpty())
        params.insert(kNextToken, nextToken);
    return params;
}

ListMetricsReply parseListMetrics(const QJsonObject &result)
{
    ListMetricsReply reply;
    const QJsonValue list = result.value(QStringLiteral("Metrics"));
    if (!list.isArray()) {
        reply.error = Text::tr("The agent's ListMetrics reply has no Metrics list.");
        return reply;
    }
    for (const QJsonValue &v : list.toArray()) {
        const QJsonObject o = v.toObject();
        const QString name = o.value(QStringLiteral("MetricName")).toString();
        if (name.isEmpty()) {
            reply.error = Text::tr("The agent's ListMetrics reply has a metric without a name.");
            reply.metrics.clear();
            return reply;
        }
        MetricIdentity id{name, sortedDimensions(o.value(QStringLiteral("Dimensions")).toArray())};
        if (!reply.metrics.contains(id))
            reply.metrics.append(id);
    }
    reply.nextToken = result.value(kNextToken).toString();
    return reply;
}

QList<MetricTimeRange> metricTimeRanges()
{
    return {{QStringLiteral("1h"), 3600},
            {QStringLiteral("3h"), 3 * 3600},
            {QStringLiteral("12h"), 12 * 3600},
            {QStringLiteral("1d"), 24 * 3600},
            {QStringLiteral("1w"), 7 * 24 * 3600}};
}

int autoPeriodSeconds(qint64 spanSeconds)
{
    for (int period : {60, 300, 3600}) {
        if (spanSeconds / period <= 360)
            return period;
    }
    return 86400;
}

QList<int> metricPeriods()
{
    return {10, 30, 60, 300, 900, 3600, 86400};
}

QString periodLabel(int seconds)
{
    if (seconds % 86400 == 0)
        return seconds == 86400 ? Text::tr("1 day") : Text::tr("%1 days").arg(seconds / 86400);
    if (seconds % 3600 == 0)
        return Text::tr("%1 h").arg(seconds / 3600);
    if (seconds % 60 == 0)
        return Text::tr("%1 min").arg(seconds / 60);
    return Text::tr("%1 s").arg(seconds);
}

QString seriesLabel(const MetricIdentity &metric, const QJsonArray &scopeDimensions)
{
    QStringList parts;
    for (const QJsonValue &d : metric.dimensions) {
        const QString name = d.toObject().value(QStringLiteral("Name")).toString();
        const QString value = d.toObject().value(QStringLiteral("Value")).toString();
        if (!dimensionValue(scopeDimensions, name).isEmpty())
            continue;
        if (name == QString::fromUtf16(metricdim::kBroker))
            parts.prepend(Text::tr("Broker %1").arg(value));
        else if (name == QString::fromUtf16(metricdim::kPartition))
            parts.append(Text::tr("Partition %1").arg(value));
        else
            parts.append(value);
    }
    return parts.isEmpty() ? metric.metricName : parts.join(QStringLiteral(" · "));
}

} // namespace runnel::ui
