#include "engine/broker/topic_table.h"

#include "engine/broker/broker_internal.h"

#include "engine/common/log.h"
#include "engine/storage/file_io.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sstream>
#include <unistd.h>

namespace runnel::broker {

namespace {

std::string encode(const std::string &s)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (c <= ' ' || c == '%' || c >= 0x7f) {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out.empty() ? "%" : out; // "%" alone stands for the empty string
}

std::optional<std::string> decode(const std::string &s)
{
    if (s == "%")
        return std::string();
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size())
            return std::nullopt;
        int hi = hexValue(s[i + 1]), lo = hexValue(s[i + 2]);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::optional<protocol::Uuid> parseHexUuid(const std::string &s)
{
    if (s.size() != 32)
        return std::nullopt;
    protocol::Uuid id;
    for (size_t i = 0; i < 16; ++i) {
        int hi = hexValue(s[2 * i]), lo = hexValue(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        id.bytes[i] = static_cast<uint8_t>(hi * 16 + lo);
    }
    return id;
}

} // namespace

Status writeFileDurably(const std::filesystem::path &file, const std::string &content)
{
    return storage::writeFileAtomically(
        file, ByteSpan(reinterpret_cast<const uint8_t *>(content.data()), content.size()));
}

protocol::Uuid randomUuid()
{
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    protocol::Uuid id;
    for (;;) {
        uint64_t a = rng(), b = rng();
        std::memcpy(id.bytes.data(), &a, 8);
        std::memcpy(id.bytes.data() + 8, &b, 8);
        // Version-4 layout, as Kafka's Uuid.randomUuid; never the reserved zero/one ids.
        id.bytes[6] = static_cast<uint8_t>((id.bytes[6] & 0x0f) | 0x40);
        id.bytes[8] = static_cast<uint8_t>((id.bytes[8] & 0x3f) | 0x80);
        if (!id.isZero())
            return id;
    }
}

Result<TopicTable> TopicTable::load(std::filesystem::path file)
{
    TopicTable table;
    table.m_file = std::move(file);
    std::ifstream in(table.m_file);
    if (!in) {
        if (std::filesystem::exists(table.m_file))
            return makeError(ErrorCode::KafkaStorageError,
                             "cannot read " + table.m_file.string() + ": " + std::strerror(errno));
        return table; // first start
    }
    std::string line;
    size_t lineNo = 0;
    auto corrupt = [&](const std::string &why) {
        return makeError(ErrorCode::KafkaStorageError,
                         table.m_file.string() + ":" + std::to_string(lineNo) + ": " + why
                             + " (the topic metadata file is damaged)");
    };
    while (std::getline(in, line)) {
        ++lineNo;
        std::istringstream ls(line);
        std::string kind;
        ls >> kind;
        if (lineNo == 1) {
            int version = 0;
            ls >> version;
            if (kind != "runnel-topics" || version != 1)
                return corrupt("unknown header");
            continue;
        }
        if (kind.empty())
            continue;
        if (kind == "topic") {
            std::string name, hex;
            int32_t count = 0;
            int internal = 0;
            ls >> name >> hex >> count >> internal;
            auto decodedName = decode(name);
            auto id = parseHexUuid(hex);
            if (!ls || !decodedName || !id || count < 1)
                return corrupt("bad topic line");
            TopicInfo info{*decodedName, *id, count, internal != 0, {}};
            table.m_topics[info.name] = std::move(info);
        } else if (kind == "config") {
            std::string name, key, value;
            ls >> name >> key >> value;
            auto n = decode(name), k = decode(key), v = decode(value);
            if (!ls || !n || !k || !v)
                return corrupt("bad config line");
            auto it = table.m_topics.find(*n);
            if (it == table.m_topics.end())
                return corrupt("config for unknown topic");
            it->second.configs[*k] = *v;
        } else {
            return corrupt("unknown record '" + kind + "'");
        }
    }
    return table;
}

void TopicTable::put(TopicInfo info)
{
    std::string name = info.name;
    m_topics[name] = std::move(info);
}

Status TopicTable::save() const
{
    if (m_file.empty())
        return Status::success(); // in memory (a cluster's projection of its metadata image)
    std::ostringstream out;
    out << "runnel-topics 1\n";
    for (const auto &[name, t] : m_topics) {
        out << "topic " << encode(name) << ' ' << t.id.toHex() << ' ' << t.partitionCount << ' '
            << (t.internal ? 1 : 0) << '\n';
        for (const auto &[k, v] : t.configs)
            out << "config " << encode(name) << ' ' << encode(k) << ' ' << encode(v) << '\n';
    }
    return writeFileDurably(m_file, out.str());
}

const TopicInfo *TopicTable::find(const std::string &name) const
{
    auto it = m_topics.find(name);
    return it == m_topics.end() ? nullptr : &it->second;
}

const TopicInfo *TopicTable::findById(const protocol::Uuid &id) const
{
    for (const auto &[name, t] : m_topics)
        if (t.id == id)
            return &t;
    return nullptr;
}

Status TopicTable::validateName(const std::string &name)
{
    if (name.empty())
        return makeError(ErrorCode::InvalidTopicException, "topic name is empty");
    if (name == "." || name == "..")
        return makeError(ErrorCode::InvalidTopicException, "topic name cannot be '.' or '..'");
    if (name.size() > 249)
        return makeError(ErrorCode::InvalidTopicException,
                         "topic name is longer than 249 characters");
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                  || c == '.' || c == '_' || c == '-';
        if (!ok)
            return makeError(ErrorCode::InvalidTopicException,
                             "topic name '" + name
                                 + "' may only contain letters, digits, '.', '_' and '-'");
    }
    return Status::success();
}

Result<const TopicInfo *> TopicTable::create(const std::string &name,
                                             int32_t partitionCount,
                                             std::map<std::string, std::string> configs,
                                             bool internal)
{
    if (m_topics.count(name))
        return makeError(ErrorCode::TopicAlreadyExists, "topic '" + name + "' already exists");
    TopicInfo info{name, randomUuid(), partitionCount, internal, std::move(configs)};
    auto [it, inserted] = m_topics.emplace(name, std::move(info));
    if (Status s = save(); !s.ok()) {
        m_topics.erase(it);
        return s.error();
    }
    return &it->second;
}

Status TopicTable::remove(const std::string &name)
{
    auto it = m_topics.find(name);
    if (it == m_topics.end())
        return makeError(ErrorCode::UnknownTopicOrPartition, "no topic '" + name + "'");
    TopicInfo saved = std::move(it->second);
    m_topics.erase(it);
    if (Status s = save(); !s.ok()) {
        m_topics.emplace(name, std::move(saved));
        return s;
    }
    return Status::success();
}

Status TopicTable::setPartitionCount(const std::string &name, int32_t count)
{
    auto it = m_topics.find(name);
    if (it == m_topics.end())
        return makeError(ErrorCode::UnknownTopicOrPartition, "no topic '" + name + "'");
    int32_t old = it->second.partitionCount;
    it->second.partitionCount = count;
    if (Status s = save(); !s.ok()) {
        it->second.partitionCount = old;
        return s;
    }
    return Status::success();
}

Status TopicTable::setConfigs(const std::string &name, std::map<std::string, std::string> configs)
{
    auto it = m_topics.find(name);
    if (it == m_topics.end())
        return makeError(ErrorCode::UnknownTopicOrPartition, "no topic '" + name + "'");
    std::swap(it->second.configs, configs);
    if (Status s = save(); !s.ok()) {
        std::swap(it->second.configs, configs);
        return s;
    }
    return Status::success();
}

} // namespace runnel::broker
