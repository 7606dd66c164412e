#pragma once

// CloudWatch's statistics over time series, and the agent's 1-minute rollups.
//
// A query asks for one statistic per period: buckets start at multiples of the period
// since the epoch (as CloudWatch aligns them), and a bucket without samples yields no
// data point. Statistics: Average, Sum, Maximum, Minimum, SampleCount and percentiles
// "pNN" / "pNN.N" (nearest rank). Over rollups, Average, Sum, Maximum, Minimum and
// SampleCount are exact (each rollup keeps count, sum, min and max of its minute);
// a percentile is taken over the per-minute averages, since a minute's samples are gone.
// Pure functions; any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runnel::metrics {

enum class StatisticKind { Average, Sum, Maximum, Minimum, SampleCount, Percentile };

struct Statistic
{
    StatisticKind kind = StatisticKind::Average;
    double percentile = 0; // 0–100, for Percentile
};

// "Average", "Sum", "Maximum", "Minimum", "SampleCount", "p99", "p99.9"; nullopt otherwise.
std::optional<Statistic> parseStatistic(std::string_view text);

struct TimedValue
{
    int64_t timeMs = 0;
    double value = 0;
};

struct Rollup
{
    int64_t minuteMs = 0; // start of the minute
    uint64_t count = 0;
    double sum = 0;
    double min = 0;
    double max = 0;
};

struct DataPoint
{
    int64_t timeMs = 0; // start of the period
    double value = 0;
};

constexpr int64_t kMinuteMs = 60000;

// Nearest-rank percentile (p in 0–100) of `values`; 0 for none.
double percentile(std::vector<double> values, double p);

// One rollup per minute that holds samples, in time order.
std::vector<Rollup> rollUp(const std::vector<TimedValue> &samples);

// The statistic of the samples in [startMs, endMs), one point per non-empty period, in
// time order. periodMs > 0.
std::vector<DataPoint> aggregate(const std::vector<TimedValue> &samples,
                                 int64_t startMs,
                                 int64_t endMs,
                                 int64_t periodMs,
                                 Statistic statistic);

// The same over rollups; periodMs must be a multiple of a minute.
std::vector<DataPoint> aggregate(const std::vector<Rollup> &rollups,
                                 int64_t startMs,
                                 int64_t endMs,
                                 int64_t periodMs,
                                 Statistic statistic);

} // namespace runnel::metrics
