#include "ui/models/brokermodel.h"

#include <QJsonObject>
#include <QLocale>

#include <algorithm>

namespace runnel::ui {

namespace {

QVariant number(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? QVariant(v.toDouble()) : QVariant();
}

const QString kDash = QStringLiteral("—");

} // namespace

BrokerModel::BrokerModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void BrokerModel::setNodes(const QJsonArray &nodeInfoList)
{
    QList<Broker> fresh;
    for (const QJsonValue &v : nodeInfoList) {
        const QJsonObject node = v.toObject();
        const QJsonObject info = node.value(QStringLiteral("BrokerNodeInfo")).toObject();
        if (info.isEmpty())
            continue;
        Broker b;
        b.id = info.value(QStringLiteral("BrokerId")).toInt();
        b.state = info.value(QStringLiteral("State")).toString();
        b.port = info.value(QStringLiteral("Port")).toInt();
        b.pid = info.value(QStringLiteral("Pid")).toInteger();
        b.restarts = info.value(QStringLiteral("Restarts")).toInt();
        b.logFile = info.value(QStringLiteral("LogFile")).toString();
        if (info.value(QStringLiteral("Controller")).isBool())
            b.controller = info.value(QStringLiteral("Controller")).toBool();
        const QJsonObject metrics = info.contains(QStringLiteral("Metrics"))
                                        ? info.value(QStringLiteral("Metrics")).toObject()
                                        : node.value(QStringLiteral("Metrics")).toObject();
        b.leaders = number(metrics, "LeaderCount");
        b.partitions = number(metrics, "PartitionCount");
        b.diskPercent = number(metrics, "KafkaDataLogsDiskUsed");
        b.cpuPercent = number(metrics, "CpuUser");
        b.memoryBytes = number(metrics, "MemoryUsed");
        fresh.append(b);
    }
    std::sort(
        fresh.begin(), fresh.end(), [](const Broker &a, const Broker &b) { return a.id < b.id; });
    // A one-broker cluster's running broker is necessarily its controller.
    if (fresh.size() == 1 && !fresh.first().controller.isValid()
        && fresh.first().state == QLatin1String("RUNNING"))
        fresh.first().controller = true;

    for (int i = int(m_brokers.size()) - 1; i >= 0; --i) {
        const int id = m_brokers[i].id;
        if (std::none_of(
                fresh.begin(), fresh.end(), [id](const Broker &b) { return b.id == id; })) {
            beginRemoveRows({}, i, i);
            m_brokers.removeAt(i);
            endRemoveRows();
        }
    }
    for (int i = 0; i < fresh.size(); ++i) {
        if (i < m_brokers.size() && m_brokers[i].id == fresh[i].id) {
            if (!(m_brokers[i] == fresh[i])) {
                m_brokers[i] = fresh[i];
                emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
            }
            continue;
        }
        beginInsertRows({}, i, i);
        m_brokers.insert(i, fresh[i]);
        endInsertRows();
    }
}

void BrokerModel::clear()
{
    if (m_brokers.isEmpty())
        return;
    beginResetModel();
    m_brokers.clear();
    endResetModel();
}

const BrokerModel::Broker *BrokerModel::broker(int id) const
{
    for (const Broker &b : m_brokers) {
        if (b.id == id)
            return &b;
    }
    return nullptr;
}

QString BrokerModel::brokerStateText(const QString &state)
{
    if (state == QLatin1String("STARTING"))
        return tr("Starting");
    if (state == QLatin1String("RUNNING"))
        return tr("Running");
    if (state == QLatin1String("STOPPING"))
        return tr("Stopping");
    if (state == QLatin1String("STOPPED"))
        return tr("Stopped");
    if (state == QLatin1String("FAILED"))
        return tr("Failed");
    return state;
}

QString BrokerModel::bytesText(double bytes)
{
    return QLocale().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeTraditionalFormat);
}

int BrokerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_brokers.size());
}

int BrokerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BrokerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Broker &b = m_brokers[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case IdColumn:
            return b.id;
        case StateColumn:
            return brokerStateText(b.state);
        case ControllerColumn:
            return b.controller.isValid() ? (b.controller.toBool() ? tr("Yes") : tr("No")) : kDash;
        case LeadersColumn:
            return b.leaders.isValid() ? QVariant(qint64(b.leaders.toDouble())) : kDash;
        case PartitionsColumn:
            return b.partitions.isValid() ? QVariant(qint64(b.partitions.toDouble())) : kDash;
        case DiskColumn:
            if (!b.diskPercent.isValid())
                return kDash;
            // A percentage of the volume: a few MiB of a 100 GiB volume is still "in use".
            return b.diskPercent.toDouble() > 0 && b.diskPercent.toDouble() < 0.01
                       ? tr("< 0.01 %")
                       : QStringLiteral("%1 %").arg(QLocale().toString(
                           b.diskPercent.toDouble(), 'f', b.diskPercent.toDouble() < 10 ? 2 : 1));
        case CpuColumn:
            return b.cpuPercent.isValid() ? QStringLiteral("%1 %").arg(
                       QLocale().toString(b.cpuPercent.toDouble(), 'f', 1))
                                          : kDash;
        case MemoryColumn:
            return b.memoryBytes.isValid() ? bytesText(b.memoryBytes.toDouble()) : kDash;
        case PortColumn:
            return b.port;
        case PidColumn:
            return b.pid > 0 ? QVariant(b.pid) : kDash;
        case RestartsColumn:
            return b.restarts;
        }
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() != StateColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == BrokerIdRole)
        return b.id;
    if (role == PidRole)
        return b.pid;
    if (role == LogFileRole)
        return b.logFile;
    if (role == RawStateRole)
        return b.state;
    return {};
}

QVariant BrokerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Broker");
    case StateColumn:
        return tr("State");
    case ControllerColumn:
        return tr("Controller");
    case LeadersColumn:
        return tr("Leaders");
    case PartitionsColumn:
        return tr("Partitions");
    case DiskColumn:
        return tr("Disk used");
    case CpuColumn:
        return tr("CPU (user)");
    case MemoryColumn:
        return tr("Memory");
    case PortColumn:
        return tr("Port");
    case PidColumn:
        return tr("PID");
    case RestartsColumn:
        return tr("Restarts");
    }
    return {};
}

} // namespace runnel::ui
