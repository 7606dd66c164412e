#include "engine/broker/properties.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace runnel::broker {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\f';
}

void appendUtf8(std::string &out, unsigned cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Resolves escapes in one logical line's key or value.
std::string unescape(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out += s[i];
            continue;
        }
        char c = s[++i];
        switch (c) {
        case 't':
            out += '\t';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 'f':
            out += '\f';
            break;
        case 'u':
            if (i + 4 < s.size()) {
                unsigned cp = 0;
                bool ok = true;
                for (size_t k = 1; k <= 4 && ok; ++k) {
                    char h = s[i + k];
                    cp <<= 4;
                    if (h >= '0' && h <= '9')
                        cp |= unsigned(h - '0');
                    else if (h >= 'a' && h <= 'f')
                        cp |= unsigned(h - 'a' + 10);
                    else if (h >= 'A' && h <= 'F')
                        cp |= unsigned(h - 'A' + 10);
                    else
                        ok = false;
                }
                if (ok) {
                    appendUtf8(out, cp);
                    i += 4;
                    break;
                }
            }
            out += 'u';
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace

Properties parseProperties(std::string_view text)
{
    Properties props;
    std::string logical;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        size_t start = 0;
        while (start < line.size() && isSpace(line[start]))
            ++start;
        line.remove_prefix(start);
        if (logical.empty() && (line.empty() || line[0] == '#' || line[0] == '!')) {
            if (pos > text.size())
                break;
            continue;
        }
        // Count trailing backslashes: an odd number continues the line.
        size_t slashes = 0;
        while (slashes < line.size() && line[line.size() - 1 - slashes] == '\\')
            ++slashes;
        if (slashes % 2 == 1) {
            logical.append(line.substr(0, line.size() - 1));
            if (pos > text.size())
                break;
            continue;
        }
        logical.append(line);

        // Split key and value at the first unescaped '=', ':' or whitespace.
        size_t i = 0;
        while (i < logical.size()) {
            char c = logical[i];
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '=' || c == ':' || isSpace(c))
                break;
            ++i;
        }
        std::string key
            = unescape(std::string_view(logical).substr(0, std::min(i, logical.size())));
        size_t v = i;
        while (v < logical.size() && isSpace(logical[v]))
            ++v;
        if (v < logical.size() && (logical[v] == '=' || logical[v] == ':'))
            ++v;
        while (v < logical.size() && isSpace(logical[v]))
            ++v;
        std::string value
            = v < logical.size() ? unescape(std::string_view(logical).substr(v)) : std::string();
        // Trailing whitespace of values is kept by Java; trim it, since it is never intended
        // in a broker setting and silently breaks numbers.
        while (!value.empty() && isSpace(value.back()))
            value.pop_back();
        if (!key.empty())
            props[key] = value;
        logical.clear();
        if (pos > text.size())
            break;
    }
    return props;
}

Result<Properties> loadProperties(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::InvalidConfig,
                         "cannot read " + path.string() + ": " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    return parseProperties(ss.str());
}

} // namespace runnel::broker
