#include "engine/group/group_records.h"

namespace runnel::group {

namespace {

// Field encodings of Kafka's message formats, switching between the classic and the
// flexible (KIP-482) forms. The coordinator only writes classic versions; flexible ones
// are read so that a topic written by a newer Kafka still loads.
class FieldWriter
{
public:
    explicit FieldWriter(Bytes &out)
        : m_w(out)
    {}
    void i16(int16_t v) { m_w.writeI16(v); }
    void i32(int32_t v) { m_w.writeI32(v); }
    void i64(int64_t v) { m_w.writeI64(v); }
    void string(const std::string &s)
    {
        m_w.writeI16(static_cast<int16_t>(s.size()));
        m_w.writeBytes(std::string_view(s));
    }
    void nullableString(const std::optional<std::string> &s)
    {
        if (!s)
            m_w.writeI16(-1);
        else
            string(*s);
    }
    void bytes(const Bytes &b)
    {
        m_w.writeI32(static_cast<int32_t>(b.size()));
        m_w.writeBytes(ByteSpan(b));
    }

private:
    ByteWriter m_w;
};

class FieldReader
{
public:
    FieldReader(ByteSpan data, bool flexible)
        : m_r(data)
        , m_flexible(flexible)
    {}
    bool ok() const { return m_r.ok() && !m_bad; }
    bool atEnd() const { return m_r.atEnd(); }
    int16_t i16() { return m_r.readI16(); }
    int32_t i32() { return m_r.readI32(); }
    int64_t i64() { return m_r.readI64(); }

