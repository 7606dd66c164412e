#pragma once

// BrokerLogDialog: one broker's log file (LogFile from ListNodes), read on a worker
// thread (the last 4 MiB, then whatever is appended, once a second while "Follow" is
// on), with a minimum-level filter and a text filter. GUI thread; never reads the file
// on it.

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QTimer;

namespace runnel::ui {

class BrokerLogModel;
class BrokerLogFilter;

class BrokerLogDialog : public QDialog
{
    Q_OBJECT

public:
    BrokerLogDialog(const QString &logFile, const QString &title, QWidget *parent = nullptr);

    BrokerLogModel *model() const { return m_model; }
    int visibleLines() const;
    void setMinimumLevel(int level); // BrokerLogModel::Level as int

signals:
    void loaded();

private:
    void readMore();

    QString m_file;
    BrokerLogModel *m_model;
    BrokerLogFilter *m_filter;
    QListView *m_view;
    QComboBox *m_level;
    QLineEdit *m_search;
    QCheckBox *m_follow;
    QLabel *m_status;
    QTimer *m_timer;
    qint64 m_offset = -1; // -1: not read yet
    bool m_reading = false;
};

} // namespace runnel::ui
