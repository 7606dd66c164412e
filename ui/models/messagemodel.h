#pragma once

// The message browser's rows, lazily. A browse covers one range of offsets per partition
// (partition-major: all of partition 0's range, then partition 1's, ...); row r is one
// offset, so the row count is known at once and a topic of any size opens with nothing
// loaded. Records are fetched in pages of PageSize offsets when a view asks for a row
// that is not cached (pageNeeded, answered with addPage), and at most maxPages pages are
// kept (least recently used go first), so memory stays bounded however far the user
// scrolls. Values are kept cut to a preview (see KafkaService::fetchRecords); the detail
// pane fetches a whole record when it needs it. Offsets with no record (compaction,
// transaction markers) show as such. GUI thread only.
//
// MessageListModel holds a plain bounded list of records (search results).

#include "ui/kafka/kafkatypes.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>

#include <optional>

namespace runnel::ui {

namespace MessageColumns {
enum Column { Partition, Offset, Timestamp, Key, Value, Headers, ColumnCount };
QVariant cell(const KafkaRecord &record, int column, int role);
QVariant header(int section);
} // namespace MessageColumns

class MessageModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr int PageSize = 200;
    enum Role { RecordRole = Qt::UserRole + 1 }; // QVariant<KafkaRecord> when loaded

    explicit MessageModel(int maxPages = 64, QObject *parent = nullptr);

    // A new browse; drops every cached page.
    void setRanges(const QList<PartitionRange> &ranges);
    const QList<PartitionRange> &ranges() const { return m_ranges; }
    // Live tail: a partition's end moved on; rows are inserted at that partition's end.
    void extendTo(PartitionId partition, Offset newEnd);
    // The answer to pageNeeded (generation as it was sent; stale answers are ignored).
    void addPage(quint64 generation,
                 PartitionId partition,
                 Offset pageStart,
                 const QList<KafkaRecord> &records);
    void
    failPage(quint64 generation, PartitionId partition, Offset pageStart, const QString &error);

    struct Position
    {
        PartitionId partition = -1;
        Offset offset = -1;
    };
    Position positionOf(int row) const;
    int rowOf(PartitionId partition, Offset offset) const; // -1 when outside the ranges
    std::optional<KafkaRecord> recordAt(int row) const;    // when its page is loaded
    bool isLoaded(int row) const;
    int cachedPages() const { return int(m_pages.size()); }
    qint64 cachedRecords() const;
    quint64 generation() const { return m_generation; }
    void setMaxPagesInFlight(int n) { m_maxInFlight = n; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    // Fetch `count` offsets of `partition` from `pageStart` and call addPage (or failPage).
    void pageNeeded(quint64 generation, PartitionId partition, Offset pageStart, int count);
    void pageLoaded(PartitionId partition, Offset pageStart);

private:
    struct Page
    {
        Offset start = 0;
        int count = 0;
        bool loaded = false;
        QString error;
        QList<KafkaRecord> records; // ordered by offset
    };
    static quint64 pageKey(PartitionId p, qint64 index)
    {
        return (quint64(quint32(p)) << 40) | quint64(index);
    }
    int rangeIndex(PartitionId partition) const;
    void rebuildPrefix();
    void request(PartitionId partition, qint64 pageIndex) const;
    void flushRequests();
    void touch(quint64 key) const;
    void evict();
    QPair<int, int> rowsOfPage(PartitionId partition, Offset pageStart) const;

    QList<PartitionRange> m_ranges;
    QList<qint64> m_prefix; // first row of each range
    qint64 m_rows = 0;
    int m_maxPages;
    int m_maxInFlight = 2;
    quint64 m_generation = 0;
    mutable QHash<quint64, Page> m_pages;
    mutable QList<quint64> m_lru;    // most recent first
    mutable QList<quint64> m_wanted; // pages asked for by the view, not sent yet (newest last)
    mutable QSet<quint64> m_inFlight;
    mutable bool m_flushQueued = false;
};

class MessageListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit MessageListModel(int maxRows = 10000, QObject *parent = nullptr);
    void clear();
    // Appends up to the bound; returns how many were kept.
    int append(const QList<KafkaRecord> &records);
    const KafkaRecord &recordAt(int row) const { return m_records.at(row); }
    const QList<KafkaRecord> &records() const { return m_records; }
    int maxRows() const { return m_maxRows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    int m_maxRows;
    QList<KafkaRecord> m_records;
};

} // namespace runnel::ui
