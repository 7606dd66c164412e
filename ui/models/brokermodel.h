#pragma once

// BrokerModel: the brokers of one cluster, from ListNodes' NodeInfoList. Per broker: id,
// state, controller, the agent's per-broker "Metrics" (LeaderCount, PartitionCount,
// KafkaDataLogsDiskUsed, CpuUser, MemoryUsed — shown as "—" while the agent does not
// report them), port, pid, restarts and the broker's log file. Keyed by broker id; a
// poll emits ranged dataChanged. GUI thread.

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QList>
#include <QString>
#include <QVariant>

namespace runnel::ui {

class BrokerModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        StateColumn,
        ControllerColumn,
        LeadersColumn,
        PartitionsColumn,
        DiskColumn,
        CpuColumn,
        MemoryColumn,
        PortColumn,
        PidColumn,
        RestartsColumn,
        ColumnCount
    };
    enum Role { BrokerIdRole = Qt::UserRole + 1, PidRole, LogFileRole, RawStateRole };

    struct Broker
    {
        int id = 0;
        QString state;
        int port = 0;
        qint64 pid = 0;
        int restarts = 0;
        QString logFile;
        QVariant controller; // bool when known
        // diskPercent: KafkaDataLogsDiskUsed, MSK's percentage of the volume in use.
        QVariant leaders, partitions, diskPercent, cpuPercent, memoryBytes; // invalid: unknown
        bool operator==(const Broker &) const = default;
    };

    explicit BrokerModel(QObject *parent = nullptr);

    void setNodes(const QJsonArray &nodeInfoList);
    void clear();
    const Broker *broker(int id) const;
    const QList<Broker> &brokers() const { return m_brokers; }

    static QString brokerStateText(const QString &state);
    static QString bytesText(double bytes);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<Broker> m_brokers; // sorted by id
};

} // namespace runnel::ui
