#include "engine/metrics/exposition.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace runnel::metrics {

namespace {

void appendEscaped(std::string &out, std::string_view value, bool help)
{
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '"' && !help)
            out += "\\\"";
        else
            out += c;
    }
}

bool isNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9');
}

Error lineError(size_t line, const std::string &what)
{
    return makeError(ErrorCode::InvalidRequest,
                     "metrics line " + std::to_string(line) + ": " + what);
}

} // namespace

std::string Sample::label(std::string_view key) const
{
    for (const auto &[k, v] : labels)
        if (k == key)
            return v;
    return {};
}

std::string formatValue(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (ec != std::errc())
        return "NaN";
    return std::string(buffer, end);
}

std::string writeExposition(const std::vector<MetricFamily> &families)
{
    std::string out;
    out.reserve(families.size() * 160);
    for (const MetricFamily &f : families) {
        out += "# HELP ";
        out += f.name;
        out += ' ';
        appendEscaped(out, f.help, true);
        out += "\n# TYPE ";
        out += f.name;
        out += f.type == MetricType::Counter ? " counter\n" : " gauge\n";
        for (const Sample &s : f.samples) {
            out += f.name;
            if (!s.labels.empty()) {
                out += '{';
                bool first = true;
                for (const auto &[k, v] : s.labels) {
                    if (!first)
                        out += ',';
                    first = false;
                    out += k;
                    out += "=\"";
                    appendEscaped(out, v, false);
                    out += '"';
                }
                out += '}';
            }
            out += ' ';
            out += formatValue(s.value);
            out += '\n';
        }
    }
    return out;
}

Result<std::vector<Sample>> parseExposition(std::string_view text)
{
    std::vector<Sample> samples;
    size_t lineNo = 0;
    while (!text.empty()) {
        ++lineNo;
        const size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.remove_suffix(1);
        size_t i = 0;
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        if (i == line.size() || line[i] == '#')
            continue;
        Sample s;
        if (!isNameStart(line[i]))
            return lineError(lineNo, "a sample starts with a metric name");
        const size_t nameStart = i;
        while (i < line.size() && isNameChar(line[i]))
            ++i;
        s.name = std::string(line.substr(nameStart, i - nameStart));
        if (i < line.size() && line[i] == '{') {
            ++i;
            while (true) {
                while (i < line.size() && (line[i] == ' ' || line[i] == ','))
                    ++i;
                if (i < line.size() && line[i] == '}') {
                    ++i;
                    break;
                }
                const size_t keyStart = i;
                while (i < line.size() && isNameChar(line[i]))
                    ++i;
                if (i == keyStart || i + 1 >= line.size() || line[i] != '=' || line[i + 1] != '"')
                    return lineError(lineNo, "a label is name=\"value\"");
                std::string key(line.substr(keyStart, i - keyStart));
                i += 2;
                std::string value;
                bool closed = false;
                while (i < line.size()) {
                    char c = line[i++];
                    if (c == '"') {
                        closed = true;
                        break;
                    }
                    if (c == '\\' && i < line.size()) {
                        char e = line[i++];
                        value += e == 'n' ? '\n' : e;
                    } else {
                        value += c;
                    }
                }
                if (!closed)
                    return lineError(lineNo, "unterminated label value");
                s.labels.emplace_back(std::move(key), std::move(value));
            }
        }
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        const size_t valueStart = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t')
            ++i;
        const std::string valueText(line.substr(valueStart, i - valueStart));
        if (valueText.empty())
            return lineError(lineNo, "sample " + s.name + " has no value");
        if (valueText == "NaN") {
            s.value = std::nan("");
        } else if (valueText == "+Inf" || valueText == "Inf") {
            s.value = HUGE_VAL;
        } else if (valueText == "-Inf") {
            s.value = -HUGE_VAL;
        } else {
            char *end = nullptr;
            s.value = std::strtod(valueText.c_str(), &end);
            if (end != valueText.c_str() + valueText.size())
                return lineError(lineNo, "'" + valueText + "' is not a number");
        }
        samples.push_back(std::move(s));
    }
    return samples;
}

} // namespace runnel::metrics
