#include "engine/storage/partition_log.h"

#include "engine/common/log.h"
#include "engine/storage/file_io.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <sstream>

namespace runnel::storage {

using records::BatchHeader;

namespace {

constexpr const char *kCheckpointFile = "partition.checkpoint";
constexpr const char *kCleanShutdownFile = ".runnel_clean_shutdown";
constexpr const char *kLeaderEpochFile = "leader-epoch-checkpoint";
constexpr int kCheckpointVersion = 1;
constexpr size_t kSnapshotsKept = 2;

struct Checkpoint
{
    int64_t logStartOffset = 0;
    int64_t recoveryPoint = 0;
    int64_t cleanerOffset = 0;
};

std::optional<Checkpoint> readCheckpoint(const std::filesystem::path &path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return std::nullopt;
    auto data = readWholeFile(path);
    if (!data) {
        RLOG_WARN("storage") << "ignoring unreadable " << path.string() << ": "
                             << data.error().message;
        return std::nullopt;
    }
    std::istringstream in(std::string(data->begin(), data->end()));
    std::string key;
    int64_t value = 0;
    Checkpoint cp;
    int version = -1;
    int fields = 0;
    if (!(in >> key >> version) || key != "version" || version != kCheckpointVersion) {
        RLOG_WARN("storage") << "ignoring " << path.string() << ": unknown format";
        return std::nullopt;
    }
    while (in >> key >> value) {
        if (key == "log-start-offset")
            cp.logStartOffset = value, ++fields;
        else if (key == "recovery-point")
            cp.recoveryPoint = value, ++fields;
        else if (key == "cleaner-offset")
            cp.cleanerOffset = value, ++fields;
    }
    if (fields != 3) {
        RLOG_WARN("storage") << "ignoring " << path.string() << ": incomplete";
        return std::nullopt;
    }
    return cp;
}

bool parseOffsetName(const std::string &name, std::string_view suffix, int64_t &offset)
{
    if (name.size() != 20 + suffix.size() || !name.ends_with(suffix))
        return false;
    auto [p, ec] = std::from_chars(name.data(), name.data() + 20, offset);
    return ec == std::errc() && p == name.data() + 20 && offset >= 0;
}

bool endsWithAny(const std::string &name, std::initializer_list<std::string_view> suffixes)
{
    for (auto s : suffixes)
        if (name.ends_with(s))
            return true;
    return false;
}

std::string describeProducer(const ProducerEntry &e)
{
    std::ostringstream out;
    out << "epoch " << e.epoch << " batches";
    for (const ProducerBatchInfo &b : e.batches)
        out << " [" << b.firstSeq << ".." << b.lastSeq << "]@" << b.firstOffset;
    return out.str();
}

} // namespace

PartitionLog::PartitionLog(const std::filesystem::path &dir, const LogConfig &cfg)
    : m_dir(dir)
    , m_config(cfg)
    , m_epochs(dir / kLeaderEpochFile)
{}

PartitionLog::~PartitionLog() = default;

Result<std::unique_ptr<PartitionLog>> PartitionLog::open(const std::filesystem::path &dir,
                                                         const LogConfig &cfg)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return makeError(ErrorCode::KafkaStorageError,
                         "cannot create partition directory " + dir.string() + ": " + ec.message());
    std::unique_ptr<PartitionLog> log(new PartitionLog(dir, cfg));
    if (auto s = log->load(); !s)
        return s.error();
    return log;
}

