#include "ui/models/messagemodel.h"

#include <QBrush>
#include <QDateTime>
#include <QPalette>
#include <QStringDecoder>
#include <QTimer>

#include <algorithm>

namespace runnel::ui {

namespace {

QString previewBytes(const QByteArray &bytes, bool isNull, int maxChars)
{
    if (isNull)
        return QStringLiteral("null");
    const QByteArray head = bytes.left(maxChars * 4);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString s = decoder.decode(head);
    if (decoder.hasError()) {
        // A cut through a multi-byte character at the end is still text.
        QStringDecoder again(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString shorter = again.decode(head.left(qMax<qsizetype>(0, head.size() - 3)));
        if (again.hasError() || head.size() == bytes.size())
            return QStringLiteral("0x") + QString::fromLatin1(bytes.left(maxChars / 2).toHex());
        s = shorter;
    }
    s.replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (s.size() > maxChars)
        s = s.left(maxChars) + QChar(0x2026);
    return s;
}

} // namespace

QVariant MessageColumns::cell(const KafkaRecord &r, int column, int role)
{
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Partition:
            return r.partition;
        case Offset:
            return r.offset;
        case Timestamp:
            return r.timestampMs < 0 ? QString()
                                     : QDateTime::fromMSecsSinceEpoch(r.timestampMs)
                                           .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        case Key:
            return previewBytes(r.key, r.keyNull, 80);
        case Value:
            return previewBytes(r.value, r.valueNull, 160);
        case Headers: {
            QStringList parts;
            for (const auto &h : r.headers)
                parts.append(QString::fromUtf8(h.key) + QLatin1Char('=')
                             + previewBytes(h.value, h.valueNull, 40));
            return parts.join(QLatin1String(", "));
        }
        }
    }
    if (role == Qt::TextAlignmentRole && (column == Partition || column == Offset))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant MessageColumns::header(int section)
{
    switch (section) {
    case Partition:
        return MessageModel::tr("Partition");
    case Offset:
        return MessageModel::tr("Offset");
    case Timestamp:
        return MessageModel::tr("Timestamp");
    case Key:
        return MessageModel::tr("Key");
    case Value:
        return MessageModel::tr("Value");
    case Headers:
        return MessageModel::tr("Headers");
    }
    return {};
}

// --- MessageModel ---

MessageModel::MessageModel(int maxPages, QObject *parent)
    : QAbstractTableModel(parent)
    , m_maxPages(qMax(4, maxPages))
{}

void MessageModel::setRanges(const QList<PartitionRange> &ranges)
{
    beginResetModel();
    m_ranges = ranges;
    std::sort(
        m_ranges.begin(), m_ranges.end(), [](const PartitionRange &a, const PartitionRange &b) {
            return a.partition < b.partition;
        });
    ++m_generation;
    m_pages.clear();
    m_lru.clear();
    m_wanted.clear();
    m_inFlight.clear();
    rebuildPrefix();
    endResetModel();
}

void MessageModel::rebuildPrefix()
{
    m_prefix.clear();
    m_rows = 0;
    for (const auto &r : m_ranges) {
        m_prefix.append(m_rows);
        m_rows += r.count();
    }
}

int MessageModel::rangeIndex(PartitionId partition) const
{
    for (int i = 0; i < m_ranges.size(); ++i)
        if (m_ranges.at(i).partition == partition)
            return i;
    return -1;
}

void MessageModel::extendTo(PartitionId partition, Offset newEnd)
{
    const int i = rangeIndex(partition);
    if (i < 0 || newEnd <= m_ranges.at(i).end)
        return;
    const qint64 oldCount = m_ranges.at(i).count();
    const qint64 first = m_prefix.at(i) + oldCount;
    const qint64 added = newEnd - m_ranges.at(i).end;
    if (m_rows + added > std::numeric_limits<int>::max())
        return;
    // The partition's last page may have been loaded short; fetch it again when seen.
    if (oldCount > 0) {
        const quint64 key = pageKey(partition, (oldCount - 1) / PageSize);
        m_pages.remove(key);
        m_lru.removeAll(key);
    }
    beginInsertRows({}, int(first), int(first + added - 1));
    m_ranges[i].end = newEnd;
    rebuildPrefix();
    endInsertRows();
}

MessageModel::Position MessageModel::positionOf(int row) const
{
    if (row < 0 || row >= m_rows)
        return {};
    const auto it = std::upper_bound(m_prefix.cbegin(), m_prefix.cend(), qint64(row));
    const int i = int(it - m_prefix.cbegin()) - 1;
    return {m_ranges.at(i).partition, m_ranges.at(i).start + (row - m_prefix.at(i))};
}

int MessageModel::rowOf(PartitionId partition, Offset offset) const
{
    const int i = rangeIndex(partition);
    if (i < 0 || offset < m_ranges.at(i).start || offset >= m_ranges.at(i).end)
        return -1;
    return int(m_prefix.at(i) + (offset - m_ranges.at(i).start));
}

QPair<int, int> MessageModel::rowsOfPage(PartitionId partition, Offset pageStart) const
{
    const int i = rangeIndex(partition);
    if (i < 0)
        return {-1, -1};
    const auto &r = m_ranges.at(i);
    const qint64 first = qMax(pageStart, r.start);
    const qint64 last = qMin(pageStart + PageSize, r.end) - 1;
    if (last < first)
        return {-1, -1};
    return {int(m_prefix.at(i) + first - r.start), int(m_prefix.at(i) + last - r.start)};
}

void MessageModel::touch(quint64 key) const
{
    if (!m_lru.isEmpty() && m_lru.first() == key)
        return;
    m_lru.removeOne(key);
    m_lru.prepend(key);
}

void MessageModel::request(PartitionId partition, qint64 pageIndex) const
{
    const quint64 key = pageKey(partition, pageIndex);
    if (m_inFlight.contains(key))
        return;
    m_wanted.removeOne(key);
    m_wanted.append(key);
    // The view asks row by row; only the pages it asked for last are worth fetching.
    while (m_wanted.size() > 8)
        m_wanted.removeFirst();
    if (!m_flushQueued) {
        m_flushQueued = true;
        QTimer::singleShot(0, const_cast<MessageModel *>(this), &MessageModel::flushRequests);
    }
}

void MessageModel::flushRequests()
{
    m_flushQueued = false;
    while (!m_wanted.isEmpty() && m_inFlight.size() < m_maxInFlight) {
        const quint64 key = m_wanted.takeLast();
        const PartitionId partition = PartitionId(key >> 40);
        const qint64 pageIndex = qint64(key & ((quint64(1) << 40) - 1));
        const int i = rangeIndex(partition);
        if (i < 0 || m_pages.value(key).loaded)
            continue;
        const auto &r = m_ranges.at(i);
        const Offset start = r.start + pageIndex * PageSize;
        const int count = int(qMin<qint64>(PageSize, r.end - start));
        if (count <= 0)
            continue;
        m_inFlight.insert(key);
        emit pageNeeded(m_generation, partition, start, count);
    }
}

void MessageModel::evict()
{
    while (m_pages.size() > m_maxPages && !m_lru.isEmpty())
        m_pages.remove(m_lru.takeLast());
}

void MessageModel::addPage(quint64 generation,
                           PartitionId partition,
                           Offset pageStart,
                           const QList<KafkaRecord> &records)
{
    if (generation != m_generation)
        return;
    const int i = rangeIndex(partition);
    if (i < 0)
        return;
    const qint64 pageIndex = (pageStart - m_ranges.at(i).start) / PageSize;
    const quint64 key = pageKey(partition, pageIndex);
    m_inFlight.remove(key);
    Page page;
    page.start = pageStart;
    page.count = PageSize;
    page.loaded = true;
    page.records = records;
    m_pages.insert(key, page);
    touch(key);
    evict();
    const auto rows = rowsOfPage(partition, pageStart);
    if (rows.first >= 0)
        emit dataChanged(index(rows.first, 0), index(rows.second, MessageColumns::ColumnCount - 1));
    emit pageLoaded(partition, pageStart);
    if (!m_wanted.isEmpty())
        flushRequests();
}

void MessageModel::failPage(quint64 generation,
                            PartitionId partition,
                            Offset pageStart,
                            const QString &error)
{
    if (generation != m_generation)
        return;
    const int i = rangeIndex(partition);
    if (i < 0)
        return;
    const quint64 key = pageKey(partition, (pageStart - m_ranges.at(i).start) / PageSize);
    m_inFlight.remove(key);
    Page page;
    page.start = pageStart;
    page.loaded = true;
    page.error = error;
    m_pages.insert(key, page);
    touch(key);
    evict();
    const auto rows = rowsOfPage(partition, pageStart);
    if (rows.first >= 0)
        emit dataChanged(index(rows.first, 0), index(rows.second, MessageColumns::ColumnCount - 1));
}

qint64 MessageModel::cachedRecords() const
{
    qint64 n = 0;
    for (const auto &p : m_pages)
        n += p.records.size();
    return n;
}

static const KafkaRecord *findRecord(const QList<KafkaRecord> &records, Offset offset)
{
    auto it = std::lower_bound(records.cbegin(),
                               records.cend(),
                               offset,
                               [](const KafkaRecord &r, Offset o) { return r.offset < o; });
    return it != records.cend() && it->offset == offset ? &*it : nullptr;
}

bool MessageModel::isLoaded(int row) const
{
    const Position pos = positionOf(row);
    const int i = rangeIndex(pos.partition);
    if (i < 0)
        return false;
    const auto it
        = m_pages.constFind(pageKey(pos.partition, (pos.offset - m_ranges.at(i).start) / PageSize));
    return it != m_pages.cend() && it->loaded;
}

std::optional<KafkaRecord> MessageModel::recordAt(int row) const
{
    const Position pos = positionOf(row);
    const int i = rangeIndex(pos.partition);
    if (i < 0)
        return std::nullopt;
    const auto it
        = m_pages.constFind(pageKey(pos.partition, (pos.offset - m_ranges.at(i).start) / PageSize));
    if (it == m_pages.cend() || !it->loaded)
        return std::nullopt;
    if (const KafkaRecord *r = findRecord(it->records, pos.offset))
        return *r;
    return std::nullopt;
}

int MessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(qMin<qint64>(m_rows, std::numeric_limits<int>::max()));
}

int MessageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : MessageColumns::ColumnCount;
}

QVariant MessageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::TextAlignmentRole && role != Qt::ForegroundRole
        && role != Qt::ToolTipRole && role != RecordRole)
        return {};
    const Position pos = positionOf(index.row());
    const int i = rangeIndex(pos.partition);
    const qint64 pageIndex = (pos.offset - m_ranges.at(i).start) / PageSize;
    const quint64 key = pageKey(pos.partition, pageIndex);
    const auto it = m_pages.constFind(key);
    const bool loaded = it != m_pages.cend() && it->loaded;
    if (!loaded && role == Qt::DisplayRole)
        request(pos.partition, pageIndex);
    if (loaded)
        touch(key);
    const KafkaRecord *record = loaded ? findRecord(it->records, pos.offset) : nullptr;
    if (role == RecordRole)
        return record ? QVariant::fromValue(*record) : QVariant();
    if (record)
        return MessageColumns::cell(*record, index.column(), role);
    if (role == Qt::TextAlignmentRole)
        return MessageColumns::cell(KafkaRecord{}, index.column(), role);
    if (role == Qt::ForegroundRole)
        return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
    if (role == Qt::ToolTipRole && loaded && !it->error.isEmpty())
        return it->error;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case MessageColumns::Partition:
        return pos.partition;
    case MessageColumns::Offset:
        return pos.offset;
    case MessageColumns::Value:
        if (!loaded)
            return tr("loading…");
        if (!it->error.isEmpty())
            return tr("could not be read: %1").arg(it->error);
        return tr("(no record at this offset: compacted away or a transaction marker)");
    }
    return {};
}

QVariant MessageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return MessageColumns::header(section);
}

// --- MessageListModel ---

MessageListModel::MessageListModel(int maxRows, QObject *parent)
    : QAbstractTableModel(parent)
    , m_maxRows(maxRows)
{}

void MessageListModel::clear()
{
    beginResetModel();
    m_records.clear();
    endResetModel();
}

int MessageListModel::append(const QList<KafkaRecord> &records)
{
    const int room = m_maxRows - int(m_records.size());
    const int n = qMin(room, int(records.size()));
    if (n <= 0)
        return 0;
    beginInsertRows({}, int(m_records.size()), int(m_records.size()) + n - 1);
    m_records.append(records.mid(0, n));
    endInsertRows();
    return n;
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int MessageListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : MessageColumns::ColumnCount;
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (role == MessageModel::RecordRole)
        return QVariant::fromValue(m_records.at(index.row()));
    return MessageColumns::cell(m_records.at(index.row()), index.column(), role);
}

QVariant MessageListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return MessageColumns::header(section);
}

} // namespace runnel::ui
