#include "ui/metrics/metricsdashboard.h"

#include "ui/agent/agentservice.h"
#include "ui/charts/timeserieschart.h"
#include "ui/metrics/alarmnotifier.h"
#include "ui/metrics/alarmspanel.h"

#include <QAction>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace runnel::ui {

namespace {
constexpr int kChartColumns = 2;
constexpr int kMaxPages = 50; // NextToken rounds per refresh; more means a runaway agent
constexpr int kTimeoutMs = 20000;

QString rangeText(const QString &key)
{
    if (key == QLatin1String("1h"))
        return MetricsDashboard::tr("1 hour");
    if (key == QLatin1String("3h"))
        return MetricsDashboard::tr("3 hours");
    if (key == QLatin1String("12h"))
        return MetricsDashboard::tr("12 hours");
    if (key == QLatin1String("1d"))
        return MetricsDashboard::tr("1 day");
    if (key == QLatin1String("1w"))
        return MetricsDashboard::tr("1 week");
    return key;
}

QString statisticText(const QString &stat)
{
    if (stat == QLatin1String("Average"))
        return MetricsDashboard::tr("Average");
    if (stat == QLatin1String("Sum"))
        return MetricsDashboard::tr("Sum");
    if (stat == QLatin1String("Maximum"))
        return MetricsDashboard::tr("Maximum");
    if (stat == QLatin1String("Minimum"))
        return MetricsDashboard::tr("Minimum");
    if (stat == QLatin1String("SampleCount"))
        return MetricsDashboard::tr("Sample count");
    if (stat == QLatin1String("p99"))
        return MetricsDashboard::tr("p99");
    return stat;
}

qint64 alignDown(qint64 ms, int periodSeconds)
{
    const qint64 p = qint64(periodSeconds) * 1000;
    return ms - ((ms % p) + p) % p;
}
} // namespace

