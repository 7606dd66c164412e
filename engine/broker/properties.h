#pragma once

// Reading Java-style `.properties` files, the format of Kafka's server.properties:
//   key=value | key: value | key value ; '#' or '!' starts a comment line;
//   a trailing backslash continues the line; \t \n \r \\ \uXXXX escapes.
// Later keys override earlier ones, as in java.util.Properties.

#include "engine/common/result.h"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace runnel::broker {

using Properties = std::map<std::string, std::string>;

Properties parseProperties(std::string_view text);
Result<Properties> loadProperties(const std::filesystem::path &path);

} // namespace runnel::broker
