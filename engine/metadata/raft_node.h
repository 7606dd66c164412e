#pragma once

// RaftNode: one voter of the KRaft-style metadata quorum, as an I/O-free state machine.
// A node not in `voters` is an observer (KIP-595; a broker-only member): it fetches the
// log from the leader, never votes or stands for election, and the leader serves its
// fetches without counting them toward commit or check-quorum.
//
// Owns: the in-memory copy of the metadata log, the quorum state (epoch, vote, known
// leader), the role-specific state (votes gathered, follower progress) and a queue of
// outputs. It owns no socket, file, thread or clock.
//
// Called by: the broker's event-loop thread (one thread; the class is not thread-safe),
// or by tests/sim. The driver feeds inputs — tick(now), receive(message, now),
// propose(payload), onDiskAppended(), onVotePersisted() — and after each input drains the
// outputs and carries them out: Send → network, AppendToDisk/TruncateDisk/PersistVote →
// disk (in order), Committed → the metadata image / controller.
//
// Lifecycle: constructed at startup from what the disk holds (PersistedState); it starts
// Unattached and elects or finds a leader by itself. A crash loses the object; the next
// incarnation is built from the disk again. Safety never depends on writes the driver
// has not reported complete: a vote is sent only after its PersistVote completed, and a
// fetch position (the follower's acknowledgement) only covers entries reported appended.
//
// Protocol (KIP-595 + KIP-996 pre-vote): followers pull with Fetch{fetchOffset,
// lastFetchedEpoch}; the leader answers with entries or a diverging epoch, and commits
// (advances the high watermark) when a majority has fetched past an offset of its own
// epoch; a fetch with nothing new waits at the leader (up to fetchMaxWaitMs) until an
// append or a commit gives it something. A new leader first appends a LeaderChange no-op, then
// announces itself with BeginQuorumEpoch. A leader that has not been fetched from by a majority
// for 1.5 × fetch timeout resigns (check-quorum) and sends EndQuorumEpoch.

#include "engine/common/result.h"
#include "engine/metadata/raft_types.h"

#include <map>
#include <optional>
#include <random>
#include <set>

namespace runnel::metadata {

class RaftNode
{
public:
    RaftNode(NodeId self,
             std::vector<NodeId> voters,
             RaftConfig config,
             uint64_t seed,
             PersistedState restored,
             TimestampMs now = 0);

    // Advances timers: election, fetch and check-quorum timeouts, retransmissions.
    void tick(TimestampMs now);
    void receive(const RaftMessage &message, TimestampMs now);

    // Leader only: appends a Data entry and returns its offset. Otherwise NotController
    // with the known leader in the message.
    Result<Offset> propose(Bytes payload);
    // Leader only: step down gracefully (EndQuorumEpoch to the other voters).
    void resign();
    // The driver's connection to `leader` closed and did not come back (its process is
    // gone): a follower of it no longer refuses pre-votes on its behalf and starts an
    // election instead of waiting for fetchTimeoutMs — at once if it has the lowest id
    // among the voters other than `leader`, else electionTimeoutMs / 4 later per voter
    // ahead of it, and only if no new leader has appeared by then (survivors that all
    // stood at once would split the vote and wait out an election timeout); and again
    // after every survivor had its turn while it still follows `leader`. Ignored in any
    // other role or for another node.
    void leaderUnreachable(NodeId leader, TimestampMs now);

    // Disk completions, in the order the requests were output.
    void onDiskAppended(Offset upTo);
    void onVotePersisted();

    std::vector<RaftOutput> drainOutputs();

    NodeId id() const { return m_self; }
    RaftRole role() const { return m_role; }
    QuorumEpoch epoch() const { return m_epoch; }
    std::optional<NodeId> leaderId() const { return m_leaderId; }
    std::optional<NodeId> votedFor() const { return m_votedFor; }
    // Exclusive: every entry below it is committed (Kafka's high watermark).
    Offset commitOffset() const { return m_commit; }
    Offset logEndOffset() const { return Offset(static_cast<int64_t>(m_log.size())); }
    Offset durableEndOffset() const { return m_durableEnd; }
    const std::vector<LogEntry> &log() const { return m_log; }
    const std::vector<NodeId> &voters() const { return m_voters; }

private:
    struct VoterProgress
    {
        Offset ackedEnd{0};
        TimestampMs lastFetch = 0;
        bool fetchedThisEpoch = false;
        TimestampMs lastBeginSent = -1;
    };
    struct DeferredGrant
    {
        NodeId to;
        QuorumEpoch epoch;
    };