MetricsDashboard::MetricsDashboard(AgentService *agent, MetricScope scope, QWidget *parent)
    : QWidget(parent)
    , m_agent(agent)
    , m_scope(std::move(scope))
{
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setFrameShape(QFrame::StyledPanel);
    m_error->hide();

    m_banner = new QFrame(this);
    static_cast<QFrame *>(m_banner)->setFrameShape(QFrame::StyledPanel);
    m_banner->setAutoFillBackground(true);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setWordWrap(true);
    auto *dismiss = new QPushButton(tr("Dismiss"), m_banner);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(dismiss);
    m_banner->hide();
    connect(dismiss, &QPushButton::clicked, m_banner, &QWidget::hide);

    // Charts: one per metric the catalog lists for the scope, in the catalog's order.
    auto *chartsPage = new QWidget(this);
    m_grid = new QGridLayout(chartsPage);
    const QList<MetricDefinition> definitions = metricsForScope(m_scope.kind());
    for (const MetricDefinition &def : definitions) {
        auto *chart = new TimeSeriesChart(chartsPage);
        chart->setTitle(def.name);
        chart->setUnit(def.unit);
        chart->setToolTip(def.description);
        chart->setMinimumHeight(220);
        chart->setMessage(tr("Loading…"));
        chart->setContextMenuPolicy(Qt::ActionsContextMenu);
        auto *createAlarm = new QAction(tr("Create alarm…"), chart);
        chart->addAction(createAlarm);
        const int index = int(m_entries.size());
        m_grid->addWidget(chart, index / kChartColumns, index % kChartColumns);
        m_entries.append({def, chart, {}});
        connect(createAlarm, &QAction::triggered, this, [this, index] {
            const ChartEntry &e = m_entries.at(index);
            m_tabs->setCurrentWidget(m_alarms);
            m_alarms->openCreateDialog(
                e.series.isEmpty()
                    ? MetricIdentity{e.definition.name, sortedDimensions(m_scope.dimensions())}
                    : e.series.first());
        });
    }
    m_grid->setRowStretch(int(definitions.size() + kChartColumns - 1) / kChartColumns, 1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(chartsPage);

    m_alarms = new AlarmsPanel(m_agent, m_scope, this);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(scroll, tr("Metrics"));
    m_tabs->addTab(m_alarms, tr("Alarms"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildToolbar());
    layout->addWidget(m_error);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs, 1);

    connect(&m_refreshTimer, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    connect(m_alarms, &AlarmsPanel::alarmsUpdated, this, &MetricsDashboard::onAlarmsUpdated);
    connect(AlarmNotifier::forAgent(m_agent),
            &AlarmNotifier::alarmRaised,
            this,
            &MetricsDashboard::onAlarmRaised);

    applyWindowToCharts();
    updateMetricChoices();
    setAutoRefresh(10);
}

MetricsDashboard::~MetricsDashboard() = default;

QWidget *MetricsDashboard::buildToolbar()
{
    auto *bar = new QWidget(this);
    auto *rows = new QVBoxLayout(bar);
    rows->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    rows->addLayout(row);
    // A custom range's start, end and Apply get a row of their own (shown only then), so
    // the toolbar fits the window in every language.
    auto *customBar = new QWidget(bar);
    auto *customRow = new QHBoxLayout(customBar);
    customRow->setContentsMargins(0, 0, 0, 0);
    customBar->hide();
    rows->addWidget(customBar);

    m_range = new QComboBox(bar);
    for (const MetricTimeRange &r : metricTimeRanges())
        m_range->addItem(rangeText(r.key), r.key);
    m_range->addItem(tr("Custom…"), QStringLiteral("custom"));
    m_range->setAccessibleName(tr("Time range"));

    m_customStart = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600), customBar);
    m_customEnd = new QDateTimeEdit(QDateTime::currentDateTime(), customBar);
    for (QDateTimeEdit *edit : {m_customStart, m_customEnd}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->hide();
    }
    m_customStart->setAccessibleName(tr("Start of the range"));
    m_customEnd->setAccessibleName(tr("End of the range"));
    m_applyCustom = new QPushButton(tr("Apply"), customBar);
    m_applyCustom->hide();

    m_statistic = new QComboBox(bar);
    for (const QString &stat : metricStatistics())
        m_statistic->addItem(statisticText(stat), stat);
    m_statistic->setAccessibleName(tr("Statistic"));

    m_period = new QComboBox(bar);
    m_period->addItem(tr("Auto"), 0);
    for (int seconds : metricPeriods())
        m_period->addItem(periodLabel(seconds), seconds);
    m_period->setAccessibleName(tr("Period"));

    m_autoRefresh = new QComboBox(bar);
    m_autoRefresh->addItem(tr("Off"), 0);
    for (int seconds : {10, 60, 300})
        m_autoRefresh->addItem(periodLabel(seconds), seconds);
    m_autoRefresh->setAccessibleName(tr("Auto refresh"));

    auto *refreshButton = new QPushButton(tr("&Refresh"), bar);
    refreshButton->setShortcut(QKeySequence::Refresh);
    m_updated = new QLabel(bar);

    auto label = [bar](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text, bar);
        l->setBuddy(buddy);
        return l;
    };
    row->addWidget(label(tr("&Time range:"), m_range));
    row->addWidget(m_range);
    customRow->addWidget(m_customStart);
    customRow->addWidget(new QLabel(QStringLiteral("–"), customBar));
    customRow->addWidget(m_customEnd);
    customRow->addWidget(m_applyCustom);
    customRow->addStretch();
    row->addWidget(label(tr("&Statistic:"), m_statistic));
    row->addWidget(m_statistic);
    row->addWidget(label(tr("&Period:"), m_period));
    row->addWidget(m_period);
    row->addWidget(label(tr("&Auto refresh:"), m_autoRefresh));
    row->addWidget(m_autoRefresh);
    row->addWidget(refreshButton);
    row->addStretch();
    row->addWidget(m_updated);

    connect(m_range, &QComboBox::currentIndexChanged, this, [this, customBar] {
        const bool custom = m_range->currentData().toString() == QLatin1String("custom");
        customBar->setVisible(custom);
        m_customStart->setVisible(custom);
        m_customEnd->setVisible(custom);
        m_applyCustom->setVisible(custom);
        if (!custom) {
            m_custom = false;
            settingsChanged();
        }
    });
    connect(m_applyCustom, &QPushButton::clicked, this, [this] {
        setCustomRange(m_customStart->dateTime(), m_customEnd->dateTime());
    });
    connect(m_statistic, &QComboBox::currentIndexChanged, this, &MetricsDashboard::settingsChanged);
    connect(m_period, &QComboBox::currentIndexChanged, this, &MetricsDashboard::settingsChanged);
    connect(m_autoRefresh, &QComboBox::currentIndexChanged, this, [this] {
        const int seconds = m_autoRefresh->currentData().toInt();
        if (seconds > 0)
            m_refreshTimer.start(seconds * 1000);
        else
            m_refreshTimer.stop();
    });
    connect(refreshButton, &QPushButton::clicked, this, &MetricsDashboard::refresh);
    return bar;
}

