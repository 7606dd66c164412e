#include "ui/charts/timeserieschart.h"

#include "ui/charts/chartbackend.h"
#include "ui/charts/valueformat.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QLabel>
#include <QPointer>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace runnel::ui {

// Charts waiting to be drawn, drawn in arrival order for up to kBudgetMs per event-loop
// turn; the rest wait for the next turn, so input and timers run in between.
class RenderQueue : public QObject
{
public:
    static RenderQueue &instance()
    {
        static QPointer<RenderQueue> queue;
        if (!queue)
            queue = new RenderQueue(QCoreApplication::instance());
        return *queue;
    }

    void add(TimeSeriesChart *chart)
    {
        if (!m_pending.contains(chart))
            m_pending.append(chart);
        if (!m_timer.isActive())
            m_timer.start();
    }
    void remove(TimeSeriesChart *chart) { m_pending.removeAll(chart); }

private:
    static constexpr int kBudgetMs = 8;

    explicit RenderQueue(QObject *parent)
        : QObject(parent)
    {
        m_timer.setSingleShot(true);
        m_timer.setInterval(0);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            QElapsedTimer clock;
            clock.start();
            while (!m_pending.isEmpty() && clock.elapsed() < kBudgetMs) {
                TimeSeriesChart *chart = m_pending.takeFirst();
                chart->m_renderPending = false;
                chart->render();
            }
            if (!m_pending.isEmpty())
                m_timer.start();
        });
    }

    QList<TimeSeriesChart *> m_pending;
    QTimer m_timer;
};

namespace {
bool earlier(const TimeSample &a, const TimeSample &b)
{
    return a.timeMs < b.timeMs;
}
} // namespace

TimeSeriesChart::TimeSeriesChart(QWidget *parent)
    : QWidget(parent)
    , m_backend(createChartBackend(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_backend->widget());
    m_message = new QLabel(this);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_message->hide();
    m_slidingEndMs = QDateTime::currentMSecsSinceEpoch();
    applyPalette();
    setMinimumSize(240, 180);
    scheduleRender();
}

TimeSeriesChart::~TimeSeriesChart()
{
    if (m_renderPending)
        RenderQueue::instance().remove(this);
}

void TimeSeriesChart::setTitle(const QString &title)
{
    m_title = title;
    m_backend->setTitle(title);
    setAccessibleName(title);
}

void TimeSeriesChart::setUnit(const QString &unit)
{
    m_unit = unit;
    scheduleRender();
}

void TimeSeriesChart::setTimeRange(const QDateTime &start, const QDateTime &end)
{
    m_slidingSpanMs = 0;
    m_fixedStartMs = start.toMSecsSinceEpoch();
    m_fixedEndMs = std::max(end.toMSecsSinceEpoch(), m_fixedStartMs + 1);
    for (int i = 0; i < m_pointsChanged.size(); ++i)
        m_pointsChanged[i] = true;
    scheduleRender();
}

void TimeSeriesChart::setSlidingWindow(qint64 spanMs)
{
    m_slidingSpanMs = std::max<qint64>(spanMs, 1000);
    m_slidingEndMs = std::max(QDateTime::currentMSecsSinceEpoch(), newestSampleMs());
    trimToWindow();
    scheduleRender();
}

void TimeSeriesChart::advanceTo(const QDateTime &now)
{
    if (!isSliding())
        return;
    m_slidingEndMs = std::max({m_slidingEndMs, now.toMSecsSinceEpoch(), newestSampleMs()});
    trimToWindow();
    scheduleRender();
}

QDateTime TimeSeriesChart::rangeStart() const
{
    return QDateTime::fromMSecsSinceEpoch(
        isSliding() ? m_slidingEndMs - m_slidingSpanMs : m_fixedStartMs, Qt::UTC);
}

QDateTime TimeSeriesChart::rangeEnd() const
{
    return QDateTime::fromMSecsSinceEpoch(isSliding() ? m_slidingEndMs : m_fixedEndMs, Qt::UTC);
}

int TimeSeriesChart::addSeries(const QString &name)
{
    m_series.append({name, {}});
    m_pointsChanged.append(true);
    m_seriesNamesChanged = true;
    scheduleRender();
    return int(m_series.size()) - 1;
}

QString TimeSeriesChart::seriesName(int series) const
{
    return series >= 0 && series < m_series.size() ? m_series.at(series).name : QString();
}

void TimeSeriesChart::setSamples(int series, QList<TimeSample> samples)
{
    if (series < 0 || series >= m_series.size())
        return;
    std::stable_sort(samples.begin(), samples.end(), earlier);
    // One sample per timestamp: the last one given wins.
    QList<TimeSample> unique;
    unique.reserve(samples.size());
    for (const TimeSample &s : samples) {
        if (!unique.isEmpty() && unique.constLast().timeMs == s.timeMs)
            unique.last() = s;
        else
            unique.append(s);
    }
    m_series[series].samples = std::move(unique);
    m_pointsChanged[series] = true;
    if (isSliding())
        m_slidingEndMs = std::max(m_slidingEndMs, newestSampleMs());
    trimToWindow();
    scheduleRender();
    emit samplesChanged(series);
}

