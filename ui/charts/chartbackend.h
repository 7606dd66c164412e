#pragma once

// ChartBackend: what TimeSeriesChart needs from a chart library, and nothing more. The
// chart keeps the data, the ranges and the labels; a backend only draws them. One
// implementation exists (qtchartsbackend.cpp, Qt Charts); createChartBackend() is the one
// place that picks it. Internal to ui/charts; GUI thread only.

#include "ui/charts/timeserieschart.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <utility>

class QWidget;

namespace runnel::ui {

class ChartBackend
{
public:
    virtual ~ChartBackend() = default;

    // The widget that draws; the chart puts it in its layout.
    virtual QWidget *widget() = 0;

    virtual void setTitle(const QString &title) = 0;
    // Sets how many lines there are and their legend names.
    virtual void setSeriesNames(const QStringList &names) = 0;
    virtual void setPoints(int series, const QList<TimeSample> &samples) = 0;
    virtual void setTimeAxis(qint64 startMs, qint64 endMs, const QString &labelFormat) = 0;
    // ticks: value and label, from the minimum to the maximum.
    virtual void
    setValueAxis(double minimum, double maximum, const QList<std::pair<double, QString>> &ticks)
        = 0;
    virtual void setDark(bool dark) = 0;

    // What is drawn now, for tests and accessibility: points of a line, axis labels.
    virtual int drawnPointCount(int series) const = 0;
    virtual QStringList drawnValueLabels() const = 0;
};

std::unique_ptr<ChartBackend> createChartBackend(QWidget *parent);

} // namespace runnel::ui
