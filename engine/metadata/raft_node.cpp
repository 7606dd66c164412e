#include "engine/metadata/raft_node.h"

#include "engine/common/log.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

// A broken Raft invariant means the metadata log can no longer be trusted: abort loudly.
#define RAFT_CHECK(cond, what)                                                                     \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            std::fprintf(stderr,                                                                   \
                         "raft invariant broken on node %d: %s (%s:%d)\n",                         \
                         m_self.value(),                                                           \
                         what,                                                                     \
                         __FILE__,                                                                 \
                         __LINE__);                                                                \
            std::abort();                                                                          \
        }                                                                                          \
    } while (0)

namespace runnel::metadata {

const char *roleName(RaftRole role)
{
    switch (role) {
    case RaftRole::Unattached:
        return "unattached";
    case RaftRole::Follower:
        return "follower";
    case RaftRole::Prospective:
        return "prospective";
    case RaftRole::Candidate:
        return "candidate";
    case RaftRole::Leader:
        return "leader";
    case RaftRole::Resigned:
        return "resigned";
    }
    return "?";
}

RaftNode::RaftNode(NodeId self,
                   std::vector<NodeId> voters,
                   RaftConfig config,
                   uint64_t seed,
                   PersistedState restored,
                   TimestampMs now)
    : m_self(self)
    , m_voters(std::move(voters))
    , m_config(config)
    , m_rng(seed)
    , m_now(now)
    , m_epoch(restored.epoch)
    , m_votedFor(restored.votedFor)
    , m_log(std::move(restored.log))
{
    std::sort(m_voters.begin(), m_voters.end());
    m_voters.erase(std::unique(m_voters.begin(), m_voters.end()), m_voters.end());
    for (size_t i = 0; i < m_log.size(); ++i) {
        RAFT_CHECK(m_log[i].offset == Offset(static_cast<int64_t>(i)), "restored log not dense");
        RAFT_CHECK(i == 0 || m_log[i - 1].epoch <= m_log[i].epoch, "restored log epochs go back");
    }
    // The log and the quorum-state file are separate files: after a crash the log may
    // hold an entry of an epoch the state file never recorded. Adopting that epoch
    // (without a vote) is safe; voting in an epoch this node already acted in is not.
    if (lastEpoch() > m_epoch) {
        m_epoch = lastEpoch();
        m_votedFor.reset();
    }
    m_durableEnd = logEndOffset();
    m_electionDeadline = m_now + randomElectionTimeout();
}

// ---------------------------------------------------------------- inputs

void RaftNode::tick(TimestampMs now)
{
    m_now = std::max(m_now, now);
    if (!isVoter(m_self)) {
        tickObserver();
        return;
    }
    switch (m_role) {
    case RaftRole::Unattached:
    case RaftRole::Resigned:
        if (m_now >= m_electionDeadline)
            becomeProspective();
        break;
    case RaftRole::Prospective:
        if (m_now >= m_electionDeadline)
            becomeProspective();
        else if (m_now - m_lastVoteRequestSent >= m_config.requestTimeoutMs)
            sendVoteRequests(true, true);
        break;
    case RaftRole::Candidate:
        if (m_now >= m_electionDeadline)
            becomeProspective();
        else if (m_now - m_lastVoteRequestSent >= m_config.requestTimeoutMs)
            sendVoteRequests(false, true);
        break;
    case RaftRole::Follower:
        if (m_leaderLoss && m_leaderLoss->epoch == m_epoch && m_leaderId == m_leaderLoss->leader
            && m_now >= m_leaderLoss->at) {
            RLOG_INFO("metadata") << "node " << m_self << ": no new leader since leader "
                                  << m_leaderLoss->leader << " was lost, starting election";
            standForLostLeader();
            break;
        }
        if (m_now - m_lastLeaderContact >= m_config.fetchTimeoutMs) {
            RLOG_INFO("metadata") << "node " << m_self << ": no fetch answer from leader "
                                  << m_leaderId.value_or(NodeId(-1)) << " for "
                                  << m_config.fetchTimeoutMs << " ms, starting election";
            becomeProspective();
            break;
        }
        if (m_fetchInFlight
            && m_now - m_fetchSentAt >= m_config.requestTimeoutMs + fetchMaxWaitMs())
            m_fetchInFlight = false; // lost: resend
        maybeSendFetch();
        break;
    case RaftRole::Leader: {
        // Check-quorum: a leader cut off from a majority resigns so that clients and
        // brokers stop treating it as the controller.
        size_t reachable = 1;
        for (auto &[id, p] : m_progress)
            if (m_now - p.lastFetch < m_config.fetchTimeoutMs * 3 / 2)
                ++reachable;
        if (reachable < majority()) {
            RLOG_INFO("metadata") << "node " << m_self << ": leader of epoch " << m_epoch
                                  << " lost contact with a majority, resigning";
            stepDown();
            break;
        }
        answerParkedFetches(); // those whose wait is over
        for (auto &[id, p] : m_progress) {
            // Announce to voters that never fetched in this epoch or went quiet (a
            // restarted voter forgets the leader and would otherwise only find it by
            // an election).
            bool quiet = !p.fetchedThisEpoch || m_now - p.lastFetch >= m_config.fetchTimeoutMs / 2;
            if (quiet
                && (p.lastBeginSent < 0 || m_now - p.lastBeginSent >= m_config.requestTimeoutMs)) {
                p.lastBeginSent = m_now;
                send(id, BeginQuorumEpoch{m_epoch, m_self});
            }
        }
        break;
    }
    }
}

void RaftNode::leaderUnreachable(NodeId leader, TimestampMs now)
{
    m_now = std::max(m_now, now);
    if (!isVoter(m_self) || m_role != RaftRole::Follower || m_leaderId != leader)
        return;
    m_lastHeardFromLeader = m_now - m_config.fetchTimeoutMs;
    int64_t ahead = 0;
    for (NodeId v : m_voters)
        if (v != leader && v < m_self)
            ++ahead;
    const TimestampMs wait = ahead * leaderLossStaggerMs();
    RLOG_INFO("metadata") << "node " << m_self << ": lost the connection to leader " << leader
                          << ", starting election in " << wait << " ms unless a new leader "
                          << "appears";
    m_leaderLoss = LeaderLoss{leader, m_epoch, m_now + wait};
    if (wait == 0)
        standForLostLeader();
}

TimestampMs RaftNode::leaderLossStaggerMs() const
{
    return std::max<int64_t>(m_config.electionTimeoutMs / 4, 1);
}

void RaftNode::standForLostLeader()
{
    // Again after every survivor had its turn, while this node still follows the lost
    // leader: a pre-vote refused by a survivor that had not noticed the loss yet, or whose
    // log was ahead, sends the candidate back to following it (KIP-996).
    const auto survivors = static_cast<int64_t>(m_voters.size()) - 1;
    m_leaderLoss->at = m_now + std::max<int64_t>(survivors, 1) * leaderLossStaggerMs();
    becomeProspective();
}

void RaftNode::receive(const RaftMessage &message, TimestampMs now)
{
    m_now = std::max(m_now, now);
    if (message.from == m_self)
        return;
    // Observers (broker-only members) only fetch; everything else must come from a voter.
    if (!isVoter(message.from) && !std::holds_alternative<FetchRequest>(message.body))
        return;
    if (!isVoter(m_self) && !std::holds_alternative<FetchResponse>(message.body))
        return; // an observer never votes and is never asked to
    std::visit(
        [&](const auto &body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, VoteRequest>)
                handleVoteRequest(message.from, body);
            else if constexpr (std::is_same_v<T, VoteResponse>)
                handleVoteResponse(message.from, body);
            else if constexpr (std::is_same_v<T, BeginQuorumEpoch>)
                handleBeginQuorumEpoch(message.from, body);
            else if constexpr (std::is_same_v<T, BeginQuorumEpochResponse>)
                handleBeginQuorumEpochResponse(message.from, body);
            else if constexpr (std::is_same_v<T, EndQuorumEpoch>)
                handleEndQuorumEpoch(message.from, body);
            else if constexpr (std::is_same_v<T, FetchRequest>)
                handleFetchRequest(message.from, body);
            else {
                static_assert(std::is_same_v<T, FetchResponse>, "unhandled RaftBody type");
                handleFetchResponse(message.from, body);
            }
        },
        message.body);
    maybeSendFetch();
}