Status PartitionLog::load()
{
    std::optional<Checkpoint> cp = readCheckpoint(m_dir / kCheckpointFile);
    std::error_code ec;
    const bool clean = std::filesystem::exists(m_dir / kCleanShutdownFile, ec);

    std::vector<int64_t> bases;
    for (const auto &entry : std::filesystem::directory_iterator(m_dir, ec)) {
        std::string name = entry.path().filename().string();
        int64_t offset = 0;
        if (endsWithAny(name, {".deleted", ".tmp", ".cleaned", ".swap"})) {
            // Leftovers of an interrupted deletion, checkpoint or compaction: the originals
            // are still (or already) in place.
            std::filesystem::remove(entry.path(), ec);
        } else if (parseOffsetName(name, ".log", offset)) {
            bases.push_back(offset);
        }
    }
    std::sort(bases.begin(), bases.end());
    for (const auto &entry : std::filesystem::directory_iterator(m_dir, ec)) {
        std::string name = entry.path().filename().string();
        int64_t offset = 0;
        if ((parseOffsetName(name, ".index", offset) || parseOffsetName(name, ".timeindex", offset))
            && !std::binary_search(bases.begin(), bases.end(), offset))
            std::filesystem::remove(entry.path(), ec);
    }

    if (cp) {
        m_logStartOffset = cp->logStartOffset;
        m_recoveryPoint = cp->recoveryPoint;
        m_cleanerOffset = cp->cleanerOffset;
    }
    // Without a clean shutdown, everything from the segment holding the recovery point
    // on may hold torn or unsynced writes and is verified batch by batch.
    int64_t recoverFrom = std::numeric_limits<int64_t>::max();
    if (!clean) {
        recoverFrom = 0;
        for (int64_t b : bases)
            if (b <= m_recoveryPoint)
                recoverFrom = b;
    }

    std::vector<Segment *> rescanned;
    for (size_t i = 0; i < bases.size(); ++i) {
        bool recover = bases[i] >= recoverFrom;
        SegmentRecovery report;
        auto seg = Segment::open(
            m_dir, bases[i], m_config.indexIntervalBytes, recover, &report, m_config.encryptionKey);
        if (!seg)
            return seg.error();
        if (recover)
            rescanned.push_back(seg->get());
        bool truncated = report.truncatedBytes > 0;
        int64_t end = (*seg)->nextOffset();
        m_segments.emplace(bases[i], std::move(seg).value());
        if (truncated && i + 1 < bases.size()) {
            // Data after a corrupt batch cannot be trusted to follow on: drop it, as Kafka
            // does, rather than leave a gap in the middle of the log.
            for (size_t k = i + 1; k < bases.size(); ++k) {
                auto doomed = Segment::open(m_dir,
                                            bases[k],
                                            m_config.indexIntervalBytes,
                                            false,
                                            nullptr,
                                            m_config.encryptionKey);
                RLOG_WARN("storage") << "deleting segment " << bases[k] << " of " << m_dir.string()
                                     << " after corruption at offset " << end;
                if (doomed)
                    (*doomed)->deleteFiles();
            }
            break;
        }
    }

    std::filesystem::remove(m_dir / kCleanShutdownFile, ec);
    if (auto s = syncDirectory(m_dir); !s)
        return s;

    if (m_segments.empty()) {
        auto seg = Segment::create(
            m_dir, std::max<int64_t>(m_logStartOffset, 0), m_lastNow, {}, m_config.encryptionKey);
        if (!seg)
            return seg.error();
        m_segments.emplace((*seg)->baseOffset(), std::move(seg).value());
    }
    // A segment is only ever started at the log end offset, so the last one must not end
    // before an earlier one; a stray empty segment after recovery is simply kept.
    int64_t leo = logEndOffset().value();
    m_logStartOffset = std::clamp(m_logStartOffset, m_segments.begin()->first, leo);
    m_recoveryPoint = std::min(m_recoveryPoint, leo);

    // Make rebuilt indexes durable so the next clean start can trust them.
    for (Segment *seg : rescanned) {
        Status s = seg == &active() ? seg->persistIndexes() : seg->seal();
        if (!s)
            return s;
    }
    if (auto s = loadProducerState(); !s)
        return s;
    // Leader epochs: trust the checkpoint for what was verified or cleanly closed, then
    // re-derive them from the batches that recovery rescanned (all of them without one).
    if (m_epochs.load()) {
        m_epochs.truncateFromEnd(leo);
        if (!clean) {
            if (auto s = assignEpochsFrom(recoverFrom); !s)
                return s;
        }
    } else if (auto s = assignEpochsFrom(m_segments.begin()->first); !s) {
        return s;
    }
    m_epochs.truncateFromStart(m_logStartOffset);
    if (!clean && !bases.empty())
        RLOG_INFO("storage") << "recovered " << m_dir.string() << ": log start " << m_logStartOffset
                             << ", log end " << leo << ", " << m_segments.size() << " segment(s)";
    return writeCheckpoint();
}

