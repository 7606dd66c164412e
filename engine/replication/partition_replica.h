#pragma once

// PartitionReplica: Kafka's ISR replication for one partition on one broker, as an I/O-free
// state machine. Inputs are metadata decisions from the controller (becomeLeader,
// becomeFollower, onIsrUpdated), produce requests, follower fetches, fetch answers, sync
// completions of the local log and ticks; outputs are FetchRequest / AlterPartitionRequest
// values drained with takeOutputs(), sync requests on the ReplicaLog, fetch answers
// (returned) and produce completions (callbacks). Time arrives as `now` arguments.
//
// Owns: the role and epochs the controller last gave it, the leader's view of each
// follower (fetch offset, last caught-up time), the high watermark, the pending ISR change
// and the acks=all produce requests waiting for it. Does not own the log (ReplicaLog&,
// which outlives role changes) nor any leader decision: it becomes leader only when told
// (unclean election is the controller's business, and it is off).
//
// Rules it implements (Kafka's):
//   - high watermark (what consumers may read) = min over the maximal ISR (committed ∪
//     proposed, KIP-497) of what each member holds, synced or not, as in Kafka: followers
//     fetch from their log end, the leader counts its own. It never goes back while this
//     broker leads. A killed process cannot take it back (the page cache keeps what was
//     written); a power loss of the machine can (decision 0017).
//   - synced on the ISR = min over the same members of what each has *synced*: followers
//     report their synced offset in every fetch (and fetch again when a sync completes
//     while a fetch waits at the leader), the leader counts its own syncedOffset. On one
//     machine every replica shares one disk; this is what makes acks=all mean "synced on
//     the ISR". A topic with write.caching opts out: what the members hold counts, and
//     each replica syncs on a timer (a power loss can take acknowledged writes; a killed
//     process cannot).
//   - acks=all: |ISR| < min.insync.replicas → NotEnoughReplicas before appending; done when
//     the synced-on-ISR offset passes the last offset (NotEnoughReplicasAfterAppend if the
//     maximal ISR shrank below the minimum meanwhile), RequestTimedOut at the deadline,
//     NotLeaderOrFollower if leadership is lost first.
//   - ISR shrink: an ISR follower not caught up to the leader's log end for
//     replicaLagTimeMaxMs. Expand: a follower whose fetch offset reached the high watermark
//     and this leader's epoch start offset. Both are only proposed (AlterPartitionRequest);
//     they apply when onIsrUpdated / a successful answer arrives. One proposal at a time;
//     it stays pending (and is resent unchanged) until the outcome is known.
//   - Fencing (KIP-320): a fetch with an older currentLeaderEpoch → FencedLeaderEpoch,
//     newer → UnknownLeaderEpoch.
//   - Truncation: divergence is detected in the fetch itself (Fetch v12+, KIP-595 style)
//     rather than by a separate OffsetForLeaderEpoch round trip: the leader checks the
//     follower's (fetchOffset, lastFetchedEpoch) against its epoch cache and answers
//     divergingEpoch = its endOffsetForEpoch(lastFetchedEpoch). The follower truncates to
//     min(that end, its own end of that epoch), or, when it does not know that epoch, to the
//     end of its largest earlier epoch and asks again. It never truncates to the high
//     watermark (the classic KIP-101 data-loss scenario).
//
// Threading: the broker's event-loop thread that owns the partition calls everything.
// Callbacks run synchronously inside these calls, after the state is updated.
// Lifecycle: created when the broker first hears of the partition (role None), moved
// between Leader and Follower by metadata, stop() when the partition is deleted or moved
// away or the broker shuts down. Destroying it drops pending callbacks without calling
// them (a crash: the client sees a disconnect).

#include "engine/common/result.h"
#include "engine/common/types.h"
#include "engine/replication/messages.h"
#include "engine/replication/replica_log.h"

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <vector>

namespace runnel::replication {

enum class ReplicaRole { None, Leader, Follower, Stopped };

struct AppendOutcome
{
    ErrorCode error = ErrorCode::None;
    Offset firstOffset{-1};
    Offset lastOffset{-1};
};

class PartitionReplica
{
public:
    using AppendDone = std::function<void(const AppendOutcome &)>;

    // initialHighWatermark: the broker's replication-offset-checkpoint value (0 if none);
    // clamped to the log end.
    PartitionReplica(ReplicaConfig config,
                     ReplicaLog &log,
                     Offset initialHighWatermark = Offset(0));
    PartitionReplica(const PartitionReplica &) = delete;
    PartitionReplica &operator=(const PartitionReplica &) = delete;

    // --- Metadata (from the controller, via the metadata image) ---
    // Stale epochs are ignored. The same leader epoch with a newer partition epoch is an
    // ISR update.
    void becomeLeader(LeaderEpoch leaderEpoch,
                      PartitionEpoch partitionEpoch,
                      std::vector<BrokerId> replicas,
                      std::vector<BrokerId> isr,
                      TimestampMs now);
    // leaderId may be kNoLeader (no eligible leader): the replica then waits.
    void becomeFollower(BrokerId leaderId,
                        LeaderEpoch leaderEpoch,
                        PartitionEpoch partitionEpoch,
                        std::vector<BrokerId> replicas,
                        std::vector<BrokerId> isr,
                        TimestampMs now);
    void onIsrUpdated(LeaderEpoch leaderEpoch,
                      PartitionEpoch partitionEpoch,
                      std::vector<BrokerId> isr,
                      TimestampMs now);
    void stop();

