#pragma once

// AlarmHistoryModel: an alarm's history (DescribeAlarmHistory), newest first. A refresh
// that only brings newer items inserts them at the top; anything else resets the model
// (another alarm was selected). GUI thread only.

#include "ui/models/alarminfo.h"

#include <QAbstractTableModel>

namespace runnel::ui {

class AlarmHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, AlarmColumn, TypeColumn, SummaryColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 };

    explicit AlarmHistoryModel(QObject *parent = nullptr);

    void setItems(const QList<AlarmHistoryItem> &items);
    const QList<AlarmHistoryItem> &items() const { return m_items; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<AlarmHistoryItem> m_items;
};

} // namespace runnel::ui
