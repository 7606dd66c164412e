#pragma once

// One topic's partitions: leader, replicas, ISR, start and end offsets, and the size when
// the brokers report it (setBrokerSizes; otherwise a dash, see TopicListModel). GUI
// thread only.

#include "ui/kafka/kafkatypes.h"
#include "ui/models/topicrows.h"

#include <QHash>

namespace runnel::ui {

class PartitionTableModel : public RowsModel<PartitionInfo>
{
    Q_OBJECT

public:
    enum Column {
        Partition,
        Leader,
        Replicas,
        Isr,
        StartOffset,
        EndOffset,
        Messages,
        Size,
        ColumnCount
    };

    explicit PartitionTableModel(QObject *parent = nullptr);
    void setPartitions(const QList<PartitionInfo> &partitions);
    // Bytes on disk by partition of the shown topic (replacing the previous ones); a
    // partition left out shows a dash. Emits dataChanged for the Size column only.
    void setBrokerSizes(const QHash<PartitionId, qint64> &sizes);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QHash<PartitionId, qint64> m_sizes;
};

} // namespace runnel::ui
