#include "engine/metrics/lag.h"

#include <algorithm>
#include <cctype>

namespace runnel::metrics {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return s;
}

} // namespace

bool lagCounted(const std::string &groupId, const std::string &state)
{
    const std::string s = lower(state);
    if (s != "stable" && s != "empty")
        return false;
    if (groupId.empty() || groupId.find(':') != std::string::npos)
        return false;
    return std::all_of(groupId.begin(), groupId.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x80;
    });
}

void HighWatermarkHistory::record(const PartitionKey &key, int64_t timeMs, int64_t highWatermark)
{
    auto &points = m_points[key];
    if (!points.empty() && points.back().second == highWatermark)
        return;
    points.emplace_back(timeMs, highWatermark);
}

double HighWatermarkHistory::timeLagSeconds(const PartitionKey &key,
                                            int64_t committed,
                                            int64_t nowMs) const
{
    auto it = m_points.find(key);
    if (it == m_points.end() || it->second.empty())
        return 0;
    const auto &points = it->second;
    if (points.back().second <= committed)
        return 0;
    for (const auto &[time, hwm] : points) {
        if (hwm > committed)
            return static_cast<double>(std::max<int64_t>(nowMs - time, 0)) / 1000.0;
    }
    return 0;
}

void HighWatermarkHistory::prune(int64_t olderThanMs)
{
    for (auto &[key, points] : m_points) {
        // Keep the newest point older than the cut: it says what the watermark was then.
        auto firstKept = std::lower_bound(points.begin(),
                                          points.end(),
                                          olderThanMs,
                                          [](const auto &p, int64_t t) { return p.first < t; });
        if (firstKept != points.begin())
            points.erase(points.begin(), std::prev(firstKept));
    }
}

LagReport computeLag(const std::vector<ConsumerGroupOffsets> &groups,
                     const std::map<PartitionKey, int64_t> &highWatermarks,
                     const HighWatermarkHistory &history,
                     int64_t nowMs)
{
    LagReport report;
    for (const ConsumerGroupOffsets &g : groups) {
        if (!lagCounted(g.groupId, g.state))
            continue;
        std::map<std::string, TopicLag> topics;
        for (const auto &[key, committed] : g.committed) {
            if (committed < 0)
                continue;
            auto hw = highWatermarks.find(key);
            if (hw == highWatermarks.end())
                continue;
            PartitionLag p;
            p.groupId = g.groupId;
            p.partition = key;
            p.committed = committed;
            p.highWatermark = hw->second;
            p.offsetLag = std::max<int64_t>(hw->second - committed, 0);
            p.estimatedTimeLagSeconds
                = p.offsetLag == 0 ? 0 : history.timeLagSeconds(key, committed, nowMs);
            TopicLag &t = topics[key.topic];
            t.groupId = g.groupId;
            t.topic = key.topic;
            t.maxOffsetLag = std::max(t.maxOffsetLag, p.offsetLag);
            t.sumOffsetLag += p.offsetLag;
            t.estimatedMaxTimeLagSeconds
                = std::max(t.estimatedMaxTimeLagSeconds, p.estimatedTimeLagSeconds);
            report.partitions.push_back(std::move(p));
        }
        for (auto &[name, t] : topics)
            report.topics.push_back(std::move(t));
    }
    return report;
}

} // namespace runnel::metrics
