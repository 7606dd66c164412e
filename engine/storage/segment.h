#pragma once

// One log segment: the batches of a contiguous offset range, stored as three files named
// after the segment's base offset (20 digits, zero-padded):
//
//   00000000000000000000.log        record batches exactly as on the wire, back to back
//                                   (see engine/records/record_batch.h); the first
//                                   batch's baseOffset >= the segment's base offset.
//
//   00000000000000000000.index      sparse offset index, 8-byte entries, ascending:
//     +---------------------+---------------------+
//     | relativeOffset i32  | position i32        |   relativeOffset = a batch's LAST
//     +---------------------+---------------------+   offset - base offset; position =
//                                                      byte offset of that batch in .log
//     One entry each time more than index.interval.bytes of batches were appended since
//     the previous one (none for position 0), as Kafka's LogSegment does. To find offset
//     X: take the last entry with relativeOffset <= X - base and scan batch headers from
//     its position; the batch holding X is there or after.
//
//   00000000000000000000.timeindex  sparse time index, 12-byte entries, ascending:
//     +-------------------------------------------+---------------------+
//     | timestamp i64 (max timestamp so far)      | relativeOffset i32  |
//     +-------------------------------------------+---------------------+
//     Added with each offset-index entry when the max timestamp grew, plus a final entry
//     when the segment stops being active; relativeOffset is the last offset of the
//     batch that carried that timestamp. All batches up to that offset have timestamps
//     <= the entry's timestamp.
//
// All integers big-endian, as in Kafka, so Kafka's DumpLogSegments can read our files.
//
// A segment of a log encrypted at rest stores each batch as an encrypted frame instead
// (at_rest_cipher.h draws it): same header fields, so the indexes and every header scan
// work unchanged, with positions and lengths those of the frames. Reads return the
// decrypted wire batches. An encrypted frame without a key, or a clear batch in a log
// with a key, is an error, never served.
//
// Index entries are kept in memory and written to the index files when the segment is
// rolled (seal) or the log is closed: after a crash the active segment's indexes are
// rebuilt from the log anyway, so writing them on every append would buy nothing.
//
// Owned by PartitionLog; single-threaded like its owner. Lifecycle: create() or open(),
// append while active, persistIndexes() at roll, close or deleteFiles() at the end.

#include "engine/common/bytes.h"
#include "engine/common/result.h"
#include "engine/common/types.h"
#include "engine/records/record_batch.h"
#include "engine/storage/at_rest_cipher.h"
#include "engine/storage/file_io.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace runnel::storage {

struct OffsetIndexEntry
{
    int32_t relativeOffset;
    int32_t position;
};

struct TimeIndexEntry
{
    int64_t timestamp;
    int32_t relativeOffset;
};

inline constexpr size_t kOffsetIndexEntrySize = 8;
inline constexpr size_t kTimeIndexEntrySize = 12;

// What open(recover = true) found.
struct SegmentRecovery
{
    int64_t validBytes = 0;
    int64_t truncatedBytes = 0; // > 0 when a torn or corrupt tail was cut off
    std::string reason;         // why the scan stopped early
};

class Segment
{
public:
    // Creates empty files for a new segment (truncating leftovers of the same name).
    // A non-empty suffix (".cleaned") names the files of a replacement being built.
    // A key encrypts everything appended (at rest) and decrypts reads; the authenticated
    // data names the partition by the directory's name.
    static Result<std::unique_ptr<Segment>> create(const std::filesystem::path &dir,
                                                   int64_t baseOffset,
                                                   TimestampMs now,
                                                   std::string_view suffix = {},
                                                   std::shared_ptr<const AtRestKey> key = {});
    // Opens an existing segment. recover = true verifies every batch (length, magic, CRC,
    // offsets ascending from minNextOffset), truncates the file at the first bad one and
    // rebuilds both indexes. recover = false trusts the data and loads the index files,
    // rebuilding them from batch headers if they are missing or inconsistent.
    static Result<std::unique_ptr<Segment>> open(const std::filesystem::path &dir,
                                                 int64_t baseOffset,
                                                 int32_t indexIntervalBytes,
                                                 bool recover,
                                                 SegmentRecovery *report = nullptr,
                                                 std::shared_ptr<const AtRestKey> key = {});
    ~Segment();

    int64_t baseOffset() const { return m_baseOffset; }
    // One past the last offset stored, or the base offset when empty.
    int64_t nextOffset() const { return m_nextOffset; }
    int64_t sizeBytes() const { return m_size; }
    bool empty() const { return m_size == 0; }
    // Largest batch maxTimestamp, -1 if none; and the last offset of the batch holding it.
    TimestampMs maxTimestamp() const { return m_maxTimestamp; }
    int64_t offsetOfMaxTimestamp() const { return m_lastOffsetOfMaxTimestamp; }
    // Time the segment's age is measured from for segment.ms: the broker's clock at the
    // first append; after a restart the first batch's maxTimestamp (as Kafka), or the
    // file's modification time.
    TimestampMs rollBaseTime() const { return m_rollBaseTime; }
    const std::filesystem::path &logPath() const { return m_logPath; }