    // Transitions.
    void becomeUnattached(QuorumEpoch epoch, RaftRole role = RaftRole::Unattached);
    void becomeFollower(QuorumEpoch epoch, NodeId leader);
    void becomeProspective();
    void becomeCandidate();
    void becomeLeader();
    void stepDown(); // leader → Resigned in the same epoch, with EndQuorumEpoch
    void setEpoch(QuorumEpoch epoch);
    void persistVote();
    void announceRole();

    // Handlers.
    void handleVoteRequest(NodeId from, const VoteRequest &r);
    void handleVoteResponse(NodeId from, const VoteResponse &r);
    void handleBeginQuorumEpoch(NodeId from, const BeginQuorumEpoch &r);
    void handleBeginQuorumEpochResponse(NodeId from, const BeginQuorumEpochResponse &r);
    void handleEndQuorumEpoch(NodeId from, const EndQuorumEpoch &r);
    void handleFetchRequest(NodeId from, const FetchRequest &r);
    // Leader: answers a valid fetch, or holds it until parkUntil if it has nothing new.
    void answerFetch(NodeId from, const FetchRequest &r, TimestampMs parkUntil);
    // Leader: answers the held fetches that now have something, or whose time is up.
    void answerParkedFetches();
    void handleFetchResponse(NodeId from, const FetchResponse &r);

    // Helpers.
    void send(NodeId to, RaftBody body);
    void sendVoteRequests(bool preVote, bool onlyMissing);
    void maybeWinElection();
    void flushDeferredGrants();
    void maybeSendFetch();
    void tickObserver();
    void maybeAdvanceLeaderCommit();
    void commitTo(Offset end);
    void appendLocal(std::vector<LogEntry> entries);
    void truncateLocal(Offset offset);
    bool logUpToDate(QuorumEpoch lastEpoch, Offset endOffset) const;
    QuorumEpoch lastEpoch() const;
    QuorumEpoch epochAt(Offset offset) const;
    OffsetAndEpoch endOffsetForEpoch(QuorumEpoch epoch) const;
    bool hasPendingAppends() const { return m_durableEnd < logEndOffset(); }
    bool isVoter(NodeId id) const;
    size_t majority() const { return m_voters.size() / 2 + 1; }
    TimestampMs randomElectionTimeout();
    TimestampMs leaderLossStaggerMs() const;
    // Follower of the lost leader (m_leaderLoss): becomes Prospective and sets the retry.
    void standForLostLeader();

    NodeId m_self;
    std::vector<NodeId> m_voters;
    RaftConfig m_config;
    std::mt19937_64 m_rng;
    TimestampMs m_now = 0;

    RaftRole m_role = RaftRole::Unattached;
    QuorumEpoch m_epoch{0};
    std::optional<NodeId> m_votedFor;
    std::optional<NodeId> m_leaderId;

    std::vector<LogEntry> m_log;
    Offset m_durableEnd{0};
    Offset m_commit{0};
    int m_votePersistsPending = 0;
    std::vector<DeferredGrant> m_deferredGrants;

    TimestampMs m_electionDeadline = 0;
    // Prospective / Candidate.
    std::set<NodeId> m_granted;
    std::set<NodeId> m_responded;
    TimestampMs m_lastVoteRequestSent = 0;
    // Follower.
    bool m_fetchInFlight = false;
    Offset m_inFlightFetchOffset{0};
    TimestampMs m_fetchSentAt = 0;
    TimestampMs m_nextFetchAt = 0;
    size_t m_nextProbe = 0;              // observer: the voter to ask next while no leader is known
    TimestampMs m_lastLeaderContact = 0; // restarts the fetch timeout (also on following)
    // When the leader itself was last heard (BeginQuorumEpoch, a fetch answer). Pre-votes
    // are refused only within fetchTimeoutMs of it: following a leader on another voter's
    // word (KIP-996) must not make two survivors refuse each other forever.
    TimestampMs m_lastHeardFromLeader = -1000000000;
    // Follower: an election due at `at` because the connection to `leader` was lost in
    // `epoch` (leaderUnreachable), unless a new leader appears first.
    struct LeaderLoss
    {
        NodeId leader;
        QuorumEpoch epoch;
        TimestampMs at = 0;
    };
    std::optional<LeaderLoss> m_leaderLoss;
    // Leader.
    std::map<NodeId, VoterProgress> m_progress;
    struct ParkedFetch
    {
        FetchRequest request;
        TimestampMs until = 0;
    };
    std::map<NodeId, ParkedFetch> m_parked; // fetches with nothing new, by fetcher
    std::map<NodeId, Offset> m_toldCommit;  // the high watermark each fetcher was last sent
    TimestampMs fetchMaxWaitMs() const;

    std::vector<RaftOutput> m_outputs;
};

} // namespace runnel::metadata