Status PartitionLog::loadProducerState()
{
    const int64_t leo = logEndOffset().value();
    std::vector<int64_t> snapshots;
    std::error_code ec;
    for (const auto &entry : std::filesystem::directory_iterator(m_dir, ec)) {
        int64_t offset = 0;
        if (parseOffsetName(entry.path().filename().string(), ".snapshot", offset)) {
            if (offset > leo)
                std::filesystem::remove(entry.path(), ec); // describes data we no longer have
            else
                snapshots.push_back(offset);
        }
    }
    std::sort(snapshots.rbegin(), snapshots.rend());
    int64_t from = m_segments.begin()->first;
    m_producers.clear();
    for (int64_t offset : snapshots) {
        auto path = m_dir / segmentFileName(offset, ".snapshot");
        if (auto s = m_producers.readSnapshot(path); s) {
            from = offset;
            break;
        } else {
            RLOG_WARN("storage") << s.error().message << "; trying an older one";
            m_producers.clear();
        }
    }
    // Replay the headers of the batches after the snapshot (cheap: no record decoding).
    for (auto &[base, seg] : m_segments) {
        if (seg->nextOffset() <= from)
            continue;
        auto s = seg->forEachBatch(from, [&](const BatchHeader &h, int64_t) {
            if (h.baseOffset >= from)
                m_producers.replay(h);
            return true;
        });
        if (!s)
            return s;
    }
    return {};
}

Status PartitionLog::assignEpochsFrom(int64_t offset)
{
    for (auto &[base, seg] : m_segments) {
        if (seg->nextOffset() <= offset)
            continue;
        auto s = seg->forEachBatch(offset, [&](const BatchHeader &h, int64_t) {
            m_epochs.assign(h.partitionLeaderEpoch, h.baseOffset);
            return true;
        });
        if (!s)
            return s;
    }
    return {};
}

std::pair<LeaderEpoch, Offset> PartitionLog::endOffsetForEpoch(LeaderEpoch epoch) const
{
    auto [e, offset] = m_epochs.endOffsetFor(epoch.value(), logEndOffset().value());
    return {LeaderEpoch(e), Offset(offset)};
}

Status PartitionLog::writeCheckpoint()
{
    std::ostringstream out;
    out << "version " << kCheckpointVersion << "\n"
        << "log-start-offset " << m_logStartOffset << "\n"
        << "recovery-point " << m_recoveryPoint << "\n"
        << "cleaner-offset " << m_cleanerOffset << "\n";
    std::string text = out.str();
    return writeFileAtomically(
        m_dir / kCheckpointFile,
        ByteSpan(reinterpret_cast<const uint8_t *>(text.data()), text.size()));
}

Status PartitionLog::writeProducerSnapshot()
{
    auto path = m_dir / segmentFileName(logEndOffset().value(), ".snapshot");
    if (auto s = m_producers.writeSnapshot(path); !s)
        return s;
    pruneSnapshots(kSnapshotsKept);
    return {};
}

void PartitionLog::pruneSnapshots(size_t keep)
{
    std::vector<int64_t> snapshots;
    std::error_code ec;
    for (const auto &entry : std::filesystem::directory_iterator(m_dir, ec)) {
        int64_t offset = 0;
        if (parseOffsetName(entry.path().filename().string(), ".snapshot", offset))
            snapshots.push_back(offset);
    }
    std::sort(snapshots.rbegin(), snapshots.rend());
    for (size_t i = keep; i < snapshots.size(); ++i)
        std::filesystem::remove(m_dir / segmentFileName(snapshots[i], ".snapshot"), ec);
}

Offset PartitionLog::logEndOffset() const
{
    return Offset(active().nextOffset());
}

int64_t PartitionLog::sizeBytes() const
{
    int64_t total = 0;
    for (const auto &[base, seg] : m_segments)
        total += seg->sizeBytes();
    return total;
}