    // Appends contiguous, already offset-assigned batches (headers describe data in order;
    // with a key only their offsets and timestamps are used, since data is in wire form).
    // On failure the file is cut back to its previous size and nothing changes. now >= 0
    // starts the segment.ms clock when the segment was empty.
    Status append(ByteSpan data,
                  const std::vector<records::BatchHeader> &headers,
                  int32_t indexIntervalBytes,
                  TimestampMs now = -1);

    // File position of the first batch whose last offset >= offset; sizeBytes() if none.
    Result<int64_t> findPosition(int64_t offset) const;

    // Reads whole batches starting at the first one with last offset >= fromOffset,
    // appending them to out, stopping before the first batch whose last offset >= upTo or
    // that would take out past maxBytes (unless out is empty and minOneBatch). Returns
    // true when it stopped because of upTo or maxBytes, false when the segment ran out.
    Result<bool>
    read(int64_t fromOffset, int64_t upTo, size_t maxBytes, bool minOneBatch, Bytes &out) const;

    // Calls fn(header, position) for each batch from the first with last offset >=
    // fromOffset, until fn returns false. Headers only, as stored (an encrypted frame's
    // batchLength is the frame's); the data is trusted.
    Status forEachBatch(int64_t fromOffset,
                        const std::function<bool(const records::BatchHeader &, int64_t)> &fn) const;
    // Reads one whole batch at a position found by forEachBatch, decrypted to wire form.
    Result<Bytes> readBatch(int64_t position, const records::BatchHeader &header) const;

    // First (offset, timestamp) of a record with timestamp >= ts and offset >= minOffset.
    Result<std::optional<std::pair<int64_t, TimestampMs>>>
    offsetForTimestamp(TimestampMs ts, int64_t minOffset) const;

    // Drops every batch whose last offset >= offset (the segment then ends at a batch
    // boundary <= offset) and the index entries pointing there.
    Status truncateTo(int64_t offset, int32_t indexIntervalBytes);

    // Adds the final time-index entry (the segment's max timestamp) — call when the segment
    // stops being active — then writes pending index entries.
    Status seal();
    // fdatasync of the log data only (see above for why the indexes need none).
    Status flush();
    // A duplicate of the log data's descriptor, for a SyncWorker to flush() it on its
    // thread while this segment goes on (it may be rolled, truncated or deleted meanwhile).
    Result<FileHandle> duplicateDataHandle() const;
    // Writes pending index entries without syncing.
    Status persistIndexes();

    // For a segment made by create(…, ".cleaned") and sealed: atomically takes the place
    // of the segment with the same base offset (drop its indexes, rename the log over the
    // old one, rename the indexes, fsync the directory). A crash in between leaves either
    // log with missing indexes, which open() rebuilds. The replaced Segment object must
    // then be destroyed without deleteFiles().
    Status replaceOriginal();

    // Renames the files to *.deleted (to be unlinked later) and closes them.
    Status markDeleted(std::vector<std::filesystem::path> &renamed);
    // Closes and unlinks the files now.
    void deleteFiles();

    const std::vector<OffsetIndexEntry> &offsetIndex() const { return m_offsetIndex; }
    const std::vector<TimeIndexEntry> &timeIndex() const { return m_timeIndex; }

private:
    Segment(const std::filesystem::path &dir, int64_t baseOffset, std::string_view suffix = {});
    Status openFile(bool create);
    Status scan(bool verify, int32_t indexIntervalBytes, SegmentRecovery *report);
    bool loadIndexFiles();
    void indexBatch(const records::BatchHeader &h, int64_t position, int32_t indexIntervalBytes);
    void maybeAppendTimeIndex(TimestampMs ts, int64_t offset);
    int64_t indexFloorPosition(int64_t offset) const;
    Status writeIndexEntries(bool sync);
    Status checkFrameKind(ByteSpan header, int64_t position) const;
    Result<bool> readDecrypted(
        int64_t fromOffset, int64_t upTo, size_t maxBytes, bool minOneBatch, Bytes &out) const;

    std::filesystem::path m_dir;
    std::filesystem::path m_logPath;
    std::filesystem::path m_indexPath;
    std::filesystem::path m_timeIndexPath;
    FileHandle m_log;
    int64_t m_baseOffset = 0;
    int64_t m_nextOffset = 0;
    int64_t m_size = 0;
    TimestampMs m_maxTimestamp = -1;
    int64_t m_lastOffsetOfMaxTimestamp = -1;
    TimestampMs m_rollBaseTime = -1;
    int64_t m_bytesSinceIndexEntry = 0;
    std::vector<OffsetIndexEntry> m_offsetIndex;
    std::vector<TimeIndexEntry> m_timeIndex;
    // How many entries of each index are already in its file; the files are rewritten from
    // these positions (so a truncation that removed persisted entries lowers them).
    size_t m_offsetIndexPersisted = 0;
    size_t m_timeIndexPersisted = 0;
    std::shared_ptr<const AtRestKey> m_key; // null: stored in the clear
    std::string m_topicPartition;           // the directory's name, authenticated with frames
};

} // namespace runnel::storage
