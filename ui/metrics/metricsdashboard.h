#pragma once

// MetricsDashboard: CloudWatch-style metrics of one scope — a cluster, a broker, a topic
// or a consumer group — as a grid of charts with MSK's metric names (one line per broker,
// topic or group under the scope), a time range (1h, 3h, 12h, 1d, 1w or custom), a
// statistic, a period (Auto picks one from the range), auto-refresh, and an Alarms tab.
//
// Each refresh asks the agent ListMetrics for the series under the scope, then one
// GetMetricData for all of them: the whole range after a change of range, statistic or
// period, and afterwards only from the newest period already drawn (live appends that
// replace the period still filling). Every call runs on AgentService's workers; the GUI
// thread only applies replies. The integrator embeds it as a cluster page tab (cluster
// scope) and in the consumer-group page (group scope). GUI thread only.

#include "ui/models/metriccatalog.h"
#include "ui/models/metricquery.h"
#include "ui/models/metricscope.h"

#include <QDateTime>
#include <QList>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QPushButton;
class QGridLayout;
class QTabWidget;

namespace runnel::ui {

class AgentService;
class AlarmsPanel;
class TimeSeriesChart;
struct AlarmInfo;

class MetricsDashboard : public QWidget
{
    Q_OBJECT

public:
    MetricsDashboard(AgentService *agent, MetricScope scope, QWidget *parent = nullptr);
    ~MetricsDashboard() override;

    const MetricScope &scope() const { return m_scope; }

    // The same choices as the toolbar (and they move it): "1h", "3h", "12h", "1d", "1w".
    void setTimeRange(const QString &key);
    // A fixed range; false (and a sentence in errorText) when start is not before end.
    bool setCustomRange(const QDateTime &start, const QDateTime &end);
    // "Average", "Sum", "Maximum", "Minimum", "SampleCount", "p99".
    void setStatistic(const QString &statistic);
    // Seconds, or 0 for Auto.
    void setPeriod(int seconds);
    // Seconds between refreshes while the dashboard is visible, or 0 for off.
    void setAutoRefresh(int seconds);

    QString statistic() const;
    int periodSeconds() const; // the period queries use now (Auto resolved)
    QDateTime rangeStart() const;
    QDateTime rangeEnd() const;

    QList<TimeSeriesChart *> charts() const;
    // The chart of `metricName` (the first, if a scope shows the name twice).
    TimeSeriesChart *chart(const QString &metricName) const;
    // The series (metric and dimensions) a chart's line `series` draws.
    MetricIdentity seriesIdentity(const TimeSeriesChart *chart, int series) const;
    AlarmsPanel *alarmsPanel() const { return m_alarms; }

    // What went wrong in the last refresh, or empty.
    QString errorText() const;
    // The in-window alarm notice, or empty.
    QString alarmBannerText() const;

public slots:
    void refresh();

signals:
    // After a refresh's replies were applied (ok) or it failed (errorText says why).
    void refreshed(bool ok);

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct ChartEntry
    {
        MetricDefinition definition;
        TimeSeriesChart *chart = nullptr;
        QList<MetricIdentity> series;
    };

    QWidget *buildToolbar();
    void settingsChanged();
    void applyWindowToCharts();
    void
    listMetrics(quint64 generation, const QString &token, QList<MetricIdentity> found, int page);
    void applyMetricList(const QList<MetricIdentity> &found);
    void fetchData(quint64 generation);
    void fetchPage(quint64 generation,
                   QList<QJsonObject> batches,
                   const QList<MetricDataQuery> &queries,
                   QList<MetricDataResult> collected,
                   int page);
    void applyData(const QList<MetricDataQuery> &queries, const QList<MetricDataResult> &results);
    void finish(bool ok, const QString &error = {});
    void updateMetricChoices();
    void onAlarmRaised(const AlarmInfo &alarm);
    void onAlarmsUpdated(const QList<AlarmInfo> &alarms);
    qint64 rangeSpanSeconds() const;

    AgentService *m_agent;
    MetricScope m_scope;
    QList<ChartEntry> m_entries;

    QTabWidget *m_tabs = nullptr;
    AlarmsPanel *m_alarms = nullptr;
    QGridLayout *m_grid = nullptr;
    QComboBox *m_range = nullptr;
    QComboBox *m_statistic = nullptr;
    QComboBox *m_period = nullptr;
    QComboBox *m_autoRefresh = nullptr;
    QDateTimeEdit *m_customStart = nullptr;
    QDateTimeEdit *m_customEnd = nullptr;
    QPushButton *m_applyCustom = nullptr;
    QLabel *m_updated = nullptr;
    QLabel *m_error = nullptr;
    QWidget *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QTimer m_refreshTimer;

    bool m_custom = false;
    QDateTime m_customFrom;
    QDateTime m_customTo;
    quint64 m_generation = 0;
    bool m_busy = false;
    bool m_again = false;
    bool m_fullReload = true;
    QDateTime m_lastRefresh;
};

} // namespace runnel::ui
