#include "engine/security/plain.h"

#include "engine/security/scram.h"

#include <cctype>

namespace runnel::security {

std::optional<PlainToken> parsePlainToken(std::string_view token)
{
    const size_t first = token.find('\0');
    if (first == std::string_view::npos)
        return std::nullopt;
    const size_t second = token.find('\0', first + 1);
    if (second == std::string_view::npos || token.find('\0', second + 1) != std::string_view::npos)
        return std::nullopt;
    PlainToken t;
    t.authzid = std::string(token.substr(0, first));
    t.user = std::string(token.substr(first + 1, second - first - 1));
    t.password = std::string(token.substr(second + 1));
    return t;
}

std::map<std::string, std::string> parsePlainJaasUsers(std::string_view jaas)
{
    std::map<std::string, std::string> users;
    size_t i = 0;
    while (i < jaas.size()) {
        // A key: letters, digits, '_', '.', '-'.
        while (i < jaas.size() && std::isspace(static_cast<unsigned char>(jaas[i])))
            ++i;
        const size_t keyStart = i;
        while (i < jaas.size()
               && (std::isalnum(static_cast<unsigned char>(jaas[i])) || jaas[i] == '_'
                   || jaas[i] == '.' || jaas[i] == '-'))
            ++i;
        std::string_view key = jaas.substr(keyStart, i - keyStart);
        if (i < jaas.size() && jaas[i] == '=' && i + 1 < jaas.size() && jaas[i + 1] == '"') {
            i += 2;
            std::string value;
            while (i < jaas.size() && jaas[i] != '"') {
                if (jaas[i] == '\\' && i + 1 < jaas.size())
                    ++i;
                value += jaas[i++];
            }
            ++i; // closing quote
            if (key.size() > 5 && key.substr(0, 5) == "user_")
                users[std::string(key.substr(5))] = value;
            continue;
        }
        if (i == keyStart)
            ++i; // ';' or any other separator
    }
    return users;
}

std::optional<std::string> verifyPlain(const std::map<std::string, std::string> &users,
                                       std::string_view token,
                                       std::string *error)
{
    auto parsed = parsePlainToken(token);
    if (!parsed) {
        *error = "malformed PLAIN token";
        return std::nullopt;
    }
    if (!parsed->authzid.empty() && parsed->authzid != parsed->user) {
        *error = "authorization id differs from the user name";
        return std::nullopt;
    }
    auto it = users.find(parsed->user);
    auto bytes = [](std::string_view s) {
        return std::span<const uint8_t>(reinterpret_cast<const uint8_t *>(s.data()), s.size());
    };
    // Compare against something even for unknown users, so timing does not tell them apart.
    const std::string &expected = it != users.end() ? it->second : parsed->password + "x";
    if (it == users.end() || !constantTimeEquals(bytes(expected), bytes(parsed->password))) {
        *error = "invalid credentials";
        return std::nullopt;
    }
    return parsed->user;
}

} // namespace runnel::security
