#include "engine/cluster/raft_codec.h"

#include <type_traits>

namespace runnel::cluster {

using namespace runnel::metadata;

namespace {

enum class BodyType : int8_t {
    VoteRequest = 1,
    VoteResponse = 2,
    BeginQuorumEpoch = 3,
    BeginQuorumEpochResponse = 4,
    EndQuorumEpoch = 5,
    FetchRequest = 6,
    FetchResponse = 7,
};

// offset + epoch + kind + length: the smallest encoded entry.
constexpr size_t kMinEntryBytes = 8 + 4 + 1 + 4;

void writeBool(ByteWriter &w, bool b)
{
    w.writeI8(b ? 1 : 0);
}

void writeOptNode(ByteWriter &w, const std::optional<NodeId> &id)
{
    writeBool(w, id.has_value());
    if (id)
        w.writeI32(id->value());
}

void writeEntry(ByteWriter &w, const LogEntry &e)
{
    w.writeI64(e.offset.value());
    w.writeI32(e.epoch.value());
    w.writeI8(static_cast<int8_t>(e.kind));
    w.writeI32(static_cast<int32_t>(e.payload.size()));
    w.writeBytes(ByteSpan(e.payload));
}

void writeBody(ByteWriter &w, const VoteRequest &r)
{
    w.writeI8(static_cast<int8_t>(BodyType::VoteRequest));
    w.writeI32(r.epoch.value());
    w.writeI32(r.candidateId.value());
    w.writeI32(r.lastEpoch.value());
    w.writeI64(r.endOffset.value());
    writeBool(w, r.preVote);
}

void writeBody(ByteWriter &w, const VoteResponse &r)
{
    w.writeI8(static_cast<int8_t>(BodyType::VoteResponse));
    w.writeI32(r.epoch.value());
    writeBool(w, r.granted);
    writeBool(w, r.preVote);
    writeOptNode(w, r.leaderId);
}

void writeBody(ByteWriter &w, const BeginQuorumEpoch &r)
{
    w.writeI8(static_cast<int8_t>(BodyType::BeginQuorumEpoch));
    w.writeI32(r.epoch.value());
    w.writeI32(r.leaderId.value());
}

void writeBody(ByteWriter &w, const BeginQuorumEpochResponse &r)
{
    w.writeI8(static_cast<int8_t>(BodyType::BeginQuorumEpochResponse));
    w.writeI32(r.epoch.value());
}

void writeBody(ByteWriter &w, const EndQuorumEpoch &r)
{
    w.writeI8(static_cast<int8_t>(BodyType::EndQuorumEpoch));
    w.writeI32(r.epoch.value());
    w.writeI32(r.leaderId.value());
    w.writeI32(static_cast<int32_t>(r.preferredSuccessors.size()));
    for (NodeId id : r.preferredSuccessors)
        w.writeI32(id.value());
}

void writeBody(ByteWriter &w, const FetchRequest &r)
{
    w.writeI8(static_cast<int8_t>(BodyType::FetchRequest));
    w.writeI32(r.epoch.value());
    w.writeI32(r.replicaId.value());
    w.writeI64(r.fetchOffset.value());
    w.writeI32(r.lastFetchedEpoch.value());
}

void writeBody(ByteWriter &w, const FetchResponse &r)
{
    w.writeI8(static_cast<int8_t>(BodyType::FetchResponse));
    w.writeI32(r.epoch.value());
    writeOptNode(w, r.leaderId);
    w.writeI16(static_cast<int16_t>(r.error));
    w.writeI64(r.fetchOffset.value());
    w.writeI64(r.highWatermark.value());
    writeBool(w, r.divergingEpoch.has_value());
    if (r.divergingEpoch) {
        w.writeI64(r.divergingEpoch->offset.value());
        w.writeI32(r.divergingEpoch->epoch.value());
    }
    w.writeI32(static_cast<int32_t>(r.entries.size()));
    for (const LogEntry &e : r.entries)
        writeEntry(w, e);
}

// Reads fields with ByteReader's sticky failure, plus the checks ByteReader cannot make.
class Decoder
{
public:
    explicit Decoder(ByteSpan data)
        : m_r(data)
    {}