Status PartitionLog::roll(TimestampMs now)
{
    Segment &old = active();
    if (old.empty())
        return {};
    // Sealing fsyncs the finished segment so the recovery point can move past it.
    if (auto s = old.seal(); !s)
        return s;
    int64_t base = old.nextOffset();
    auto seg = Segment::create(m_dir, base, now, {}, m_config.encryptionKey);
    if (!seg)
        return seg.error();
    m_segments.emplace(base, std::move(seg).value());
    m_recoveryPoint = base;
    if (auto s = writeProducerSnapshot(); !s)
        RLOG_WARN("storage") << "producer snapshot at roll failed: " << s.error().message;
    if (auto s = writeCheckpoint(); !s)
        RLOG_WARN("storage") << "checkpoint at roll failed: " << s.error().message;
    RLOG_DEBUG("storage") << "rolled " << m_dir.string() << " at offset " << base;
    return {};
}

Result<std::vector<BatchHeader>> PartitionLog::parseHeaders(std::span<uint8_t> batches) const
{
    std::vector<BatchHeader> headers;
    if (batches.empty())
        return makeError(ErrorCode::CorruptMessage, "append of no record batches");
    size_t pos = 0;
    while (pos < batches.size()) {
        auto h = records::parseBatchHeader(ByteSpan(batches).subspan(pos));
        if (!h)
            return h.error();
        if (h->batchLength < int32_t(records::kBatchHeaderSize - records::kBatchLengthFieldEnd)
            || h->totalSize() > batches.size() - pos || h->lastOffsetDelta < 0)
            return makeError(ErrorCode::CorruptMessage, "record batch length is inconsistent");
        if (h->totalSize() > size_t(std::max(m_config.maxMessageBytes, 0)))
            return makeError(ErrorCode::MessageTooLarge,
                             "record batch of " + std::to_string(h->totalSize())
                                 + " bytes exceeds max.message.bytes "
                                 + std::to_string(m_config.maxMessageBytes));
        pos += h->totalSize();
        headers.push_back(*h);
    }
    return headers;
}

Result<AppendResult> PartitionLog::writeBatches(std::span<uint8_t> batches,
                                                std::vector<BatchHeader> &headers,
                                                int64_t firstOffset,
                                                TimestampMs now)
{
    int64_t lastOffset = headers.back().lastOffset();
    Segment *seg = &active();
    bool tooBig = seg->sizeBytes() > m_config.segmentBytes - int64_t(batches.size());
    bool tooOld = m_config.segmentMs >= 0 && now - seg->rollBaseTime() > m_config.segmentMs;
    // Index entries hold 32-bit offsets relative to the segment's base.
    bool offsetOverflow = lastOffset - seg->baseOffset() > std::numeric_limits<int32_t>::max();
    if (!seg->empty() && (tooBig || tooOld || offsetOverflow)) {
        if (auto s = roll(now); !s)
            return s.error();
        seg = &active();
    }
    if (auto s = seg->append(ByteSpan(batches), headers, m_config.indexIntervalBytes, now); !s) {
        RLOG_ERROR("storage") << "append to " << m_dir.string() << " failed: " << s.error().message;
        return s.error();
    }
    AppendResult result;
    result.firstOffset = Offset(firstOffset);
    result.lastOffset = Offset(lastOffset);
    result.logStartOffset = Offset(m_logStartOffset);
    return result;
}

