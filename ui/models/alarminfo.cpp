#include "ui/models/alarminfo.h"

#include "ui/models/metricquery.h"
#include "ui/models/metricscope.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

namespace runnel::ui {

namespace {
class Text
{
    Q_DECLARE_TR_FUNCTIONS(runnel::ui::AlarmInfo)
};

QDateTime readTime(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}
} // namespace

QStringList alarmComparisonOperators()
{
    return {QStringLiteral("GreaterThanThreshold"),
            QStringLiteral("GreaterThanOrEqualToThreshold"),
            QStringLiteral("LessThanThreshold"),
            QStringLiteral("LessThanOrEqualToThreshold")};
}

QString comparisonSymbol(const QString &op)
{
    if (op == QLatin1String("GreaterThanThreshold"))
        return QStringLiteral(">");
    if (op == QLatin1String("GreaterThanOrEqualToThreshold"))
        return QStringLiteral("≥");
    if (op == QLatin1String("LessThanThreshold"))
        return QStringLiteral("<");
    if (op == QLatin1String("LessThanOrEqualToThreshold"))
        return QStringLiteral("≤");
    return op;
}

QStringList alarmMissingDataTreatments()
{
    return {QStringLiteral("missing"),
            QStringLiteral("notBreaching"),
            QStringLiteral("breaching"),
            QStringLiteral("ignore")};
}

QString validateAlarm(const AlarmInfo &alarm, const QStringList &existingNames)
{
    const QString name = alarm.name.trimmed();
    if (name.isEmpty())
        return Text::tr("Give the alarm a name.");
    if (name.size() > 255)
        return Text::tr("An alarm name has at most 255 characters.");
    static const QRegularExpression printable(QStringLiteral("^[^\\x00-\\x1f\\x7f]+$"));
    if (!printable.match(name).hasMatch())
        return Text::tr("An alarm name may not contain control characters.");
    if (existingNames.contains(name))
        return Text::tr("An alarm named “%1” already exists; choose another name.").arg(name);
    if (alarm.metricName.isEmpty())
        return Text::tr("Choose the metric the alarm watches.");
    if (!alarmComparisonOperators().contains(alarm.comparisonOperator))
        return Text::tr("Choose how the metric is compared with the threshold.");
    if (!std::isfinite(alarm.threshold))
        return Text::tr("The threshold must be a number.");
    if (alarm.periodSeconds <= 0)
        return Text::tr("Choose the period over which the metric is aggregated.");
    if (alarm.evaluationPeriods < 1)
        return Text::tr("The alarm must look at one period or more.");
    if (alarm.datapointsToAlarm < 1 || alarm.datapointsToAlarm > alarm.evaluationPeriods)
        return Text::tr("The periods that must breach (%1) must be between 1 and the periods "
                        "evaluated (%2).")
            .arg(alarm.datapointsToAlarm)
            .arg(alarm.evaluationPeriods);
    if (qint64(alarm.periodSeconds) * alarm.evaluationPeriods > 7 * 24 * 3600)
        return Text::tr("The periods evaluated may cover at most one week; use fewer or shorter "
                        "periods.");
    return {};
}

QJsonObject putMetricAlarmParams(const AlarmInfo &alarm)
{
    QJsonObject p{{QStringLiteral("AlarmName"), alarm.name.trimmed()},
                  {QStringLiteral("Namespace"), QString::fromUtf16(kMskNamespace)},
                  {QStringLiteral("MetricName"), alarm.metricName},
                  {QStringLiteral("Dimensions"), alarm.dimensions},
                  {QStringLiteral("Period"), alarm.periodSeconds},
                  {QStringLiteral("EvaluationPeriods"), alarm.evaluationPeriods},
                  {QStringLiteral("DatapointsToAlarm"), alarm.datapointsToAlarm},
                  {QStringLiteral("Threshold"), alarm.threshold},
                  {QStringLiteral("ComparisonOperator"), alarm.comparisonOperator},
                  {QStringLiteral("TreatMissingData"), alarm.treatMissingData},
                  {QStringLiteral("ActionsEnabled"), alarm.actionsEnabled}};
    // CloudWatch takes percentiles as ExtendedStatistic, the five others as Statistic.
    if (alarm.statistic.startsWith(QLatin1Char('p')))
        p.insert(QStringLiteral("ExtendedStatistic"), alarm.statistic);
    else
        p.insert(QStringLiteral("Statistic"), alarm.statistic);
    if (!alarm.description.isEmpty())
        p.insert(QStringLiteral("AlarmDescription"), alarm.description);
    return p;
}

QJsonObject deleteAlarmsParams(const QStringList &names)
{
    return {{QStringLiteral("AlarmNames"), QJsonArray::fromStringList(names)}};
}

QJsonObject describeAlarmHistoryParams(const QString &alarmName, int maxRecords)
{
    QJsonObject p{{QStringLiteral("MaxRecords"), maxRecords}};
    if (!alarmName.isEmpty())
        p.insert(QStringLiteral("AlarmName"), alarmName);
    return p;
}

QList<AlarmInfo> parseDescribeAlarms(const QJsonObject &result, QString *error)
{
    QList<AlarmInfo> out;
    const QJsonValue list = result.value(QStringLiteral("MetricAlarms"));
    if (!list.isArray()) {
        *error = Text::tr("The agent's DescribeAlarms reply has no MetricAlarms list.");
        return {};
    }
    for (const QJsonValue &v : list.toArray()) {
        const QJsonObject o = v.toObject();
        AlarmInfo a;
        a.name = o.value(QStringLiteral("AlarmName")).toString();
        if (a.name.isEmpty()) {
            *error = Text::tr("The agent's DescribeAlarms reply has an alarm without a name.");
            return {};
        }
        a.arn = o.value(QStringLiteral("AlarmArn")).toString();
        a.description = o.value(QStringLiteral("AlarmDescription")).toString();
        a.metricName = o.value(QStringLiteral("MetricName")).toString();
        a.dimensions = sortedDimensions(o.value(QStringLiteral("Dimensions")).toArray());
        a.statistic = o.value(QStringLiteral("Statistic"))
                          .toString(o.value(QStringLiteral("ExtendedStatistic")).toString());
        a.periodSeconds = o.value(QStringLiteral("Period")).toInt();
        a.evaluationPeriods = o.value(QStringLiteral("EvaluationPeriods")).toInt(1);
        a.datapointsToAlarm
            = o.value(QStringLiteral("DatapointsToAlarm")).toInt(a.evaluationPeriods);
        a.threshold = o.value(QStringLiteral("Threshold")).toDouble();
        a.comparisonOperator = o.value(QStringLiteral("ComparisonOperator")).toString();
        a.treatMissingData
            = o.value(QStringLiteral("TreatMissingData")).toString(QStringLiteral("missing"));
        a.actionsEnabled = o.value(QStringLiteral("ActionsEnabled")).toBool(true);
        a.state = o.value(QStringLiteral("StateValue")).toString();
        a.stateReason = o.value(QStringLiteral("StateReason")).toString();
        a.stateUpdated = readTime(o.value(QStringLiteral("StateUpdatedTimestamp")));
        out.append(std::move(a));
    }
    return out;
}

QList<AlarmHistoryItem> parseDescribeAlarmHistory(const QJsonObject &result, QString *error)
{
    QList<AlarmHistoryItem> out;
    const QJsonValue list = result.value(QStringLiteral("AlarmHistoryItems"));
    if (!list.isArray()) {
        *error = Text::tr("The agent's DescribeAlarmHistory reply has no AlarmHistoryItems list.");
        return {};
    }
    for (const QJsonValue &v : list.toArray()) {
        const QJsonObject o = v.toObject();
        AlarmHistoryItem item;
        item.alarmName = o.value(QStringLiteral("AlarmName")).toString();
        item.time = readTime(o.value(QStringLiteral("Timestamp")));
        if (item.alarmName.isEmpty() || !item.time.isValid()) {
            *error = Text::tr("The agent's DescribeAlarmHistory reply has an item without an alarm "
                              "name or a readable time.");
            return {};
        }
        item.type = o.value(QStringLiteral("HistoryItemType")).toString();
        item.summary = o.value(QStringLiteral("HistorySummary")).toString();
        // CloudWatch puts the states in HistoryData, a JSON document inside a string.
        const QJsonValue data = o.value(QStringLiteral("HistoryData"));
        const QJsonObject doc = data.isObject()
                                    ? data.toObject()
                                    : QJsonDocument::fromJson(data.toString().toUtf8()).object();
        item.oldState = doc.value(QStringLiteral("oldState"))
                            .toObject()
                            .value(QStringLiteral("stateValue"))
                            .toString();
        item.newState = doc.value(QStringLiteral("newState"))
                            .toObject()
                            .value(QStringLiteral("stateValue"))
                            .toString();
        out.append(std::move(item));
    }
    std::stable_sort(
        out.begin(), out.end(), [](const AlarmHistoryItem &a, const AlarmHistoryItem &b) {
            return a.time > b.time;
        });
    return out;
}

QString alarmConditionText(const AlarmInfo &alarm, const QString &formattedThreshold)
{
    const QString threshold
        = formattedThreshold.isEmpty() ? QString::number(alarm.threshold) : formattedThreshold;
    return Text::tr("%1 %2 %3 %4 for %5 of %6 periods of %7")
        .arg(alarm.metricName,
             alarm.statistic,
             comparisonSymbol(alarm.comparisonOperator),
             threshold)
        .arg(alarm.datapointsToAlarm)
        .arg(alarm.evaluationPeriods)
        .arg(periodLabel(alarm.periodSeconds));
}

QString alarmStateText(const QString &state)
{
    if (state == QString::fromUtf16(alarmstate::kAlarm))
        return Text::tr("In alarm");
    if (state == QString::fromUtf16(alarmstate::kOk))
        return Text::tr("OK");
    if (state == QString::fromUtf16(alarmstate::kInsufficientData))
        return Text::tr("Insufficient data");
    return state;
}

} // namespace runnel::ui
