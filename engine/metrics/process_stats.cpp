#include "engine/metrics/process_stats.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/statvfs.h>
#include <thread>
#include <unistd.h>

namespace runnel::metrics {

ProcessStats::Reading ProcessStats::read()
{
    Reading r;
    using namespace std::chrono;
    r.wallSeconds = duration<double>(steady_clock::now().time_since_epoch()).count();
    const double hz = static_cast<double>(::sysconf(_SC_CLK_TCK));
    std::ifstream stat("/proc/self/stat");
    std::string line;
    if (std::getline(stat, line)) {
        // Fields after the command name, which is in parentheses and may hold spaces.
        const size_t close = line.rfind(')');
        std::istringstream in(close == std::string::npos ? std::string() : line.substr(close + 2));
        std::string field;
        // state(3) … utime is field 14, stime 15 (1-based over the whole line).
        for (int i = 3; i <= 15 && in >> field; ++i) {
            if (i == 14)
                r.userSeconds = std::stod(field) / hz;
            if (i == 15)
                r.systemSeconds = std::stod(field) / hz;
        }
    }
    std::ifstream host("/proc/stat");
    std::string cpu;
    if (host >> cpu && cpu == "cpu") {
        uint64_t v = 0;
        for (int i = 0; i < 10 && host >> v; ++i) {
            r.hostTotal += v;
            if (i == 3 || i == 4) // idle, iowait
                r.hostIdle += v;
        }
    }
    return r;
}

void ProcessStats::tick()
{
    m_history[static_cast<size_t>(m_ticks % static_cast<int>(m_history.size()))] = read();
    ++m_ticks;
}

ProcessFigures ProcessStats::figures() const
{
    ProcessFigures f;
    std::ifstream statm("/proc/self/statm");
    uint64_t size = 0, resident = 0;
    if (statm >> size >> resident)
        f.memoryUsedBytes
            = static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE));
    if (m_ticks < 2)
        return f;
    const int n = static_cast<int>(m_history.size());
    const int span = std::min(m_ticks - 1, kWindowSeconds);
    const Reading &now = m_history[static_cast<size_t>((m_ticks - 1) % n)];
    const Reading &then = m_history[static_cast<size_t>((m_ticks - 1 - span) % n)];
    const double cores = static_cast<double>(std::max(1U, std::thread::hardware_concurrency()));
    const double capacity = (now.wallSeconds - then.wallSeconds) * cores;
    if (capacity > 0) {
        f.cpuUser = std::clamp((now.userSeconds - then.userSeconds) / capacity * 100, 0.0, 100.0);
        f.cpuSystem
            = std::clamp((now.systemSeconds - then.systemSeconds) / capacity * 100, 0.0, 100.0);
    }
    if (now.hostTotal > then.hostTotal)
        f.cpuIdle = static_cast<double>(now.hostIdle - then.hostIdle)
                    / static_cast<double>(now.hostTotal - then.hostTotal) * 100;
    return f;
}

double ProcessStats::diskUsedPercent(const std::vector<std::string> &dirs)
{
    double fullest = 0;
    for (const std::string &dir : dirs) {
        struct statvfs s
        {};
        if (::statvfs(dir.c_str(), &s) != 0 || s.f_blocks == 0)
            continue;
        const double total = static_cast<double>(s.f_blocks);
        const double available = static_cast<double>(s.f_bavail);
        const double free = static_cast<double>(s.f_bfree);
        // As df: used / (used + available to users).
        const double used = total - free;
        if (used + available > 0)
            fullest = std::max(fullest, used / (used + available) * 100);
    }
    return fullest;
}

} // namespace runnel::metrics
