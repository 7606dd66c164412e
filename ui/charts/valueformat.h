#pragma once

// Numbers with CloudWatch units as a person reads them: "1.5 MB/s", "12 k/s", "250 ms",
// "40 %", "3.2 GB". Units are CloudWatch's names ("Bytes/Second", "Count", "Percent",
// "Milliseconds", "Seconds", "Bytes", "Count/Second"); an unknown unit prints the number.

#include <QList>
#include <QString>

#include <utility>

namespace runnel::ui {

QString formatMetricValue(double value, const QString &unit);

// The unit as words: "bytes per second", "percent" (translated); empty for Count.
QString metricUnitName(const QString &unit);

// Round axis steps over [minimum, maximum]: about `intervals` steps of 1, 2, 2.5 or 5
// times a power of ten, widened to contain both ends; 0 stays the floor for data that is
// never negative. Returns {niceMin, niceMax, step}.
struct NiceScale
{
    double minimum = 0;
    double maximum = 1;
    double step = 0.25;
};
NiceScale niceScale(double minimum, double maximum, int intervals = 4);

} // namespace runnel::ui
