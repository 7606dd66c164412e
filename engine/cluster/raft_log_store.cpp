#include "engine/cluster/raft_log_store.h"

#include "engine/common/log.h"
#include "engine/records/crc32c.h"

#include <cerrno>
#include <system_error>

#include <sys/file.h>

namespace runnel::cluster {

using namespace runnel::metadata;

namespace {

constexpr const char *kComponent = "cluster";
// crc + offset + epoch + kind
constexpr int32_t kEntryFixedBytes = 4 + 8 + 4 + 1;
constexpr int8_t kQuorumStateVersion = 0;
constexpr size_t kQuorumStateBytes = 1 + 4 + 1 + 4 + 4;

void encodeEntry(Bytes &out, const LogEntry &e)
{
    ByteWriter w(out);
    size_t start = out.size();
    w.writeI32(kEntryFixedBytes + static_cast<int32_t>(e.payload.size()));
    w.writeU32(0); // crc, patched below
    w.writeI64(e.offset.value());
    w.writeI32(e.epoch.value());
    w.writeI8(static_cast<int8_t>(e.kind));
    w.writeBytes(ByteSpan(e.payload));
    size_t covered = start + 8;
    uint32_t crc = records::crc32c(out.data() + covered, out.size() - covered);
    w.patchI32(start + 4, static_cast<int32_t>(crc));
}

} // namespace

Result<std::unique_ptr<RaftLogStore>> RaftLogStore::open(const std::filesystem::path &logDir)
{
    std::unique_ptr<RaftLogStore> store(new RaftLogStore());
    store->m_dir = logDir / kDirName;
    store->m_logPath = store->m_dir / kLogFileName;
    std::error_code ec;
    bool existed = std::filesystem::exists(store->m_dir, ec);
    std::filesystem::create_directories(store->m_dir, ec);
    if (ec)
        return makeError(ErrorCode::KafkaStorageError,
                         "cannot create " + store->m_dir.string() + ": " + ec.message());
    if (!existed) {
        if (Status s = storage::syncDirectory(logDir); !s)
            return s.error();
    }
    auto file = storage::FileHandle::open(store->m_logPath, true);
    if (!file)
        return file.error();
    store->m_file = std::move(file.value());
    // Two voters on one directory would interleave their logs; the lock goes with the fd.
    if (::flock(store->m_file.fd(), LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        if (err == EWOULDBLOCK)
            return makeError(ErrorCode::KafkaStorageError,
                             store->m_dir.string() + " is already in use by another quorum voter");
        return storage::ioError("lock", store->m_logPath, err);
    }
    if (!existed) {
        if (Status s = storage::syncDirectory(store->m_dir); !s)
            return s.error();
    }
    if (Status s = store->recover(); !s)
        return s.error();
    return store;
}

Status RaftLogStore::recover()
{
    auto content = storage::readWholeFile(m_logPath);
    if (!content)
        return content.error();
    const Bytes &data = content.value();
    size_t pos = 0;
    std::string reason;
    while (pos < data.size()) {
        size_t left = data.size() - pos;
        if (left < 4 + static_cast<size_t>(kEntryFixedBytes)) {
            reason = "incomplete entry header";
            break;
        }
        int32_t length = static_cast<int32_t>(loadBE32(data.data() + pos));
        if (length < kEntryFixedBytes || length > kMaxEntryBytes + kEntryFixedBytes) {
            reason = "invalid entry length " + std::to_string(length);
            break;
        }
        if (static_cast<size_t>(length) > left - 4) {
            reason = "incomplete entry";
            break;
        }
        const uint8_t *body = data.data() + pos + 4;
        uint32_t stored = loadBE32(body);
        uint32_t actual = records::crc32c(body + 4, static_cast<size_t>(length) - 4);
        if (stored != actual) {
            reason = "CRC mismatch";
            break;
        }
        auto offset = static_cast<int64_t>(loadBE64(body + 4));
        int8_t kind = static_cast<int8_t>(body[16]);
        if (offset != static_cast<int64_t>(m_positions.size())) {
            reason = "offset " + std::to_string(offset) + " where "
                     + std::to_string(m_positions.size()) + " was expected";
            break;
        }
        if (kind != static_cast<int8_t>(EntryKind::Data)
            && kind != static_cast<int8_t>(EntryKind::LeaderChange)) {
            reason = "unknown entry kind " + std::to_string(kind);
            break;
        }
        m_positions.push_back(static_cast<int64_t>(pos));
        pos += 4 + static_cast<size_t>(length);
    }
    m_size = static_cast<int64_t>(pos);
    if (pos < data.size()) {
        m_cutBytes = static_cast<int64_t>(data.size() - pos);
        RLOG_WARN(kComponent) << "metadata log " << m_logPath.string() << ": " << reason
                              << " at byte " << pos << " (entry " << m_positions.size()
                              << "); cutting " << m_cutBytes << " bytes, keeping "
                              << m_positions.size() << " entries";
        if (Status s = storage::truncateFile(m_file.fd(), m_size, m_logPath); !s)
            return s;
        if (Status s = storage::syncData(m_file.fd(), m_logPath); !s)
            return s;
    }
    return Status::success();
}

Result<PersistedState> RaftLogStore::load() const
{
    PersistedState state;
    std::error_code ec;
    std::filesystem::path votePath = m_dir / kQuorumStateFileName;
    if (std::filesystem::exists(votePath, ec)) {
        auto content = storage::readWholeFile(votePath);
        if (!content)
            return content.error();
        const Bytes &b = content.value();
        if (b.size() != kQuorumStateBytes
            || loadBE32(b.data() + b.size() - 4) != records::crc32c(b.data(), b.size() - 4))
            return makeError(ErrorCode::KafkaStorageError,
                             votePath.string() + " is corrupt (size or CRC)");
        ByteReader r{ByteSpan(b)};
        int8_t version = r.readI8();
        if (version != kQuorumStateVersion)
            return makeError(ErrorCode::KafkaStorageError,
                             votePath.string() + " has unknown version " + std::to_string(version));
        state.epoch = QuorumEpoch(r.readI32());
        bool hasVote = r.readI8() != 0;
        int32_t votedFor = r.readI32();
        if (hasVote)
            state.votedFor = NodeId(votedFor);
    }

    auto content = storage::readWholeFile(m_logPath);
    if (!content)
        return content.error();
    const Bytes &data = content.value();
    if (static_cast<int64_t>(data.size()) < m_size)
        return makeError(ErrorCode::KafkaStorageError, m_logPath.string() + " shrank while open");
    state.log.reserve(m_positions.size());
    for (int64_t p : m_positions) {
        size_t pos = static_cast<size_t>(p);
        auto length = static_cast<size_t>(loadBE32(data.data() + pos));
        const uint8_t *body = data.data() + pos + 4;
        LogEntry e;
        e.offset = Offset(static_cast<int64_t>(loadBE64(body + 4)));
        e.epoch = QuorumEpoch(static_cast<int32_t>(loadBE32(body + 12)));
        e.kind = static_cast<EntryKind>(body[16]);
        e.payload.assign(body + 17, body + length); // after crc, offset, epoch, kind
        state.log.push_back(std::move(e));
    }
    return state;
}

Status RaftLogStore::append(const std::vector<LogEntry> &entries)
{
    if (entries.empty())
        return Status::success();
    Bytes buffer;
    std::vector<int64_t> positions;
    positions.reserve(entries.size());
    int64_t next = static_cast<int64_t>(m_positions.size());
    for (const LogEntry &e : entries) {
        if (e.offset.value() != next)
            return makeError(ErrorCode::InvalidRequest,
                             "metadata log append at offset " + std::to_string(e.offset.value())
                                 + " but the log ends at " + std::to_string(next));
        if (e.payload.size() > static_cast<size_t>(kMaxEntryBytes))
            return makeError(ErrorCode::MessageTooLarge,
                             "metadata log entry of " + std::to_string(e.payload.size())
                                 + " bytes");
        positions.push_back(m_size + static_cast<int64_t>(buffer.size()));
        encodeEntry(buffer, e);
        ++next;
    }
    if (Status s = storage::pwriteFull(m_file.fd(), ByteSpan(buffer), m_size, m_logPath); !s)
        return s;
    m_size += static_cast<int64_t>(buffer.size());
    m_positions.insert(m_positions.end(), positions.begin(), positions.end());
    return Status::success();
}

Status RaftLogStore::sync()
{
    return storage::syncData(m_file.fd(), m_logPath);
}

Status RaftLogStore::truncate(Offset offset)
{
    if (offset.value() < 0)
        return makeError(ErrorCode::InvalidRequest, "metadata log truncation to a negative offset");
    auto keep = static_cast<size_t>(offset.value());
    if (keep >= m_positions.size())
        return Status::success();
    int64_t size = m_positions[keep];
    if (Status s = storage::truncateFile(m_file.fd(), size, m_logPath); !s)
        return s;
    if (Status s = storage::syncData(m_file.fd(), m_logPath); !s)
        return s;
    m_positions.resize(keep);
    m_size = size;
    return Status::success();
}

Status RaftLogStore::persistVote(QuorumEpoch epoch, std::optional<NodeId> votedFor)
{
    Bytes b;
    ByteWriter w(b);
    w.writeI8(kQuorumStateVersion);
    w.writeI32(epoch.value());
    w.writeI8(votedFor ? 1 : 0);
    w.writeI32(votedFor ? votedFor->value() : -1);
    w.writeU32(records::crc32c(b.data(), b.size()));
    return storage::writeFileAtomically(m_dir / kQuorumStateFileName, ByteSpan(b));
}

} // namespace runnel::cluster
