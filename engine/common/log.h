#pragma once

// Minimal leveled logging to stderr (the broker's default sink), one line per event:
//   2026-11-25T13:40:00.123Z INFO  [storage] message
// Thread-safe: each line is written with one write(2). Secrets must never be passed in.

#include <sstream>
#include <string>
#include <string_view>

namespace runnel::log {

enum class Level { Debug = 0, Info = 1, Warn = 2, Error = 3 };

void setLevel(Level level);
Level level();
bool parseLevel(std::string_view text, Level &out);
void write(Level level, std::string_view component, std::string_view message);

class Line
{
public:
    Line(Level level, std::string_view component)
        : m_level(level)
        , m_component(component)
    {}
    ~Line() { write(m_level, m_component, m_stream.str()); }
    template<typename T>
    Line &operator<<(const T &v)
    {
        m_stream << v;
        return *this;
    }

private:
    Level m_level;
    std::string_view m_component;
    std::ostringstream m_stream;
};

struct Voidify
{
    void operator&(const Line &) {}
};

} // namespace runnel::log

// glog's idiom: the condition and the stream form one expression, so RLOG is safe as the
// body of an unbraced if/else and costs one comparison when the level is filtered out.
#define RLOG(lvl, component)                                                                       \
    !(::runnel::log::Level::lvl >= ::runnel::log::level())                                         \
        ? (void)0                                                                                  \
        : ::runnel::log::Voidify() & ::runnel::log::Line(::runnel::log::Level::lvl, component)

#define RLOG_DEBUG(component) RLOG(Debug, component)
#define RLOG_INFO(component) RLOG(Info, component)
#define RLOG_WARN(component) RLOG(Warn, component)
#define RLOG_ERROR(component) RLOG(Error, component)
