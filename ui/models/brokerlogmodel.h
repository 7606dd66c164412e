#pragma once

// BrokerLogModel: the lines of one broker's log with their level, for the log viewer.
// Parses runneld's lines ("2026-11-25T13:40:00.123Z INFO  [storage] ...") and glog-style
// lines ("I1125 13:40:00.123 ..." — I/W/E/F prefixes); a line without a level continues
// the previous one. Holds at most `maxLines` (oldest dropped). filterAcceptsRow-ready:
// LevelRole gives the level as int for a proxy's minimum-level filter. GUI thread.

#include <QAbstractListModel>
#include <QList>
#include <QString>
#include <QStringList>

namespace runnel::ui {

class BrokerLogModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum class Level { Debug = 0, Info = 1, Warning = 2, Error = 3, Fatal = 4 };
    enum Role { LevelRole = Qt::UserRole + 1 };

    explicit BrokerLogModel(QObject *parent = nullptr, int maxLines = 200000);

    void clear();
    // Appends a batch of lines (one beginInsertRows for the batch).
    void appendLines(const QStringList &lines);

    static Level levelOf(const QString &line, Level previous);
    static QString levelName(Level level);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    struct Line
    {
        QString text;
        Level level;
    };
    QList<Line> m_lines;
    int m_maxLines;
};

} // namespace runnel::ui