Result<AppendResult>
PartitionLog::append(std::span<uint8_t> batches, TimestampMs now, LeaderEpoch leaderEpoch)
{
    if (m_closed)
        return makeError(ErrorCode::KafkaStorageError, "log " + m_dir.string() + " is closed");
    m_lastNow = std::max(m_lastNow, now);
    auto parsed = parseHeaders(batches);
    if (!parsed)
        return parsed.error();
    std::vector<BatchHeader> &headers = *parsed;

    // Assign offsets and check producer state against a staged copy, so that a request
    // failing half-way changes nothing.
    const int64_t firstOffset = logEndOffset().value();
    const TimestampMs appendTime = m_config.logAppendTime ? now : -1;
    std::unordered_map<int64_t, ProducerEntry> staged;
    int64_t next = firstOffset;
    for (size_t i = 0; i < headers.size(); ++i) {
        BatchHeader &h = headers[i];
        h.baseOffset = next;
        next += int64_t(h.lastOffsetDelta) + 1;
        if (m_config.logAppendTime) {
            h.attributes |= records::attr::kLogAppendTime;
            h.maxTimestamp = now;
        }
        if (leaderEpoch.value() >= 0)
            h.partitionLeaderEpoch = leaderEpoch.value();
        if (h.producerId < 0 || h.baseSequence < 0 || h.isControl())
            continue;
        auto st = staged.find(h.producerId);
        const ProducerEntry *current
            = st != staged.end() ? &st->second : m_producers.find(h.producerId);
        auto check = ProducerStateManager::check(h, current);
        if (!check) {
            // Rare and decisive for exactly-once: the client reacts by bumping its epoch and
            // re-sending everything unacknowledged, so say what this replica knew.
            RLOG_WARN("storage") << m_dir.filename().string() << " at log end " << firstOffset
                                 << ": " << check.error().message << "; cached "
                                 << (current ? describeProducer(*current) : std::string("none"));
            return check.error();
        }
        if (!*check && current && current->epoch >= 0 && h.producerEpoch > current->epoch)
            RLOG_INFO("storage") << m_dir.filename().string() << ": producer " << h.producerId
                                 << " starts epoch " << h.producerEpoch << " at log end "
                                 << firstOffset << "; cached " << describeProducer(*current);
        if (!*check && (!current || current->epoch < 0) && h.baseSequence != 0)
            RLOG_INFO("storage") << m_dir.filename().string() << ": unknown producer "
                                 << h.producerId << " starts at sequence " << h.baseSequence
                                 << " (epoch " << h.producerEpoch << ") at log end " << firstOffset;
        if (*check) {
            if (headers.size() != 1)
                return makeError(ErrorCode::DuplicateSequenceNumber,
                                 "a batch of this multi-batch append was already written");
            RLOG_INFO("storage") << m_dir.filename().string() << ": producer " << h.producerId
                                 << " epoch " << h.producerEpoch << " sequence " << h.baseSequence
                                 << ".." << h.lastSequence() << " is a retry of offset "
                                 << (*check)->firstOffset;
            AppendResult dup;
            dup.firstOffset = Offset((*check)->firstOffset);
            dup.lastOffset = Offset((*check)->lastOffset);
            dup.logAppendTime = (*check)->timestamp;
            dup.logStartOffset = Offset(m_logStartOffset);
            dup.duplicate = true;
            return dup;
        }
        ProducerEntry entry = current ? *current : ProducerEntry{};
        ProducerStateManager::apply(entry, h, now, appendTime);
        staged[h.producerId] = std::move(entry);
    }

    // Patch the wire bytes in place; only LogAppendTime touches CRC-covered bytes.
    size_t pos = 0;
    for (const BatchHeader &h : headers) {
        uint8_t *b = batches.data() + pos;
        records::setBaseOffset(b, h.baseOffset);
        if (leaderEpoch.value() >= 0)
            records::setPartitionLeaderEpoch(b, leaderEpoch.value());
        if (m_config.logAppendTime)
            records::setLogAppendTime(b, now);
        pos += h.totalSize();
    }

    auto result = writeBatches(batches, headers, firstOffset, now);
    if (!result)
        return result;
    for (auto &[pid, entry] : staged)
        m_producers.put(pid, std::move(entry));
    for (const BatchHeader &h : headers)
        m_epochs.assign(h.partitionLeaderEpoch, h.baseOffset);
    result->logAppendTime = appendTime;
    return result;
}

std::optional<AppendResult> PartitionLog::findDuplicate(std::span<const uint8_t> batches) const
{
    auto h = records::parseBatchHeader(ByteSpan(batches.data(), batches.size()));
    if (!h || h->totalSize() != batches.size() || h->producerId < 0 || h->baseSequence < 0
        || h->isControl())
        return std::nullopt;
    auto check = ProducerStateManager::check(*h, m_producers.find(h->producerId));
    if (!check || !*check)
        return std::nullopt;
    AppendResult dup;
    dup.firstOffset = Offset((*check)->firstOffset);
    dup.lastOffset = Offset((*check)->lastOffset);
    dup.logAppendTime = (*check)->timestamp;
    dup.logStartOffset = Offset(m_logStartOffset);
    dup.duplicate = true;
    return dup;
}

