#pragma once

// RowsModel<Row> is the base of the console's short data tables (topic*, partition*,
// group* models): a list of plain rows refreshed as a whole. When a new snapshot has the
// same keys in the same order (the usual refresh tick) only values change and one ranged
// dataChanged is emitted; otherwise the model is reset. GUI thread only.

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace runnel::ui {

template<typename Row>
class RowsModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    const QList<Row> &rows() const { return m_rows; }
    const Row &rowAt(int row) const { return m_rows.at(row); }

protected:
    template<typename KeyFn>
    void replaceRows(const QList<Row> &next, KeyFn key)
    {
        bool sameKeys = m_rows.size() == next.size();
        for (qsizetype i = 0; sameKeys && i < m_rows.size(); ++i)
            sameKeys = key(m_rows.at(i)) == key(next.at(i));
        if (!sameKeys) {
            beginResetModel();
            m_rows = next;
            endResetModel();
            return;
        }
        m_rows = next;
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, columnCount() - 1));
    }

    QList<Row> m_rows;
};

// 1,234,567 — or a dash for unknown (negative) values.
inline QString formatCount(qint64 n)
{
    if (n < 0)
        return QString(QChar(0x2014));
    QString s = QString::number(n);
    for (qsizetype i = s.size() - 3; i > 0; i -= 3)
        s.insert(i, QLatin1Char(','));
    return s;
}

// 12.3 KiB, 4.0 MiB (binary units, as the disk figures elsewhere) — or a dash when
// negative (unknown).
inline QString formatBytes(qint64 bytes)
{
    if (bytes < 0)
        return QString(QChar(0x2014));
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = double(bytes);
    int unit = -1;
    while (v >= 1024 && unit < 4) {
        v /= 1024;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(v, 0, 'f', v < 10 ? 1 : 0).arg(QLatin1String(units[unit]));
}

} // namespace runnel::ui