Result<Offset> RaftNode::propose(Bytes payload)
{
    if (m_role != RaftRole::Leader) {
        std::string leader = m_leaderId ? std::to_string(m_leaderId->value()) : "unknown";
        return makeError(ErrorCode::NotController,
                         "node " + std::to_string(m_self.value())
                             + " is not the metadata quorum leader; leader is " + leader);
    }
    Offset offset = logEndOffset();
    appendLocal({LogEntry{offset, m_epoch, EntryKind::Data, std::move(payload)}});
    return offset;
}

void RaftNode::resign()
{
    if (m_role == RaftRole::Leader)
        stepDown();
}

void RaftNode::onDiskAppended(Offset upTo)
{
    RAFT_CHECK(upTo <= logEndOffset(), "disk reports an append beyond the log end");
    if (upTo > m_durableEnd)
        m_durableEnd = upTo;
    if (m_role == RaftRole::Leader)
        maybeAdvanceLeaderCommit();
    maybeSendFetch();
}

void RaftNode::onVotePersisted()
{
    RAFT_CHECK(m_votePersistsPending > 0, "vote persisted that was never requested");
    --m_votePersistsPending;
    if (m_votePersistsPending == 0) {
        flushDeferredGrants();
        maybeWinElection();
    }
}

std::vector<RaftOutput> RaftNode::drainOutputs()
{
    std::vector<RaftOutput> out;
    out.swap(m_outputs);
    return out;
}