void MetricsDashboard::setTimeRange(const QString &key)
{
    const int index = m_range->findData(key);
    if (index >= 0 && key != QLatin1String("custom"))
        m_range->setCurrentIndex(index);
}

bool MetricsDashboard::setCustomRange(const QDateTime &start, const QDateTime &end)
{
    if (!start.isValid() || !end.isValid() || start >= end) {
        m_error->setText(tr("The start of the time range must be before its end; change one of "
                            "them and apply again."));
        m_error->show();
        return false;
    }
    m_error->hide();
    const QSignalBlocker block(m_range);
    m_range->setCurrentIndex(m_range->findData(QStringLiteral("custom")));
    m_customStart->setDateTime(start.toLocalTime());
    m_customEnd->setDateTime(end.toLocalTime());
    for (QWidget *w : {static_cast<QWidget *>(m_customStart),
                       static_cast<QWidget *>(m_customEnd),
                       static_cast<QWidget *>(m_applyCustom)})
        w->show();
    m_customStart->parentWidget()->show(); // their row under the toolbar
    m_custom = true;
    m_customFrom = start.toUTC();
    m_customTo = end.toUTC();
    settingsChanged();
    return true;
}

void MetricsDashboard::setStatistic(const QString &statistic)
{
    const int index = m_statistic->findData(statistic);
    if (index >= 0)
        m_statistic->setCurrentIndex(index);
}

void MetricsDashboard::setPeriod(int seconds)
{
    const int index = m_period->findData(seconds);
    if (index >= 0)
        m_period->setCurrentIndex(index);
}

void MetricsDashboard::setAutoRefresh(int seconds)
{
    const int index = m_autoRefresh->findData(seconds);
    if (index >= 0)
        m_autoRefresh->setCurrentIndex(index);
    else if (seconds > 0) // a finer interval than the menu offers (tests, demos)
        m_refreshTimer.start(seconds * 1000);
    else
        m_refreshTimer.stop();
}

QString MetricsDashboard::statistic() const
{
    return m_statistic->currentData().toString();
}

qint64 MetricsDashboard::rangeSpanSeconds() const
{
    if (m_custom)
        return std::max<qint64>(1, m_customFrom.secsTo(m_customTo));
    const QString key = m_range->currentData().toString();
    for (const MetricTimeRange &r : metricTimeRanges()) {
        if (r.key == key)
            return r.seconds;
    }
    return 3600;
}

int MetricsDashboard::periodSeconds() const
{
    const int chosen = m_period->currentData().toInt();
    return chosen > 0 ? chosen : autoPeriodSeconds(rangeSpanSeconds());
}

