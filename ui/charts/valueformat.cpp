#include "ui/charts/valueformat.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace runnel::ui {

namespace {
class Text
{
    Q_DECLARE_TR_FUNCTIONS(runnel::ui::ValueFormat)
};

// Up to three significant digits, trailing zeros dropped, in the user's locale.
QString number(double v)
{
    const double a = std::abs(v);
    const int decimals = a >= 100 || a == std::floor(a) ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
    QString s = QLocale().toString(v, 'f', decimals);
    const QChar point = QLocale().decimalPoint().at(0);
    if (decimals > 0 && s.contains(point)) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(point))
            s.chop(1);
    }
    return s;
}

// 1 234 567 → "1.23 M" with SI prefixes, as CloudWatch writes large numbers.
QString scaled(double v, const QString &suffix)
{
    static const char *const prefixes[] = {"", "k", "M", "G", "T", "P"};
    int i = 0;
    double a = v;
    while (std::abs(a) >= 1000 && i < 5) {
        a /= 1000;
        ++i;
    }
    const QString prefix = QString::fromLatin1(prefixes[i]);
    if (suffix.isEmpty())
        return prefix.isEmpty() ? number(a) : Text::tr("%1 %2").arg(number(a), prefix);
    return Text::tr("%1 %2%3").arg(number(a), prefix, suffix);
}
} // namespace

QString formatMetricValue(double value, const QString &unit)
{
    if (!std::isfinite(value))
        return QString::number(value);
    if (unit == QLatin1String("Bytes"))
        return scaled(value, Text::tr("B"));
    if (unit == QLatin1String("Bytes/Second"))
        return scaled(value, Text::tr("B/s"));
    if (unit == QLatin1String("Count/Second"))
        return scaled(value, Text::tr("/s"));
    if (unit == QLatin1String("Percent"))
        return Text::tr("%1 %").arg(number(value));
    if (unit == QLatin1String("Milliseconds"))
        return Text::tr("%1 ms").arg(number(value));
    if (unit == QLatin1String("Seconds"))
        return Text::tr("%1 s").arg(number(value));
    return scaled(value, {});
}

QString metricUnitName(const QString &unit)
{
    if (unit == QLatin1String("Bytes"))
        return Text::tr("bytes");
    if (unit == QLatin1String("Bytes/Second"))
        return Text::tr("bytes per second");
    if (unit == QLatin1String("Count/Second"))
        return Text::tr("per second");
    if (unit == QLatin1String("Percent"))
        return Text::tr("percent");
    if (unit == QLatin1String("Milliseconds"))
        return Text::tr("milliseconds");
    if (unit == QLatin1String("Seconds"))
        return Text::tr("seconds");
    return {};
}

NiceScale niceScale(double minimum, double maximum, int intervals)
{
    if (!std::isfinite(minimum) || !std::isfinite(maximum) || maximum < minimum)
        return {};
    if (minimum >= 0)
        minimum = 0;
    if (maximum == minimum)
        maximum = minimum == 0 ? 1 : minimum + std::abs(minimum);
    const double raw = (maximum - minimum) / std::max(1, intervals);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / magnitude;
    const double factor = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
    const double step = factor * magnitude;
    NiceScale s;
    s.step = step;
    s.minimum = std::floor(minimum / step) * step;
    s.maximum = std::ceil(maximum / step) * step;
    if (s.maximum <= s.minimum)
        s.maximum = s.minimum + step;
    return s;
}

} // namespace runnel::ui
