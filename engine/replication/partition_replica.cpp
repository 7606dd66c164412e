#include "engine/replication/partition_replica.h"

#include <algorithm>

namespace runnel::replication {

PartitionReplica::PartitionReplica(ReplicaConfig config,
                                   ReplicaLog &log,
                                   Offset initialHighWatermark)
    : m_config(config)
    , m_log(log)
    , m_highWatermark(std::min(initialHighWatermark, log.logEndOffset()))
{}

bool PartitionReplica::contains(const std::vector<BrokerId> &set, BrokerId id) const
{
    return std::find(set.begin(), set.end(), id) != set.end();
}

void PartitionReplica::run(std::vector<Completion> &completions)
{
    // Moved out first: a callback may call back into the replica (a producer's next
    // request) and must find consistent state and an empty list.
    auto ready = std::move(completions);
    completions.clear();
    for (auto &[done, outcome] : ready)
        if (done)
            done(outcome);
}

std::vector<ReplicaOutput> PartitionReplica::takeOutputs()
{
    auto out = std::move(m_outputs);
    m_outputs.clear();
    return out;
}

std::vector<BrokerId> PartitionReplica::maximalIsr() const
{
    std::vector<BrokerId> out = m_isr;
    if (m_pending)
        for (BrokerId id : m_pending->newIsr)
            if (!contains(out, id))
                out.push_back(id);
    return out;
}

Offset PartitionReplica::followerFetchOffset(BrokerId follower) const
{
    auto it = m_followers.find(follower);
    return it == m_followers.end() ? Offset(-1) : it->second.fetchOffset;
}

// --- Metadata ------------------------------------------------------------------------

bool PartitionReplica::acceptMetadata(LeaderEpoch leaderEpoch, PartitionEpoch partitionEpoch) const
{
    if (m_role == ReplicaRole::Stopped)
        return false;
    if (leaderEpoch != m_leaderEpoch)
        return leaderEpoch > m_leaderEpoch;
    return partitionEpoch > m_partitionEpoch;
}

void PartitionReplica::resetRoleState(std::vector<Completion> &completions)
{
    for (auto &w : m_waiting)
        completions.emplace_back(
            std::move(w.done),
            AppendOutcome{ErrorCode::NotLeaderOrFollower, w.firstOffset, w.lastOffset});
    m_waiting.clear();
    m_followers.clear();
    m_pending.reset();
    m_pendingAwaitsMetadata = false;
    m_inFlight.reset();
}

void PartitionReplica::becomeLeader(LeaderEpoch leaderEpoch,
                                    PartitionEpoch partitionEpoch,
                                    std::vector<BrokerId> replicas,
                                    std::vector<BrokerId> isr,
                                    TimestampMs now)
{
    if (!acceptMetadata(leaderEpoch, partitionEpoch))
        return;
    if (m_role == ReplicaRole::Leader && leaderEpoch == m_leaderEpoch) {
        // Same epoch, new replica set (a reassignment): added replicas are followers that
        // have not caught up yet; removed ones stop counting.
        for (BrokerId id : replicas)
            if (id != m_config.localId && !m_followers.count(id))
                m_followers[id] = FollowerState{};
        std::erase_if(m_followers, [&](const auto &f) { return !contains(replicas, f.first); });
        m_replicas = std::move(replicas);
        onIsrUpdated(leaderEpoch, partitionEpoch, std::move(isr), now);
        return;
    }
    std::vector<Completion> completions;
    resetRoleState(completions);
    m_role = ReplicaRole::Leader;
    m_leaderId = m_config.localId;
    m_leaderEpoch = leaderEpoch;
    m_partitionEpoch = partitionEpoch;
    m_replicas = std::move(replicas);
    m_isr = std::move(isr);
    m_epochStartOffset = m_log.logEndOffset();
    m_highWatermark = std::min(m_highWatermark, m_log.logEndOffset());
    // What the ISR has synced is learnt again from the followers' fetches in this epoch.
    m_syncedOnIsr = Offset(0);
    // Followers' positions are unknown until they fetch in this epoch, so the high
    // watermark cannot move before every ISR member has. ISR members start "caught up now"
    // so that they get replicaLagTimeMaxMs to show up.
    for (BrokerId id : m_replicas) {
        if (id == m_config.localId)
            continue;
        FollowerState state;
        state.lastCaughtUpMs = contains(m_isr, id) ? now : 0;
        m_followers[id] = state;
    }
    ensureSync();
    advanceHighWatermark(completions);
    run(completions);
}

void PartitionReplica::becomeFollower(BrokerId leaderId,
                                      LeaderEpoch leaderEpoch,
                                      PartitionEpoch partitionEpoch,
                                      std::vector<BrokerId> replicas,
                                      std::vector<BrokerId> isr,
                                      TimestampMs now)
{
    if (!acceptMetadata(leaderEpoch, partitionEpoch))
        return;
    if (m_role == ReplicaRole::Follower && leaderEpoch == m_leaderEpoch && leaderId == m_leaderId) {
        m_replicas = std::move(replicas);
        onIsrUpdated(leaderEpoch, partitionEpoch, std::move(isr), now);
        return;
    }
    std::vector<Completion> completions;
    resetRoleState(completions);
    m_role = ReplicaRole::Follower;
    m_leaderId = leaderId == m_config.localId ? kNoLeader : leaderId;
    m_leaderEpoch = leaderEpoch;
    m_partitionEpoch = partitionEpoch;
    m_replicas = std::move(replicas);
    m_isr = std::move(isr);
    // No truncation here: the first fetch to the new leader carries our last epoch and the
    // leader tells us where we diverge (never the high watermark).
    m_nextFetchMs = now;
    maybeFetch(now);
    run(completions);
}

void PartitionReplica::onIsrUpdated(LeaderEpoch leaderEpoch,
                                    PartitionEpoch partitionEpoch,
                                    std::vector<BrokerId> isr,
                                    TimestampMs now)
{
    if (leaderEpoch != m_leaderEpoch || !acceptMetadata(leaderEpoch, partitionEpoch))
        return;
    applyIsr(partitionEpoch, std::move(isr));
    if (m_role == ReplicaRole::Leader) {
        std::vector<Completion> completions;
        advanceHighWatermark(completions);
        collectFinished(now, completions);
        run(completions);
    }
}

void PartitionReplica::applyIsr(PartitionEpoch partitionEpoch, std::vector<BrokerId> isr)
{
    m_partitionEpoch = partitionEpoch;
    m_isr = std::move(isr);
    // Any committed change settles the pending proposal: it was either this one, or the
    // proposal was based on an older partition epoch and will be rejected.
    m_pending.reset();
    m_pendingAwaitsMetadata = false;
}

void PartitionReplica::stop()
{
    std::vector<Completion> completions;
    resetRoleState(completions);
    m_role = ReplicaRole::Stopped;
    m_leaderId = kNoLeader;
    run(completions);
}

// --- Leader ----------------------------------------------------------------------------

void PartitionReplica::append(std::span<uint8_t> batches,
                              int16_t acks,
                              int requiredMinIsr,
                              int64_t timeoutMs,
                              TimestampMs now,
                              AppendDone done)
{
    auto fail = [&](ErrorCode code) {
        if (done)
            done(AppendOutcome{code, Offset(-1), Offset(-1)});
    };
    if (m_role != ReplicaRole::Leader)
        return fail(ErrorCode::NotLeaderOrFollower);
    if (acks != 0 && acks != 1 && acks != -1)
        return fail(ErrorCode::InvalidRequiredAcks);
    if (auto dup = m_log.findDuplicate(batches)) {
        // An idempotent retry of a batch already in the log is answered as that write —
        // done once the high watermark passes it — whatever the ISR is now. Refusing it
        // with NotEnoughReplicas would tell the producer it was never written; librdkafka
        // then re-sends it under a bumped producer epoch as soon as any later batch meets
        // a sequence gap, and the log holds it twice.
        AppendOutcome outcome{ErrorCode::None, dup->firstOffset, dup->lastOffset};
        if (acks != -1 || dup->lastOffset < m_syncedOnIsr) {
            if (done)
                done(outcome);
            return;
        }
        m_waiting.push_back(WaitingAppend{
            outcome.firstOffset, outcome.lastOffset, now + timeoutMs, 0, std::move(done)});
        std::stable_sort(m_waiting.begin(), m_waiting.end(), [](const auto &a, const auto &b) {
            return a.lastOffset < b.lastOffset;
        });
        std::vector<Completion> completions;
        advanceHighWatermark(completions);
        run(completions);
        return;
    }
    if (acks == -1 && static_cast<int>(m_isr.size()) < requiredMinIsr)
        return fail(ErrorCode::NotEnoughReplicas);
    auto appended = m_log.appendAsLeader(batches, m_leaderEpoch, now);
    if (!appended.ok())
        return fail(appended.code());
    ensureSync();
    AppendOutcome outcome{ErrorCode::None, appended->firstOffset, appended->lastOffset};
    if (acks != -1) {
        if (done)
            done(outcome);
        return;
    }
    m_waiting.push_back(WaitingAppend{
        outcome.firstOffset, outcome.lastOffset, now + timeoutMs, requiredMinIsr, std::move(done)});
    // A single-member ISR completes once the leader's own sync is done.
    std::vector<Completion> completions;
    advanceHighWatermark(completions);
    run(completions);
}

EpochEndOffset PartitionReplica::leaderEndOffsetForEpoch(LeaderEpoch epoch) const
{
    // The current epoch may have no batch yet; it still ends at our log end.
    if (epoch == m_leaderEpoch)
        return {m_leaderEpoch, m_log.logEndOffset()};
    return m_log.endOffsetForEpoch(epoch);
}

FetchAnswer PartitionReplica::onFollowerFetch(const FetchRequest &request, TimestampMs now)
{
    FetchAnswer answer;
    answer.requestId = request.requestId;
    answer.logStartOffset = m_log.logStartOffset();
    answer.highWatermark = m_highWatermark;
    if (m_role != ReplicaRole::Leader) {
        answer.error = ErrorCode::NotLeaderOrFollower;
        return answer;
    }
    if (request.currentLeaderEpoch < m_leaderEpoch) {
        answer.error = ErrorCode::FencedLeaderEpoch;
        return answer;
    }
    if (request.currentLeaderEpoch > m_leaderEpoch) {
        answer.error = ErrorCode::UnknownLeaderEpoch;
        return answer;
    }
    auto follower = m_followers.find(request.followerId);
    if (follower == m_followers.end()) {
        answer.error = ErrorCode::NotLeaderOrFollower;
        return answer;
    }
    if (request.lastFetchedEpoch.value() >= 0) {
        EpochEndOffset end = leaderEndOffsetForEpoch(request.lastFetchedEpoch);
        if (end.epoch.value() < 0) {
            // We know no epoch that old: everything the follower has is suspect.
            answer.divergingEpoch = EpochEndOffset{LeaderEpoch(-1), m_log.logStartOffset()};
            return answer;
        }
        if (end.epoch < request.lastFetchedEpoch || end.endOffset < request.fetchOffset) {
            answer.divergingEpoch = end;
            return answer;
        }
    }
    if (request.fetchOffset < m_log.logStartOffset()
        || request.fetchOffset > m_log.logEndOffset()) {
        answer.error = ErrorCode::OffsetOutOfRange;
        return answer;
    }

    // Kafka's caught-up rule: at the leader's end now, or at least where the leader's end
    // was at the previous fetch (then it was caught up as of that fetch).
    FollowerState &state = follower->second;
    Offset leaderEnd = m_log.logEndOffset();
    if (request.fetchOffset >= leaderEnd)
        state.lastCaughtUpMs = std::max(state.lastCaughtUpMs, now);
    else if (state.lastFetchLeaderEnd.value() >= 0
             && request.fetchOffset >= state.lastFetchLeaderEnd)
        state.lastCaughtUpMs = std::max(state.lastCaughtUpMs, state.lastFetchMs);
    state.lastFetchLeaderEnd = leaderEnd;
    state.lastFetchMs = now;
    // A sync report may have overtaken this fetch (it was held here): the synced offset of
    // one position only grows.
    Offset synced = request.syncedOffset.value() < 0
                        ? request.fetchOffset
                        : std::min(request.syncedOffset, request.fetchOffset);
    if (request.fetchOffset == state.fetchOffset)
        synced = std::max(synced, state.syncedOffset);
    state.fetchOffset = request.fetchOffset;
    state.syncedOffset = synced;

    std::vector<Completion> completions;
    advanceHighWatermark(completions);
    maybeExpandIsr(request.followerId, now);

    size_t maxBytes = request.maxBytes ? request.maxBytes : m_config.fetchMaxBytes;
    auto data = m_log.read(request.fetchOffset, maxBytes, leaderEnd);
    if (data.ok())
        answer.records = std::move(data.value());
    else
        answer.error = data.code();
    answer.highWatermark = m_highWatermark;
    run(completions);
    return answer;
}

void PartitionReplica::onFollowerSyncReport(const FetchRequest &report, TimestampMs now)
{
    if (m_role != ReplicaRole::Leader || report.currentLeaderEpoch != m_leaderEpoch)
        return;
    auto follower = m_followers.find(report.followerId);
    if (follower == m_followers.end())
        return;
    FollowerState &state = follower->second;
    // Only for the position the leader knows: the report's data is what the follower's
    // fetch from there will say it holds.
    if (state.fetchOffset.value() < 0 || report.fetchOffset != state.fetchOffset)
        return;
    Offset synced = std::min(report.syncedOffset, state.fetchOffset);
    if (synced <= state.syncedOffset)
        return;
    state.syncedOffset = synced;
    (void)now;
    std::vector<Completion> completions;
    advanceHighWatermark(completions);
    run(completions);
}

void PartitionReplica::advanceHighWatermark(std::vector<Completion> &completions)
{
    if (m_role != ReplicaRole::Leader)
        return;
    // Visible: what every member holds. Synced: what every member has synced (with
    // write.caching, what it holds).
    Offset visible = m_log.logEndOffset();
    Offset synced = m_config.writeCaching ? visible : std::min(m_log.syncedOffset(), visible);
    for (BrokerId id : maximalIsr()) {
        if (id == m_config.localId)
            continue;
        auto it = m_followers.find(id);
        if (it == m_followers.end() || it->second.fetchOffset.value() < 0)
            return; // not heard from in this epoch: cannot move
        visible = std::min(visible, it->second.fetchOffset);
        synced = std::min(synced,
                          m_config.writeCaching ? it->second.fetchOffset : it->second.syncedOffset);
    }
    if (visible > m_highWatermark)
        m_highWatermark = visible;
    if (synced > m_syncedOnIsr)
        m_syncedOnIsr = synced;
    size_t isrSize = maximalIsr().size();
    size_t finished = 0;
    while (finished < m_waiting.size() && m_waiting[finished].lastOffset < m_syncedOnIsr)
        ++finished;
    for (size_t i = 0; i < finished; ++i) {
        WaitingAppend &w = m_waiting[i];
        ErrorCode code = static_cast<int>(isrSize) >= w.requiredMinIsr
                             ? ErrorCode::None
                             : ErrorCode::NotEnoughReplicasAfterAppend;
        completions.emplace_back(std::move(w.done),
                                 AppendOutcome{code, w.firstOffset, w.lastOffset});
    }
    m_waiting.erase(m_waiting.begin(), m_waiting.begin() + static_cast<ptrdiff_t>(finished));
}

void PartitionReplica::collectFinished(TimestampMs now, std::vector<Completion> &completions)
{
    auto expired = [&](const WaitingAppend &w) {
        return w.deadline <= now;
    };
    for (auto &w : m_waiting)
        if (expired(w))
            completions.emplace_back(
                std::move(w.done),
                AppendOutcome{ErrorCode::RequestTimedOut, w.firstOffset, w.lastOffset});
    std::erase_if(m_waiting, expired);
}

void PartitionReplica::propose(std::vector<BrokerId> newIsr, TimestampMs now)
{
    // Keep the replica-assignment order so that proposals are deterministic.
    std::vector<BrokerId> ordered;
    for (BrokerId id : m_replicas)
        if (contains(newIsr, id))
            ordered.push_back(id);
    m_pending = AlterPartitionRequest{m_config.localId, m_leaderEpoch, m_partitionEpoch, ordered};
    m_pendingSentMs = now;
    m_pendingAwaitsMetadata = false;
    m_outputs.emplace_back(*m_pending);
}

void PartitionReplica::maybeExpandIsr(BrokerId follower, TimestampMs now)
{
    if (m_pending || contains(m_isr, follower))
        return;
    const FollowerState &state = m_followers.at(follower);
    if (state.fetchOffset < m_highWatermark || state.fetchOffset < m_epochStartOffset)
        return;
    std::vector<BrokerId> isr = m_isr;
    isr.push_back(follower);
    propose(std::move(isr), now);
}

void PartitionReplica::maybeShrinkIsr(TimestampMs now)
{
    if (m_pending)
        return;
    Offset leaderEnd = m_log.logEndOffset();
    std::vector<BrokerId> keep;
    for (BrokerId id : m_isr) {
        if (id != m_config.localId) {
            auto it = m_followers.find(id);
            bool lagging = it == m_followers.end()
                           || (it->second.fetchOffset != leaderEnd
                               && now - it->second.lastCaughtUpMs > m_config.replicaLagTimeMaxMs);
            if (lagging)
                continue;
        }
        keep.push_back(id);
    }
    if (keep.size() != m_isr.size())
        propose(std::move(keep), now);
}

void PartitionReplica::onAlterPartitionAnswer(const AlterPartitionAnswer &answer, TimestampMs now)
{
    if (m_role != ReplicaRole::Leader || !m_pending || answer.leaderEpoch != m_leaderEpoch)
        return;
    switch (answer.error) {
    case ErrorCode::None:
        onIsrUpdated(answer.leaderEpoch, answer.partitionEpoch, answer.isr, now);
        break;
    case ErrorCode::OperationNotAttempted:
        // Certainly not applied: the committed ISR stands; re-evaluate at the next tick.
        m_pending.reset();
        break;
    default:
        // Unknown outcome (a retry of an applied change, a stale epoch…): keep assuming
        // the maximal ISR until the metadata update settles it.
        m_pendingAwaitsMetadata = true;
        break;
    }
}

Result<Bytes> PartitionReplica::readCommitted(Offset from, size_t maxBytes) const
{
    if (m_role != ReplicaRole::Leader)
        return makeError(ErrorCode::NotLeaderOrFollower, "not the leader");
    return m_log.read(from, maxBytes, m_highWatermark);
}

// --- Follower --------------------------------------------------------------------------

void PartitionReplica::ensureSync()
{
    if (!m_config.writeCaching && m_log.syncedOffset() < m_log.logEndOffset())
        m_log.requestSync();
}

void PartitionReplica::syncCachedWrites(TimestampMs now)
{
    if (!m_config.writeCaching || m_log.syncedOffset() >= m_log.logEndOffset()
        || m_log.syncInFlight() || now - m_lastCachedSyncMs < m_config.writeCachingFlushMs)
        return;
    m_lastCachedSyncMs = now;
    m_log.requestSync();
}

void PartitionReplica::setWriteCaching(bool on, int64_t flushMs)
{
    m_config.writeCaching = on;
    m_config.writeCachingFlushMs = flushMs;
    ensureSync(); // turned off: what is cached gets synced before it counts
}

void PartitionReplica::maybeFetch(TimestampMs now)
{
    if (m_role != ReplicaRole::Follower || m_leaderId == kNoLeader || m_inFlight
        || now < m_nextFetchMs)
        return;
    // The next batch is fetched while the last one syncs; the fetch says what we hold
    // (fetchOffset: the high watermark) and what of it is synced (syncedOffset: acks=all).
    // A sync that completes while this fetch waits at the leader sends a new one
    // (onLogSynced).
    FetchRequest request;
    request.leaderId = m_leaderId;
    request.followerId = m_config.localId;
    request.requestId = m_nextRequestId++;
    request.fetchOffset = m_log.logEndOffset();
    request.syncedOffset = m_config.writeCaching
                               ? request.fetchOffset
                               : std::min(m_log.syncedOffset(), request.fetchOffset);
    request.lastFetchedEpoch = m_log.latestEpoch();
    request.currentLeaderEpoch = m_leaderEpoch;
    request.maxBytes = m_config.fetchMaxBytes;
    m_inFlight = request;
    m_inFlightSentMs = now;
    m_reportedSynced = request.syncedOffset;
    m_outputs.emplace_back(request);
}

void PartitionReplica::truncateOnDivergence(const EpochEndOffset &diverging)
{
    Offset target;
    if (diverging.epoch.value() < 0) {
        target = diverging.endOffset;
    } else {
        EpochEndOffset mine = m_log.endOffsetForEpoch(diverging.epoch);
        if (mine.epoch == diverging.epoch)
            target = std::min(mine.endOffset, diverging.endOffset); // done
        else if (mine.epoch.value() >= 0)
            target = mine.endOffset; // we do not know the leader's epoch: step back, ask again
        else
            target = m_log.logStartOffset();
    }
    target = std::max(std::min(target, m_log.logEndOffset()), m_log.logStartOffset());
    if (target < m_log.logEndOffset()) {
        Status truncated = m_log.truncateTo(target);
        (void)truncated; // a failed truncation leaves the log as it was; the next fetch retries
    }
    // Committed data is never behind a divergence point; this only trims a high watermark
    // learned before a crash forgot the data.
    m_highWatermark = std::min(m_highWatermark, m_log.logEndOffset());
}

void PartitionReplica::onFetchAnswer(const FetchAnswer &answer, TimestampMs now)
{
    if (m_role != ReplicaRole::Follower || !m_inFlight || answer.requestId != m_inFlight->requestId)
        return; // late, duplicated or for an older role
    FetchRequest request = *m_inFlight;
    m_inFlight.reset();
    if (answer.error == ErrorCode::OffsetOutOfRange
        && request.fetchOffset < answer.logStartOffset) {
        // The leader deleted what we still need (DeleteRecords, retention): start afresh at
        // its log start, as Kafka's follower does.
        if (Status s = m_log.truncateFullyAndStartAt(answer.logStartOffset); s.ok())
            m_highWatermark = std::max(m_highWatermark, m_log.logEndOffset());
        m_nextFetchMs = now;
        maybeFetch(now);
        return;
    }
    if (answer.error != ErrorCode::None) {
        // FencedLeaderEpoch: our metadata is behind; UnknownLeaderEpoch / NotLeaderOrFollower:
        // the leader's is. Either way the metadata update will sort it out; keep asking.
        m_nextFetchMs = now + m_config.fetchBackoffMs;
        return;
    }
    if (answer.divergingEpoch) {
        truncateOnDivergence(*answer.divergingEpoch);
        m_nextFetchMs = now;
        maybeFetch(now);
        return;
    }
    if (request.fetchOffset != m_log.logEndOffset()) {
        m_nextFetchMs = now;
        maybeFetch(now);
        return;
    }
    if (!answer.records.empty()) {
        Bytes data = answer.records;
        auto appended = m_log.appendAsFollower(data, now);
        if (!appended.ok()) {
            m_nextFetchMs = now + m_config.fetchBackoffMs;
            return;
        }
        ensureSync();
        m_nextFetchMs = now;
    } else {
        m_nextFetchMs = now + m_config.fetchWaitMs;
    }
    Offset hw = std::min(answer.highWatermark, m_log.logEndOffset());
    if (hw > m_highWatermark)
        m_highWatermark = hw;
    // Follow the leader's log start (DeleteRecords), never past what is committed here.
    if (Offset start = std::min(answer.logStartOffset, m_highWatermark);
        start > m_log.logStartOffset())
        (void)m_log.advanceLogStartOffset(start);
    maybeFetch(now);
}

// --- Both ------------------------------------------------------------------------------

void PartitionReplica::onLogSynced(TimestampMs now)
{
    ensureSync(); // more arrived while that sync ran
    if (m_role == ReplicaRole::Leader) {
        std::vector<Completion> completions;
        advanceHighWatermark(completions);
        run(completions);
    } else {
        // The leader learns of a sync from the next fetch; while one is in flight (held at
        // the leader when it has nothing new) a report says it at once. The fetch stays:
        // replacing it would waste its answer when data is on the way.
        const Offset synced = std::min(m_log.syncedOffset(), m_log.logEndOffset());
        if (m_role == ReplicaRole::Follower && m_inFlight && !m_config.writeCaching
            && m_inFlight->fetchOffset == m_log.logEndOffset() && synced > m_reportedSynced) {
            FetchRequest report = *m_inFlight;
            report.requestId = m_nextRequestId++;
            report.syncedOffset = synced;
            report.syncReport = true;
            m_reportedSynced = synced;
            m_outputs.emplace_back(report);
        }
        maybeFetch(now);
    }
}

void PartitionReplica::onTick(TimestampMs now)
{
    syncCachedWrites(now);
    if (m_role == ReplicaRole::Leader) {
        maybeShrinkIsr(now);
        if (m_pending && !m_pendingAwaitsMetadata
            && now - m_pendingSentMs >= m_config.alterPartitionRetryMs) {
            m_pendingSentMs = now;
            m_outputs.emplace_back(*m_pending);
        }
        std::vector<Completion> completions;
        collectFinished(now, completions);
        run(completions);
    } else if (m_role == ReplicaRole::Follower) {
        if (m_inFlight && now - m_inFlightSentMs >= m_config.fetchTimeoutMs) {
            m_inFlight.reset();
            m_nextFetchMs = now;
        }
        maybeFetch(now);
    }
}

} // namespace runnel::replication
