#include "engine/storage/segment.h"

#include "engine/common/log.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <limits>
#include <sys/stat.h>

namespace runnel::storage {

using records::BatchHeader;
using records::kBatchHeaderSize;
using records::kBatchLengthFieldEnd;

namespace {

// Header scans start with a small window (the index puts the target within about
// index.interval.bytes of the floor entry) and double it on each refill for long scans.
constexpr size_t kFirstScanChunk = 16 * 1024;
constexpr size_t kMaxScanChunk = 256 * 1024;
constexpr int32_t kMinBatchLength = int32_t(kBatchHeaderSize - kBatchLengthFieldEnd);

// A sliding window over a file for scanning batch headers with few syscalls: many headers
// come from one pread rather than one pread each.
class WindowReader
{
public:
    WindowReader(int fd, const std::filesystem::path &path, int64_t fileSize)
        : m_fd(fd)
        , m_path(path)
        , m_fileSize(fileSize)
    {}

    // Pointer to bytes [pos, pos + n), or nullptr when they extend past the end of file.
    Result<const uint8_t *> get(int64_t pos, size_t n)
    {
        if (pos < 0 || pos + int64_t(n) > m_fileSize)
            return static_cast<const uint8_t *>(nullptr);
        if (pos < m_start || pos + int64_t(n) > m_start + int64_t(m_len)) {
            size_t want = std::max(n, m_chunk);
            m_chunk = std::min(m_chunk * 2, kMaxScanChunk);
            want = size_t(std::min<int64_t>(int64_t(want), m_fileSize - pos));
            if (m_buf.size() < want)
                m_buf.resize(want);
            auto got = preadSome(m_fd, m_buf.data(), want, pos, m_path);
            if (!got)
                return got.error();
            m_start = pos;
            m_len = *got;
            if (m_len < n)
                return static_cast<const uint8_t *>(nullptr);
        }
        return m_buf.data() + (pos - m_start);
    }

private:
    int m_fd;
    const std::filesystem::path &m_path;
    int64_t m_fileSize;
    Bytes m_buf;
    size_t m_chunk = kFirstScanChunk;
    int64_t m_start = 0;
    size_t m_len = 0;
};

std::filesystem::path withSuffix(const std::filesystem::path &dir,
                                 int64_t base,
                                 const char *suffix,
                                 std::string_view extra = {})
{
    return dir / (segmentFileName(base, suffix) + std::string(extra));
}

TimestampMs fileMtimeMs(const std::filesystem::path &p)
{
    struct stat st
    {};
    if (::stat(p.c_str(), &st) != 0)
        return -1;
    return int64_t(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1'000'000;
}

} // namespace

Segment::Segment(const std::filesystem::path &dir, int64_t baseOffset, std::string_view suffix)
    : m_dir(dir)
    , m_logPath(withSuffix(dir, baseOffset, ".log", suffix))
    , m_indexPath(withSuffix(dir, baseOffset, ".index", suffix))
    , m_timeIndexPath(withSuffix(dir, baseOffset, ".timeindex", suffix))
    , m_baseOffset(baseOffset)
    , m_nextOffset(baseOffset)
    , m_topicPartition(dir.filename().string())
{}

Segment::~Segment() = default;

Status Segment::openFile(bool create)
{
    auto f = FileHandle::open(m_logPath, create);
    if (!f)
        return f.error();
    m_log = std::move(f).value();
    return {};
}

Result<std::unique_ptr<Segment>> Segment::create(const std::filesystem::path &dir,
                                                 int64_t baseOffset,
                                                 TimestampMs now,
                                                 std::string_view suffix,
                                                 std::shared_ptr<const AtRestKey> key)
{
    std::unique_ptr<Segment> seg(new Segment(dir, baseOffset, suffix));
    seg->m_key = std::move(key);
    if (auto s = seg->openFile(true); !s)
        return s.error();
    if (auto s = truncateFile(seg->m_log.fd(), 0, seg->m_logPath); !s)
        return s.error();
    std::error_code ec;
    std::filesystem::remove(seg->m_indexPath, ec);
    std::filesystem::remove(seg->m_timeIndexPath, ec);
    seg->m_rollBaseTime = now;
    return seg;
}

Result<std::unique_ptr<Segment>> Segment::open(const std::filesystem::path &dir,
                                               int64_t baseOffset,
                                               int32_t indexIntervalBytes,
                                               bool recover,
                                               SegmentRecovery *report,
                                               std::shared_ptr<const AtRestKey> key)
{
    std::unique_ptr<Segment> seg(new Segment(dir, baseOffset));
    seg->m_key = std::move(key);
    if (auto s = seg->openFile(false); !s)
        return s.error();
    if (recover || !seg->loadIndexFiles()) {
        if (auto s = seg->scan(recover, indexIntervalBytes, report); !s)
            return s.error();
    }
    if (seg->m_rollBaseTime < 0)
        seg->m_rollBaseTime = fileMtimeMs(seg->m_logPath);
    return seg;
}

void Segment::maybeAppendTimeIndex(TimestampMs ts, int64_t offset)
{
    if (ts < 0)
        return;
    if (!m_timeIndex.empty() && ts <= m_timeIndex.back().timestamp)
        return;
    m_timeIndex.push_back({ts, int32_t(offset - m_baseOffset)});
}

void Segment::indexBatch(const BatchHeader &h, int64_t position, int32_t indexIntervalBytes)
{
    if (h.maxTimestamp > m_maxTimestamp) {
        m_maxTimestamp = h.maxTimestamp;
        m_lastOffsetOfMaxTimestamp = h.lastOffset();
    }
    if (m_bytesSinceIndexEntry > indexIntervalBytes) {
        m_offsetIndex.push_back({int32_t(h.lastOffset() - m_baseOffset), int32_t(position)});
        maybeAppendTimeIndex(m_maxTimestamp, m_lastOffsetOfMaxTimestamp);
        m_bytesSinceIndexEntry = 0;
    }
    m_bytesSinceIndexEntry += int64_t(h.totalSize());
    m_nextOffset = h.lastOffset() + 1;
}

Status Segment::scan(bool verify, int32_t indexIntervalBytes, SegmentRecovery *report)
{
    auto size = fileSize(m_log.fd(), m_logPath);
    if (!size)
        return size.error();
    m_offsetIndex.clear();
    m_timeIndex.clear();
    m_offsetIndexPersisted = 0;
    m_timeIndexPersisted = 0;
    m_nextOffset = m_baseOffset;
    m_maxTimestamp = -1;
    m_lastOffsetOfMaxTimestamp = -1;
    m_bytesSinceIndexEntry = 0;

    WindowReader reader(m_log.fd(), m_logPath, *size);
    int64_t pos = 0;
    std::string problem;
    while (pos < *size) {
        auto head = reader.get(pos, kBatchHeaderSize);
        if (!head)
            return head.error();
        if (!*head) {
            problem = "truncated batch header";
            break;
        }
        int32_t batchLength = int32_t(loadBE32(*head + 8));
        if (batchLength < kMinBatchLength || pos + batchLength + 12 > *size) {
            problem = batchLength < kMinBatchLength ? "invalid batch length"
                                                    : "batch extends past the end of the file";
            break;
        }
        size_t total = size_t(batchLength) + kBatchLengthFieldEnd;
        // A segment is written under one key setting, so a first batch of the wrong kind
        // means the broker's key setting changed: stop rather than truncate data that the
        // other setting reads. Later on, a wrong kind is corruption like any other.
        if (auto s = checkFrameKind(ByteSpan(*head, kBatchHeaderSize), pos); !s) {
            if (pos == 0)
                return s;
            problem = s.error().message;
            break;
        }
        Result<BatchHeader> h = records::parseBatchHeader(ByteSpan(*head, kBatchHeaderSize));
        if (h && verify) {
            auto whole = reader.get(pos, total);
            if (!whole)
                return whole.error();
            if (m_key) {
                Bytes plain;
                if (auto s = m_key->open(ByteSpan(*whole, total), m_topicPartition, plain); !s)
                    h = s.error();
                else if (auto v = records::verifyBatch(plain); !v)
                    h = v.error();
            } else {
                h = records::verifyBatch(ByteSpan(*whole, total));
            }
        }
        if (!h) {
            problem = h.error().message;
            break;
        }
        if (h->baseOffset < m_nextOffset || h->lastOffsetDelta < 0) {
            problem = "batch offset " + std::to_string(h->baseOffset)
                      + " is below the previous batch's end " + std::to_string(m_nextOffset);
            break;
        }
        if (pos == 0 && h->maxTimestamp >= 0)
            m_rollBaseTime = h->maxTimestamp;
        indexBatch(*h, pos, indexIntervalBytes);
        pos += int64_t(total);
    }
    m_size = pos;
    if (pos < *size) {
        if (auto s = truncateFile(m_log.fd(), pos, m_logPath); !s)
            return s;
        RLOG_WARN("storage") << "truncated " << (*size - pos) << " bytes at position " << pos
                             << " of " << m_logPath.string() << ": " << problem
                             << "; offsets before " << m_nextOffset << " are intact";
    }
    if (report) {
        report->validBytes = pos;
        report->truncatedBytes = *size - pos;
        report->reason = problem;
    }
    return {};
}

bool Segment::loadIndexFiles()
{
    auto size = fileSize(m_log.fd(), m_logPath);
    if (!size)
        return false;
    m_size = *size;
    std::error_code ec;
    if (!std::filesystem::exists(m_indexPath, ec) || !std::filesystem::exists(m_timeIndexPath, ec))
        return m_size == 0 ? true : false;
    auto idx = readWholeFile(m_indexPath);
    auto tidx = readWholeFile(m_timeIndexPath);
    if (!idx || !tidx || idx->size() % kOffsetIndexEntrySize != 0
        || tidx->size() % kTimeIndexEntrySize != 0)
        return false;
    std::vector<OffsetIndexEntry> offsets;
    for (size_t i = 0; i < idx->size(); i += kOffsetIndexEntrySize) {
        OffsetIndexEntry e{int32_t(loadBE32(idx->data() + i)),
                           int32_t(loadBE32(idx->data() + i + 4))};
        if (e.relativeOffset < 0 || e.position < 0 || e.position >= m_size)
            return false;
        if (!offsets.empty()
            && (e.relativeOffset <= offsets.back().relativeOffset
                || e.position <= offsets.back().position))
            return false;
        offsets.push_back(e);
    }
    std::vector<TimeIndexEntry> times;
    for (size_t i = 0; i < tidx->size(); i += kTimeIndexEntrySize) {
        TimeIndexEntry e{int64_t(loadBE64(tidx->data() + i)),
                         int32_t(loadBE32(tidx->data() + i + 8))};
        if (e.relativeOffset < 0
            || (!times.empty()
                && (e.timestamp < times.back().timestamp
                    || e.relativeOffset < times.back().relativeOffset)))
            return false;
        times.push_back(e);
    }
    // The tail after the last indexed batch gives the next offset and any later maximum.
    m_offsetIndex = std::move(offsets);
    m_timeIndex = std::move(times);
    m_offsetIndexPersisted = m_offsetIndex.size();
    m_timeIndexPersisted = m_timeIndex.size();
    if (!m_timeIndex.empty()) {
        m_maxTimestamp = m_timeIndex.back().timestamp;
        m_lastOffsetOfMaxTimestamp = m_baseOffset + m_timeIndex.back().relativeOffset;
    }
    WindowReader reader(m_log.fd(), m_logPath, m_size);
    if (m_size > 0) {
        auto first = reader.get(0, kBatchHeaderSize);
        if (!first || !*first)
            return false;
        auto h = records::parseBatchHeader(ByteSpan(*first, kBatchHeaderSize));
        if (!h || h->baseOffset < m_baseOffset)
            return false;
        if (!checkFrameKind(ByteSpan(*first, kBatchHeaderSize), 0))
            return false; // scan() then reports it

        if (h->maxTimestamp >= 0)
            m_rollBaseTime = h->maxTimestamp;
    }
    int64_t pos = m_offsetIndex.empty() ? 0 : m_offsetIndex.back().position;
    m_bytesSinceIndexEntry = 0;
    int64_t expected
        = m_offsetIndex.empty() ? m_baseOffset : m_baseOffset + m_offsetIndex.back().relativeOffset;
    bool firstTail = true;
    while (pos < m_size) {
        auto head = reader.get(pos, kBatchHeaderSize);
        if (!head || !*head)
            return false;
        auto h = records::parseBatchHeader(ByteSpan(*head, kBatchHeaderSize));
        if (!h || h->batchLength < kMinBatchLength || pos + int64_t(h->totalSize()) > m_size)
            return false;
        if (firstTail && !m_offsetIndex.empty() && h->lastOffset() != expected)
            return false; // the index does not point at the batch it names
        if (!firstTail && h->baseOffset < m_nextOffset)
            return false;
        firstTail = false;
        indexBatch(*h, pos, std::numeric_limits<int32_t>::max());
        pos += int64_t(h->totalSize());
    }
    return true;
}

int64_t Segment::indexFloorPosition(int64_t offset) const
{
    int64_t rel = offset - m_baseOffset;
    auto it = std::upper_bound(
        m_offsetIndex.begin(), m_offsetIndex.end(), rel, [](int64_t r, const OffsetIndexEntry &e) {
            return r < e.relativeOffset;
        });
    if (it == m_offsetIndex.begin())
        return 0;
    return std::prev(it)->position;
}

Status Segment::append(ByteSpan data,
                       const std::vector<BatchHeader> &headers,
                       int32_t indexIntervalBytes,
                       TimestampMs now)
{
    if (m_size == 0 && now >= 0)
        m_rollBaseTime = now; // segment.ms counts from the first append
    if (m_key) {
        Bytes frames;
        frames.reserve(data.size() + headers.size() * kFrameOverhead);
        std::vector<BatchHeader> sealed;
        sealed.reserve(headers.size());
        size_t p = 0;
        for (const BatchHeader &h : headers) {
            if (data.size() - p < kBatchHeaderSize)
                return makeError(ErrorCode::CorruptMessage, "append data shorter than its headers");
            size_t size = size_t(loadBE32(data.data() + p + 8)) + kBatchLengthFieldEnd;
            if (size > data.size() - p)
                return makeError(ErrorCode::CorruptMessage, "append data shorter than its headers");
            if (auto s = m_key->seal(data.subspan(p, size), m_topicPartition, frames); !s)
                return s;
            BatchHeader fh = h;
            fh.batchLength = int32_t(size + kFrameOverhead - kBatchLengthFieldEnd);
            sealed.push_back(fh);
            p += size;
        }
        if (auto s = pwriteFull(m_log.fd(), frames, m_size, m_logPath); !s)
            return s;
        for (const BatchHeader &h : sealed) {
            indexBatch(h, m_size, indexIntervalBytes);
            m_size += int64_t(h.totalSize());
        }
        return {};
    }
    if (auto s = pwriteFull(m_log.fd(), data, m_size, m_logPath); !s)
        return s;
    int64_t pos = m_size;
    for (const BatchHeader &h : headers) {
        indexBatch(h, pos, indexIntervalBytes);
        pos += int64_t(h.totalSize());
    }
    m_size += int64_t(data.size());
    return {};
}

Status Segment::forEachBatch(int64_t fromOffset,
                             const std::function<bool(const BatchHeader &, int64_t)> &fn) const
{
    WindowReader reader(m_log.fd(), m_logPath, m_size);
    int64_t pos = indexFloorPosition(fromOffset);
    while (pos < m_size) {
        auto head = reader.get(pos, kBatchHeaderSize);
        if (!head)
            return head.error();
        if (!*head)
            break;
        auto h = records::parseBatchHeader(ByteSpan(*head, kBatchHeaderSize));
        if (!h)
            return makeError(ErrorCode::KafkaStorageError,
                             "unreadable batch header in " + m_logPath.string() + " at "
                                 + std::to_string(pos) + ": " + h.error().message);
        if (h->lastOffset() >= fromOffset && !fn(*h, pos))
            break;
        pos += int64_t(h->totalSize());
    }
    return {};
}

Result<int64_t> Segment::findPosition(int64_t offset) const
{
    int64_t found = m_size;
    auto s = forEachBatch(offset, [&](const BatchHeader &, int64_t pos) {
        found = pos;
        return false;
    });
    if (!s)
        return s.error();
    return found;
}

Result<Bytes> Segment::readBatch(int64_t position, const BatchHeader &header) const
{
    Bytes out(header.totalSize());
    if (auto s = preadFull(m_log.fd(), out.data(), out.size(), position, m_logPath); !s)
        return s.error();
    if (auto s = checkFrameKind(out, position); !s)
        return s.error();
    if (!m_key)
        return out;
    Bytes plain;
    if (auto s = m_key->open(out, m_topicPartition, plain); !s)
        return s.error();
    return plain;
}

Status Segment::checkFrameKind(ByteSpan header, int64_t position) const
{
    const bool encrypted = isEncryptedFrame(header);
    if (encrypted == bool(m_key))
        return {};
    return makeError(ErrorCode::KafkaStorageError,
                     m_logPath.string() + " at position " + std::to_string(position)
                         + (encrypted ? " holds a batch encrypted at rest, but this broker has "
                                        "no data key (runnel.log.encryption.key.file)"
                                      : " holds a batch stored in the clear, but this log is "
                                        "encrypted at rest; encryption cannot be turned on "
                                        "for a broker's existing data"));
}

Result<bool> Segment::readDecrypted(
    int64_t fromOffset, int64_t upTo, size_t maxBytes, bool minOneBatch, Bytes &out) const
{
    const bool mustTakeOne = minOneBatch && out.empty();
    bool stopped = false;
    bool first = true;
    Status io;
    Bytes frame;
    auto s = forEachBatch(fromOffset, [&](const BatchHeader &h, int64_t pos) {
        if (h.lastOffset() >= upTo) {
            stopped = true;
            return false;
        }
        if (pos + int64_t(h.totalSize()) > m_size
            || h.totalSize() < kBatchHeaderSize + kFrameOverhead) {
            io = makeError(ErrorCode::KafkaStorageError,
                           "bad frame length in " + m_logPath.string() + " at "
                               + std::to_string(pos));
            return false;
        }
        size_t plain = h.totalSize() - kFrameOverhead;
        if (!(first && mustTakeOne) && out.size() + plain > maxBytes) {
            stopped = true;
            return false;
        }
        first = false;
        frame.resize(h.totalSize());
        if (auto r = preadFull(m_log.fd(), frame.data(), frame.size(), pos, m_logPath); !r) {
            io = r;
            return false;
        }
        if (auto r = checkFrameKind(frame, pos); !r) {
            io = r;
            return false;
        }
        if (auto r = m_key->open(frame, m_topicPartition, out); !r) {
            io = r;
            return false;
        }
        return true;
    });
    if (!s)
        return s.error();
    if (!io)
        return io.error();
    return stopped;
}

Result<bool>
Segment::read(int64_t fromOffset, int64_t upTo, size_t maxBytes, bool minOneBatch, Bytes &out) const
{
    if (m_key)
        return readDecrypted(fromOffset, upTo, maxBytes, minOneBatch, out);
    auto start = findPosition(fromOffset);
    if (!start)
        return start.error();
    int64_t pos = *start;
    if (pos >= m_size)
        return false;
    const bool mustTakeOne = minOneBatch && out.empty();
    size_t budget = maxBytes > out.size() ? maxBytes - out.size() : 0;
    size_t want = size_t(std::min<int64_t>(m_size - pos, int64_t(budget)));
    if (mustTakeOne) {
        // The first batch is returned whole even when it is larger than maxBytes (KIP-74),
        // so learn its size before reading.
        uint8_t head[kBatchHeaderSize];
        if (auto s = preadFull(m_log.fd(), head, sizeof head, pos, m_logPath); !s)
            return s.error();
        size_t first = size_t(loadBE32(head + 8)) + kBatchLengthFieldEnd;
        want = std::max(want, std::min<size_t>(first, size_t(m_size - pos)));
    }
    size_t base = out.size();
    out.resize(base + want);
    // Read straight into the response buffer; batches are served in their stored form.
    auto got = preadSome(m_log.fd(), out.data() + base, want, pos, m_logPath);
    if (!got) {
        out.resize(base);
        return got.error();
    }
    size_t p = 0;
    bool stopped = false;
    while (p < *got) {
        if (*got - p < kBatchHeaderSize) {
            stopped = pos + int64_t(p) < m_size;
            break;
        }
        const uint8_t *b = out.data() + base + p;
        if (auto s = checkFrameKind(ByteSpan(b, kBatchHeaderSize), pos + int64_t(p)); !s) {
            out.resize(base);
            return s.error();
        }
        int64_t batchBase = int64_t(loadBE64(b));
        int64_t lastOffset = batchBase + int32_t(loadBE32(b + 23));
        size_t total = size_t(loadBE32(b + 8)) + kBatchLengthFieldEnd;
        if (lastOffset >= upTo) {
            stopped = true;
            break;
        }
        if (p + total > *got) {
            stopped = true; // maxBytes reached mid-batch
            break;
        }
        p += total;
    }
    if (p == *got && pos + int64_t(p) < m_size)
        stopped = true;
    out.resize(base + p);
    return stopped;
}

Result<std::optional<std::pair<int64_t, TimestampMs>>>
Segment::offsetForTimestamp(TimestampMs ts, int64_t minOffset) const
{
    using Found = std::optional<std::pair<int64_t, TimestampMs>>;
    if (m_maxTimestamp < ts || m_size == 0)
        return Found{};
    // Last time-index entry strictly below ts: everything up to its offset is older.
    int64_t from = std::max(minOffset, m_baseOffset);
    auto it = std::lower_bound(
        m_timeIndex.begin(), m_timeIndex.end(), ts, [](const TimeIndexEntry &e, TimestampMs t) {
            return e.timestamp < t;
        });
    if (it != m_timeIndex.begin())
        from = std::max(from, m_baseOffset + std::prev(it)->relativeOffset);
    Found found;
    Status ioStatus;
    auto s = forEachBatch(from, [&](const BatchHeader &h, int64_t pos) {
        if (h.maxTimestamp < ts || h.lastOffset() < minOffset)
            return true;
        auto batch = readBatch(pos, h);
        if (!batch) {
            ioStatus = batch.error();
            return false;
        }
        auto recs = records::decodeRecords(*batch);
        if (recs) {
            for (const records::Record &r : *recs) {
                if (r.timestamp >= ts && r.offset >= minOffset) {
                    found = std::make_pair(r.offset, r.timestamp);
                    return false;
                }
            }
            return true;
        }
        // Undecodable (e.g. unknown codec): answer at batch granularity.
        found = std::make_pair(std::max(h.baseOffset, minOffset), h.maxTimestamp);
        return false;
    });
    if (!s)
        return s.error();
    if (!ioStatus)
        return ioStatus.error();
    return found;
}

Status Segment::truncateTo(int64_t offset, int32_t indexIntervalBytes)
{
    auto pos = findPosition(offset);
    if (!pos)
        return pos.error();
    if (*pos >= m_size)
        return {};
    if (auto s = truncateFile(m_log.fd(), *pos, m_logPath); !s)
        return s;
    // Rare (follower truncation, recovery): rebuild the in-memory state from the headers.
    TimestampMs rollBase = m_rollBaseTime;
    if (auto s = scan(false, indexIntervalBytes, nullptr); !s)
        return s;
    if (m_size == 0)
        m_rollBaseTime = rollBase;
    return writeIndexEntries(false);
}

Status Segment::writeIndexEntries(bool sync)
{
    auto writeOne = [&](const std::filesystem::path &path,
                        const Bytes &bytes,
                        size_t from,
                        size_t entrySize,
                        size_t count) -> Status {
        auto f = FileHandle::open(path, true);
        if (!f)
            return f.error();
        if (from * entrySize < bytes.size())
            if (auto s = pwriteFull(f->fd(),
                                    ByteSpan(bytes).subspan(from * entrySize),
                                    int64_t(from * entrySize),
                                    path);
                !s)
                return s;
        if (auto s = truncateFile(f->fd(), int64_t(count * entrySize), path); !s)
            return s;
        if (sync)
            return syncData(f->fd(), path);
        return {};
    };
    Bytes idx(m_offsetIndex.size() * kOffsetIndexEntrySize);
    for (size_t i = 0; i < m_offsetIndex.size(); ++i) {
        storeBE32(idx.data() + i * 8, uint32_t(m_offsetIndex[i].relativeOffset));
        storeBE32(idx.data() + i * 8 + 4, uint32_t(m_offsetIndex[i].position));
    }
    Bytes tidx(m_timeIndex.size() * kTimeIndexEntrySize);
    for (size_t i = 0; i < m_timeIndex.size(); ++i) {
        storeBE64(tidx.data() + i * 12, uint64_t(m_timeIndex[i].timestamp));
        storeBE32(tidx.data() + i * 12 + 8, uint32_t(m_timeIndex[i].relativeOffset));
    }
    if (auto s = writeOne(
            m_indexPath, idx, m_offsetIndexPersisted, kOffsetIndexEntrySize, m_offsetIndex.size());
        !s)
        return s;
    m_offsetIndexPersisted = m_offsetIndex.size();
    if (auto s = writeOne(
            m_timeIndexPath, tidx, m_timeIndexPersisted, kTimeIndexEntrySize, m_timeIndex.size());
        !s)
        return s;
    m_timeIndexPersisted = m_timeIndex.size();
    return {};
}

Status Segment::persistIndexes()
{
    return writeIndexEntries(false);
}

Status Segment::seal()
{
    if (m_maxTimestamp >= 0) {
        if (m_timeIndex.empty() || m_maxTimestamp > m_timeIndex.back().timestamp)
            m_timeIndex.push_back(
                {m_maxTimestamp, int32_t(m_lastOffsetOfMaxTimestamp - m_baseOffset)});
    }
    if (auto s = writeIndexEntries(true); !s)
        return s;
    return syncData(m_log.fd(), m_logPath);
}

Status Segment::flush()
{
    return syncData(m_log.fd(), m_logPath);
}

Result<FileHandle> Segment::duplicateDataHandle() const
{
    int fd = ::fcntl(m_log.fd(), F_DUPFD_CLOEXEC, 0);
    if (fd < 0)
        return ioError("cannot duplicate the descriptor of", m_logPath, errno);
    return FileHandle(fd);
}

Status Segment::replaceOriginal()
{
    std::filesystem::path log = withSuffix(m_dir, m_baseOffset, ".log");
    std::filesystem::path index = withSuffix(m_dir, m_baseOffset, ".index");
    std::filesystem::path timeIndex = withSuffix(m_dir, m_baseOffset, ".timeindex");
    std::error_code ec;
    std::filesystem::remove(index, ec);
    std::filesystem::remove(timeIndex, ec);
    auto move = [&](const std::filesystem::path &from, const std::filesystem::path &to) -> Status {
        std::filesystem::rename(from, to, ec);
        if (ec)
            return makeError(ErrorCode::KafkaStorageError,
                             "cannot rename " + from.string() + " to " + to.string() + ": "
                                 + ec.message());
        return {};
    };
    if (auto s = move(m_logPath, log); !s)
        return s;
    m_logPath = log;
    if (auto s = move(m_indexPath, index); !s)
        return s;
    m_indexPath = index;
    if (auto s = move(m_timeIndexPath, timeIndex); !s)
        return s;
    m_timeIndexPath = timeIndex;
    return syncDirectory(m_dir);
}

Status Segment::markDeleted(std::vector<std::filesystem::path> &renamed)
{
    m_log.reset();
    for (const auto &p : {m_logPath, m_indexPath, m_timeIndexPath}) {
        std::error_code ec;
        if (!std::filesystem::exists(p, ec))
            continue;
        std::filesystem::path target = p;
        target += ".deleted";
        std::filesystem::rename(p, target, ec);
        if (ec)
            return makeError(ErrorCode::KafkaStorageError,
                             "cannot rename " + p.string() + " for deletion: " + ec.message());
        renamed.push_back(target);
    }
    return {};
}

void Segment::deleteFiles()
{
    m_log.reset();
    std::error_code ec;
    for (const auto &p : {m_logPath, m_indexPath, m_timeIndexPath})
        std::filesystem::remove(p, ec);
}

} // namespace runnel::storage