QDateTime MetricsDashboard::rangeStart() const
{
    return m_custom ? m_customFrom : QDateTime::currentDateTimeUtc().addSecs(-rangeSpanSeconds());
}

QDateTime MetricsDashboard::rangeEnd() const
{
    return m_custom ? m_customTo : QDateTime::currentDateTimeUtc();
}

QList<TimeSeriesChart *> MetricsDashboard::charts() const
{
    QList<TimeSeriesChart *> out;
    for (const ChartEntry &e : m_entries)
        out.append(e.chart);
    return out;
}

TimeSeriesChart *MetricsDashboard::chart(const QString &metricName) const
{
    for (const ChartEntry &e : m_entries) {
        if (e.definition.name == metricName)
            return e.chart;
    }
    return nullptr;
}

MetricIdentity MetricsDashboard::seriesIdentity(const TimeSeriesChart *chart, int series) const
{
    for (const ChartEntry &e : m_entries) {
        if (e.chart == chart && series >= 0 && series < e.series.size())
            return e.series.at(series);
    }
    return {};
}

QString MetricsDashboard::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString MetricsDashboard::alarmBannerText() const
{
    return m_banner->isHidden() ? QString() : m_bannerText->text();
}

void MetricsDashboard::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    const int interval = m_refreshTimer.isActive() ? m_refreshTimer.interval() : 0;
    if (!m_lastRefresh.isValid()
        || (interval > 0 && m_lastRefresh.msecsTo(QDateTime::currentDateTimeUtc()) > interval))
        refresh();
}

void MetricsDashboard::settingsChanged()
{
    ++m_generation; // replies of the old settings are dropped
    m_fullReload = true;
    applyWindowToCharts();
    refresh();
}

void MetricsDashboard::applyWindowToCharts()
{
    for (const ChartEntry &e : m_entries) {
        if (m_custom)
            e.chart->setTimeRange(m_customFrom, m_customTo);
        else
            e.chart->setSlidingWindow(rangeSpanSeconds() * 1000);
    }
}

void MetricsDashboard::refresh()
{
    if (m_busy) {
        m_again = true;
        return;
    }
    m_busy = true;
    listMetrics(m_generation, {}, {}, 0);
    m_alarms->refresh();
}

void MetricsDashboard::listMetrics(quint64 generation,
                                   const QString &token,
                                   QList<MetricIdentity> found,
                                   int page)
{
    m_agent->call(
        QStringLiteral("ListMetrics"),
        listMetricsParams(m_scope.dimensions(), token),
        this,
        [this, generation, found = std::move(found), page](const AgentReply &reply) mutable {
            if (generation != m_generation) {
                m_again = true;
                return finish(false);
            }
            if (!reply.ok)
                return finish(false, tr("Metrics could not be listed: %1").arg(reply.message));
            const ListMetricsReply list = parseListMetrics(reply.result);
            if (!list.error.isEmpty())
                return finish(false, list.error);
            found.append(list.metrics);
            if (!list.nextToken.isEmpty() && page + 1 < kMaxPages)
                return listMetrics(generation, list.nextToken, std::move(found), page + 1);
            applyMetricList(found);
            fetchData(generation);
        },
        kTimeoutMs);
}

void MetricsDashboard::applyMetricList(const QList<MetricIdentity> &found)
{
    for (ChartEntry &e : m_entries) {
        if (m_fullReload && !e.series.isEmpty()) {
            e.series.clear();
            e.chart->clearSeries();
        }
        QList<MetricIdentity> matching;
        for (const MetricIdentity &m : found) {
            if (m.metricName == e.definition.name
                && dimensionNames(m.dimensions) == e.definition.dimensionNames
                && m_scope.contains(m.dimensions) && !e.series.contains(m))
                matching.append(m);
        }
        // Lines in a stable order: by their labels ("Broker 1" before "Broker 2").
        const QJsonArray scopeDims = m_scope.dimensions();
        std::sort(matching.begin(),
                  matching.end(),
                  [&scopeDims](const MetricIdentity &a, const MetricIdentity &b) {
                      return QString::localeAwareCompare(seriesLabel(a, scopeDims),
                                                         seriesLabel(b, scopeDims))
                             < 0;
                  });
        for (const MetricIdentity &m : matching) {
            e.series.append(m);
            e.chart->addSeries(seriesLabel(m, scopeDims));
        }
    }
    updateMetricChoices();
}

