#include "engine/storage/log_manager.h"

#include "engine/common/log.h"
#include "engine/storage/at_rest_cipher.h"
#include "engine/storage/file_io.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <random>
#include <sstream>
#include <sys/file.h>
#include <unistd.h>

namespace runnel::storage {
namespace {

constexpr const char *kMetaProperties = "meta.properties";
constexpr const char *kLockFile = ".lock";
constexpr const char *kEncryptionMarker = "runnel-encryption.properties";

bool validTopicName(const std::string &topic)
{
    if (topic.empty() || topic.size() > 249 || topic == "." || topic == "..")
        return false;
    return std::all_of(topic.begin(), topic.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
               || c == '.' || c == '_' || c == '-';
    });
}

std::map<std::string, std::string> parseProperties(const std::string &text)
{
    std::map<std::string, std::string> props;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#' || line[0] == '!')
            continue;
        auto eq = line.find('=');
        if (eq == std::string::npos)
            continue;
        props[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return props;
}

std::string randomHex(size_t bytes)
{
    std::random_device rd;
    std::string out;
    const char *digits = "0123456789abcdef";
    for (size_t i = 0; i < bytes; ++i) {
        unsigned v = rd() & 0xff;
        out += digits[v >> 4];
        out += digits[v & 15];
    }
    return out;
}

} // namespace

std::string LogManager::generateClusterId()
{
    std::random_device rd;
    uint8_t bytes[16];
    for (auto &b : bytes)
        b = uint8_t(rd());
    bytes[6] = uint8_t((bytes[6] & 0x0f) | 0x40); // version 4, like Java's randomUUID
    bytes[8] = uint8_t((bytes[8] & 0x3f) | 0x80);
    static const char *alphabet
        = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (uint8_t b : bytes) {
        acc = (acc << 8) | b;
        bits += 8;
        while (bits >= 6) {
            out += alphabet[(acc >> (bits - 6)) & 63];
            bits -= 6;
        }
    }
    if (bits > 0)
        out += alphabet[(acc << (6 - bits)) & 63];
    return out; // 22 characters
}

std::optional<std::pair<std::string, int32_t>>
LogManager::parsePartitionDirName(const std::string &name)
{
    auto dash = name.rfind('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 == name.size())
        return std::nullopt;
    int32_t partition = -1;
    const char *begin = name.data() + dash + 1;
    const char *end = name.data() + name.size();
    auto [p, ec] = std::from_chars(begin, end, partition);
    if (ec != std::errc() || p != end || partition < 0 || *begin == '+')
        return std::nullopt;
    std::string topic = name.substr(0, dash);
    if (!validTopicName(topic))
        return std::nullopt;
    return std::make_pair(topic, partition);
}

Result<std::unique_ptr<LogManager>> LogManager::open(std::vector<std::filesystem::path> dirs,
                                                     int32_t nodeId,
                                                     const std::string &clusterId,
                                                     const LogConfig &defaultConfig)
{
    if (dirs.empty())
        return makeError(ErrorCode::InvalidConfig, "log.dirs is empty");
    std::unique_ptr<LogManager> mgr(new LogManager());
    mgr->m_nodeId = nodeId;
    mgr->m_clusterId = clusterId;
    mgr->m_defaultConfig = defaultConfig;
    for (auto &dir : dirs) {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec)
            return makeError(ErrorCode::KafkaStorageError,
                             "cannot create log dir " + dir.string() + ": " + ec.message());
        mgr->m_dirs.push_back(std::filesystem::absolute(dir, ec));
    }
    for (const auto &dir : mgr->m_dirs)
        if (auto s = mgr->lockDir(dir); !s)
            return s.error();
    // Stored cluster ids first, so that a first-start dir joins the existing cluster.
    for (const auto &dir : mgr->m_dirs)
        if (std::filesystem::exists(dir / kMetaProperties))
            if (auto s = mgr->checkMetaProperties(dir); !s)
                return s.error();
    if (mgr->m_clusterId.empty())
        mgr->m_clusterId = generateClusterId();
    for (const auto &dir : mgr->m_dirs)
        if (!std::filesystem::exists(dir / kMetaProperties))
            if (auto s = mgr->checkMetaProperties(dir); !s)
                return s.error();
    for (const auto &dir : mgr->m_dirs)
        if (auto s = mgr->checkEncryptionMarker(dir); !s)
            return s.error();
    for (size_t i = 0; i < mgr->m_dirs.size(); ++i)
        if (auto s = mgr->discover(i); !s)
            return s.error();
    RLOG_INFO("storage") << "opened " << mgr->m_logs.size() << " partition log(s) in "
                         << mgr->m_dirs.size() << " log dir(s), cluster " << mgr->m_clusterId;
    return mgr;
}

Status LogManager::checkEncryptionMarker(const std::filesystem::path &dir)
{
    const auto path = dir / kEncryptionMarker;
    const auto &key = m_defaultConfig.encryptionKey;
    std::string recorded;
    if (std::filesystem::exists(path)) {
        auto text = readWholeFile(path);
        if (!text)
            return text.error();
        recorded = parseProperties(std::string(text->begin(), text->end()))["key.id"];
        if (recorded.empty())
            return makeError(ErrorCode::InvalidConfig,
                             path.string() + " names no key.id; it was damaged");
    }
    if (!key) {
        if (recorded.empty())
            return {};
        return makeError(ErrorCode::InvalidConfig,
                         "log dir " + dir.string() + " is encrypted at rest (data key id "
                             + recorded
                             + "); start the broker with runnel.log.encryption.key.file "
                               "naming that key");
    }
    if (!recorded.empty()) {
        if (recorded == key->keyId())
            return {};
        return makeError(ErrorCode::InvalidConfig,
                         "log dir " + dir.string() + " is encrypted with the data key whose id is "
                             + recorded + ", but runnel.log.encryption.key.file holds key id "
                             + key->keyId() + "; give the broker the key it wrote with");
    }
    std::error_code ec;
    for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
        if (!entry.is_directory())
            continue;
        auto parsed = parsePartitionDirName(entry.path().filename().string());
        if (parsed && parsed->first != "__cluster_metadata")
            return makeError(ErrorCode::InvalidConfig,
                             "log dir " + dir.string() + " holds partitions written in the clear ("
                                 + entry.path().filename().string()
                                 + "); encryption at rest cannot be turned on for existing data: "
                                   "use empty log.dirs");
    }
    const std::string text = "# Written by runneld: the data key this dir is encrypted with.\n"
                             "key.id="
                             + key->keyId() + "\n";
    return writeFileAtomically(
        path, ByteSpan(reinterpret_cast<const uint8_t *>(text.data()), text.size()));
}