Result<AppendResult> PartitionLog::appendAsFollower(std::span<uint8_t> batches, TimestampMs now)
{
    if (m_closed)
        return makeError(ErrorCode::KafkaStorageError, "log " + m_dir.string() + " is closed");
    m_lastNow = std::max(m_lastNow, now);
    std::vector<BatchHeader> headers;
    size_t pos = 0;
    int64_t next = logEndOffset().value();
    while (pos < batches.size()) {
        auto h = records::verifyBatch(ByteSpan(batches).subspan(pos));
        if (!h)
            return h.error();
        if (h->baseOffset < next)
            return makeError(ErrorCode::CorruptMessage,
                             "replicated batch at offset " + std::to_string(h->baseOffset)
                                 + " is below the log end offset " + std::to_string(next));
        next = h->lastOffset() + 1;
        pos += h->totalSize();
        headers.push_back(*h);
    }
    if (headers.empty())
        return makeError(ErrorCode::CorruptMessage, "append of no record batches");
    auto result = writeBatches(batches, headers, headers.front().baseOffset, now);
    if (!result)
        return result;
    for (const BatchHeader &h : headers) {
        m_producers.replay(h);
        m_epochs.assign(h.partitionLeaderEpoch, h.baseOffset);
    }
    return result;
}

Result<ReadResult>
PartitionLog::read(Offset from, size_t maxBytes, Offset upTo, bool minOneBatch) const
{
    const int64_t leo = logEndOffset().value();
    if (from.value() < m_logStartOffset || from.value() > leo)
        return makeError(ErrorCode::OffsetOutOfRange,
                         "offset " + std::to_string(from.value()) + " is outside ["
                             + std::to_string(m_logStartOffset) + ", " + std::to_string(leo) + "]");
    ReadResult result;
    result.logStartOffset = Offset(m_logStartOffset);
    const int64_t limit = std::min(upTo.value(), leo);
    if (from.value() >= limit)
        return result;
    auto it = m_segments.upper_bound(from.value());
    if (it != m_segments.begin())
        --it;
    for (; it != m_segments.end(); ++it) {
        auto stopped = it->second->read(from.value(), limit, maxBytes, minOneBatch, result.data);
        if (!stopped)
            return stopped.error();
        if (*stopped)
            break;
    }
    return result;
}

std::optional<std::pair<Offset, TimestampMs>> PartitionLog::offsetForTimestamp(TimestampMs ts) const
{
    for (const auto &[base, seg] : m_segments) {
        if (seg->nextOffset() <= m_logStartOffset)
            continue;
        auto found = seg->offsetForTimestamp(ts, m_logStartOffset);
        if (!found) {
            RLOG_ERROR("storage") << "timestamp lookup in " << m_dir.string()
                                  << " failed: " << found.error().message;
            return std::nullopt;
        }
        if (*found)
            return std::make_pair(Offset((*found)->first), (*found)->second);
    }
    return std::nullopt;
}

TimestampMs PartitionLog::maxTimestamp() const
{
    TimestampMs ts = -1;
    for (const auto &[base, seg] : m_segments)
        ts = std::max(ts, seg->maxTimestamp());
    return ts;
}

std::optional<std::pair<Offset, TimestampMs>> PartitionLog::offsetOfMaxTimestamp() const
{
    const Segment *best = nullptr;
    for (const auto &[base, seg] : m_segments)
        if (seg->maxTimestamp() >= 0 && (!best || seg->maxTimestamp() > best->maxTimestamp()))
            best = seg.get();
    if (!best)
        return std::nullopt;
    // The segment knows the batch; the record inside it needs a decode (KIP-734).
    const TimestampMs ts = best->maxTimestamp();
    std::optional<std::pair<Offset, TimestampMs>> found;
    auto s = best->forEachBatch(best->baseOffset(), [&](const BatchHeader &h, int64_t pos) {
        if (h.maxTimestamp != ts)
            return true;
        found = std::make_pair(Offset(h.lastOffset()), ts);
        if (auto batch = best->readBatch(pos, h)) {
            if (auto recs = records::decodeRecords(*batch)) {
                for (const records::Record &r : *recs)
                    if (r.timestamp == ts) {
                        found = std::make_pair(Offset(r.offset), ts);
                        break;
                    }
            }
        }
        return false;
    });
    if (!s)
        return std::nullopt;
    return found;
}