    bool ok() const { return m_r.ok(); }
    bool atEnd() const { return m_r.atEnd(); }
    void fail() { m_r.fail(); }

    int8_t i8() { return m_r.readI8(); }
    int16_t i16() { return m_r.readI16(); }
    int32_t i32() { return m_r.readI32(); }
    int64_t i64() { return m_r.readI64(); }
    bool boolean()
    {
        int8_t v = m_r.readI8();
        if (v != 0 && v != 1)
            m_r.fail();
        return v == 1;
    }
    std::optional<NodeId> optNode()
    {
        if (!boolean())
            return std::nullopt;
        return NodeId(i32());
    }
    // A count of items each at least minBytes long; fails when the rest cannot hold them.
    size_t count(size_t minBytes)
    {
        int32_t n = m_r.readI32();
        if (!m_r.ok() || n < 0 || static_cast<size_t>(n) > m_r.remaining() / minBytes) {
            m_r.fail();
            return 0;
        }
        return static_cast<size_t>(n);
    }
    LogEntry entry()
    {
        LogEntry e;
        e.offset = Offset(i64());
        e.epoch = QuorumEpoch(i32());
        int8_t kind = i8();
        if (kind != static_cast<int8_t>(EntryKind::Data)
            && kind != static_cast<int8_t>(EntryKind::LeaderChange))
            m_r.fail();
        e.kind = static_cast<EntryKind>(kind);
        int32_t len = i32();
        if (len < 0) {
            m_r.fail();
            return e;
        }
        ByteSpan payload = m_r.take(static_cast<size_t>(len));
        e.payload.assign(payload.begin(), payload.end());
        return e;
    }

private:
    ByteReader m_r;
};

Error corrupt(std::string what)
{
    return makeError(ErrorCode::CorruptMessage, "malformed raft message: " + std::move(what));
}

} // namespace

Bytes encodeRaftMessage(const RaftMessage &message)
{
    Bytes out;
    ByteWriter w(out);
    w.writeI8(kRaftCodecVersion);
    w.writeI32(message.from.value());
    std::visit([&w](const auto &body) { writeBody(w, body); }, message.body);
    return out;
}

Bytes encodeRaftFrame(const RaftMessage &message)
{
    Bytes out;
    ByteWriter w(out);
    w.writeI32(0);
    w.writeI8(kRaftCodecVersion);
    w.writeI32(message.from.value());
    std::visit([&w](const auto &body) { writeBody(w, body); }, message.body);
    w.patchI32(0, static_cast<int32_t>(out.size() - 4));
    return out;
}

Result<RaftMessage> decodeRaftMessage(ByteSpan data)
{
    Decoder d(data);
    int8_t version = d.i8();
    if (!d.ok())
        return corrupt("empty");
    if (version != kRaftCodecVersion)
        return makeError(ErrorCode::UnsupportedVersion,
                         "raft message version " + std::to_string(version) + " is not supported");
    RaftMessage m;
    m.from = NodeId(d.i32());
    int8_t type = d.i8();
    if (!d.ok())
        return corrupt("truncated header");
    switch (static_cast<BodyType>(type)) {
    case BodyType::VoteRequest: {
        VoteRequest r;
        r.epoch = QuorumEpoch(d.i32());
        r.candidateId = NodeId(d.i32());
        r.lastEpoch = QuorumEpoch(d.i32());
        r.endOffset = Offset(d.i64());
        r.preVote = d.boolean();
        m.body = r;
        break;
    }
    case BodyType::VoteResponse: {
        VoteResponse r;
        r.epoch = QuorumEpoch(d.i32());
        r.granted = d.boolean();
        r.preVote = d.boolean();
        r.leaderId = d.optNode();
        m.body = r;
        break;
    }
    case BodyType::BeginQuorumEpoch: {
        BeginQuorumEpoch r;
        r.epoch = QuorumEpoch(d.i32());
        r.leaderId = NodeId(d.i32());
        m.body = r;
        break;
    }
    case BodyType::BeginQuorumEpochResponse: {
        BeginQuorumEpochResponse r;
        r.epoch = QuorumEpoch(d.i32());
        m.body = r;
        break;
    }
    case BodyType::EndQuorumEpoch: {
        EndQuorumEpoch r;
        r.epoch = QuorumEpoch(d.i32());
        r.leaderId = NodeId(d.i32());
        size_t n = d.count(4);
        r.preferredSuccessors.reserve(n);
        for (size_t i = 0; i < n && d.ok(); ++i)
            r.preferredSuccessors.push_back(NodeId(d.i32()));
        m.body = std::move(r);
        break;
    }
    case BodyType::FetchRequest: {
        FetchRequest r;
        r.epoch = QuorumEpoch(d.i32());
        r.replicaId = NodeId(d.i32());
        r.fetchOffset = Offset(d.i64());
        r.lastFetchedEpoch = QuorumEpoch(d.i32());
        m.body = r;
        break;
    }
    case BodyType::FetchResponse: {
        FetchResponse r;
        r.epoch = QuorumEpoch(d.i32());
        r.leaderId = d.optNode();
        r.error = static_cast<ErrorCode>(d.i16());
        r.fetchOffset = Offset(d.i64());
        r.highWatermark = Offset(d.i64());
        if (d.boolean()) {
            OffsetAndEpoch diverging;
            diverging.offset = Offset(d.i64());
            diverging.epoch = QuorumEpoch(d.i32());
            r.divergingEpoch = diverging;
        }
        size_t n = d.count(kMinEntryBytes);
        r.entries.reserve(n);
        for (size_t i = 0; i < n && d.ok(); ++i)
            r.entries.push_back(d.entry());
        m.body = std::move(r);
        break;
    }
    default:
        return corrupt("unknown type " + std::to_string(type));
    }
    if (!d.ok())
        return corrupt("truncated or out-of-range field");
    if (!d.atEnd())
        return corrupt("trailing bytes");
    return m;
}

Bytes encodePeerFrame(metadata::NodeId from, ByteSpan payload)
{
    Bytes out;
    out.reserve(payload.size() + 9);
    ByteWriter w(out);
    w.writeI32(static_cast<int32_t>(payload.size() + 5));
    w.writeI8(static_cast<int8_t>(kPeerFrameMarker));
    w.writeI32(from.value());
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
}

Bytes encodeHelloFrame(const Hello &hello)
{
    Bytes out;
    ByteWriter w(out);
    w.writeI32(static_cast<int32_t>(1 + 4 + 2 + hello.host.size() + 2));
    w.writeI8(static_cast<int8_t>(kHelloFrameMarker));
    w.writeI32(hello.from.value());
    w.writeI16(static_cast<int16_t>(hello.host.size()));
    w.writeBytes(std::string_view(hello.host));
    w.writeU16(hello.port);
    return out;
}

Result<Hello> decodeHello(ByteSpan data)
{
    ByteReader r(data);
    Hello h;
    if (r.readU8() != kHelloFrameMarker)
        return makeError(ErrorCode::CorruptMessage, "not a hello frame");
    h.from = metadata::NodeId(r.readI32());
    int16_t n = r.readI16();
    if (!r.ok() || n < 0 || static_cast<size_t>(n) > r.remaining())
        return makeError(ErrorCode::CorruptMessage, "malformed hello frame");
    ByteSpan host = r.take(static_cast<size_t>(n));
    h.host.assign(host.begin(), host.end());
    h.port = r.readU16();
    if (!r.ok() || !r.atEnd() || h.port == 0)
        return makeError(ErrorCode::CorruptMessage, "malformed hello frame");
    return h;
}

} // namespace runnel::cluster
