#pragma once

// Which leader epoch wrote which part of the log: (epoch, start offset) pairs, ascending,
// as Kafka's LeaderEpochFileCache keeps them. Replication answers OffsetForLeaderEpoch from
// it so that a follower truncates to where its log diverged from the leader's — never to
// the high watermark. Fed by PartitionLog from the partitionLeaderEpoch of appended
// batches; persisted in the partition directory on every change (epochs change rarely):
//
//   leader-epoch-checkpoint   text, replaced atomically, Kafka's format:
//     0                        version
//     2                        number of entries
//     0 0                      epoch startOffset
//     3 1200
//
// Owned by PartitionLog; single-threaded like its owner.

#include "engine/common/result.h"

#include <cstdint>
#include <filesystem>
#include <utility>
#include <vector>

namespace runnel::storage {

struct EpochEntry
{
    int32_t epoch;
    int64_t startOffset;
    bool operator==(const EpochEntry &) const = default;
};

class LeaderEpochCache
{
public:
    explicit LeaderEpochCache(std::filesystem::path checkpoint)
        : m_path(std::move(checkpoint))
    {}

    // Reads the checkpoint; false when it is absent or unreadable (then rebuild).
    bool load();
    // Records that epoch starts at startOffset; ignores epochs not newer than the latest.
    // Returns true when an entry was added (and persisted).
    bool assign(int32_t epoch, int64_t startOffset);
    // Forgets entries starting at or after endOffset (log truncated to endOffset).
    void truncateFromEnd(int64_t endOffset);
    // The log now starts at startOffset: earlier entries go, the one spanning it is moved.
    void truncateFromStart(int64_t startOffset);
    void clear();

    // OffsetForLeaderEpoch: (the largest epoch <= requested, the end offset of that epoch
    // = start of the next epoch, or logEndOffset for the latest); (-1, -1) when unknown.
    std::pair<int32_t, int64_t> endOffsetFor(int32_t requestedEpoch, int64_t logEndOffset) const;
    int32_t latestEpoch() const { return m_entries.empty() ? -1 : m_entries.back().epoch; }
    const std::vector<EpochEntry> &entries() const { return m_entries; }

    Status persist() const;

private:
    std::filesystem::path m_path;
    std::vector<EpochEntry> m_entries;
};

} // namespace runnel::storage
