#pragma once

// AlarmDialog: the form that defines a new alarm — a threshold on one series of the
// dashboard's metrics, breached in M of N periods. It checks what is typed as it is
// typed (validateAlarm) and enables OK only for an alarm the agent can accept; it does
// not send anything itself (AlarmsPanel does). GUI thread only.

#include "ui/models/alarminfo.h"
#include "ui/models/metricquery.h"

#include <QDialog>
#include <QList>

#include <memory>

namespace Ui {
class AlarmDialog;
}

namespace runnel::ui {

struct AlarmMetricChoice
{
    MetricIdentity metric;
    QString label; // "BytesInPerSec · Broker 1"
    QString unit;  // CloudWatch unit
};

class AlarmDialog : public QDialog
{
    Q_OBJECT

public:
    AlarmDialog(const QList<AlarmMetricChoice> &choices,
                const QStringList &existingNames,
                QWidget *parent = nullptr);
    ~AlarmDialog() override;

    // Preselects a metric (the chart the dialog was opened from).
    void selectMetric(const MetricIdentity &metric);

    // The alarm as filled in (valid when the dialog was accepted).
    AlarmInfo alarm() const;
    // Why OK is disabled, or empty.
    QString problem() const;

private:
    void revalidate();

    std::unique_ptr<Ui::AlarmDialog> m_ui;
    QList<AlarmMetricChoice> m_choices;
    QStringList m_existingNames;
};

} // namespace runnel::ui
