#include "ui/data/datawidgets.h"

#include <QDateTime>
#include <QHeaderView>
#include <QPalette>
#include <QTableView>

namespace runnel::ui {

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setAlternatingRowColors(true);
    return view;
}

StatusLine::StatusLine(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void StatusLine::showInfo(const QString &text)
{
    m_error = false;
    setStyleSheet(QString());
    setText(text);
}

void StatusLine::showError(const QString &text)
{
    m_error = true;
    setStyleSheet(QStringLiteral("color: #c62828;"));
    setText(text);
}

std::optional<qint64> parseTimestamp(const QString &text, QString *error)
{
    const QString t = text.trimmed();
    bool isNumber = false;
    const qint64 ms = t.toLongLong(&isNumber);
    if (isNumber && ms >= 0)
        return ms;
    for (const auto &format : {QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz"),
                               QStringLiteral("yyyy-MM-ddTHH:mm:ss"),
                               QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"),
                               QStringLiteral("yyyy-MM-dd HH:mm:ss"),
                               QStringLiteral("yyyy-MM-dd HH:mm"),
                               QStringLiteral("yyyy-MM-dd")}) {
        const QDateTime dt = QDateTime::fromString(t, format);
        if (dt.isValid())
            return dt.toMSecsSinceEpoch();
    }
    const QDateTime iso = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (iso.isValid())
        return iso.toMSecsSinceEpoch();
    *error = QObject::tr("\"%1\" is not a time. Write it as 2026-11-25 14:30:00 (local time) or as "
                         "milliseconds since 1970.")
                 .arg(t);
    return std::nullopt;
}

std::optional<qint64> parseOffset(const QString &text, QString *error, bool allowNegative)
{
    bool ok = false;
    const qint64 v = text.trimmed().toLongLong(&ok);
    if (!ok || (!allowNegative && v < 0)) {
        *error = allowNegative
                     ? QObject::tr("\"%1\" is not a whole number.").arg(text.trimmed())
                     : QObject::tr("\"%1\" is not an offset: write a whole number of 0 or more.")
                           .arg(text.trimmed());
        return std::nullopt;
    }
    return v;
}

std::optional<QList<QPair<QString, QString>>> parseKeyValueLines(const QString &text,
                                                                 QString *error)
{
    QList<QPair<QString, QString>> out;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            *error = QObject::tr("Line %1 (\"%2\") is not of the form key=value.")
                         .arg(i + 1)
                         .arg(line);
            return std::nullopt;
        }
        out.append({line.left(eq).trimmed(), line.mid(eq + 1).trimmed()});
    }
    return out;
}

} // namespace runnel::ui
