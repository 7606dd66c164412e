#include "ui/models/alarmhistorymodel.h"

#include <QLocale>

namespace runnel::ui {

namespace {
bool sameItem(const AlarmHistoryItem &a, const AlarmHistoryItem &b)
{
    return a.alarmName == b.alarmName && a.time == b.time && a.type == b.type
           && a.summary == b.summary;
}
} // namespace

AlarmHistoryModel::AlarmHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void AlarmHistoryModel::setItems(const QList<AlarmHistoryItem> &items)
{
    // Newer items only: the old list is the new one's tail.
    const qsizetype added = items.size() - m_items.size();
    bool tail = added >= 0 && !m_items.isEmpty();
    for (qsizetype i = 0; tail && i < m_items.size(); ++i)
        tail = sameItem(items.at(added + i), m_items.at(i));
    if (tail) {
        if (added > 0) {
            beginInsertRows({}, 0, int(added) - 1);
            m_items = items;
            endInsertRows();
        }
        return;
    }
    beginResetModel();
    m_items = items;
    endResetModel();
}

int AlarmHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int AlarmHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlarmHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AlarmHistoryItem &item = m_items.at(index.row());
    if (role != Qt::DisplayRole && role != SortRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        if (role == SortRole)
            return item.time.toMSecsSinceEpoch();
        return QLocale().toString(item.time.toLocalTime(), QLocale::ShortFormat);
    case AlarmColumn:
        return item.alarmName;
    case TypeColumn:
        if (item.type == QLatin1String("StateUpdate"))
            return tr("State update");
        if (item.type == QLatin1String("ConfigurationUpdate"))
            return tr("Configuration update");
        if (item.type == QLatin1String("Action"))
            return tr("Action");
        return item.type;
    case SummaryColumn:
        // A state change in the user's words; the agent's own sentence as the tooltip.
        if (role != Qt::ToolTipRole && !item.newState.isEmpty())
            return tr("%1 → %2").arg(alarmStateText(item.oldState), alarmStateText(item.newState));
        return item.summary;
    }
    return {};
}

QVariant AlarmHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case AlarmColumn:
        return tr("Alarm");
    case TypeColumn:
        return tr("Type");
    case SummaryColumn:
        return tr("Summary");
    }
    return {};
}

} // namespace runnel::ui