void TimeSeriesChart::appendSamples(int series, const QList<TimeSample> &samples)
{
    if (series < 0 || series >= m_series.size() || samples.isEmpty())
        return;
    QList<TimeSample> &list = m_series[series].samples;
    for (const TimeSample &s : samples) {
        // Live data arrives in order, so this is the end of the list almost always.
        auto it = std::lower_bound(list.begin(), list.end(), s, earlier);
        if (it != list.end() && it->timeMs == s.timeMs)
            it->value = s.value;
        else
            list.insert(it, s);
    }
    m_pointsChanged[series] = true;
    if (isSliding())
        m_slidingEndMs = std::max(m_slidingEndMs, newestSampleMs());
    trimToWindow();
    scheduleRender();
    emit samplesChanged(series);
}

QList<TimeSample> TimeSeriesChart::samples(int series) const
{
    return series >= 0 && series < m_series.size() ? m_series.at(series).samples
                                                   : QList<TimeSample>();
}

void TimeSeriesChart::clearSeries()
{
    m_series.clear();
    m_pointsChanged.clear();
    m_seriesNamesChanged = true;
    scheduleRender();
}

QStringList TimeSeriesChart::valueAxisLabels() const
{
    return m_backend->drawnValueLabels();
}

int TimeSeriesChart::drawnPointCount(int series) const
{
    return m_backend->drawnPointCount(series);
}

void TimeSeriesChart::setMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    placeMessage();
}

QString TimeSeriesChart::message() const
{
    return m_message->text();
}

void TimeSeriesChart::flush()
{
    if (m_renderPending) {
        RenderQueue::instance().remove(this);
        m_renderPending = false;
        render();
    }
}

void TimeSeriesChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyPalette();
}

void TimeSeriesChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    placeMessage();
}

void TimeSeriesChart::scheduleRender()
{
    if (!m_renderPending) {
        m_renderPending = true;
        RenderQueue::instance().add(this);
    }
}

void TimeSeriesChart::render()
{
    if (m_seriesNamesChanged) {
        QStringList names;
        for (const Series &s : m_series)
            names.append(s.name);
        m_backend->setSeriesNames(names);
        m_seriesNamesChanged = false;
        for (int i = 0; i < m_pointsChanged.size(); ++i)
            m_pointsChanged[i] = true;
    }

    const qint64 start = rangeStart().toMSecsSinceEpoch();
    const qint64 end = rangeEnd().toMSecsSinceEpoch();
    double lo = std::numeric_limits<double>::max();
    double hi = std::numeric_limits<double>::lowest();
    for (int i = 0; i < m_series.size(); ++i) {
        const QList<TimeSample> &list = m_series.at(i).samples;
        auto first = std::lower_bound(list.begin(), list.end(), TimeSample{start, 0}, earlier);
        auto last = std::upper_bound(list.begin(), list.end(), TimeSample{end, 0}, earlier);
        for (auto it = first; it != last; ++it) {
            lo = std::min(lo, it->value);
            hi = std::max(hi, it->value);
        }
        if (m_pointsChanged.at(i)) {
            m_backend->setPoints(i, QList<TimeSample>(first, last));
            m_pointsChanged[i] = false;
        }
    }
    if (lo > hi)
        lo = hi = 0;

    const qint64 span = end - start;
    const QString format = span <= 15 * 60 * 1000       ? QStringLiteral("HH:mm:ss")
                           : span <= 24 * 3600 * 1000LL ? QStringLiteral("HH:mm")
                                                        : QStringLiteral("MM-dd HH:mm");
    m_backend->setTimeAxis(start, end, format);

    const NiceScale scale = niceScale(lo, hi);
    m_valueMin = scale.minimum;
    m_valueMax = scale.maximum;
    QList<std::pair<double, QString>> ticks;
    for (double v = scale.minimum; v <= scale.maximum + scale.step / 2; v += scale.step)
        ticks.append({v, formatMetricValue(std::abs(v) < scale.step / 1e6 ? 0 : v, m_unit)});
    m_backend->setValueAxis(scale.minimum, scale.maximum, ticks);
}

void TimeSeriesChart::trimToWindow()
{
    if (!isSliding())
        return;
    const qint64 start = m_slidingEndMs - m_slidingSpanMs;
    for (int i = 0; i < m_series.size(); ++i) {
        QList<TimeSample> &list = m_series[i].samples;
        auto keep = std::lower_bound(list.begin(), list.end(), TimeSample{start, 0}, earlier);
        if (keep != list.begin()) {
            list.erase(list.begin(), keep);
            m_pointsChanged[i] = true;
        }
    }
}

void TimeSeriesChart::placeMessage()
{
    m_message->setGeometry(rect().adjusted(24, 24, -24, -24));
    m_message->raise();
}

void TimeSeriesChart::applyPalette()
{
    m_backend->setDark(palette().color(QPalette::Window).lightness() < 128);
}

qint64 TimeSeriesChart::newestSampleMs() const
{
    qint64 newest = 0;
    for (const Series &s : m_series) {
        if (!s.samples.isEmpty())
            newest = std::max(newest, s.samples.constLast().timeMs);
    }
    return newest;
}

} // namespace runnel::ui
