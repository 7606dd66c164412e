#pragma once

// Kafka request and response headers, and which header version each API version uses.
// Called by the connection code (net/broker) for every frame, before the body is decoded
// with the generated messages; pure functions, any thread.
//
//   request header v0:  api_key int16 | api_version int16 | correlation_id int32
//   request header v1:  v0 | client_id nullable string (int16 length)
//   request header v2:  v1 | tagged fields       (client_id stays int16-length: KIP-482)
//   response header v0: correlation_id int32
//   response header v1: v0 | tagged fields
//
// Flexible API versions use request header v2 and response header v1, except that the
// ApiVersions response always uses header v0 so that a client which does not yet know
// what the broker supports can still read it (KIP-511).

#include "engine/common/bytes.h"
#include "engine/protocol/messages.h"

#include <cstdint>
#include <optional>
#include <string>

namespace runnel::protocol {

struct RequestHeader
{
    int16_t requestApiKey = 0;
    int16_t requestApiVersion = 0;
    int32_t correlationId = 0;
    std::optional<std::string> clientId; // v1+

    // Returns false (and fails r) on malformed input. Unknown tagged fields are skipped.
    bool decode(runnel::ByteReader &r, int16_t headerVersion);
    void encode(runnel::ByteWriter &w, int16_t headerVersion) const;
    bool operator==(const RequestHeader &) const = default;
};

// The response header as a client reads it (replica fetchers, tests).
struct ResponseHeader
{
    int32_t correlationId = 0;

    bool decode(runnel::ByteReader &r, int16_t headerVersion);
    void encode(runnel::ByteWriter &w, int16_t headerVersion) const;
    bool operator==(const ResponseHeader &) const = default;
};

void encodeResponseHeader(runnel::ByteWriter &w, int32_t correlationId, int16_t headerVersion);

// True if this API version uses the flexible (KIP-482) encoding. False for unknown keys.
bool isFlexible(ApiKey key, int16_t apiVersion);

// Header versions for an API version: 2/1 when flexible, else 1/0.
int16_t requestHeaderVersion(ApiKey key, int16_t apiVersion);
int16_t responseHeaderVersion(ApiKey key, int16_t apiVersion);

} // namespace runnel::protocol
