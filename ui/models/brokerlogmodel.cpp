#include "ui/models/brokerlogmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QFontDatabase>

namespace runnel::ui {

BrokerLogModel::BrokerLogModel(QObject *parent, int maxLines)
    : QAbstractListModel(parent)
    , m_maxLines(maxLines)
{}

void BrokerLogModel::clear()
{
    beginResetModel();
    m_lines.clear();
    endResetModel();
}

void BrokerLogModel::appendLines(const QStringList &lines)
{
    if (lines.isEmpty())
        return;
    const int overflow = int(m_lines.size() + lines.size()) - m_maxLines;
    if (overflow > 0) {
        const int drop = int(qMin<qsizetype>(overflow, m_lines.size()));
        if (drop > 0) {
            beginRemoveRows({}, 0, drop - 1);
            m_lines.remove(0, drop);
            endRemoveRows();
        }
    }
    const QStringList batch
        = lines.size() > m_maxLines ? lines.mid(lines.size() - m_maxLines) : lines;
    Level previous = m_lines.isEmpty() ? Level::Info : m_lines.last().level;
    beginInsertRows({}, int(m_lines.size()), int(m_lines.size() + batch.size()) - 1);
    for (const QString &text : batch) {
        previous = levelOf(text, previous);
        m_lines.append({text, previous});
    }
    endInsertRows();
}

BrokerLogModel::Level BrokerLogModel::levelOf(const QString &line, Level previous)
{
    // glog: a level letter directly followed by the month digits.
    if (line.size() > 2 && line.at(1).isDigit()) {
        switch (line.at(0).toLatin1()) {
        case 'I':
            return Level::Info;
        case 'W':
            return Level::Warning;
        case 'E':
            return Level::Error;
        case 'F':
            return Level::Fatal;
        default:
            break;
        }
    }
    // runneld: an ISO timestamp, a space, the level word.
    const int space = int(line.indexOf(QLatin1Char(' ')));
    if (space >= 19 && line.at(4) == QLatin1Char('-')) {
        const QStringView word = QStringView(line).mid(space + 1, 5);
        if (word.startsWith(QLatin1String("DEBUG")))
            return Level::Debug;
        if (word.startsWith(QLatin1String("INFO")))
            return Level::Info;
        if (word.startsWith(QLatin1String("WARN")))
            return Level::Warning;
        if (word.startsWith(QLatin1String("ERROR")))
            return Level::Error;
        if (word.startsWith(QLatin1String("FATAL")))
            return Level::Fatal;
    }
    return previous;
}

QString BrokerLogModel::levelName(Level level)
{
    switch (level) {
    case Level::Debug:
        return tr("Debug");
    case Level::Info:
        return tr("Info");
    case Level::Warning:
        return tr("Warning");
    case Level::Error:
        return tr("Error");
    case Level::Fatal:
        return tr("Fatal");
    }
    return {};
}

int BrokerLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QVariant BrokerLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Line &line = m_lines[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return line.text;
    case LevelRole:
        return int(line.level);
    case Qt::FontRole:
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    case Qt::ForegroundRole:
        if (line.level == Level::Warning)
            return QBrush(QColor(0xb0, 0x7d, 0x10));
        if (line.level >= Level::Error)
            return QBrush(QColor(0xd1, 0x24, 0x2f));
        break;
    }
    return {};
}

} // namespace runnel::ui
