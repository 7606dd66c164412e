// libFuzzer target for the request path of the Kafka codec: one input is one request
// frame without its 4-byte size prefix, decoded exactly as the broker does (header, with
// the header version chosen from the API key and version, then the body), for every API
// and version the broker advertises. Whatever decodes is encoded again, decoded again and
// encoded a third time; the two encodings must be identical, so an asymmetry between
// decode and encode aborts like a crash. Built only with RUNNEL_FUZZ (clang, sanitizers);
// tests/fuzz/run-fuzz.sh drives it.

#include "engine/protocol/api_table.h"
#include "engine/protocol/headers.h"
#include "engine/protocol/messages.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

using namespace runnel;
using namespace runnel::protocol;

namespace {

template<typename M>
void checkReencode(const M &decoded, int16_t version)
{
    Bytes first;
    ByteWriter w(first);
    decoded.encode(w, version);

    M again;
    ByteReader r(first);
    if (!again.decode(r, version) || !r.atEnd())
        std::abort(); // we could not read our own encoding
    Bytes second;
    ByteWriter w2(second);
    again.encode(w2, version);
    if (first != second)
        std::abort(); // decode and encode disagree
}

template<typename M>
void decodeBody(ByteSpan body, int16_t version)
{
    M message;
    ByteReader r(body);
    if (message.decode(r, version))
        checkReencode(message, version);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ByteSpan frame(data, size);
    ByteReader peek(frame);
    const int16_t rawKey = peek.readI16();
    const int16_t version = peek.readI16();
    const ApiVersionRange *api = findApi(rawKey);
    if (!peek.ok() || !api || version < api->minVersion || version > api->maxVersion)
        return 0; // the broker answers these without decoding a body

    ByteReader r(frame);
    RequestHeader header;
    if (!header.decode(r, requestHeaderVersion(api->key, version)))
        return 0;
    const ByteSpan body = r.rest();

    visitApi(api->key, [&](auto requestType, auto responseType) {
        decodeBody<typename decltype(requestType)::type>(body, version);
        // Follower fetchers and the console decode responses from other brokers: the
        // same bytes exercise the response decoders too.
        decodeBody<typename decltype(responseType)::type>(body, version);
    });

    // The header itself must survive a round trip as well.
    Bytes encodedHeader;
    ByteWriter hw(encodedHeader);
    header.encode(hw, requestHeaderVersion(api->key, version));
    RequestHeader again;
    ByteReader hr(encodedHeader);
    if (!again.decode(hr, requestHeaderVersion(api->key, version)) || !(again == header))
        std::abort();
    return 0;
}
