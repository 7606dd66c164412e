#pragma once

// AlarmsPanel: the alarms of one dashboard's scope — the list (state, metric, condition,
// last change), the selected alarm's history (all of the scope's alarms when none is
// selected), "Create alarm…" and "Delete". Every agent call goes through AgentService;
// replies that arrive after the panel is gone are dropped by it. GUI thread only.

#include "ui/metrics/alarmdialog.h"
#include "ui/models/alarminfo.h"
#include "ui/models/metricscope.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace runnel::ui {

class AgentService;
class AlarmHistoryModel;
class AlarmListModel;

class AlarmsPanel : public QWidget
{
    Q_OBJECT

public:
    AlarmsPanel(AgentService *agent, MetricScope scope, QWidget *parent = nullptr);

    // The series an alarm may watch (the dashboard's, as it learns them).
    void setMetricChoices(const QList<AlarmMetricChoice> &choices);

    AlarmListModel *alarmModel() const { return m_alarms; }
    AlarmHistoryModel *historyModel() const { return m_history; }
    QTableView *alarmView() const { return m_alarmView; }
    QString errorText() const;

    // Opens the create form (preselecting `metric` when given); it sends PutMetricAlarm
    // when accepted. Returns the open dialog (tests fill it in).
    AlarmDialog *openCreateDialog(const MetricIdentity &metric = {});

public slots:
    // DescribeAlarms, then the history of the selection.
    void refresh();

signals:
    // After a refresh's alarms were applied; `alarms` are the scope's.
    void alarmsUpdated(const QList<runnel::ui::AlarmInfo> &alarms);
    // After PutMetricAlarm or DeleteAlarms answered (ok or not).
    void alarmChangeFinished(bool ok);

private:
    void refreshHistory();
    void deleteSelected();
    void createAlarm(const AlarmInfo &alarm);
    void showError(const QString &text);
    QString selectedAlarm() const;

    AgentService *m_agent;
    MetricScope m_scope;
    QList<AlarmMetricChoice> m_choices;
    AlarmListModel *m_alarms;
    AlarmHistoryModel *m_history;
    QSortFilterProxyModel *m_alarmProxy;
    QTableView *m_alarmView;
    QTableView *m_historyView;
    QPushButton *m_create;
    QPushButton *m_delete;
    QLabel *m_error;
    QLabel *m_historyTitle;
    bool m_refreshing = false;
    bool m_historyLoading = false;
    QString m_historyFor;
};

} // namespace runnel::ui
