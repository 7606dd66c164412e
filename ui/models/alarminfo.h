#pragma once

// Alarms as the agent's CloudWatch-shaped API describes them (PutMetricAlarm,
// DescribeAlarms, DescribeAlarmHistory, DeleteAlarms): plain values, the requests that
// create and delete them, the checks a form makes before sending, and the sentences
// the console shows ("BytesInPerSec Average > 1 MB/s for 3 of 3 periods of 1 min").

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace runnel::ui {

namespace alarmstate {
inline constexpr char16_t kOk[] = u"OK";
inline constexpr char16_t kAlarm[] = u"ALARM";
inline constexpr char16_t kInsufficientData[] = u"INSUFFICIENT_DATA";
} // namespace alarmstate

struct AlarmInfo
{
    QString name;
    QString arn;
    QString description;
    QString metricName;
    QJsonArray dimensions;                         // sorted by name
    QString statistic = QStringLiteral("Average"); // or "p99" (sent as ExtendedStatistic)
    int periodSeconds = 60;
    int evaluationPeriods = 1;
    int datapointsToAlarm = 1;
    double threshold = 0;
    QString comparisonOperator = QStringLiteral("GreaterThanThreshold");
    QString treatMissingData = QStringLiteral("missing");
    bool actionsEnabled = true;

    // Filled from DescribeAlarms.
    QString state;
    QString stateReason;
    QDateTime stateUpdated;
};

struct AlarmHistoryItem
{
    QString alarmName;
    QDateTime time;
    QString type; // ConfigurationUpdate, StateUpdate, Action
    QString summary;
    QString oldState; // for StateUpdate items whose HistoryData names them
    QString newState;
};

// The CloudWatch comparison operators the form offers, with "> 5"-style symbols.
QStringList alarmComparisonOperators();
QString comparisonSymbol(const QString &comparisonOperator);

// CloudWatch's TreatMissingData values: missing, notBreaching, breaching, ignore.
QStringList alarmMissingDataTreatments();

// A sentence saying what is wrong with the alarm a user filled in, or an empty string.
// `existingNames` are the alarms already defined (a name may not be taken twice).
QString validateAlarm(const AlarmInfo &alarm, const QStringList &existingNames);

QJsonObject putMetricAlarmParams(const AlarmInfo &alarm);
QJsonObject deleteAlarmsParams(const QStringList &names);
QJsonObject describeAlarmHistoryParams(const QString &alarmName, int maxRecords = 100);

// Replies; `error` gets a sentence and the list is empty when the reply is unreadable.
QList<AlarmInfo> parseDescribeAlarms(const QJsonObject &result, QString *error);
QList<AlarmHistoryItem> parseDescribeAlarmHistory(const QJsonObject &result, QString *error);

// "BytesInPerSec Average > 1000 for 3 of 3 periods of 1 min"; `formattedThreshold` is
// the threshold as the chart shows it (with its unit), or empty for the plain number.
QString alarmConditionText(const AlarmInfo &alarm, const QString &formattedThreshold = {});

// "In alarm", "OK", "Insufficient data" (translated).
QString alarmStateText(const QString &state);

} // namespace runnel::ui

Q_DECLARE_METATYPE(runnel::ui::AlarmInfo)
