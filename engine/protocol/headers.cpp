#include "engine/protocol/headers.h"

#include "engine/protocol/wire.h"

namespace runnel::protocol {

bool RequestHeader::decode(runnel::ByteReader &r, int16_t headerVersion)
{
    requestApiKey = r.readI16();
    requestApiVersion = r.readI16();
    correlationId = r.readI32();
    clientId.reset();
    if (headerVersion >= 1)
        wire::readString(r, false, true, clientId);
    if (headerVersion >= 2)
        wire::skipTaggedFields(r);
    return r.ok();
}

void RequestHeader::encode(runnel::ByteWriter &w, int16_t headerVersion) const
{
    w.writeI16(requestApiKey);
    w.writeI16(requestApiVersion);
    w.writeI32(correlationId);
    if (headerVersion >= 1)
        wire::writeString(w, false, clientId);
    if (headerVersion >= 2)
        w.writeUnsignedVarint(0);
}

bool ResponseHeader::decode(runnel::ByteReader &r, int16_t headerVersion)
{
    correlationId = r.readI32();
    if (headerVersion >= 1)
        wire::skipTaggedFields(r);
    return r.ok();
}

void ResponseHeader::encode(runnel::ByteWriter &w, int16_t headerVersion) const
{
    encodeResponseHeader(w, correlationId, headerVersion);
}

void encodeResponseHeader(runnel::ByteWriter &w, int32_t correlationId, int16_t headerVersion)
{
    w.writeI32(correlationId);
    if (headerVersion >= 1)
        w.writeUnsignedVarint(0); // empty tagged-field section
}

bool isFlexible(ApiKey key, int16_t apiVersion)
{
    const ApiDefinition *d = findDefinition(static_cast<int16_t>(key));
    return d && d->firstFlexibleVersion >= 0 && apiVersion >= d->firstFlexibleVersion;
}

int16_t requestHeaderVersion(ApiKey key, int16_t apiVersion)
{
    return isFlexible(key, apiVersion) ? 2 : 1;
}

int16_t responseHeaderVersion(ApiKey key, int16_t apiVersion)
{
    if (key == ApiKey::ApiVersions)
        return 0;
    return isFlexible(key, apiVersion) ? 1 : 0;
}

} // namespace runnel::protocol