    // --- Leader side ---
    // acks 0 and 1 complete at once (after the local append); -1 waits as described above.
    // done is always called exactly once unless the object is destroyed first.
    void append(std::span<uint8_t> batches,
                int16_t acks,
                int requiredMinIsr,
                int64_t timeoutMs,
                TimestampMs now,
                AppendDone done);
    FetchAnswer onFollowerFetch(const FetchRequest &request, TimestampMs now);
    // A FetchRequest with syncReport set: no answer.
    void onFollowerSyncReport(const FetchRequest &report, TimestampMs now);
    void onAlterPartitionAnswer(const AlterPartitionAnswer &answer, TimestampMs now);
    // What a consumer may read: whole batches from `from`, none at or above the HW.
    Result<Bytes> readCommitted(Offset from, size_t maxBytes) const;

    // --- Follower side ---
    void onFetchAnswer(const FetchAnswer &answer, TimestampMs now);

    // --- Both ---
    // The ReplicaLog's sync finished.
    void onLogSynced(TimestampMs now);
    // Timers: ISR shrink, request timeouts, resends. Call every few tens of milliseconds.
    void onTick(TimestampMs now);
    // The topic's write.caching setting changed (ReplicaConfig::writeCaching).
    void setWriteCaching(bool on, int64_t flushMs);
    std::vector<ReplicaOutput> takeOutputs();

    // --- Inspection (metrics, DescribePartition, tests) ---
    ReplicaRole role() const { return m_role; }
    BrokerId localId() const { return m_config.localId; }
    BrokerId leaderId() const { return m_leaderId; }
    LeaderEpoch leaderEpoch() const { return m_leaderEpoch; }
    PartitionEpoch partitionEpoch() const { return m_partitionEpoch; }
    Offset highWatermark() const { return m_highWatermark; }
    // Leader: the offset below which every member of the maximal ISR has synced the data
    // (acks=all answers below it). Never above the high watermark.
    Offset syncedOnIsr() const { return m_syncedOnIsr; }
    const std::vector<BrokerId> &isr() const { return m_isr; }
    // The ISR the leader must assume: committed ∪ proposed.
    std::vector<BrokerId> maximalIsr() const;
    const std::optional<AlterPartitionRequest> &pendingIsrChange() const { return m_pending; }
    // The leader's last known fetch offset of a follower (-1 unknown in this epoch).
    Offset followerFetchOffset(BrokerId follower) const;
    size_t waitingAppends() const { return m_waiting.size(); }

private:
    struct FollowerState
    {
        Offset fetchOffset{-1};
        Offset syncedOffset{-1}; // what of fetchOffset the follower has synced
        TimestampMs lastCaughtUpMs = 0;
        TimestampMs lastFetchMs = 0;
        Offset lastFetchLeaderEnd{-1};
    };
    struct WaitingAppend
    {
        Offset firstOffset;
        Offset lastOffset;
        TimestampMs deadline;
        int requiredMinIsr;
        AppendDone done;
    };
    using Completion = std::pair<AppendDone, AppendOutcome>;

    bool acceptMetadata(LeaderEpoch leaderEpoch, PartitionEpoch partitionEpoch) const;
    void resetRoleState(std::vector<Completion> &completions);
    void advanceHighWatermark(std::vector<Completion> &completions);
    void collectFinished(TimestampMs now, std::vector<Completion> &completions);
    void maybeExpandIsr(BrokerId follower, TimestampMs now);
    void maybeShrinkIsr(TimestampMs now);
    void propose(std::vector<BrokerId> newIsr, TimestampMs now);
    void applyIsr(PartitionEpoch partitionEpoch, std::vector<BrokerId> isr);
    void truncateOnDivergence(const EpochEndOffset &diverging);
    void maybeFetch(TimestampMs now);
    void ensureSync();
    // write.caching: a sync of what is still unsynced once writeCachingFlushMs has passed.
    void syncCachedWrites(TimestampMs now);
    EpochEndOffset leaderEndOffsetForEpoch(LeaderEpoch epoch) const;
    bool contains(const std::vector<BrokerId> &set, BrokerId id) const;
    static void run(std::vector<Completion> &completions);

    ReplicaConfig m_config;
    ReplicaLog &m_log;
    ReplicaRole m_role = ReplicaRole::None;
    BrokerId m_leaderId = kNoLeader;
    LeaderEpoch m_leaderEpoch{-1};
    PartitionEpoch m_partitionEpoch{-1};
    std::vector<BrokerId> m_replicas;
    std::vector<BrokerId> m_isr;
    Offset m_highWatermark{0};
    Offset m_syncedOnIsr{0}; // leader: below this, every ISR member has synced
    std::vector<ReplicaOutput> m_outputs;

    // Leader.
    Offset m_epochStartOffset{0}; // log end when this broker became leader of the epoch
    std::map<BrokerId, FollowerState> m_followers;
    std::optional<AlterPartitionRequest> m_pending;
    TimestampMs m_pendingSentMs = 0;
    bool m_pendingAwaitsMetadata = false;
    std::vector<WaitingAppend> m_waiting; // in offset order

    // Follower.
    std::optional<FetchRequest> m_inFlight;
    TimestampMs m_inFlightSentMs = 0;
    Offset m_reportedSynced{-1}; // the synced offset last sent to the leader
    TimestampMs m_lastCachedSyncMs = 0;
    TimestampMs m_nextFetchMs = 0;
    uint64_t m_nextRequestId = 1;
};

} // namespace runnel::replication
