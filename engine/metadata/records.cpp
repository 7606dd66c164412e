#include "engine/metadata/records.h"

#include <cstdio>

namespace runnel::metadata {

namespace {

constexpr uint8_t kBatchMagic = 0x4D;
constexpr uint8_t kVersion = 0;

enum class RecordType : uint8_t {
    RegisterBroker = 1,
    FenceBroker = 2,
    UnfenceBroker = 3,
    Topic = 4,
    RemoveTopic = 5,
    Partition = 6,
    PartitionChange = 7,
    Config = 8,
    ProducerIds = 9,
    ClusterId = 10,
    PartitionReassignment = 11,
    UnregisterBroker = 12,
    UserScramCredential = 20,
    RemoveUserScramCredential = 21,
    AccessControlEntry = 22,
    RemoveAccessControlEntry = 23,
};

void writeString(ByteWriter &w, const std::string &s)
{
    w.writeI16(static_cast<int16_t>(s.size()));
    w.writeBytes(std::string_view(s));
}

void writeOptString(ByteWriter &w, const std::optional<std::string> &s)
{
    if (!s)
        w.writeI16(-1);
    else
        writeString(w, *s);
}

std::optional<std::string> readOptString(ByteReader &r)
{
    int16_t len = r.readI16();
    if (len < 0)
        return std::nullopt;
    ByteSpan b = r.take(static_cast<size_t>(len));
    return std::string(b.begin(), b.end());
}

std::string readString(ByteReader &r)
{
    auto s = readOptString(r);
    if (!s)
        r.fail();
    return s.value_or(std::string());
}

void writeUuid(ByteWriter &w, const Uuid &id)
{
    w.writeBytes(ByteSpan(id.data(), id.size()));
}

Uuid readUuid(ByteReader &r)
{
    Uuid id{};
    ByteSpan b = r.take(id.size());
    if (b.size() == id.size())
        std::copy(b.begin(), b.end(), id.begin());
    return id;
}

void writeIds(ByteWriter &w, const std::vector<BrokerId> &ids)
{
    w.writeI32(static_cast<int32_t>(ids.size()));
    for (BrokerId id : ids)
        w.writeI32(id.value());
}

std::optional<std::vector<BrokerId>> readOptIds(ByteReader &r)
{
    int32_t n = r.readI32();
    if (n < 0)
        return std::nullopt;
    if (static_cast<size_t>(n) > r.remaining() / 4) {
        r.fail();
        return std::vector<BrokerId>{};
    }
    std::vector<BrokerId> ids;
    ids.reserve(static_cast<size_t>(n));
    for (int32_t i = 0; i < n; ++i)
        ids.emplace_back(r.readI32());
    return ids;
}

std::vector<BrokerId> readIds(ByteReader &r)
{
    auto ids = readOptIds(r);
    if (!ids)
        r.fail();
    return ids.value_or(std::vector<BrokerId>{});
}

void writeByteString(ByteWriter &w, const Bytes &b)
{
    w.writeI32(static_cast<int32_t>(b.size()));
    w.writeBytes(ByteSpan(b.data(), b.size()));
}

Bytes readByteString(ByteReader &r)
{
    int32_t n = r.readI32();
    if (n < 0 || static_cast<size_t>(n) > r.remaining()) {
        r.fail();
        return {};
    }
    ByteSpan b = r.take(static_cast<size_t>(n));
    return Bytes(b.begin(), b.end());
}

void writeAcl(ByteWriter &w, const AclEntry &a)
{
    w.writeI8(a.resourceType);
    writeString(w, a.resourceName);
    w.writeI8(a.patternType);
    writeString(w, a.principal);
    writeString(w, a.host);
    w.writeI8(a.operation);
    w.writeI8(a.permission);
}

AclEntry readAcl(ByteReader &r)
{
    AclEntry a;
    a.resourceType = r.readI8();
    a.resourceName = readString(r);
    a.patternType = r.readI8();
    a.principal = readString(r);
    a.host = readString(r);
    a.operation = r.readI8();
    a.permission = r.readI8();
    return a;
}

struct BodyWriter
{
    ByteWriter &w;