// ---------------------------------------------------------------- transitions

void RaftNode::setEpoch(QuorumEpoch epoch)
{
    if (epoch == m_epoch)
        return;
    RAFT_CHECK(epoch > m_epoch, "epoch goes back");
    m_epoch = epoch;
    m_votedFor.reset();
    m_leaderId.reset();
    persistVote();
}

void RaftNode::persistVote()
{
    ++m_votePersistsPending;
    m_outputs.emplace_back(PersistVote{m_epoch, m_votedFor});
}

void RaftNode::announceRole()
{
    m_outputs.emplace_back(RoleChanged{m_role, m_epoch, m_leaderId});
}

void RaftNode::becomeUnattached(QuorumEpoch epoch, RaftRole role)
{
    setEpoch(epoch);
    m_role = role;
    m_leaderId.reset();
    m_progress.clear();
    m_parked.clear();
    m_toldCommit.clear();
    m_granted.clear();
    m_responded.clear();
    m_fetchInFlight = false;
    m_electionDeadline = m_now + randomElectionTimeout();
    announceRole();
}

void RaftNode::becomeFollower(QuorumEpoch epoch, NodeId leader)
{
    RAFT_CHECK(leader != m_self, "following itself");
    RAFT_CHECK(!(m_role == RaftRole::Leader && epoch == m_epoch), "two leaders in one epoch");
    setEpoch(epoch);
    bool changed = m_role != RaftRole::Follower || m_leaderId != leader;
    m_role = RaftRole::Follower;
    m_leaderId = leader;
    m_progress.clear();
    m_parked.clear();
    m_toldCommit.clear();
    m_granted.clear();
    m_responded.clear();
    if (changed) {
        m_lastLeaderContact = m_now;
        m_fetchInFlight = false;
        m_nextFetchAt = m_now;
        announceRole();
    }
}

void RaftNode::becomeProspective()
{
    m_role = RaftRole::Prospective;
    m_leaderId.reset();
    m_progress.clear();
    m_parked.clear();
    m_toldCommit.clear();
    m_fetchInFlight = false;
    m_granted = {m_self};
    m_responded = {m_self};
    m_electionDeadline = m_now + randomElectionTimeout();
    announceRole();
    if (m_granted.size() >= majority()) {
        becomeCandidate();
        return;
    }
    sendVoteRequests(true, false);
}

