#pragma once

// RaftLogStore: the durable metadata log and quorum state of one voter, in
// `<log.dir>/__cluster_metadata-0/` (the directory KRaft uses).
//
// Owns: the open log file `00000000000000000000.log`, the file position of every entry
// (so truncation needs no scan) and the path of the `quorum-state` file. It keeps no
// copy of the entries themselves; RaftNode holds those in memory.
//
// Called by: QuorumService on the event-loop thread (not thread-safe), in the order the
// RaftNode output its disk requests. Everything blocks: append + sync is an fdatasync.
//
// Lifecycle: open() creates the directory when needed and recovers the log (below);
// load() returns what RaftNode's constructor needs; the destructor closes the file.
// Only one RaftLogStore may have a directory open at a time: open() takes an exclusive
// flock on the log file and fails while another store (in any process) holds it.
//
// Log file: entries back to back, offsets dense from 0, all integers big-endian:
//
//   +--------------+--------------+-------------+------------+-----------+-----------+
//   | int32 length | uint32 crc32c| int64 offset| int32 epoch| int8 kind | payload   |
//   +--------------+--------------+-------------+------------+-----------+-----------+
//                   <------------------------- length bytes -------------------------->
//                                  <------------ covered by crc32c ------------------->
//
// Recovery keeps every complete entry whose CRC matches and whose offset follows the
// previous one, cuts the file at the first one that does not (a torn tail after a crash,
// or corruption: everything after it goes too, since the log must stay contiguous) and
// logs what it cut. A follower re-fetches what was lost; an entry it had acknowledged is
// only lost together with the disk's promise, which Raft cannot protect against anyway.
//
// quorum-state file (replaced atomically: temp, fsync, rename, fsync dir):
//
//   +-------------+-------------+---------------+----------------+---------------+
//   | int8 version| int32 epoch | int8 hasVote  | int32 votedFor | uint32 crc32c |
//   |    (0)      |             | (0/1)         |                | of the rest   |
//   +-------------+-------------+---------------+----------------+---------------+

#include "engine/common/result.h"
#include "engine/metadata/raft_types.h"
#include "engine/storage/file_io.h"

#include <filesystem>
#include <memory>
#include <vector>

namespace runnel::cluster {

class RaftLogStore
{
public:
    static constexpr const char *kDirName = "__cluster_metadata-0";
    static constexpr const char *kLogFileName = "00000000000000000000.log";
    static constexpr const char *kQuorumStateFileName = "quorum-state";
    // Largest entry accepted on append and believed on recovery.
    static constexpr int32_t kMaxEntryBytes = 64 * 1024 * 1024;

    // `logDir` is the broker's log.dir; the store lives in logDir/__cluster_metadata-0.
    static Result<std::unique_ptr<RaftLogStore>> open(const std::filesystem::path &logDir);

    // What the disk holds: the quorum state and every recovered entry.
    Result<metadata::PersistedState> load() const;

    // Writes entries after the current end (they must continue it densely). Not durable
    // until sync().
    Status append(const std::vector<metadata::LogEntry> &entries);
    Status sync();
    // Drops every entry at or after offset; durable when it returns.
    Status truncate(Offset offset);
    Status persistVote(metadata::QuorumEpoch epoch, std::optional<metadata::NodeId> votedFor);

    Offset endOffset() const { return Offset(static_cast<int64_t>(m_positions.size())); }
    const std::filesystem::path &directory() const { return m_dir; }
    const std::filesystem::path &logPath() const { return m_logPath; }
    // Bytes cut by recovery at open (0 when the log was clean).
    int64_t recoveredCutBytes() const { return m_cutBytes; }

private:
    RaftLogStore() = default;
    Status recover();

    std::filesystem::path m_dir;
    std::filesystem::path m_logPath;
    storage::FileHandle m_file;
    std::vector<int64_t> m_positions; // file position of entry i
    int64_t m_size = 0;               // bytes of complete entries
    int64_t m_cutBytes = 0;
};

} // namespace runnel::cluster