    std::optional<std::string> nullableString()
    {
        int64_t len;
        if (m_flexible)
            len = static_cast<int64_t>(m_r.readUnsignedVarint()) - 1;
        else
            len = m_r.readI16();
        if (len < 0) {
            if (len < -1)
                m_bad = true;
            return std::nullopt;
        }
        auto s = m_r.take(static_cast<size_t>(len));
        return std::string(s.begin(), s.end());
    }
    std::string string()
    {
        auto s = nullableString();
        if (!s) {
            m_bad = true; // null where the schema does not allow it
            return {};
        }
        return std::move(*s);
    }
    Bytes bytes()
    {
        int64_t len;
        if (m_flexible)
            len = static_cast<int64_t>(m_r.readUnsignedVarint()) - 1;
        else
            len = m_r.readI32();
        if (len < 0) {
            m_bad = true;
            return {};
        }
        auto s = m_r.take(static_cast<size_t>(len));
        return Bytes(s.begin(), s.end());
    }
    int32_t arrayCount()
    {
        int64_t n;
        if (m_flexible)
            n = static_cast<int64_t>(m_r.readUnsignedVarint()) - 1;
        else
            n = m_r.readI32();
        // Each element takes at least one byte, so a count beyond the remaining input is
        // corrupt; checking here keeps a hostile count from reserving huge vectors.
        if (n < 0 || static_cast<uint64_t>(n) > m_r.remaining()) {
            m_bad = true;
            return 0;
        }
        return static_cast<int32_t>(n);
    }
    // Tagged fields close every struct of a flexible version; none are known here.
    void taggedFields()
    {
        if (!m_flexible)
            return;
        uint32_t n = m_r.readUnsignedVarint();
        for (uint32_t i = 0; i < n && ok(); ++i) {
            m_r.readUnsignedVarint(); // tag
            m_r.skip(m_r.readUnsignedVarint());
        }
    }

private:
    ByteReader m_r;
    bool m_flexible;
    bool m_bad = false;
};

Error corrupt(std::string what)
{
    return makeError(ErrorCode::CorruptMessage, std::move(what));
}

} // namespace

Bytes encodeOffsetCommitKey(const OffsetCommitKey &key)
{
    Bytes out;
    FieldWriter w(out);
    w.i16(1);
    w.string(key.group);
    w.string(key.topic);
    w.i32(key.partition);
    return out;
}

Bytes encodeGroupMetadataKey(const GroupMetadataKey &key)
{
    Bytes out;
    FieldWriter w(out);
    w.i16(2);
    w.string(key.group);
    return out;
}

Bytes encodeOffsetCommitValue(const OffsetCommitValue &value)
{
    Bytes out;
    FieldWriter w(out);
    if (value.expireTimestamp >= 0) {
        w.i16(1);
        w.i64(value.offset);
        w.string(value.metadata);
        w.i64(value.commitTimestamp);
        w.i64(value.expireTimestamp);
        return out;
    }
    w.i16(3);
    w.i64(value.offset);
    w.i32(value.leaderEpoch);
    w.string(value.metadata);
    w.i64(value.commitTimestamp);
    return out;
}

Bytes encodeGroupMetadataValue(const GroupMetadataValue &value)
{
    Bytes out;
    FieldWriter w(out);
    w.i16(3);
    w.string(value.protocolType);
    w.i32(value.generationId);
    w.nullableString(value.protocol);
    w.nullableString(value.leader);
    w.i64(value.currentStateTimestamp);
    w.i32(static_cast<int32_t>(value.members.size()));
    for (const GroupMemberValue &m : value.members) {
        w.string(m.memberId);
        w.nullableString(m.groupInstanceId);
        w.string(m.clientId);
        w.string(m.clientHost);
        w.i32(m.rebalanceTimeoutMs);
        w.i32(m.sessionTimeoutMs);
        w.bytes(m.subscription);
        w.bytes(m.assignment);
    }
    return out;
}

Result<RecordKey> decodeRecordKey(ByteSpan data)
{
    FieldReader r(data, false);
    int16_t version = r.i16();
    if (!r.ok())
        return corrupt("group record key too short");
    RecordKey key;
    if (version == 0 || version == 1) {
        OffsetCommitKey k;
        k.group = r.string();
        k.topic = r.string();
        k.partition = r.i32();
        key = std::move(k);
    } else if (version == 2) {
        key = GroupMetadataKey{r.string()};
    } else {
        return corrupt("unknown group record key version " + std::to_string(version));
    }
    if (!r.ok() || !r.atEnd())
        return corrupt("malformed group record key");
    return key;
}

Result<OffsetCommitValue> decodeOffsetCommitValue(ByteSpan data)
{
    ByteReader header(data);
    int16_t version = header.readI16();
    if (!header.ok() || version < 0 || version > 4)
        return corrupt("unknown offset commit value version " + std::to_string(version));
    FieldReader r(data.subspan(2), version >= 4);
    OffsetCommitValue v;
    v.offset = r.i64();
    if (version >= 3)
        v.leaderEpoch = r.i32();
    v.metadata = r.string();
    v.commitTimestamp = r.i64();
    if (version == 1)
        v.expireTimestamp = r.i64();
    r.taggedFields();
    if (!r.ok() || !r.atEnd())
        return corrupt("malformed offset commit value");
    return v;
}

Result<GroupMetadataValue> decodeGroupMetadataValue(ByteSpan data)
{
    ByteReader header(data);
    int16_t version = header.readI16();
    if (!header.ok() || version < 0 || version > 4)
        return corrupt("unknown group metadata value version " + std::to_string(version));
    FieldReader r(data.subspan(2), version >= 4);
    GroupMetadataValue v;
    v.protocolType = r.string();
    v.generationId = r.i32();
    v.protocol = r.nullableString();
    v.leader = r.nullableString();
    if (version >= 2)
        v.currentStateTimestamp = r.i64();
    int32_t count = r.arrayCount();
    for (int32_t i = 0; i < count && r.ok(); ++i) {
        GroupMemberValue m;
        m.memberId = r.string();
        if (version >= 3)
            m.groupInstanceId = r.nullableString();
        m.clientId = r.string();
        m.clientHost = r.string();
        if (version >= 1)
            m.rebalanceTimeoutMs = r.i32();
        m.sessionTimeoutMs = r.i32();
        m.subscription = r.bytes();
        m.assignment = r.bytes();
        r.taggedFields();
        v.members.push_back(std::move(m));
    }
    r.taggedFields();
    if (!r.ok() || !r.atEnd())
        return corrupt("malformed group metadata value");
    return v;
}

} // namespace runnel::group