Status PartitionLog::deleteSegment(std::map<int64_t, std::unique_ptr<Segment>>::iterator it)
{
    std::vector<std::filesystem::path> renamed;
    Status s = it->second->markDeleted(renamed);
    // Readers in flight (sendfile) keep the data through the renamed file until the delay.
    for (auto &p : renamed)
        m_pendingDeletes.emplace_back(p,
                                      m_lastNow + std::max<int64_t>(m_config.fileDeleteDelayMs, 0));
    m_segments.erase(it);
    return s;
}

Status PartitionLog::deleteRecordsBefore(Offset offset)
{
    const int64_t leo = logEndOffset().value();
    const int64_t bound = std::min(leo, m_highWatermark.value_or(leo));
    if (offset.value() > bound || offset.value() < 0)
        return makeError(ErrorCode::OffsetOutOfRange,
                         "cannot delete records before " + std::to_string(offset.value())
                             + ": the log ends at " + std::to_string(bound));
    if (offset.value() <= m_logStartOffset)
        return {};
    m_logStartOffset = offset.value();
    // Whole segments below the new start go now; the active segment always stays.
    Status result;
    while (m_segments.size() > 1) {
        auto second = std::next(m_segments.begin());
        if (second->first > m_logStartOffset)
            break;
        if (auto s = deleteSegment(m_segments.begin()); !s)
            result = s;
    }
    m_epochs.truncateFromStart(m_logStartOffset);
    if (auto s = writeCheckpoint(); !s)
        return s;
    RLOG_INFO("storage") << "log start offset of " << m_dir.string() << " moved to "
                         << m_logStartOffset;
    return result;
}

Status PartitionLog::truncateTo(Offset offset)
{
    if (offset.value() >= logEndOffset().value())
        return {};
    const int64_t target = std::max<int64_t>(offset.value(), 0);
    while (m_segments.size() > 1 && m_segments.rbegin()->first >= target) {
        auto last = std::prev(m_segments.end());
        last->second->deleteFiles();
        m_segments.erase(last);
    }
    // Nothing at or above the first segment survives: start afresh at target, so the log
    // end is exactly the target.
    if (target <= m_segments.begin()->first)
        return truncateFullyAndStartAt(Offset(target));
    if (auto s = active().truncateTo(target, m_config.indexIntervalBytes); !s)
        return s;
    const int64_t leo = logEndOffset().value();
    m_logStartOffset = std::min(m_logStartOffset, leo);
    m_recoveryPoint = std::min(m_recoveryPoint, leo);
    m_cleanerOffset = std::min(m_cleanerOffset, leo);
    m_epochs.truncateFromEnd(leo);
    if (auto s = loadProducerState(); !s)
        return s;
    RLOG_INFO("storage") << "truncated " << m_dir.string() << " to offset " << leo;
    return writeCheckpoint();
}

Status PartitionLog::truncateFullyAndStartAt(Offset offset)
{
    if (offset.value() < 0)
        return makeError(ErrorCode::InvalidRequest, "a log cannot start at a negative offset");
    const int64_t target = offset.value();
    for (auto &[base, seg] : m_segments)
        seg->deleteFiles();
    m_segments.clear();
    auto seg = Segment::create(m_dir, target, m_lastNow, {}, m_config.encryptionKey);
    if (!seg)
        return seg.error();
    m_segments.emplace(target, std::move(seg).value());
    m_logStartOffset = target;
    m_recoveryPoint = target;
    m_cleanerOffset = target;
    m_epochs.clear();
    if (auto s = loadProducerState(); !s)
        return s;
    RLOG_INFO("storage") << "emptied " << m_dir.string() << "; it continues at offset " << target;
    return writeCheckpoint();
}

Status PartitionLog::flush()
{
    return active().flush();
}

Result<PartitionLog::SyncHandle> PartitionLog::syncHandle() const
{
    auto file = active().duplicateDataHandle();
    if (!file)
        return file.error();
    return SyncHandle{SyncItem{std::move(file).value(), active().logPath()}, logEndOffset()};
}

bool PartitionLog::segmentBelowHighWatermark(
    std::map<int64_t, std::unique_ptr<Segment>>::iterator it) const
{
    const int64_t leo = logEndOffset().value();
    const int64_t hw = m_highWatermark.value_or(leo);
    auto next = std::next(it);
    int64_t upper = next == m_segments.end() ? leo : next->first;
    return upper <= hw;
}

