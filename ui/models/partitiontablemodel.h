#pragma once

// One topic's partitions: leader, replicas, ISR, start and end offsets, size (a dash:
// see TopicListModel). GUI thread only.

#include "ui/kafka/kafkatypes.h"
#include "ui/models/topicrows.h"

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

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace runnel::ui
