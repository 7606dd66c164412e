#pragma once

// Small helpers shared by the data pages: a status line that shows errors as sentences,
// parsing of user-typed offsets and times, and "key=value" lines.

#include <QLabel>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

class QAbstractItemModel;
class QTableView;

namespace runnel::ui {

// A read-only table of whole rows, one selectable at a time, as the data pages show them.
QTableView *makeTable(QAbstractItemModel *model, QWidget *parent);

class StatusLine : public QLabel
{
    Q_OBJECT

public:
    explicit StatusLine(QWidget *parent = nullptr);
    void showInfo(const QString &text);
    void showError(const QString &text);
    bool isError() const { return m_error; }

private:
    bool m_error = false;
};

// "2026-11-25T10:00:00", "2026-11-25 10:00:00.123" (local time) or milliseconds since
// the epoch. nullopt and a sentence in `error` when it is neither.
std::optional<qint64> parseTimestamp(const QString &text, QString *error);
std::optional<qint64> parseOffset(const QString &text, QString *error, bool allowNegative = false);
// "key=value" per line; blank lines ignored; a sentence naming the bad line otherwise.
std::optional<QList<QPair<QString, QString>>> parseKeyValueLines(const QString &text,
                                                                 QString *error);

} // namespace runnel::ui
