#pragma once

// The one table of APIs and version ranges this broker ADVERTISES in ApiVersions.
// Chosen for the clients in client-compatibility.md §1.2 (librdkafka 2.0.2, kafkajs,
// kafka-python, sarama): every API from v0 where clients need it, Produce 0–2 advertised
// although legacy message formats are then rejected (librdkafka enables compression only
// when Produce v0 is in range), Fetch from v4. What the definitions can decode is wider
// (see definedApis() in the generated messages.h); a test checks the table stays inside it.
// Read by the ApiVersions handler and by the request dispatcher to answer
// UNSUPPORTED_VERSION; immutable, any thread.

#include "engine/protocol/messages.h"

#include <cstdint>
#include <span>

namespace runnel::protocol {

struct ApiVersionRange
{
    ApiKey key;
    int16_t minVersion;
    int16_t maxVersion;
};

// Sorted by key.
std::span<const ApiVersionRange> supportedApis();

// The advertised range for a raw api key from a request header, or nullptr.
const ApiVersionRange *findApi(int16_t apiKey);

} // namespace runnel::protocol
