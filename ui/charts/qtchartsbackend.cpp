// The ChartBackend over Qt Charts — the only file of the console that includes it (Qt
// deprecates Qt Charts from 6.10; see README.md). A QChartView with one QLineSeries per
// line, a QDateTimeAxis for time and a QCategoryAxis for values, so that value labels
// can carry units ("1.5 MB/s"), which QValueAxis's printf format cannot.

#include "ui/charts/chartbackend.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLineSeries>

namespace runnel::ui {

namespace {

class QtChartsBackend final : public ChartBackend
{
public:
    explicit QtChartsBackend(QWidget *parent)
        : m_chart(new QChart)
        , m_view(new QChartView(m_chart, parent))
        , m_timeAxis(new QDateTimeAxis)
        , m_valueAxis(new QCategoryAxis)
    {
        m_view->setRenderHint(QPainter::Antialiasing);
        m_chart->setMargins(QMargins(4, 4, 4, 4));
        m_chart->setBackgroundRoundness(0);
        m_chart->legend()->setAlignment(Qt::AlignBottom);
        m_chart->legend()->hide();
        m_timeAxis->setTickCount(5);
        m_valueAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
        m_chart->addAxis(m_valueAxis, Qt::AlignLeft);
    }

    QWidget *widget() override { return m_view; }

    void setTitle(const QString &title) override { m_chart->setTitle(title); }

    void setSeriesNames(const QStringList &names) override
    {
        while (m_lines.size() > names.size()) {
            QLineSeries *line = m_lines.takeLast();
            m_chart->removeSeries(line);
            delete line;
        }
        while (m_lines.size() < names.size()) {
            auto *line = new QLineSeries;
            m_chart->addSeries(line);
            line->attachAxis(m_timeAxis);
            line->attachAxis(m_valueAxis);
            m_lines.append(line);
        }
        for (qsizetype i = 0; i < names.size(); ++i)
            m_lines.at(i)->setName(names.at(i));
        m_chart->legend()->setVisible(names.size() > 1);
    }

    void setPoints(int series, const QList<TimeSample> &samples) override
    {
        if (series < 0 || series >= m_lines.size())
            return;
        QList<QPointF> points;
        points.reserve(samples.size());
        for (const TimeSample &s : samples)
            points.append(QPointF(double(s.timeMs), s.value));
        QLineSeries *line = m_lines.at(series);
        // A lone point draws no line; show markers while points are few.
        line->setPointsVisible(points.size() < 30);
        line->replace(points);
    }

    void setTimeAxis(qint64 startMs, qint64 endMs, const QString &labelFormat) override
    {
        // Qt Charts lays the whole chart out again on every axis change: skip no-ops.
        if (startMs == m_startMs && endMs == m_endMs && labelFormat == m_timeAxis->format())
            return;
        m_startMs = startMs;
        m_endMs = endMs;
        m_timeAxis->setFormat(labelFormat);
        m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(startMs),
                             QDateTime::fromMSecsSinceEpoch(endMs));
    }

    void setValueAxis(double minimum,
                      double maximum,
                      const QList<std::pair<double, QString>> &ticks) override
    {
        if (minimum == m_valueAxis->min() && maximum == m_valueAxis->max() && ticks == m_ticks)
            return;
        m_ticks = ticks;
        for (const QString &label : m_valueAxis->categoriesLabels())
            m_valueAxis->remove(label);
        m_valueAxis->setStartValue(minimum);
        for (const auto &[value, label] : ticks) {
            // Category labels must be unique; a duplicate (rounding) is left out.
            if (!m_valueAxis->categoriesLabels().contains(label))
                m_valueAxis->append(label, value);
        }
        m_valueAxis->setRange(minimum, maximum);
    }

    void setDark(bool dark) override
    {
        // A theme restyles every item of the chart: only when it changes (light is
        // QChart's default, so a light desktop never pays for it).
        if (dark == m_dark)
            return;
        m_dark = dark;
        m_chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        m_chart->setBackgroundRoundness(0);
    }

    int drawnPointCount(int series) const override
    {
        return series >= 0 && series < m_lines.size() ? int(m_lines.at(series)->count()) : 0;
    }

    QStringList drawnValueLabels() const override { return m_valueAxis->categoriesLabels(); }

private:
    QChart *m_chart;
    QChartView *m_view; // owns the chart; the parent widget owns the view
    QDateTimeAxis *m_timeAxis;
    QCategoryAxis *m_valueAxis;
    QList<QLineSeries *> m_lines;
    bool m_dark = false;
    qint64 m_startMs = -1;
    qint64 m_endMs = -1;
    QList<std::pair<double, QString>> m_ticks;
};

} // namespace

std::unique_ptr<ChartBackend> createChartBackend(QWidget *parent)
{
    return std::make_unique<QtChartsBackend>(parent);
}

} // namespace runnel::ui
