#pragma once

// AlarmListModel: the alarms of one dashboard (DescribeAlarms, filtered to its scope),
// one row per alarm. setAlarms() is called on every refresh: rows are matched by alarm
// name and only the rows that changed emit dataChanged, so a selection survives a
// refresh. GUI thread only.

#include "ui/models/alarminfo.h"

#include <QAbstractTableModel>

#include <functional>

namespace runnel::ui {

class AlarmListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        StateColumn,
        MetricColumn,
        ConditionColumn,
        UpdatedColumn,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole + 1, AlarmNameRole, StateValueRole };

    explicit AlarmListModel(QObject *parent = nullptr);

    // How a threshold is written for a metric (the chart's unit formatting); optional.
    void setThresholdFormatter(std::function<QString(const AlarmInfo &)> formatter);

    void setAlarms(const QList<AlarmInfo> &alarms);
    const QList<AlarmInfo> &alarms() const { return m_alarms; }
    const AlarmInfo *alarmAt(int row) const;
    int rowOf(const QString &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    static bool sameRow(const AlarmInfo &a, const AlarmInfo &b);

    QList<AlarmInfo> m_alarms;
    std::function<QString(const AlarmInfo &)> m_formatThreshold;
};

} // namespace runnel::ui
