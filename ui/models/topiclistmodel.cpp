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
            return t.sizeBytes;
        case InRate:
            return rate;
        case OutRate:
            return -1;
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
            return t.sizeBytes < 0 ? QString(QChar(0x2014)) : formatCount(t.sizeBytes);
        case InRate:
            return rate < 0 ? QString(QChar(0x2014)) : tr("%1/s").arg(rate, 0, 'f', 1);
        case OutRate:
            return QString(QChar(0x2014));
        case UnderReplicated:
            return t.underReplicated() ? tr("Under-replicated") : QString();
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Size)
            return tr("The size on disk needs DescribeLogDirs, which this client does not offer.");
        if (index.column() == OutRate)
            return tr("The read rate of a topic is not visible through the Kafka protocol.");
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