LogManager::~LogManager()
{
    for (int fd : m_lockFds)
        ::close(fd); // releases the flock
}

Status LogManager::lockDir(const std::filesystem::path &dir)
{
    auto path = dir / kLockFile;
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return ioError("cannot create lock file", path, errno);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        ::close(fd);
        if (err == EWOULDBLOCK)
            return makeError(ErrorCode::KafkaStorageError,
                             "log dir " + dir.string()
                                 + " is in use by another broker process (its .lock is held); "
                                   "each broker needs its own log.dirs");
        return ioError("cannot lock", path, err);
    }
    m_lockFds.push_back(fd);
    return {};
}

Status LogManager::checkMetaProperties(const std::filesystem::path &dir)
{
    auto path = dir / kMetaProperties;
    if (!std::filesystem::exists(path)) {
        std::ostringstream out;
        out << "#\n#Written by runneld\n"
            << "cluster.id=" << m_clusterId << "\n"
            << "node.id=" << m_nodeId << "\n"
            << "version=1\n";
        std::string text = out.str();
        RLOG_INFO("storage") << "initialising log dir " << dir.string() << " for node " << m_nodeId
                             << " in cluster " << m_clusterId;
        return writeFileAtomically(
            path, ByteSpan(reinterpret_cast<const uint8_t *>(text.data()), text.size()));
    }
    auto data = readWholeFile(path);
    if (!data)
        return data.error();
    auto props = parseProperties(std::string(data->begin(), data->end()));
    std::string storedNode = props.count("node.id") ? props["node.id"] : props["broker.id"];
    if (storedNode != std::to_string(m_nodeId))
        return makeError(ErrorCode::InvalidConfig,
                         "log dir " + dir.string() + " belongs to node.id " + storedNode
                             + " but this broker is node.id " + std::to_string(m_nodeId)
                             + "; use that node.id or another log dir");
    const std::string &storedCluster = props["cluster.id"];
    if (!m_clusterId.empty() && storedCluster != m_clusterId)
        return makeError(ErrorCode::InconsistentClusterId,
                         "log dir " + dir.string() + " belongs to cluster " + storedCluster
                             + ", not " + m_clusterId);
    m_clusterId = storedCluster;
    return {};
}

Status LogManager::discover(size_t dirIndex)
{
    std::error_code ec;
    const auto &dir = m_dirs[dirIndex];
    for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
        if (!entry.is_directory(ec))
            continue;
        std::string name = entry.path().filename().string();
        if (name.ends_with("-delete")) {
            std::filesystem::remove_all(entry.path(), ec); // a removal interrupted by a crash
            continue;
        }
        auto parsed = parsePartitionDirName(name);
        // The metadata quorum's log (engine/cluster) shares the first log dir, as in Kafka.
        if (!parsed || parsed->first == "__cluster_metadata")
            continue;
        if (m_logs.count(*parsed))
            return makeError(ErrorCode::InvalidConfig,
                             "partition " + name + " exists in two log dirs: "
                                 + m_dirs[m_logs[*parsed].dirIndex].string() + " and "
                                 + dir.string());
        auto log = PartitionLog::open(entry.path(), m_defaultConfig);
        if (!log)
            return log.error();
        m_logs[*parsed] = Entry{std::move(log).value(), dirIndex};
    }
    if (ec)
        return makeError(ErrorCode::KafkaStorageError,
                         "cannot list log dir " + dir.string() + ": " + ec.message());
    return {};
}