void PartitionLog::deleteOldSegments(TimestampMs now)
{
    // Kafka's rules: only a prefix of the log goes; the active segment only when it is not
    // empty (a fresh one is rolled first so the log end offset survives); never data at or
    // above the high watermark.
    auto deletePrefix = [&](auto predicate, const char *why) {
        size_t count = 0;
        for (auto it = m_segments.begin(); it != m_segments.end(); ++it, ++count) {
            bool last = std::next(it) == m_segments.end();
            if ((last && it->second->empty()) || !segmentBelowHighWatermark(it)
                || !predicate(*it->second))
                break;
        }
        if (count == 0)
            return;
        if (count == m_segments.size()) {
            if (auto s = roll(now); !s) {
                RLOG_ERROR("storage")
                    << "cannot roll " << m_dir.string() << ": " << s.error().message;
                return;
            }
        }
        for (size_t i = 0; i < count; ++i) {
            RLOG_INFO("storage") << "deleting segment " << m_segments.begin()->first << " of "
                                 << m_dir.string() << " (" << why << ")";
            if (auto s = deleteSegment(m_segments.begin()); !s)
                RLOG_ERROR("storage") << s.error().message;
        }
        m_logStartOffset = std::max(m_logStartOffset, m_segments.begin()->first);
        m_epochs.truncateFromStart(m_logStartOffset);
        if (auto s = writeCheckpoint(); !s)
            RLOG_ERROR("storage") << s.error().message;
    };

    if (m_config.retentionMs >= 0) {
        deletePrefix(
            [&](const Segment &seg) {
                TimestampMs largest
                    = seg.maxTimestamp() >= 0 ? seg.maxTimestamp() : seg.rollBaseTime();
                return now - largest > m_config.retentionMs;
            },
            "retention.ms");
    }
    if (m_config.retentionBytes >= 0) {
        int64_t excess = sizeBytes() - m_config.retentionBytes;
        deletePrefix(
            [&](const Segment &seg) {
                if (excess - seg.sizeBytes() < 0)
                    return false;
                excess -= seg.sizeBytes();
                return true;
            },
            "retention.bytes");
    }
}

void PartitionLog::runHousekeeping(TimestampMs now)
{
    if (m_closed)
        return;
    m_lastNow = std::max(m_lastNow, now);
    Segment &seg = active();
    if (!seg.empty() && m_config.segmentMs >= 0 && now - seg.rollBaseTime() > m_config.segmentMs) {
        if (auto s = roll(now); !s)
            RLOG_ERROR("storage") << "cannot roll " << m_dir.string() << ": " << s.error().message;
    }
    if (m_config.cleanupDelete)
        deleteOldSegments(now);
    if (m_config.cleanupCompact) {
        if (auto s = maybeCompact(now, false); !s)
            RLOG_ERROR("storage") << "compaction of " << m_dir.string()
                                  << " failed: " << s.error().message;
    }
    m_producers.expire(now, m_config.producerIdExpirationMs);
    std::error_code ec;
    std::erase_if(m_pendingDeletes, [&](const auto &p) {
        if (p.second > now)
            return false;
        std::filesystem::remove(p.first, ec);
        return true;
    });
}

Status PartitionLog::compact(TimestampMs now)
{
    m_lastNow = std::max(m_lastNow, now);
    return maybeCompact(now, true);
}

Status PartitionLog::close()
{
    if (m_closed)
        return {};
    Status result = active().seal();
    if (result) {
        m_recoveryPoint = logEndOffset().value();
        if (auto s = writeProducerSnapshot(); !s)
            result = s;
    }
    if (result)
        result = writeCheckpoint();
    std::error_code ec;
    for (auto &p : m_pendingDeletes)
        std::filesystem::remove(p.first, ec);
    m_pendingDeletes.clear();
    if (result) {
        // Only a fully successful close may skip recovery next time.
        result = writeFileAtomically(m_dir / kCleanShutdownFile, ByteSpan{});
    }
    m_closed = true;
    return result;
}

Status PartitionLog::remove(const std::filesystem::path &dir)
{
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    if (ec)
        return makeError(ErrorCode::KafkaStorageError,
                         "cannot delete " + dir.string() + ": " + ec.message());
    return {};
}

} // namespace runnel::storage
