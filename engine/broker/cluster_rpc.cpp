#include "engine/broker/cluster_rpc.h"

namespace runnel::broker::rpc {

namespace {

enum class Type : uint8_t {
    RegisterBroker = 1,
    Heartbeat = 2,
    CreateTopic = 3,
    DeleteTopic = 4,
    CreatePartitions = 5,
    AlterPartition = 6,
    AlterReassignment = 7,
    UnregisterBroker = 8,
    SetTopicConfigs = 15,
    AlterSecurity = 16,
    Reply = 20,
    ReplicaFetch = 30,
    ReplicaFetchAnswer = 31,
};

void writeString(ByteWriter &w, const std::string &s)
{
    w.writeI16(static_cast<int16_t>(s.size()));
    w.writeBytes(std::string_view(s));
}

std::string readString(ByteReader &r)
{
    int16_t n = r.readI16();
    if (n < 0) {
        r.fail();
        return {};
    }
    ByteSpan bytes = r.take(static_cast<size_t>(n));
    return std::string(bytes.begin(), bytes.end());
}

void writeConfigs(ByteWriter &w, const std::map<std::string, std::string> &configs)
{
    w.writeI32(static_cast<int32_t>(configs.size()));
    for (const auto &[k, v] : configs) {
        writeString(w, k);
        writeString(w, v);
    }
}

void writeUuid(ByteWriter &w, const metadata::Uuid &id)
{
    w.writeBytes(ByteSpan(id.data(), id.size()));
}

metadata::Uuid readUuid(ByteReader &r)
{
    metadata::Uuid id{};
    for (auto &b : id)
        b = r.readU8();
    return id;
}

void writeIds(ByteWriter &w, const std::vector<BrokerId> &ids)
{
    w.writeI32(static_cast<int32_t>(ids.size()));
    for (BrokerId id : ids)
        w.writeI32(id.value());
}

// A count read from the wire, bounded by what the remaining bytes could describe.
bool readCount(ByteReader &r, size_t minItemBytes, int32_t &out)
{
    out = r.readI32();
    return r.ok() && out >= 0 && static_cast<size_t>(out) * minItemBytes <= r.remaining();
}

bool readConfigs(ByteReader &r, std::map<std::string, std::string> &configs)
{
    int32_t n = 0;
    if (!readCount(r, 4, n))
        return false;
    for (int32_t i = 0; i < n; ++i) {
        std::string k = readString(r);
        configs[k] = readString(r);
    }
    return r.ok();
}

std::vector<BrokerId> readIds(ByteReader &r, bool &ok)
{
    int32_t n = 0;
    std::vector<BrokerId> out;
    if (!readCount(r, 4, n)) {
        ok = false;
        return out;
    }
    for (int32_t i = 0; i < n; ++i)
        out.push_back(BrokerId(r.readI32()));
    return out;
}

struct Encoder
{
    ByteWriter &w;
    void operator()(const RegisterBroker &m)
    {
        w.writeU8(static_cast<uint8_t>(Type::RegisterBroker));
        w.writeI64(static_cast<int64_t>(m.requestId));
        w.writeI32(m.brokerId.value());
        writeUuid(w, m.incarnation);
        w.writeI32(static_cast<int32_t>(m.endpoints.size()));
        for (const auto &e : m.endpoints) {
            writeString(w, e.name);
            writeString(w, e.host);
            w.writeU16(e.port);
        }
    }
    void operator()(const Heartbeat &m)
    {
        w.writeU8(static_cast<uint8_t>(Type::Heartbeat));
        w.writeI64(static_cast<int64_t>(m.requestId));
        w.writeI32(m.brokerId.value());
        w.writeI64(m.appliedOffset.value());
        w.writeU8(m.wantShutdown ? 1 : 0);
    }
    void operator()(const CreateTopic &m)
    {
        w.writeU8(static_cast<uint8_t>(Type::CreateTopic));
        w.writeI64(static_cast<int64_t>(m.requestId));
        writeString(w, m.name);
        w.writeI32(m.partitions);
        w.writeI16(m.replicationFactor);
        writeConfigs(w, m.configs);
    }
    void operator()(const SetTopicConfigs &m)
    {
        w.writeU8(static_cast<uint8_t>(Type::SetTopicConfigs));
        w.writeI64(static_cast<int64_t>(m.requestId));
        writeString(w, m.name);
        writeConfigs(w, m.configs);
    }
    void operator()(const DeleteTopic &m)
    {
        w.writeU8(static_cast<uint8_t>(Type::DeleteTopic));
        w.writeI64(static_cast<int64_t>(m.requestId));
        writeString(w, m.name);
    }
    void operator()(const CreatePartitions &m)
    {
        w.writeU8(static_cast<uint8_t>(Type::CreatePartitions));
        w.writeI64(static_cast<int64_t>(m.requestId));
        writeString(w, m.name);
        w.writeI32(m.count);
    }
    void operator()(const AlterPartition &m)
    {
        w.writeU8(static_cast<uint8_t>(Type::AlterPartition));
        w.writeI64(static_cast<int64_t>(m.requestId));
        w.writeI32(m.brokerId.value());
        writeUuid(w, m.topicId);
        w.writeI32(m.partition.value());
        w.writeI32(m.leaderEpoch.value());
        w.writeI32(m.partitionEpoch);
        writeIds(w, m.isr);
    }
    void operator()(const AlterReassignment &m)
    {
        w.writeU8(static_cast<uint8_t>(Type::AlterReassignment));
        w.writeI64(static_cast<int64_t>(m.requestId));
        writeString(w, m.topic);
        w.writeI32(m.partition.value());
        w.writeU8(m.target ? 1 : 0);
        writeIds(w, m.target.value_or(std::vector<BrokerId>{}));
    }
    void operator()(const UnregisterBroker &m)
    {
        w.writeU8(static_cast<uint8_t>(Type::UnregisterBroker));
        w.writeI64(static_cast<int64_t>(m.requestId));
        w.writeI32(m.brokerId.value());
    }
    void operator()(const AlterSecurity &m)
    {
        w.writeU8(static_cast<uint8_t>(Type::AlterSecurity));
        w.writeI64(static_cast<int64_t>(m.requestId));
        w.writeU8(m.importOnly ? 1 : 0);
        const Bytes batch = metadata::encodeBatch(m.records);
        w.writeI32(static_cast<int32_t>(batch.size()));
        w.writeBytes(ByteSpan(batch.data(), batch.size()));
    }
    void operator()(const Reply &m)
    {
        w.writeU8(static_cast<uint8_t>(Type::Reply));
        w.writeI64(static_cast<int64_t>(m.requestId));
        w.writeI16(static_cast<int16_t>(m.error));
        writeString(w, m.message.substr(0, 2000));
        w.writeU8(static_cast<uint8_t>((m.fenced ? 1 : 0) | (m.shouldShutDown ? 2 : 0)));
        w.writeI32(m.leaderEpoch.value());
        w.writeI32(m.partitionEpoch);
        writeIds(w, m.isr);
    }
    void operator()(const ReplicaFetch &m)
    {
        w.writeU8(static_cast<uint8_t>(Type::ReplicaFetch));
        w.writeI32(m.followerId.value());
        w.writeI32(static_cast<int32_t>(m.items.size()));
        for (const auto &item : m.items) {
            writeUuid(w, item.topicId);
            w.writeI32(item.partition.value());
            w.writeI64(static_cast<int64_t>(item.request.requestId));
            w.writeI64(item.request.fetchOffset.value());
            w.writeI64(item.request.syncedOffset.value());
            w.writeU8(item.request.syncReport ? 1 : 0);
            w.writeI32(item.request.lastFetchedEpoch.value());
            w.writeI32(item.request.currentLeaderEpoch.value());
            w.writeI32(static_cast<int32_t>(std::min<size_t>(item.request.maxBytes, INT32_MAX)));
        }
    }
    void operator()(const ReplicaFetchAnswer &m)
    {
        w.writeU8(static_cast<uint8_t>(Type::ReplicaFetchAnswer));
        w.writeI32(static_cast<int32_t>(m.items.size()));
        for (const auto &item : m.items) {
            const auto &a = item.answer;
            writeUuid(w, item.topicId);
            w.writeI32(item.partition.value());
            w.writeI64(static_cast<int64_t>(a.requestId));
            w.writeI16(static_cast<int16_t>(a.error));
            w.writeI64(a.highWatermark.value());
            w.writeI64(a.logStartOffset.value());
            w.writeU8(a.divergingEpoch ? 1 : 0);
            if (a.divergingEpoch) {
                w.writeI32(a.divergingEpoch->epoch.value());
                w.writeI64(a.divergingEpoch->endOffset.value());
            }
            w.writeI32(static_cast<int32_t>(a.records.size()));
            w.writeBytes(ByteSpan(a.records));
        }
    }
};

Error corrupt(const std::string &what)
{
    return makeError(ErrorCode::CorruptMessage, "malformed cluster message: " + what);
}

} // namespace

Bytes encode(const Message &message)
{
    Bytes out;
    ByteWriter w(out);
    std::visit(Encoder{w}, message);
    return out;
}

Result<Message> decode(ByteSpan data)
{
    ByteReader r(data);
    auto type = static_cast<Type>(r.readU8());
    bool ok = true;
    Message out;
    switch (type) {
    case Type::RegisterBroker: {
        RegisterBroker m;
        m.requestId = static_cast<uint64_t>(r.readI64());
        m.brokerId = BrokerId(r.readI32());
        m.incarnation = readUuid(r);
        int32_t n = 0;
        if (!readCount(r, 6, n))
            return corrupt("endpoint count");
        for (int32_t i = 0; i < n; ++i) {
            metadata::Endpoint e;
            e.name = readString(r);
            e.host = readString(r);
            e.port = r.readU16();
            m.endpoints.push_back(std::move(e));
        }
        out = std::move(m);
        break;
    }
    case Type::Heartbeat: {
        Heartbeat m;
        m.requestId = static_cast<uint64_t>(r.readI64());
        m.brokerId = BrokerId(r.readI32());
        m.appliedOffset = Offset(r.readI64());
        m.wantShutdown = r.readU8() != 0;
        out = m;
        break;
    }
    case Type::CreateTopic: {
        CreateTopic m;
        m.requestId = static_cast<uint64_t>(r.readI64());
        m.name = readString(r);
        m.partitions = r.readI32();
        m.replicationFactor = r.readI16();
        if (!readConfigs(r, m.configs))
            return corrupt("config count");
        out = std::move(m);
        break;
    }
    case Type::SetTopicConfigs: {
        SetTopicConfigs m;
        m.requestId = static_cast<uint64_t>(r.readI64());
        m.name = readString(r);
        if (!readConfigs(r, m.configs))
            return corrupt("config count");
        out = std::move(m);
        break;
    }
    case Type::DeleteTopic: {
        DeleteTopic m;
        m.requestId = static_cast<uint64_t>(r.readI64());
        m.name = readString(r);
        out = std::move(m);
        break;
    }
    case Type::CreatePartitions: {
        CreatePartitions m;
        m.requestId = static_cast<uint64_t>(r.readI64());
        m.name = readString(r);
        m.count = r.readI32();
        out = std::move(m);
        break;
    }
    case Type::AlterPartition: {
        AlterPartition m;
        m.requestId = static_cast<uint64_t>(r.readI64());
        m.brokerId = BrokerId(r.readI32());
        m.topicId = readUuid(r);
        m.partition = PartitionId(r.readI32());
        m.leaderEpoch = LeaderEpoch(r.readI32());
        m.partitionEpoch = r.readI32();
        m.isr = readIds(r, ok);
        out = std::move(m);
        break;
    }
    case Type::AlterReassignment: {
        AlterReassignment m;
        m.requestId = static_cast<uint64_t>(r.readI64());
        m.topic = readString(r);
        m.partition = PartitionId(r.readI32());
        bool hasTarget = r.readU8() != 0;
        auto target = readIds(r, ok);
        if (hasTarget)
            m.target = std::move(target);
        out = std::move(m);
        break;
    }
    case Type::UnregisterBroker: {
        UnregisterBroker m;
        m.requestId = static_cast<uint64_t>(r.readI64());
        m.brokerId = BrokerId(r.readI32());
        out = m;
        break;
    }
    case Type::AlterSecurity: {
        AlterSecurity m;
        m.requestId = static_cast<uint64_t>(r.readI64());
        m.importOnly = r.readU8() != 0;
        int32_t n = r.readI32();
        if (n < 0 || static_cast<size_t>(n) > r.remaining())
            return corrupt("record batch length");
        auto records = metadata::decodeBatch(r.take(static_cast<size_t>(n)));
        if (!records)
            return corrupt("security records: " + records.error().message);
        m.records = std::move(records).value();
        out = std::move(m);
        break;
    }
    case Type::Reply: {
        Reply m;
        m.requestId = static_cast<uint64_t>(r.readI64());
        m.error = static_cast<ErrorCode>(r.readI16());
        m.message = readString(r);
        uint8_t flags = r.readU8();
        m.fenced = (flags & 1) != 0;
        m.shouldShutDown = (flags & 2) != 0;
        m.leaderEpoch = LeaderEpoch(r.readI32());
        m.partitionEpoch = r.readI32();
        m.isr = readIds(r, ok);
        out = std::move(m);
        break;
    }
    case Type::ReplicaFetch: {
        ReplicaFetch m;
        m.followerId = BrokerId(r.readI32());
        int32_t n = 0;
        if (!readCount(r, 57, n))
            return corrupt("fetch item count");
        for (int32_t i = 0; i < n; ++i) {
            FetchItem item;
            item.topicId = readUuid(r);
            item.partition = PartitionId(r.readI32());
            item.request.requestId = static_cast<uint64_t>(r.readI64());
            item.request.fetchOffset = Offset(r.readI64());
            item.request.syncedOffset = Offset(r.readI64());
            item.request.syncReport = r.readU8() != 0;
            item.request.lastFetchedEpoch = LeaderEpoch(r.readI32());
            item.request.currentLeaderEpoch = LeaderEpoch(r.readI32());
            int32_t maxBytes = r.readI32();
            item.request.maxBytes = maxBytes > 0 ? static_cast<size_t>(maxBytes) : 0;
            item.request.followerId = m.followerId;
            m.items.push_back(item);
        }
        out = std::move(m);
        break;
    }
    case Type::ReplicaFetchAnswer: {
        ReplicaFetchAnswer m;
        int32_t n = 0;
        if (!readCount(r, 51, n))
            return corrupt("answer item count");
        for (int32_t i = 0; i < n; ++i) {
            AnswerItem item;
            item.topicId = readUuid(r);
            item.partition = PartitionId(r.readI32());
            auto &a = item.answer;
            a.requestId = static_cast<uint64_t>(r.readI64());
            a.error = static_cast<ErrorCode>(r.readI16());
            a.highWatermark = Offset(r.readI64());
            a.logStartOffset = Offset(r.readI64());
            if (r.readU8() != 0) {
                replication::EpochEndOffset d;
                d.epoch = LeaderEpoch(r.readI32());
                d.endOffset = Offset(r.readI64());
                a.divergingEpoch = d;
            }
            int32_t len = r.readI32();
            if (!r.ok() || len < 0 || static_cast<size_t>(len) > r.remaining())
                return corrupt("records length");
            ByteSpan records = r.take(static_cast<size_t>(len));
            a.records.assign(records.begin(), records.end());
            m.items.push_back(std::move(item));
        }
        out = std::move(m);
        break;
    }
    default:
        return corrupt("unknown type " + std::to_string(static_cast<int>(type)));
    }
    if (!ok || !r.ok() || !r.atEnd())
        return corrupt("bad or trailing bytes");
    return out;
}

} // namespace runnel::broker::rpc