void MetricsDashboard::fetchData(quint64 generation)
{
    const int period = periodSeconds();
    const QDateTime end = rangeEnd();
    const qint64 startMs = alignDown(rangeStart().toMSecsSinceEpoch(), period);
    // Two batches: lines with samples ask only from their newest period on (it may still be
    // filling), lines without (new, or after a change of settings) the whole range.
    QList<MetricDataQuery> queries;
    QList<MetricDataQuery> whole;
    QList<MetricDataQuery> live;
    qint64 liveFrom = end.toMSecsSinceEpoch();
    for (const ChartEntry &e : m_entries) {
        for (int i = 0; i < e.series.size(); ++i) {
            const MetricDataQuery q{
                QStringLiteral("m%1").arg(queries.size()), e.series.at(i), period, statistic()};
            queries.append(q);
            const QList<TimeSample> have = e.chart->samples(i);
            if (m_fullReload || have.isEmpty()) {
                whole.append(q);
            } else {
                live.append(q);
                liveFrom = std::min(liveFrom,
                                    std::max(startMs, alignDown(have.constLast().timeMs, period)));
            }
        }
    }
    QList<QJsonObject> batches;
    if (!whole.isEmpty())
        batches.append(
            getMetricDataParams(whole, QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC), end));
    if (!live.isEmpty())
        batches.append(
            getMetricDataParams(live, QDateTime::fromMSecsSinceEpoch(liveFrom, Qt::UTC), end));
    if (batches.isEmpty())
        return applyData({}, {});
    fetchPage(generation, batches, queries, {}, 0);
}

void MetricsDashboard::fetchPage(quint64 generation,
                                 QList<QJsonObject> batches,
                                 const QList<MetricDataQuery> &queries,
                                 QList<MetricDataResult> collected,
                                 int page)
{
    const QJsonObject params = batches.constFirst();
    m_agent->call(
        QStringLiteral("GetMetricData"),
        params,
        this,
        [this,
         generation,
         batches = std::move(batches),
         queries,
         collected = std::move(collected),
         page](const AgentReply &reply) mutable {
            if (generation != m_generation) {
                m_again = true;
                return finish(false);
            }
            if (!reply.ok)
                return finish(false, tr("Metric data could not be read: %1").arg(reply.message));
            MetricDataReply data = parseGetMetricData(reply.result);
            if (!data.error.isEmpty())
                return finish(false, data.error);
            // Pages carry more points of the same ids: merge by id.
            for (MetricDataResult &r : data.results) {
                auto it = std::find_if(collected.begin(),
                                       collected.end(),
                                       [&r](const MetricDataResult &c) { return c.id == r.id; });
                if (it == collected.end())
                    collected.append(std::move(r));
                else
                    it->samples.append(r.samples);
            }
            if (!data.nextToken.isEmpty() && page + 1 < kMaxPages) {
                batches.first().insert(QStringLiteral("NextToken"), data.nextToken);
                return fetchPage(
                    generation, std::move(batches), queries, std::move(collected), page + 1);
            }
            batches.removeFirst();
            if (!batches.isEmpty())
                return fetchPage(generation, std::move(batches), queries, std::move(collected), 0);
            applyData(queries, collected);
        },
        kTimeoutMs);
}

