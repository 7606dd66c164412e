#include "ui/models/alarmlistmodel.h"

#include "ui/models/metricscope.h"

#include <QColor>
#include <QLocale>

namespace runnel::ui {

AlarmListModel::AlarmListModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void AlarmListModel::setThresholdFormatter(std::function<QString(const AlarmInfo &)> formatter)
{
    m_formatThreshold = std::move(formatter);
    if (!m_alarms.isEmpty())
        emit dataChanged(index(0, ConditionColumn), index(rowCount() - 1, ConditionColumn));
}

bool AlarmListModel::sameRow(const AlarmInfo &a, const AlarmInfo &b)
{
    return a.arn == b.arn && a.description == b.description && a.metricName == b.metricName
           && a.dimensions == b.dimensions && a.statistic == b.statistic
           && a.periodSeconds == b.periodSeconds && a.evaluationPeriods == b.evaluationPeriods
           && a.datapointsToAlarm == b.datapointsToAlarm && a.threshold == b.threshold
           && a.comparisonOperator == b.comparisonOperator && a.state == b.state
           && a.stateReason == b.stateReason && a.stateUpdated == b.stateUpdated;
}

void AlarmListModel::setAlarms(const QList<AlarmInfo> &alarms)
{
    // Rows gone from the agent's list, removed in runs from the bottom up.
    for (int row = int(m_alarms.size()) - 1; row >= 0;) {
        if (std::any_of(alarms.begin(), alarms.end(), [&](const AlarmInfo &a) {
                return a.name == m_alarms.at(row).name;
            })) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && std::none_of(alarms.begin(), alarms.end(), [&](const AlarmInfo &a) {
                   return a.name == m_alarms.at(first - 1).name;
               }))
            --first;
        beginRemoveRows({}, first, row);
        m_alarms.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }
    // Changed rows in place; new alarms appended (the view's proxy sorts).
    QList<AlarmInfo> added;
    for (const AlarmInfo &a : alarms) {
        const int row = rowOf(a.name);
        if (row < 0) {
            added.append(a);
            continue;
        }
        if (!sameRow(m_alarms.at(row), a)) {
            m_alarms[row] = a;
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
    if (!added.isEmpty()) {
        const int first = int(m_alarms.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_alarms.append(added);
        endInsertRows();
    }
}

const AlarmInfo *AlarmListModel::alarmAt(int row) const
{
    return row >= 0 && row < m_alarms.size() ? &m_alarms.at(row) : nullptr;
}

int AlarmListModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_alarms.size(); ++i) {
        if (m_alarms.at(i).name == name)
            return i;
    }
    return -1;
}

int AlarmListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_alarms.size());
}

int AlarmListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlarmListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AlarmInfo &a = m_alarms.at(index.row());
    if (role == AlarmNameRole)
        return a.name;
    if (role == StateValueRole)
        return a.state;
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (index.column()) {
        case NameColumn:
            return a.name;
        case StateColumn:
            // Sorting puts alarms in ALARM first when ascending.
            if (role == SortRole)
                return a.state == QString::fromUtf16(alarmstate::kAlarm)              ? 0
                       : a.state == QString::fromUtf16(alarmstate::kInsufficientData) ? 1
                                                                                      : 2;
            return alarmStateText(a.state);
        case MetricColumn: {
            QStringList dims;
            for (const QJsonValue &d : a.dimensions)
                dims.append(d.toObject().value(QStringLiteral("Value")).toString());
            return dims.isEmpty()
                       ? a.metricName
                       : tr("%1 (%2)").arg(a.metricName, dims.join(QStringLiteral(", ")));
        }
        case ConditionColumn:
            return alarmConditionText(a, m_formatThreshold ? m_formatThreshold(a) : QString());
        case UpdatedColumn:
            if (role == SortRole)
                return a.stateUpdated.toMSecsSinceEpoch();
            return a.stateUpdated.isValid()
                       ? QLocale().toString(a.stateUpdated.toLocalTime(), QLocale::ShortFormat)
                       : QString();
        }
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == StateColumn || index.column() == UpdatedColumn)
            return a.stateReason;
        if (index.column() == NameColumn)
            return a.description;
        return {};
    }
    if (role == Qt::DecorationRole && index.column() == StateColumn) {
        if (a.state == QString::fromUtf16(alarmstate::kAlarm))
            return QColor(0xd1, 0x32, 0x12);
        if (a.state == QString::fromUtf16(alarmstate::kOk))
            return QColor(0x1d, 0x81, 0x02);
        return QColor(0x87, 0x96, 0x96);
    }
    return {};
}

QVariant AlarmListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case StateColumn:
        return tr("State");
    case MetricColumn:
        return tr("Metric");
    case ConditionColumn:
        return tr("Conditions");
    case UpdatedColumn:
        return tr("Last state update");
    }
    return {};
}

} // namespace runnel::ui
