#pragma once

// Prometheus text exposition format 0.0.4, both ways: the broker writes its metric
// families with writeExposition(); the agent reads a scrape back with parseExposition().
//
//   # HELP BytesInPerSec Bytes produced to this broker per second, over the last 10 s.
//   # TYPE BytesInPerSec gauge
//   BytesInPerSec 1024
//   BytesInPerSec{topic="orders"} 1024
//
// Label values are escaped (\\, \", \n) as the format requires; metric names are MSK's
// CloudWatch names, which are valid Prometheus names as they are. Pure functions, no
// state, any thread.

#include "engine/common/result.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace runnel::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

struct Sample
{
    std::string name;
    Labels labels;
    double value = 0;

    // The value of label `key`, or "" when absent.
    std::string label(std::string_view key) const;
};

enum class MetricType { Gauge, Counter };

struct MetricFamily
{
    std::string name;
    std::string help;
    MetricType type = MetricType::Gauge;
    std::vector<Sample> samples; // each sample's name is the family's
};

// The content type a scraper expects for this format.
constexpr std::string_view kExpositionContentType = "text/plain; version=0.0.4; charset=utf-8";

std::string writeExposition(const std::vector<MetricFamily> &families);

// Reads every sample of a scrape (comments and blank lines skipped). A malformed line is
// an error naming its line number, so a broken endpoint is noticed rather than half-read.
Result<std::vector<Sample>> parseExposition(std::string_view text);

// Shortest text that reads back as the same double; NaN and ±Inf as Prometheus spells them.
std::string formatValue(double value);

} // namespace runnel::metrics
