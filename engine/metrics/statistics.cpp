#include "engine/metrics/statistics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

namespace runnel::metrics {

namespace {

int64_t floorTo(int64_t t, int64_t period)
{
    int64_t q = t / period;
    if (t % period != 0 && t < 0)
        --q;
    return q * period;
}

} // namespace

std::optional<Statistic> parseStatistic(std::string_view text)
{
    if (text == "Average")
        return Statistic{StatisticKind::Average, 0};
    if (text == "Sum")
        return Statistic{StatisticKind::Sum, 0};
    if (text == "Maximum")
        return Statistic{StatisticKind::Maximum, 0};
    if (text == "Minimum")
        return Statistic{StatisticKind::Minimum, 0};
    if (text == "SampleCount")
        return Statistic{StatisticKind::SampleCount, 0};
    if (text.size() >= 2 && (text[0] == 'p' || text[0] == 'P')) {
        double p = 0;
        const std::string number(text.substr(1));
        auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), p);
        if (ec == std::errc() && end == number.data() + number.size() && p > 0 && p <= 100)
            return Statistic{StatisticKind::Percentile, p};
    }
    return std::nullopt;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    // Nearest rank: the smallest value with at least p% of the values at or below it.
    const double rank = std::ceil(p / 100.0 * static_cast<double>(values.size()));
    const size_t index = static_cast<size_t>(std::clamp(rank, 1.0, double(values.size()))) - 1;
    return values[index];
}

std::vector<Rollup> rollUp(const std::vector<TimedValue> &samples)
{
    std::map<int64_t, Rollup> minutes;
    for (const TimedValue &s : samples) {
        const int64_t minute = floorTo(s.timeMs, kMinuteMs);
        auto [it, fresh] = minutes.try_emplace(minute, Rollup{minute, 0, 0, s.value, s.value});
        Rollup &r = it->second;
        ++r.count;
        r.sum += s.value;
        r.min = std::min(r.min, s.value);
        r.max = std::max(r.max, s.value);
    }
    std::vector<Rollup> out;
    out.reserve(minutes.size());
    for (auto &[minute, r] : minutes)
        out.push_back(r);
    return out;
}

std::vector<DataPoint> aggregate(const std::vector<TimedValue> &samples,
                                 int64_t startMs,
                                 int64_t endMs,
                                 int64_t periodMs,
                                 Statistic statistic)
{
    std::map<int64_t, std::vector<double>> buckets;
    for (const TimedValue &s : samples)
        if (s.timeMs >= startMs && s.timeMs < endMs)
            buckets[floorTo(s.timeMs, periodMs)].push_back(s.value);
    std::vector<DataPoint> out;
    for (auto &[start, values] : buckets) {
        double v = 0;
        switch (statistic.kind) {
        case StatisticKind::Average:
        case StatisticKind::Sum:
            for (double x : values)
                v += x;
            if (statistic.kind == StatisticKind::Average)
                v /= static_cast<double>(values.size());
            break;
        case StatisticKind::Maximum:
            v = *std::max_element(values.begin(), values.end());
            break;
        case StatisticKind::Minimum:
            v = *std::min_element(values.begin(), values.end());
            break;
        case StatisticKind::SampleCount:
            v = static_cast<double>(values.size());
            break;
        case StatisticKind::Percentile:
            v = percentile(std::move(values), statistic.percentile);
            break;
        }
        out.push_back({start, v});
    }
    return out;
}

std::vector<DataPoint> aggregate(const std::vector<Rollup> &rollups,
                                 int64_t startMs,
                                 int64_t endMs,
                                 int64_t periodMs,
                                 Statistic statistic)
{
    std::map<int64_t, std::vector<const Rollup *>> buckets;
    for (const Rollup &r : rollups)
        if (r.minuteMs >= startMs && r.minuteMs < endMs && r.count > 0)
            buckets[floorTo(r.minuteMs, periodMs)].push_back(&r);
    std::vector<DataPoint> out;
    for (auto &[start, list] : buckets) {
        double count = 0, sum = 0;
        double lo = list.front()->min, hi = list.front()->max;
        std::vector<double> averages;
        for (const Rollup *r : list) {
            count += static_cast<double>(r->count);
            sum += r->sum;
            lo = std::min(lo, r->min);
            hi = std::max(hi, r->max);
            averages.push_back(r->sum / static_cast<double>(r->count));
        }
        double v = 0;
        switch (statistic.kind) {
        case StatisticKind::Average:
            v = sum / count;
            break;
        case StatisticKind::Sum:
            v = sum;
            break;
        case StatisticKind::Maximum:
            v = hi;
            break;
        case StatisticKind::Minimum:
            v = lo;
            break;
        case StatisticKind::SampleCount:
            v = count;
            break;
        case StatisticKind::Percentile:
            v = percentile(std::move(averages), statistic.percentile);
            break;
        }
        out.push_back({start, v});
    }
    return out;
}

} // namespace runnel::metrics
