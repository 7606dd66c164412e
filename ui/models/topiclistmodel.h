#pragma once

// The topics of one cluster: partitions, replication factor, messages, size, rates and
// the under-replicated flag. Rates come from the change of the end offsets between two
// snapshots (messages/s in). The out rate and the size are not in what the Kafka
// protocol gives librdkafka 2.0.2 (no DescribeLogDirs): for a cluster the agent manages
// they arrive with setBrokerFigures (the brokers' Size gauges and per-topic
// BytesOutPerSec, from the agent's GetLatestTopicMetrics); otherwise they show a dash.
// GUI thread only.

#include "ui/kafka/kafkatypes.h"
#include "ui/models/topicrows.h"

#include <QElapsedTimer>
#include <QHash>

namespace runnel::ui {

class TopicListModel : public RowsModel<TopicInfo>
{
    Q_OBJECT

public:
    enum Column {
        Name,
        Partitions,
        Replication,
        Messages,
        Size,
        InRate,
        OutRate,
        UnderReplicated,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole + 1 };

    explicit TopicListModel(QObject *parent = nullptr);

    // A new snapshot; `atMs` is when it was taken (monotonic), for the in-rate.
    void setTopics(const QList<TopicInfo> &topics, qint64 atMs);
    double inRate(const QString &topic) const { return m_inRates.value(topic, -1); }

    // What the brokers report about a topic; negative: not reported.
    struct BrokerFigures
    {
        qint64 sizeBytes = -1;
        double bytesOutPerSec = -1;
    };
    // The newest broker figures by topic (replacing the previous ones); a topic left out
    // shows a dash. Emits dataChanged for the Size and Out columns only.
    void setBrokerFigures(const QHash<QString, BrokerFigures> &figures);
    bool hasBrokerFigures() const { return m_hasBrokerFigures; }
    qint64 sizeBytes(const QString &topic) const;
    int rowOf(const QString &topic) const;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QHash<QString, double> m_inRates;
    QHash<QString, BrokerFigures> m_figures;
    bool m_hasBrokerFigures = false;
    QHash<QString, qint64> m_lastEnds;
    qint64 m_lastAtMs = -1;
};

} // namespace runnel::ui