PartitionLog *LogManager::get(const std::string &topic, int32_t partition)
{
    auto it = m_logs.find({topic, partition});
    return it == m_logs.end() ? nullptr : it->second.log.get();
}

std::optional<std::filesystem::path> LogManager::dirOf(const std::string &topic,
                                                       int32_t partition) const
{
    auto it = m_logs.find({topic, partition});
    if (it == m_logs.end())
        return std::nullopt;
    return m_dirs[it->second.dirIndex];
}

Result<PartitionLog *>
LogManager::create(const std::string &topic, int32_t partition, const LogConfig &cfg)
{
    if (!validTopicName(topic))
        return makeError(ErrorCode::InvalidTopicException,
                         "topic name '" + topic
                             + "' is not legal: use up to 249 of [a-zA-Z0-9._-]");
    if (partition < 0)
        return makeError(ErrorCode::InvalidPartitions, "negative partition number");
    if (auto *existing = get(topic, partition)) {
        existing->setConfig(cfg);
        return existing;
    }
    std::vector<size_t> counts(m_dirs.size(), 0);
    for (const auto &[key, entry] : m_logs)
        ++counts[entry.dirIndex];
    size_t dirIndex = size_t(std::min_element(counts.begin(), counts.end()) - counts.begin());
    auto path = m_dirs[dirIndex] / (topic + "-" + std::to_string(partition));
    // Encryption at rest is a broker-wide setting: every log gets the broker's key.
    LogConfig keyed = cfg;
    keyed.encryptionKey = m_defaultConfig.encryptionKey;
    auto log = PartitionLog::open(path, keyed);
    if (!log)
        return log.error();
    if (auto s = syncDirectory(m_dirs[dirIndex]); !s)
        return s.error();
    PartitionLog *raw = log->get();
    m_logs[{topic, partition}] = Entry{std::move(log).value(), dirIndex};
    return raw;
}

Status LogManager::remove(const std::string &topic, int32_t partition)
{
    auto it = m_logs.find({topic, partition});
    if (it == m_logs.end())
        return makeError(ErrorCode::UnknownTopicOrPartition,
                         "no log for " + topic + "-" + std::to_string(partition));
    std::filesystem::path path = it->second.log->dir();
    const auto &parent = m_dirs[it->second.dirIndex];
    m_logs.erase(it); // closes the files
    auto doomed
        = parent / (topic + "-" + std::to_string(partition) + "." + randomHex(16) + "-delete");
    std::error_code ec;
    std::filesystem::rename(path, doomed, ec);
    if (ec)
        return makeError(ErrorCode::KafkaStorageError,
                         "cannot rename " + path.string() + " for deletion: " + ec.message());
    if (auto s = syncDirectory(parent); !s)
        return s;
    return PartitionLog::remove(doomed);
}

std::vector<std::pair<std::string, int32_t>> LogManager::partitions() const
{
    std::vector<std::pair<std::string, int32_t>> out;
    out.reserve(m_logs.size());
    for (const auto &[key, entry] : m_logs)
        out.push_back(key);
    return out;
}

void LogManager::runHousekeeping(TimestampMs now)
{
    for (auto &[key, entry] : m_logs)
        entry.log->runHousekeeping(now);
}

int64_t LogManager::usedBytes() const
{
    int64_t used = 0;
    for (const auto &[key, entry] : m_logs)
        used += entry.log->sizeBytes();
    return used;
}

Status LogManager::checkRoom(int64_t bytes) const
{
    if (m_maxBytes <= 0)
        return {};
    const int64_t used = usedBytes();
    if (used + bytes <= m_maxBytes)
        return {};
    return makeError(ErrorCode::KafkaStorageError,
                     "the broker is full: its logs hold " + std::to_string(used) + " bytes of the "
                         + std::to_string(m_maxBytes)
                         + " allowed by runnel.log.dirs.max.bytes, and this append needs "
                         + std::to_string(bytes)
                         + " more; retention or a larger volume frees room");
}

Status LogManager::closeAll()
{
    Status first;
    for (auto &[key, entry] : m_logs) {
        if (auto s = entry.log->close(); !s && first)
            first = s;
    }
    return first;
}

} // namespace runnel::storage
