#pragma once

// Helpers shared by the broker's handler files; not part of the broker's interface.

#include "engine/broker/broker.h"
#include "engine/common/log.h"
#include "engine/protocol/headers.h"

#include <filesystem>

namespace runnel::broker {

// Replaces `file` atomically with `content`: temp file, fsync, rename, fsync dir.
Status writeFileDurably(const std::filesystem::path &file, const std::string &content);

inline int16_t code(ErrorCode e)
{
    return static_cast<int16_t>(e);
}

// Broker ids as the protocol's int32 lists carry them.
inline std::vector<int32_t> ids(const std::vector<BrokerId> &v)
{
    std::vector<int32_t> out;
    for (BrokerId b : v)
        out.push_back(b.value());
    return out;
}

template<typename Response>
Bytes Broker::encodeResponse(const RequestContext &ctx,
                             const Response &response,
                             size_t sizeHint) const
{
    // Large responses (fetches) are sized up front: growing a multi-megabyte buffer by
    // doubling copies it several times and faults in fresh pages each time.
    Bytes out;
    out.reserve(sizeHint);
    ByteWriter w(out);
    protocol::encodeResponseHeader(
        w, ctx.correlationId, protocol::responseHeaderVersion(ctx.apiKey, ctx.apiVersion));
    response.encode(w, ctx.apiVersion);
    return out;
}

template<typename Response>
void Broker::reply(const RequestContext &ctx,
                   const Response &response,
                   net::Respond &respond,
                   size_t sizeHint) const
{
    respond(net::Response::send(encodeResponse(ctx, response, sizeHint)));
}

template<typename Request>
bool Broker::decodeRequest(const RequestContext &ctx, ByteReader &reader, Request &request) const
{
    if (request.decode(reader, ctx.apiVersion))
        return true;
    RLOG_WARN("broker") << "closing connection from "
                        << (ctx.connection ? ctx.connection->peer : std::string("?"))
                        << ": malformed " << protocol::apiName(ctx.apiKey) << " v" << ctx.apiVersion
                        << " request (client " << ctx.clientId << ")";
    return false;
}

} // namespace runnel::broker
