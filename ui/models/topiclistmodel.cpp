#include "ui/models/topiclistmodel.h"

namespace runnel::ui {

TopicListModel::TopicListModel(QObject *parent)
    : RowsModel<TopicInfo>(parent)
{}

void TopicListModel::setTopics(const QList<TopicInfo> &topics, qint64 atMs)
{
    QHash<QString, qint64> ends;
    for (const auto &t : topics)
        ends.insert(t.name, t.endOffsetSum());
    if (m_lastAtMs >= 0 && atMs > m_lastAtMs) {
        const double seconds = double(atMs - m_lastAtMs) / 1000.0;
        m_inRates.clear();
        for (auto it = ends.cbegin(); it != ends.cend(); ++it)
            if (m_lastEnds.contains(it.key()))
                m_inRates.insert(
                    it.key(), qMax<qint64>(0, it.value() - m_lastEnds.value(it.key())) / seconds);
    }
    m_lastEnds = ends;
    m_lastAtMs = atMs;
    replaceRows(topics, [](const TopicInfo &t) { return t.name; });
}

void TopicListModel::setBrokerFigures(const QHash<QString, BrokerFigures> &figures)
{
    m_figures = figures;
    m_hasBrokerFigures = true;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, Size), index(int(m_rows.size()) - 1, OutRate));
}

qint64 TopicListModel::sizeBytes(const QString &topic) const
{
    for (const TopicInfo &t : m_rows)
        if (t.name == topic && t.sizeBytes >= 0)
            return t.sizeBytes;
    return m_figures.value(topic).sizeBytes;
}

int TopicListModel::rowOf(const QString &topic) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).name == topic)
            return i;
    return -1;
}

int TopicListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TopicListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const TopicInfo &t = m_rows.at(index.row());
    const double rate = m_inRates.value(t.name, -1);
    const BrokerFigures figures = m_figures.value(t.name);
    const qint64 size = t.sizeBytes >= 0 ? t.sizeBytes : figures.sizeBytes;
    const double outRate = figures.bytesOutPerSec;
    if (role == SortRole) {
        switch (index.column()) {
        case Name:
            return t.name;
        case Partitions:
            return int(t.partitions.size());
        case Replication:
            return t.replicationFactor();
        case Messages:
            return t.messageCount();
        case Size:
            return size;
        case InRate:
            return rate;
        case OutRate:
            return outRate;
        case UnderReplicated:
            return t.underReplicated();
        }
        return {};
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name:
            return t.name;
        case Partitions:
            return int(t.partitions.size());
        case Replication:
            return t.replicationFactor();
        case Messages:
            return formatCount(t.messageCount());
        case Size:
            return formatBytes(size);
        case InRate:
            return rate < 0 ? QString(QChar(0x2014)) : tr("%1/s").arg(rate, 0, 'f', 1);
        case OutRate:
            return outRate < 0 ? QString(QChar(0x2014))
                               : tr("%1/s").arg(formatBytes(qint64(outRate + 0.5)));
        case UnderReplicated:
            return t.underReplicated() ? tr("Under-replicated") : QString();
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Size)
            return size >= 0 ? tr("%1 bytes in the log segments, one replica of each partition "
                                  "(replication not counted), from the brokers' Size gauges.")
                                   .arg(formatCount(size))
                   : m_hasBrokerFigures
                       ? tr("The brokers have not reported this topic's size yet.")
                       : tr("The size on disk needs DescribeLogDirs, which this client does not "
                            "offer.");
        if (index.column() == OutRate)
            return outRate >= 0 ? tr("Bytes fetched from this topic per second over the last "
                                     "10 s, all brokers (BytesOutPerSec).")
                   : m_hasBrokerFigures
                       ? tr("The brokers have not reported this topic's reads yet.")
                       : tr("The read rate of a topic is not visible through the Kafka "
                            "protocol.");
        if (!t.error.isEmpty())
            return t.error;
    }
    if (role == Qt::TextAlignmentRole && index.column() != Name
        && index.column() != UnderReplicated)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant TopicListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Topic");
    case Partitions:
        return tr("Partitions");
    case Replication:
        return tr("RF");
    case Messages:
        return tr("Messages");
    case Size:
        return tr("Size");
    case InRate:
        return tr("In");
    case OutRate:
        return tr("Out");
    case UnderReplicated:
        return tr("Replication");
    }
    return {};
}

} // namespace runnel::ui
