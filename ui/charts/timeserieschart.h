#pragma once

// TimeSeriesChart: the console's one chart — lines of (time, value) samples over a time
// axis, a value axis in the metric's unit, live appends. The rest of the console uses
// only this header; the drawing library hides behind ChartBackend (see README.md).
//
//     auto *chart = new TimeSeriesChart(this);
//     chart->setTitle(tr("BytesInPerSec"));
//     chart->setUnit(QStringLiteral("Bytes/Second"));
//     chart->setSlidingWindow(3600 * 1000);            // the last hour, following now
//     const int line = chart->addSeries(tr("Broker 1"));
//     chart->setSamples(line, history);                 // oldest first
//     chart->appendSamples(line, {{nowMs, 1530.0}});    // live: same time = replace
//
// Redrawing is coalesced: any number of changes in one event-loop turn draw once, and the
// redraws of many charts are spread over event-loop turns (about 8 ms of work per turn),
// so a dashboard of twenty charts never holds the GUI thread for long. GUI thread only.

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>

class QLabel;

namespace runnel::ui {

struct TimeSample
{
    qint64 timeMs = 0; // milliseconds since the epoch, UTC
    double value = 0;

    friend bool operator==(const TimeSample &, const TimeSample &) = default;
};

class ChartBackend;

class TimeSeriesChart : public QWidget
{
    Q_OBJECT

public:
    explicit TimeSeriesChart(QWidget *parent = nullptr);
    ~TimeSeriesChart() override;

    void setTitle(const QString &title);
    QString title() const { return m_title; }

    // A CloudWatch unit name ("Bytes/Second", "Count", "Percent", ...).
    void setUnit(const QString &unit);
    QString unit() const { return m_unit; }

    // A fixed range: samples outside it are kept but not drawn.
    void setTimeRange(const QDateTime &start, const QDateTime &end);
    // A sliding window of `spanMs` ending at now or the newest sample, whichever is
    // later; samples older than its start are dropped (memory stays bounded).
    void setSlidingWindow(qint64 spanMs);
    bool isSliding() const { return m_slidingSpanMs > 0; }
    // Moves a sliding window's end to `now` (the dashboard calls it on each refresh).
    void advanceTo(const QDateTime &now);
    QDateTime rangeStart() const;
    QDateTime rangeEnd() const;

    int addSeries(const QString &name);
    int seriesCount() const { return int(m_series.size()); }
    QString seriesName(int series) const;
    // Replaces a line's samples (any order; kept sorted by time, one per timestamp).
    void setSamples(int series, QList<TimeSample> samples);
    // Adds samples; one with the time of a sample already there replaces it.
    void appendSamples(int series, const QList<TimeSample> &samples);
    QList<TimeSample> samples(int series) const;
    void clearSeries();

    // The value axis as drawn: its round ends and tick labels with units.
    double valueAxisMinimum() const { return m_valueMin; }
    double valueAxisMaximum() const { return m_valueMax; }
    QStringList valueAxisLabels() const;
    // Points the backend draws for a line now (after pending redraws).
    int drawnPointCount(int series) const;

    // A sentence over the plot ("No data yet", an error); empty hides it.
    void setMessage(const QString &text);
    QString message() const;

    // Draws pending changes now instead of at the end of this event-loop turn.
    void flush();

signals:
    // After samples of `series` changed (set, appended, or dropped by the window).
    void samplesChanged(int series);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Series
    {
        QString name;
        QList<TimeSample> samples; // sorted by time
    };

    friend class RenderQueue;
    void scheduleRender();
    void render();
    void trimToWindow();
    void placeMessage();
    void applyPalette();
    qint64 newestSampleMs() const;

    std::unique_ptr<ChartBackend> m_backend;
    QLabel *m_message = nullptr;
    bool m_renderPending = false;
    QString m_title;
    QString m_unit;
    QList<Series> m_series;
    bool m_seriesNamesChanged = true;
    QList<bool> m_pointsChanged;
    qint64 m_fixedStartMs = 0;
    qint64 m_fixedEndMs = 0;
    qint64 m_slidingSpanMs = 3600 * 1000;
    qint64 m_slidingEndMs = 0;
    double m_valueMin = 0;
    double m_valueMax = 1;
};

} // namespace runnel::ui
