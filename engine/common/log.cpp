#include "engine/common/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace runnel::log {

namespace {
std::atomic<Level> g_level{Level::Info};

const char *levelName(Level level)
{
    switch (level) {
    case Level::Debug:
        return "DEBUG";
    case Level::Info:
        return "INFO ";
    case Level::Warn:
        return "WARN ";
    case Level::Error:
        return "ERROR";
    }
    return "?";
}
} // namespace

void setLevel(Level level)
{
    g_level.store(level, std::memory_order_relaxed);
}

Level level()
{
    return g_level.load(std::memory_order_relaxed);
}

bool parseLevel(std::string_view text, Level &out)
{
    if (text == "debug" || text == "DEBUG" || text == "TRACE" || text == "trace")
        out = Level::Debug;
    else if (text == "info" || text == "INFO")
        out = Level::Info;
    else if (text == "warn" || text == "WARN" || text == "warning")
        out = Level::Warn;
    else if (text == "error" || text == "ERROR")
        out = Level::Error;
    else
        return false;
    return true;
}

void write(Level level, std::string_view component, std::string_view message)
{
    using namespace std::chrono;
    const auto now = system_clock::now();
    const std::time_t secs = system_clock::to_time_t(now);
    const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char stamp[64];
    std::snprintf(stamp,
                  sizeof stamp,
                  "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                  tm.tm_year + 1900,
                  tm.tm_mon + 1,
                  tm.tm_mday,
                  tm.tm_hour,
                  tm.tm_min,
                  tm.tm_sec,
                  static_cast<int>(millis));
    std::string line;
    line.reserve(message.size() + component.size() + 48);
    line.append(stamp).append(" ").append(levelName(level)).append(" [");
    line.append(component).append("] ").append(message).append("\n");
    [[maybe_unused]] auto n = ::write(STDERR_FILENO, line.data(), line.size());
}

} // namespace runnel::log