void RaftNode::becomeCandidate()
{
    setEpoch(QuorumEpoch(m_epoch.value() + 1));
    m_votedFor = m_self;
    persistVote();
    m_role = RaftRole::Candidate;
    m_granted = {m_self};
    m_responded = {m_self};
    m_electionDeadline = m_now + randomElectionTimeout();
    RLOG_DEBUG("metadata") << "node " << m_self << ": candidate for epoch " << m_epoch;
    announceRole();
    sendVoteRequests(false, false);
    maybeWinElection();
}

void RaftNode::becomeLeader()
{
    m_role = RaftRole::Leader;
    m_leaderId = m_self;
    m_granted.clear();
    m_responded.clear();
    m_progress.clear();
    m_parked.clear();
    m_toldCommit.clear();
    for (NodeId v : m_voters)
        if (v != m_self)
            m_progress[v] = VoterProgress{Offset(0), m_now, false, -1};
    RLOG_INFO("metadata") << "node " << m_self << ": elected leader of epoch " << m_epoch
                          << " (log end " << logEndOffset() << ")";
    announceRole();
    appendLocal({LogEntry{logEndOffset(), m_epoch, EntryKind::LeaderChange, {}}});
    for (auto &[id, p] : m_progress) {
        p.lastBeginSent = m_now;
        send(id, BeginQuorumEpoch{m_epoch, m_self});
    }
    maybeAdvanceLeaderCommit(); // a single voter commits on its own
}

