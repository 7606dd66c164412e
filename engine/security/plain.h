#pragma once

// SASL/PLAIN (RFC 4616), for development listeners only: the password crosses the wire
// in the clear. Users come from Kafka's broker key
// `listener.name.<listener>.plain.sasl.jaas.config`, e.g.
//   org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="secret";
// Pure functions; called by SaslServer on the broker's event-loop thread.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace runnel::security {

struct PlainToken
{
    std::string authzid;
    std::string user;
    std::string password;
};

// "authzid\0user\0password" → its parts, or nullopt when malformed.
std::optional<PlainToken> parsePlainToken(std::string_view token);

// The `user_NAME="PASSWORD"` entries of a PlainLoginModule JAAS line, by user name.
std::map<std::string, std::string> parsePlainJaasUsers(std::string_view jaas);

// Constant-time check of `token` against `users`; the authenticated user or nullopt.
std::optional<std::string> verifyPlain(const std::map<std::string, std::string> &users,
                                       std::string_view token,
                                       std::string *error);

} // namespace runnel::security
