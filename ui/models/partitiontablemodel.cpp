#include "ui/models/partitiontablemodel.h"

#include <QStringList>

namespace runnel::ui {

static QString joinIds(const QList<int> &ids)
{
    QStringList parts;
    for (int id : ids)
        parts.append(QString::number(id));
    return parts.join(QLatin1String(", "));
}

PartitionTableModel::PartitionTableModel(QObject *parent)
    : RowsModel<PartitionInfo>(parent)
{}

void PartitionTableModel::setPartitions(const QList<PartitionInfo> &partitions)
{
    replaceRows(partitions, [](const PartitionInfo &p) { return p.partition; });
}

void PartitionTableModel::setBrokerSizes(const QHash<PartitionId, qint64> &sizes)
{
    if (sizes == m_sizes)
        return;
    m_sizes = sizes;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, Size), index(int(m_rows.size()) - 1, Size));
}

int PartitionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PartitionTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const PartitionInfo &p = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Partition:
            return p.partition;
        case Leader:
            return p.leader < 0 ? tr("none") : QString::number(p.leader);
        case Replicas:
            return joinIds(p.replicas);
        case Isr:
            return joinIds(p.isr);
        case StartOffset:
            return formatCount(p.startOffset);
        case EndOffset:
            return formatCount(p.endOffset);
        case Messages:
            return formatCount(p.endOffset >= 0 && p.startOffset >= 0 ? p.endOffset - p.startOffset
                                                                      : -1);
        case Size:
            return formatBytes(m_sizes.value(p.partition, -1));
        }
    }
    if (role == Qt::ToolTipRole) {
        if (!p.error.isEmpty())
            return p.error;
        if (p.underReplicated())
            return tr("Under-replicated: %1 of %2 replicas in sync.")
                .arg(p.isr.size())
                .arg(p.replicas.size());
    }
    return {};
}

QVariant PartitionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Partition:
        return tr("Partition");
    case Leader:
        return tr("Leader");
    case Replicas:
        return tr("Replicas");
    case Isr:
        return tr("In sync");
    case StartOffset:
        return tr("Start offset");
    case EndOffset:
        return tr("End offset");
    case Messages:
        return tr("Messages");
    case Size:
        return tr("Size");
    }
    return {};
}

} // namespace runnel::ui