void RaftNode::stepDown()
{
    std::vector<NodeId> successors;
    // Most caught-up voters first: they can win the next election.
    std::vector<std::pair<Offset, NodeId>> byProgress;
    for (auto &[id, p] : m_progress)
        byProgress.emplace_back(p.ackedEnd, id);
    std::sort(byProgress.begin(), byProgress.end(), [](auto &a, auto &b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (auto &[off, id] : byProgress)
        successors.push_back(id);
    for (NodeId id : successors)
        send(id, EndQuorumEpoch{m_epoch, m_self, successors});
    becomeUnattached(m_epoch, RaftRole::Resigned);
}

// ---------------------------------------------------------------- handlers

void RaftNode::handleVoteRequest(NodeId from, const VoteRequest &r)
{
    if (r.candidateId != from)
        return;
    if (r.preVote) {
        // Pre-vote changes nothing here. Refuse while a live leader is known, so that a
        // voter rejoining after a partition cannot disrupt a healthy quorum.
        bool leaderAlive = m_role == RaftRole::Leader
                           || (m_role == RaftRole::Follower
                               && m_now - m_lastHeardFromLeader < m_config.fetchTimeoutMs);
        bool grant = r.epoch > m_epoch && !leaderAlive && logUpToDate(r.lastEpoch, r.endOffset);
        send(from, VoteResponse{m_epoch, grant, true, m_leaderId});
        return;
    }
    if (r.epoch < m_epoch) {
        send(from, VoteResponse{m_epoch, false, false, m_leaderId});
        return;
    }
    if (r.epoch > m_epoch)
        becomeUnattached(r.epoch);
    bool grant = m_role != RaftRole::Leader && !m_leaderId && (!m_votedFor || *m_votedFor == from)
                 && logUpToDate(r.lastEpoch, r.endOffset);
    if (!grant) {
        send(from, VoteResponse{m_epoch, false, false, m_leaderId});
        return;
    }
    if (!m_votedFor) {
        m_votedFor = from;
        persistVote();
        m_electionDeadline = m_now + randomElectionTimeout();
    }
    // The grant leaves only once the vote is on disk: a crash must not let this node
    // vote twice in one epoch.
    m_deferredGrants.push_back({from, m_epoch});
    if (m_votePersistsPending == 0)
        flushDeferredGrants();
}

void RaftNode::handleVoteResponse(NodeId from, const VoteResponse &r)
{
    if (r.epoch > m_epoch) {
        if (r.leaderId && *r.leaderId != m_self)
            becomeFollower(r.epoch, *r.leaderId);
        else
            becomeUnattached(r.epoch);
        return;
    }
    if (r.preVote) {
        if (m_role != RaftRole::Prospective)
            return;
        if (!r.granted && r.epoch == m_epoch && r.leaderId && *r.leaderId != m_self) {
            // KIP-996: a voter still follows a leader of our epoch; follow it too. If that
            // leader is gone, its fetch answers (or their absence) bring us back here.
            becomeFollower(m_epoch, *r.leaderId);
            return;
        }
        m_responded.insert(from);
        if (r.granted)
            m_granted.insert(from);
        if (m_granted.size() >= majority())
            becomeCandidate();
        return;
    }
    if (m_role != RaftRole::Candidate || r.epoch != m_epoch)
        return;
    m_responded.insert(from);
    if (r.granted)
        m_granted.insert(from);
    maybeWinElection();
}

void RaftNode::handleBeginQuorumEpoch(NodeId from, const BeginQuorumEpoch &r)
{
    if (r.leaderId != from)
        return;
    if (r.epoch < m_epoch) {
        send(from, BeginQuorumEpochResponse{m_epoch});
        return;
    }
    if (r.epoch == m_epoch && m_role == RaftRole::Leader) {
        RAFT_CHECK(false, "another leader announced itself in this node's epoch");
    }
    becomeFollower(r.epoch, r.leaderId);
    m_lastLeaderContact = m_now;
    m_lastHeardFromLeader = m_now;
    m_leaderLoss.reset(); // it is alive after all
}

void RaftNode::handleBeginQuorumEpochResponse(NodeId, const BeginQuorumEpochResponse &r)
{
    if (r.epoch > m_epoch)
        becomeUnattached(r.epoch);
}

void RaftNode::handleEndQuorumEpoch(NodeId from, const EndQuorumEpoch &r)
{
    if (r.leaderId != from || r.epoch < m_epoch)
        return;
    if (r.epoch > m_epoch) {
        becomeUnattached(r.epoch);
    } else if (m_role == RaftRole::Follower && m_leaderId == from) {
        becomeUnattached(m_epoch);
    } else {
        return;
    }
    // Preferred successors stand first; the others wait a little longer (KIP-595).
    auto it = std::find(r.preferredSuccessors.begin(), r.preferredSuccessors.end(), m_self);
    int64_t rank = it == r.preferredSuccessors.end()
                       ? static_cast<int64_t>(r.preferredSuccessors.size())
                       : static_cast<int64_t>(it - r.preferredSuccessors.begin());
    int64_t jitter = static_cast<int64_t>(
        m_rng() % static_cast<uint64_t>(std::max<int64_t>(1, m_config.electionJitterMs / 4)));
    m_electionDeadline = m_now + rank * m_config.electionJitterMs / 4 + jitter;
}

void RaftNode::handleFetchRequest(NodeId from, const FetchRequest &r)
{
    FetchResponse resp;
    resp.epoch = m_epoch;
    resp.leaderId = m_leaderId;
    resp.fetchOffset = r.fetchOffset;
    resp.highWatermark = m_commit;
    if (r.replicaId != from) {
        resp.error = ErrorCode::InvalidRequest;
        send(from, std::move(resp));
        return;
    }
    if (m_role != RaftRole::Leader || r.epoch > m_epoch) {
        resp.error
            = r.epoch > m_epoch ? ErrorCode::UnknownLeaderEpoch : ErrorCode::NotLeaderOrFollower;
        if (r.epoch < m_epoch)
            resp.error = ErrorCode::FencedLeaderEpoch;
        send(from, std::move(resp));
        return;
    }
    if (r.epoch < m_epoch) {
        resp.error = ErrorCode::FencedLeaderEpoch;
        send(from, std::move(resp));
        return;
    }
    m_parked.erase(from); // this fetch replaces one still held (the fetcher gave up on it)
    // An observer's fetch is served like a voter's but never counts toward commit or
    // check-quorum.
    const bool voter = isVoter(from);
    if (voter) {
        VoterProgress &p = m_progress[from];
        p.lastFetch = m_now;
        p.fetchedThisEpoch = true;
    }
    if (r.fetchOffset.value() > 0) {
        OffsetAndEpoch end = endOffsetForEpoch(r.lastFetchedEpoch);
        if (end.epoch != r.lastFetchedEpoch || end.offset < r.fetchOffset) {
            resp.divergingEpoch = end;
            send(from, std::move(resp));
            return;
        }
    }
    // The position is valid: it is the follower's durable end, so it counts as an ack.
    if (voter) {
        m_progress[from].ackedEnd = r.fetchOffset;
        maybeAdvanceLeaderCommit();
    }
    answerFetch(from, r, m_now + fetchMaxWaitMs());
}

void RaftNode::answerFetch(NodeId from, const FetchRequest &r, TimestampMs parkUntil)
{
    FetchResponse resp;
    resp.epoch = m_epoch;
    resp.leaderId = m_leaderId;
    resp.fetchOffset = r.fetchOffset;
    resp.highWatermark = m_commit;
    int64_t from0 = r.fetchOffset.value();
    int64_t to = std::min<int64_t>(static_cast<int64_t>(m_log.size()),
                                   from0 + static_cast<int64_t>(m_config.maxFetchEntries));
    for (int64_t i = from0; i < to; ++i)
        resp.entries.push_back(m_log[static_cast<size_t>(i)]);
    // Nothing new for it: hold it. A fetcher's first fetch of this leadership is always
    // answered (it may not know the high watermark).
    auto told = m_toldCommit.find(from);
    if (resp.entries.empty() && parkUntil > m_now && told != m_toldCommit.end()
        && told->second == m_commit) {
        m_parked[from] = ParkedFetch{r, parkUntil};
        return;
    }
    m_toldCommit[from] = m_commit;
    send(from, std::move(resp));
}

void RaftNode::answerParkedFetches()
{
    if (m_role != RaftRole::Leader || m_parked.empty())
        return;
    auto parked = std::move(m_parked);
    m_parked.clear();
    for (auto &[from, p] : parked)
        answerFetch(from, p.request, p.until);
}

TimestampMs RaftNode::fetchMaxWaitMs() const
{
    // Well inside the fetch timeout: a held fetch must not look like a silent voter.
    return std::clamp<int64_t>(m_config.fetchMaxWaitMs, 0, m_config.fetchTimeoutMs / 4);
}

void RaftNode::handleFetchResponse(NodeId from, const FetchResponse &r)
{
    if (r.epoch > m_epoch) {
        if (r.leaderId && *r.leaderId != m_self)
            becomeFollower(r.epoch, *r.leaderId);
        else
            becomeUnattached(r.epoch);
        return;
    }
    if (r.epoch < m_epoch)
        return;
    if (r.error != ErrorCode::None) {
        // An observer probing voters learns the leader of the current epoch from any of
        // them.
        if (!isVoter(m_self) && m_role != RaftRole::Follower && r.leaderId
            && *r.leaderId != m_self) {
            becomeFollower(m_epoch, *r.leaderId);
            return;
        }
        if (m_role != RaftRole::Follower || m_leaderId != from)
            return;
        if (r.error == ErrorCode::NotLeaderOrFollower) {
            // Our leader no longer leads this epoch (it resigned): look for a new one.
            becomeUnattached(m_epoch);
            return;
        }
        if (m_fetchInFlight && r.fetchOffset == m_inFlightFetchOffset) {
            m_fetchInFlight = false;
            m_nextFetchAt = m_now + m_config.fetchIntervalMs;
        }
        return;
    }
    // A successful answer in our epoch comes from that epoch's one leader.
    RAFT_CHECK(m_role != RaftRole::Leader, "leader got a fetch answer in its own epoch");
    if (m_role != RaftRole::Follower || m_leaderId != from) {
        becomeFollower(m_epoch, from);
        return; // fetch afresh from the new leader
    }
    if (!m_fetchInFlight || r.fetchOffset != m_inFlightFetchOffset || hasPendingAppends())
        return; // stale or duplicate answer
    m_fetchInFlight = false;
    m_lastLeaderContact = m_now;
    m_lastHeardFromLeader = m_now;
    m_leaderLoss.reset(); // it is alive after all

    if (r.divergingEpoch) {
        OffsetAndEpoch mine = endOffsetForEpoch(r.divergingEpoch->epoch);
        Offset to = std::min(r.divergingEpoch->offset, mine.offset);
        to = std::min(to, logEndOffset());
        if (to < logEndOffset())
            truncateLocal(to);
        m_nextFetchAt = m_now;
        return;
    }

    // Entries from fetchOffset on; skip what we already hold, replace what differs.
    std::vector<LogEntry> fresh;
    Offset next = r.fetchOffset;
    for (const LogEntry &e : r.entries) {
        RAFT_CHECK(e.offset == next, "fetch answer not contiguous");
        next += 1;
        if (!fresh.empty()) {
            fresh.push_back(e);
            continue;
        }
        if (e.offset < logEndOffset()) {
            if (m_log[static_cast<size_t>(e.offset.value())].epoch == e.epoch)
                continue;
            truncateLocal(e.offset);
        }
        fresh.push_back(e);
    }
    bool appended = !fresh.empty();
    if (appended)
        appendLocal(std::move(fresh));
    // Below `next` this log now equals the leader's.
    Offset commit = std::min(r.highWatermark, next);
    if (commit > m_commit)
        commitTo(commit);
    // The leader holds the next fetch until there is something (long poll); without that,
    // pause after an empty answer.
    m_nextFetchAt
        = r.entries.empty() && fetchMaxWaitMs() == 0 ? m_now + m_config.fetchIntervalMs : m_now;
}

// ---------------------------------------------------------------- helpers

void RaftNode::send(NodeId to, RaftBody body)
{
    m_outputs.emplace_back(Send{to, RaftMessage{m_self, std::move(body)}});
}

void RaftNode::sendVoteRequests(bool preVote, bool onlyMissing)
{
    m_lastVoteRequestSent = m_now;
    QuorumEpoch epoch = preVote ? QuorumEpoch(m_epoch.value() + 1) : m_epoch;
    for (NodeId v : m_voters) {
        if (v == m_self || (onlyMissing && m_responded.count(v)))
            continue;
        send(v, VoteRequest{epoch, m_self, lastEpoch(), logEndOffset(), preVote});
    }
}

void RaftNode::maybeWinElection()
{
    if (m_role == RaftRole::Candidate && m_votePersistsPending == 0
        && m_granted.size() >= majority())
        becomeLeader();
}

void RaftNode::flushDeferredGrants()
{
    for (const DeferredGrant &g : m_deferredGrants)
        if (g.epoch == m_epoch && m_votedFor == g.to)
            send(g.to, VoteResponse{m_epoch, true, false, m_leaderId});
    m_deferredGrants.clear();
}

void RaftNode::tickObserver()
{
    if (m_role == RaftRole::Follower) {
        if (m_now - m_lastLeaderContact >= m_config.fetchTimeoutMs) {
            RLOG_INFO("metadata") << "observer " << m_self << ": no fetch answer from leader "
                                  << m_leaderId.value_or(NodeId(-1)) << " for "
                                  << m_config.fetchTimeoutMs << " ms, looking for the leader";
            becomeUnattached(m_epoch);
        } else {
            if (m_fetchInFlight
                && m_now - m_fetchSentAt >= m_config.requestTimeoutMs + fetchMaxWaitMs())
                m_fetchInFlight = false; // lost: resend
            maybeSendFetch();
            return;
        }
    }
    // No leader known: ask the voters in turn; any of them names the leader (a fetch in an
    // older epoch is answered with the current epoch and leader).
    if (m_voters.empty() || hasPendingAppends()
        || m_now - m_fetchSentAt < m_config.requestTimeoutMs)
        return;
    m_fetchSentAt = m_now;
    NodeId to = m_voters[m_nextProbe++ % m_voters.size()];
    send(to, FetchRequest{m_epoch, m_self, m_durableEnd, lastEpoch()});
}

void RaftNode::maybeSendFetch()
{
    if (m_role != RaftRole::Follower || m_fetchInFlight || hasPendingAppends()
        || m_now < m_nextFetchAt)
        return;
    m_fetchInFlight = true;
    m_inFlightFetchOffset = m_durableEnd;
    m_fetchSentAt = m_now;
    send(*m_leaderId, FetchRequest{m_epoch, m_self, m_durableEnd, lastEpoch()});
}

void RaftNode::maybeAdvanceLeaderCommit()
{
    if (m_role != RaftRole::Leader)
        return;
    std::vector<Offset> ends{m_durableEnd};
    for (auto &[id, p] : m_progress)
        ends.push_back(p.fetchedThisEpoch ? p.ackedEnd : Offset(0));
    std::sort(ends.begin(), ends.end(), std::greater<>());
    Offset candidate = ends[majority() - 1];
    // Only an entry of the leader's own epoch commits by counting (Raft §5.4.2); it
    // commits everything before it.
    if (candidate > m_commit && epochAt(candidate - 1) == m_epoch)
        commitTo(candidate);
}

void RaftNode::commitTo(Offset end)
{
    RAFT_CHECK(end <= logEndOffset(), "commit beyond the log end");
    Committed c;
    for (int64_t i = m_commit.value(); i < end.value(); ++i)
        c.entries.push_back(m_log[static_cast<size_t>(i)]);
    m_commit = end;
    m_outputs.emplace_back(std::move(c));
    answerParkedFetches(); // the followers learn the new high watermark at once
}

void RaftNode::appendLocal(std::vector<LogEntry> entries)
{
    for (const LogEntry &e : entries) {
        RAFT_CHECK(e.offset == logEndOffset(), "append not at the log end");
        RAFT_CHECK(e.epoch >= lastEpoch(), "append with an older epoch");
        m_log.push_back(e);
    }
    m_outputs.emplace_back(AppendToDisk{std::move(entries)});
    answerParkedFetches(); // leader: the held fetches get the new entries
}

void RaftNode::truncateLocal(Offset offset)
{
    RAFT_CHECK(offset >= m_commit, "truncating committed entries");
    RAFT_CHECK(!hasPendingAppends(), "truncating while appends are pending");
    m_log.resize(static_cast<size_t>(offset.value()));
    m_durableEnd = std::min(m_durableEnd, offset);
    m_outputs.emplace_back(TruncateDisk{offset});
}

bool RaftNode::logUpToDate(QuorumEpoch lastEpochOther, Offset endOffset) const
{
    QuorumEpoch mine = lastEpoch();
    if (lastEpochOther != mine)
        return lastEpochOther > mine;
    return endOffset >= logEndOffset();
}

QuorumEpoch RaftNode::lastEpoch() const
{
    return m_log.empty() ? QuorumEpoch(0) : m_log.back().epoch;
}

QuorumEpoch RaftNode::epochAt(Offset offset) const
{
    if (offset.value() < 0 || offset >= logEndOffset())
        return QuorumEpoch(-1);
    return m_log[static_cast<size_t>(offset.value())].epoch;
}

// The largest epoch <= `epoch` in this log and the end offset of its entries (Kafka's
// OffsetForLeaderEpoch); (0, 0) when no such entry exists.
OffsetAndEpoch RaftNode::endOffsetForEpoch(QuorumEpoch epoch) const
{
    // Epochs are non-decreasing along the log: find the first entry with a larger epoch.
    auto it
        = std::upper_bound(m_log.begin(), m_log.end(), epoch, [](QuorumEpoch e, const LogEntry &x) {
              return e < x.epoch;
          });
    if (it == m_log.begin())
        return {Offset(0), QuorumEpoch(0)};
    return {Offset(static_cast<int64_t>(it - m_log.begin())), std::prev(it)->epoch};
}

bool RaftNode::isVoter(NodeId id) const
{
    return std::binary_search(m_voters.begin(), m_voters.end(), id);
}

TimestampMs RaftNode::randomElectionTimeout()
{
    uint64_t span = static_cast<uint64_t>(std::max<int64_t>(1, m_config.electionJitterMs));
    return m_config.electionTimeoutMs + static_cast<int64_t>(m_rng() % span);
}

} // namespace runnel::metadata