    RecordType operator()(const RegisterBrokerRecord &r)
    {
        w.writeI32(r.brokerId.value());
        writeUuid(w, r.incarnationId);
        w.writeI32(static_cast<int32_t>(r.endpoints.size()));
        for (const Endpoint &e : r.endpoints) {
            writeString(w, e.name);
            writeString(w, e.host);
            w.writeU16(e.port);
        }
        writeString(w, r.rack);
        return RecordType::RegisterBroker;
    }
    RecordType operator()(const FenceBrokerRecord &r)
    {
        w.writeI32(r.brokerId.value());
        return RecordType::FenceBroker;
    }
    RecordType operator()(const UnfenceBrokerRecord &r)
    {
        w.writeI32(r.brokerId.value());
        return RecordType::UnfenceBroker;
    }
    RecordType operator()(const UnregisterBrokerRecord &r)
    {
        w.writeI32(r.brokerId.value());
        return RecordType::UnregisterBroker;
    }
    RecordType operator()(const TopicRecord &r)
    {
        writeString(w, r.name);
        writeUuid(w, r.topicId);
        return RecordType::Topic;
    }
    RecordType operator()(const RemoveTopicRecord &r)
    {
        writeUuid(w, r.topicId);
        return RecordType::RemoveTopic;
    }
    RecordType operator()(const PartitionRecord &r)
    {
        writeUuid(w, r.topicId);
        w.writeI32(r.partition.value());
        writeIds(w, r.replicas);
        writeIds(w, r.isr);
        w.writeI32(r.leader.value());
        w.writeI32(r.leaderEpoch.value());
        w.writeI32(r.partitionEpoch);
        return RecordType::Partition;
    }
    RecordType operator()(const PartitionChangeRecord &r)
    {
        writeUuid(w, r.topicId);
        w.writeI32(r.partition.value());
        if (r.isr)
            writeIds(w, *r.isr);
        else
            w.writeI32(-1);
        w.writeU8(r.leader ? 1 : 0);
        w.writeI32(r.leader.value_or(kNoLeader).value());
        return RecordType::PartitionChange;
    }
    RecordType operator()(const ConfigRecord &r)
    {
        w.writeI8(static_cast<int8_t>(r.resourceType));
        writeString(w, r.resourceName);
        writeString(w, r.key);
        writeOptString(w, r.value);
        return RecordType::Config;
    }
    RecordType operator()(const ProducerIdsRecord &r)
    {
        w.writeI32(r.brokerId.value());
        w.writeI64(r.nextBlockStart);
        return RecordType::ProducerIds;
    }
    RecordType operator()(const PartitionReassignmentRecord &r)
    {
        writeUuid(w, r.topicId);
        w.writeI32(r.partition.value());
        writeIds(w, r.replicas);
        writeIds(w, r.adding);
        writeIds(w, r.removing);
        if (r.isr)
            writeIds(w, *r.isr);
        else
            w.writeI32(-1);
        w.writeU8(r.leader ? 1 : 0);
        w.writeI32(r.leader.value_or(kNoLeader).value());
        return RecordType::PartitionReassignment;
    }
    RecordType operator()(const ClusterIdRecord &r)
    {
        writeString(w, r.clusterId);
        return RecordType::ClusterId;
    }
    RecordType operator()(const UserScramCredentialRecord &r)
    {
        writeString(w, r.name);
        w.writeI8(r.mechanism);
        writeByteString(w, r.salt);
        writeByteString(w, r.storedKey);
        writeByteString(w, r.serverKey);
        w.writeI32(r.iterations);
        return RecordType::UserScramCredential;
    }
    RecordType operator()(const RemoveUserScramCredentialRecord &r)
    {
        writeString(w, r.name);
        w.writeI8(r.mechanism);
        return RecordType::RemoveUserScramCredential;
    }
    RecordType operator()(const AccessControlEntryRecord &r)
    {
        writeAcl(w, r.acl);
        return RecordType::AccessControlEntry;
    }
    RecordType operator()(const RemoveAccessControlEntryRecord &r)
    {
        writeAcl(w, r.acl);
        return RecordType::RemoveAccessControlEntry;
    }
};

Result<MetadataRecord> readBody(RecordType type, ByteReader &r)
{
    MetadataRecord out;
    switch (type) {
    case RecordType::RegisterBroker: {
        RegisterBrokerRecord b;
        b.brokerId = BrokerId(r.readI32());
        b.incarnationId = readUuid(r);
        int32_t n = r.readI32();
        if (n < 0 || static_cast<size_t>(n) > r.remaining() / 6)
            r.fail();
        for (int32_t i = 0; r.ok() && i < n; ++i) {
            Endpoint e;
            e.name = readString(r);
            e.host = readString(r);
            e.port = r.readU16();
            b.endpoints.push_back(std::move(e));
        }
        b.rack = readString(r);
        out = std::move(b);
        break;
    }
    case RecordType::FenceBroker:
        out = FenceBrokerRecord{BrokerId(r.readI32())};
        break;
    case RecordType::UnfenceBroker:
        out = UnfenceBrokerRecord{BrokerId(r.readI32())};
        break;
    case RecordType::UnregisterBroker:
        out = UnregisterBrokerRecord{BrokerId(r.readI32())};
        break;
    case RecordType::Topic: {
        TopicRecord t;
        t.name = readString(r);
        t.topicId = readUuid(r);
        out = std::move(t);
        break;
    }
    case RecordType::RemoveTopic:
        out = RemoveTopicRecord{readUuid(r)};
        break;
    case RecordType::Partition: {
        PartitionRecord p;
        p.topicId = readUuid(r);
        p.partition = PartitionId(r.readI32());
        p.replicas = readIds(r);
        p.isr = readIds(r);
        p.leader = BrokerId(r.readI32());
        p.leaderEpoch = LeaderEpoch(r.readI32());
        p.partitionEpoch = r.readI32();
        out = std::move(p);
        break;
    }
    case RecordType::PartitionChange: {
        PartitionChangeRecord c;
        c.topicId = readUuid(r);
        c.partition = PartitionId(r.readI32());
        c.isr = readOptIds(r);
        bool hasLeader = r.readU8() != 0;
        BrokerId leader(r.readI32());
        if (hasLeader)
            c.leader = leader;
        out = std::move(c);
        break;
    }
    case RecordType::Config: {
        ConfigRecord c;
        c.resourceType = static_cast<ConfigResource>(r.readI8());
        c.resourceName = readString(r);
        c.key = readString(r);
        c.value = readOptString(r);
        out = std::move(c);
        break;
    }
    case RecordType::ProducerIds: {
        ProducerIdsRecord p;
        p.brokerId = BrokerId(r.readI32());
        p.nextBlockStart = r.readI64();
        out = p;
        break;
    }
    case RecordType::ClusterId: {
        ClusterIdRecord c;
        c.clusterId = readString(r);
        out = std::move(c);
        break;
    }
    case RecordType::PartitionReassignment: {
        PartitionReassignmentRecord c;
        c.topicId = readUuid(r);
        c.partition = PartitionId(r.readI32());
        c.replicas = readIds(r);
        c.adding = readIds(r);
        c.removing = readIds(r);
        c.isr = readOptIds(r);
        bool hasLeader = r.readU8() != 0;
        BrokerId leader(r.readI32());
        if (hasLeader)
            c.leader = leader;
        out = std::move(c);
        break;
    }
    case RecordType::UserScramCredential: {
        UserScramCredentialRecord c;
        c.name = readString(r);
        c.mechanism = r.readI8();
        c.salt = readByteString(r);
        c.storedKey = readByteString(r);
        c.serverKey = readByteString(r);
        c.iterations = r.readI32();
        out = std::move(c);
        break;
    }
    case RecordType::RemoveUserScramCredential: {
        RemoveUserScramCredentialRecord c;
        c.name = readString(r);
        c.mechanism = r.readI8();
        out = std::move(c);
        break;
    }
    case RecordType::AccessControlEntry:
        out = AccessControlEntryRecord{readAcl(r)};
        break;
    case RecordType::RemoveAccessControlEntry:
        out = RemoveAccessControlEntryRecord{readAcl(r)};
        break;
    default:
        return makeError(ErrorCode::InvalidRecord,
                         "unknown metadata record type " + std::to_string(int(type)));
    }
    if (!r.ok() || !r.atEnd())
        return makeError(ErrorCode::InvalidRecord,
                         "malformed metadata record of type " + std::to_string(int(type)));
    return out;
}

} // namespace

std::string uuidToString(const Uuid &id)
{
    std::string s;
    char buf[3];
    for (size_t i = 0; i < id.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            s += '-';
        std::snprintf(buf, sizeof buf, "%02x", id[i]);
        s += buf;
    }
    return s;
}

bool isSecurityRecord(const MetadataRecord &record)
{
    return std::holds_alternative<UserScramCredentialRecord>(record)
           || std::holds_alternative<RemoveUserScramCredentialRecord>(record)
           || std::holds_alternative<AccessControlEntryRecord>(record)
           || std::holds_alternative<RemoveAccessControlEntryRecord>(record);
}

void encodeRecord(const MetadataRecord &record, ByteWriter &out)
{
    size_t sizePos = out.size();
    out.writeI32(0);
    size_t typePos = out.size();
    out.writeU8(0);
    out.writeU8(kVersion);
    RecordType type = std::visit(BodyWriter{out}, record);
    out.buffer()[typePos] = static_cast<uint8_t>(type);
    out.patchI32(sizePos, static_cast<int32_t>(out.size() - sizePos - 4));
}

Result<MetadataRecord> decodeRecord(ByteReader &in)
{
    uint32_t size = in.readU32();
    if (!in.ok() || size < 2 || size > in.remaining())
        return makeError(ErrorCode::InvalidRecord, "truncated metadata record");
    ByteReader body(in.take(size));
    auto type = static_cast<RecordType>(body.readU8());
    uint8_t version = body.readU8();
    if (version != kVersion)
        return makeError(ErrorCode::InvalidRecord,
                         "metadata record version " + std::to_string(version)
                             + " is newer than this broker understands");
    return readBody(type, body);
}

Bytes encodeBatch(const std::vector<MetadataRecord> &records)
{
    Bytes out;
    ByteWriter w(out);
    w.writeU8(kBatchMagic);
    w.writeU32(static_cast<uint32_t>(records.size()));
    for (const MetadataRecord &r : records)
        encodeRecord(r, w);
    return out;
}

Result<std::vector<MetadataRecord>> decodeBatch(ByteSpan payload)
{
    ByteReader r(payload);
    if (r.readU8() != kBatchMagic)
        return makeError(ErrorCode::InvalidRecord, "not a metadata record batch");
    uint32_t count = r.readU32();
    if (!r.ok() || count > r.remaining() / 6)
        return makeError(ErrorCode::InvalidRecord, "metadata batch count exceeds its size");
    std::vector<MetadataRecord> records;
    records.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
        auto rec = decodeRecord(r);
        if (!rec)
            return rec.error();
        records.push_back(std::move(rec).value());
    }
    if (!r.atEnd())
        return makeError(ErrorCode::InvalidRecord, "trailing bytes after a metadata batch");
    return records;
}

} // namespace runnel::metadata