void MetricsDashboard::applyData(const QList<MetricDataQuery> &queries,
                                 const QList<MetricDataResult> &results)
{
    int q = 0;
    for (ChartEntry &e : m_entries) {
        for (int i = 0; i < e.series.size(); ++i, ++q) {
            const QString id = queries.at(q).id;
            const auto it = std::find_if(results.begin(),
                                         results.end(),
                                         [&id](const MetricDataResult &r) { return r.id == id; });
            if (it == results.end())
                continue;
            QList<TimeSample> samples;
            samples.reserve(it->samples.size());
            for (const MetricSample &s : it->samples)
                samples.append({s.timeMs, s.value});
            if (m_fullReload)
                e.chart->setSamples(i, samples);
            else
                e.chart->appendSamples(i, samples);
        }
        e.chart->advanceTo(QDateTime::currentDateTimeUtc());
        bool any = false;
        for (int i = 0; i < e.series.size() && !any; ++i)
            any = !e.chart->samples(i).isEmpty();
        const QString none = e.definition.level == QLatin1String("DEFAULT")
                                 ? tr("No data reported yet.")
                                 : tr("No data reported yet. The cluster publishes this metric "
                                      "from the %1 monitoring level on; raise its enhanced "
                                      "monitoring to see it.")
                                       .arg(e.definition.level);
        e.chart->setMessage(e.series.isEmpty() ? none
                            : any              ? QString()
                                               : tr("No data in this time range."));
    }
    m_fullReload = false;
    finish(true);
}

void MetricsDashboard::finish(bool ok, const QString &error)
{
    m_busy = false;
    if (ok) {
        m_lastRefresh = QDateTime::currentDateTimeUtc();
        m_updated->setText(
            tr("Updated %1").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
        m_error->hide();
    } else if (!error.isEmpty()) {
        m_error->setText(error);
        m_error->show();
        for (const ChartEntry &e : m_entries) {
            if (e.chart->message() == tr("Loading…"))
                e.chart->setMessage(tr("No data: the agent did not answer as expected."));
        }
    }
    if (ok || !error.isEmpty())
        emit refreshed(ok);
    if (m_again) {
        m_again = false;
        refresh();
    }
}

void MetricsDashboard::updateMetricChoices()
{
    QList<AlarmMetricChoice> choices;
    const QJsonArray scopeDims = sortedDimensions(m_scope.dimensions());
    for (const ChartEntry &e : m_entries) {
        for (const MetricIdentity &m : e.series)
            choices.append({m,
                            tr("%1 · %2").arg(e.definition.name, seriesLabel(m, scopeDims)),
                            e.definition.unit});
        // A metric published under exactly the scope's dimensions can be watched before it
        // reports (ActiveControllerCount on a cluster).
        if (e.series.isEmpty() && e.definition.dimensionNames == dimensionNames(scopeDims))
            choices.append({{e.definition.name, scopeDims}, e.definition.name, e.definition.unit});
    }
    m_alarms->setMetricChoices(choices);
}

void MetricsDashboard::onAlarmRaised(const AlarmInfo &alarm)
{
    if (!m_scope.contains(alarm.dimensions))
        return;
    if (AlarmNotifier::forAgent(m_agent)->notifiesDesktop())
        return;
    m_bannerText->setText(
        tr("Alarm “%1” went to ALARM at %2: %3")
            .arg(alarm.name,
                 QLocale().toString(alarm.stateUpdated.toLocalTime().time(), QLocale::ShortFormat),
                 alarm.stateReason.isEmpty() ? alarmConditionText(alarm) : alarm.stateReason));
    m_banner->show();
}

void MetricsDashboard::onAlarmsUpdated(const QList<AlarmInfo> &alarms)
{
    const auto firing = std::count_if(alarms.begin(), alarms.end(), [](const AlarmInfo &a) {
        return a.state == QString::fromUtf16(alarmstate::kAlarm);
    });
    m_tabs->setTabText(m_tabs->indexOf(m_alarms),
                       firing > 0 ? tr("Alarms (%1 in alarm)").arg(firing) : tr("Alarms"));
}

} // namespace runnel::ui
