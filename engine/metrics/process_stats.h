#pragma once

// ProcessStats: the host-side figures MSK publishes per broker, read from Linux's /proc
// and statvfs. CpuUser and CpuSystem are this process's CPU time as a percentage of the
// host's whole CPU capacity (all cores) over the last window; CpuIdle is the host's idle
// percentage over the same window (/proc/stat). MemoryUsed is the process's resident set
// in bytes. KafkaDataLogsDiskUsed is the percentage of the filesystem holding the log
// directories that is in use (the fullest, with several).
//
// Owned by whoever samples (the metrics endpoint); tick() once a second; one thread.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace runnel::metrics {

struct ProcessFigures
{
    double cpuUser = 0;
    double cpuSystem = 0;
    double cpuIdle = 100;
    double memoryUsedBytes = 0;
};

class ProcessStats
{
public:
    static constexpr int kWindowSeconds = 5;
    void tick();
    ProcessFigures figures() const;
    // Percentage of the filesystem in use for the fullest of `dirs`; 0 if none can be read.
    static double diskUsedPercent(const std::vector<std::string> &dirs);

private:
    struct Reading
    {
        double wallSeconds = 0;
        double userSeconds = 0, systemSeconds = 0; // this process
        uint64_t hostIdle = 0, hostTotal = 0;      // jiffies, all cores
    };
    static Reading read();
    std::array<Reading, kWindowSeconds + 1> m_history{};
    int m_ticks = 0;
};

} // namespace runnel::metrics
