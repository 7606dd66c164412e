// Deterministic simulation of one partition replicated on three brokers (label `sim`).
//
//   producers ──append(acks=all|1)──► broker the controller names leader (sometimes another)
//   broker n ◄── in-memory network (loss, delay/reordering, duplication, partitions) ──► m
//       │  FetchRequest / FetchAnswer between followers and the leader
//       │  AlterPartitionRequest / Answer between the leader and the controller (node 0)
//       ▼
//   MemoryReplicaLog per broker, a simulated disk: syncs complete after a delay, a crash
//   keeps the synced prefix plus a random number of unsynced batches; faults are single
//   crashes, power loss of all brokers at once (they share one machine), isolation of a
//   broker, a cut between two brokers, and a one-way cut to the controller
//   controller: a small deterministic model of KRaft's partition handling — heartbeats,
//   fencing after the session timeout (every partition it led moves to an unfenced ISR
//   member, epoch bump; unclean election off), re-registration after a restart (fence the
//   old incarnation first), AlterPartition with leader/partition epoch checks, and the
//   resulting partition state delivered to brokers in order (the metadata log).
//
// A single crash is a kill -9 (the page cache keeps everything written); a power loss
// crashes all brokers and keeps their synced prefix plus a random part of the rest.
//
// Invariants, checked after every event (incrementally: logs only lose data through
// truncation or a crash, both of which bump the log's generation and force a re-check):
//   - at most one leader per leader epoch; the controller's leader is in its ISR
//   - a leader's HW never goes back within its epoch
//   - every batch below any replica's HW equals the same batch of a single committed
//     sequence (replicas agree below the HW), and the current leader (the controller's
//     leader, once it leads that epoch) holds the whole committed sequence — so nothing a
//     consumer could read (readCommitted, also sampled) ever vanishes or changes, except
//     through a power loss (the HW counts unsynced data,
//     decisions/0017-repl-visibility-vs-durability.md), after which the committed sequence is
//     tracked afresh
//   - every acknowledged acks=all record (min.insync.replicas=2) is at its acknowledged
//     offset with its value on every new leader and at the end; no two acknowledgements
//     name the same offset
//   - liveness: after the faults stop and everything heals, a write is acknowledged and
//     all replicas converge on the leader's log with HW = log end.
//
// RUNNEL_SIM_SEED=N replays one seed with a trace on stderr; RUNNEL_SIM_SEEDS=N runs seeds
// 1..N (default 1000, about 6 s). A failure prints `seed=N` and the violation.

#include "engine/replication/memory_replica_log.h"
#include "engine/replication/partition_replica.h"
#include "tests/replication/replication_test_util.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <string>
#include <vector>

using namespace runnel;
using namespace runnel::replication;
using runnel::replication::testing::batchOf;
using runnel::replication::testing::valueAt;

namespace {

// splitmix64: portable, so a seed replays the same on every standard library.
class Rng
{
public:
    explicit Rng(uint64_t seed)
        : m_state(seed * 0x9e3779b97f4a7c15ULL + 1)
    {}
    uint64_t next()
    {
        uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    int64_t range(int64_t lo, int64_t hi)
    {
        return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
    }
    bool chance(double p) { return static_cast<double>(next() % 1'000'000) < p * 1'000'000.0; }

private:
    uint64_t m_state;
};

constexpr int kBrokers = 3;
constexpr int kController = 0;
constexpr int kMinIsr = 2;
constexpr int64_t kSessionTimeoutMs = 250;
constexpr int64_t kFaultyMs = 6000;
constexpr int64_t kProduceUntilMs = kFaultyMs + 2000;
constexpr int64_t kEndMs = kFaultyMs + 5000;

struct PartitionState
{
    uint64_t version = 0;
    BrokerId leader = kNoLeader;
    LeaderEpoch leaderEpoch{0};
    PartitionEpoch partitionEpoch{0};
    std::vector<BrokerId> replicas;
    std::vector<BrokerId> isr;
};

struct Node
{
    int id = 0;
    MemoryReplicaLog log;
    std::unique_ptr<PartitionReplica> replica;
    bool up = true;
    int incarnation = 1;
    bool syncScheduled = false;
    uint64_t appliedVersion = 0;
    // Checker state.
    LeaderEpoch hwEpoch{-1};
    Offset lastHw{0};
    uint64_t checkedGeneration = ~0ULL;
    size_t checkedEntries = 0;
};

class Simulation
{
public:
    Simulation(uint64_t seed, bool verbose)
        : m_seed(seed)
        , m_rng(seed)
        , m_verbose(verbose)
    {
        m_lossRate = m_rng.chance(0.5) ? 0.0 : 0.02 * static_cast<double>(m_rng.range(1, 10));
        m_dupRate = m_rng.chance(0.5) ? 0.0 : 0.05;
        m_maxDelayMs = m_rng.range(2, 30);
        m_maxDiskMs = m_rng.range(1, 15);
        m_faultEveryMs = m_rng.range(150, 900);
        for (int i = 1; i <= kBrokers; ++i) {
            auto node = std::make_unique<Node>();
            node->id = i;
            node->replica = std::make_unique<PartitionReplica>(config(i), node->log);
            m_nodes.push_back(std::move(node));
        }
        for (auto &row : m_cutUntil)
            row.fill(0);
        m_state.version = 1;
        m_state.leader = BrokerId(1);
        m_state.leaderEpoch = LeaderEpoch(1);
        m_state.partitionEpoch = PartitionEpoch(1);
        for (int i = 1; i <= kBrokers; ++i) {
            m_state.replicas.push_back(BrokerId(i));
            m_state.isr.push_back(BrokerId(i));
            m_registered[i] = 1;
            m_lastSeen[i] = 0;
        }
    }

    // Runs to the end; returns an empty string or the first violation.
    std::string run()
    {
        for (int i = 1; i <= kBrokers; ++i)
            scheduleTick(i, m_rng.range(0, 9));
        at(0, [this] { controllerTick(); });
        at(1, [this] { produce(); });
        at(m_faultEveryMs, [this] { fault(); });
        at(kFaultyMs, [this] { healAll(); });
        at(kEndMs, [this] { finalCheck(); });
        publish();
        while (!m_events.empty() && m_failure.empty()) {
            Event e = m_events.top();
            m_events.pop();
            m_now = e.at;
            if (m_now > kEndMs)
                break;
            e.fn();
            ++m_eventCount;
            if (m_failure.empty())
                check();
        }
        return m_failure;
    }

    uint64_t events() const { return m_eventCount; }
    size_t acked() const { return m_acked.size(); }
    size_t leaderChanges() const { return m_leaderChanges; }

private:
    struct Event
    {
        TimestampMs at;
        uint64_t seq;
        std::function<void()> fn;
        bool operator<(const Event &o) const
        {
            return at != o.at ? at > o.at : seq > o.seq; // min-heap on (at, seq)
        }
    };

    static ReplicaConfig config(int id)
    {
        ReplicaConfig c;
        c.localId = BrokerId(id);
        c.replicaLagTimeMaxMs = 300;
        c.fetchWaitMs = 15;
        c.fetchBackoffMs = 20;
        c.fetchTimeoutMs = 120;
        c.alterPartitionRetryMs = 100;
        c.fetchMaxBytes = 800; // a few batches per fetch: more rounds, more interleavings
        return c;
    }

    void at(TimestampMs t, std::function<void()> fn)
    {
        m_events.push(Event{t, m_seq++, std::move(fn)});
    }

    template<typename... Args>
    void trace(const char *fmt, Args... args)
    {
        if (!m_verbose)
            return;
        std::fprintf(stderr, "%6lld ", static_cast<long long>(m_now));
        std::fprintf(stderr, fmt, args...);
        std::fputc('\n', stderr);
    }

    void fail(const std::string &what)
    {
        if (m_failure.empty())
            m_failure = "t=" + std::to_string(m_now) + "ms: " + what;
    }

    Node &node(int id) { return *m_nodes[static_cast<size_t>(id - 1)]; }
    bool up(int id) { return id == kController || node(id).up; }
    int incarnation(int id) { return id == kController ? 0 : node(id).incarnation; }
    bool linked(int a, int b) { return m_cutUntil[a][b] <= m_now; }

    // --- Network ---------------------------------------------------------------------

    void send(int from, int to, std::function<void()> deliver)
    {
        if (!up(from) || !up(to) || !linked(from, to) || m_rng.chance(m_lossRate))
            return;
        int copies = m_rng.chance(m_dupRate) ? 2 : 1;
        int fromInc = incarnation(from), toInc = incarnation(to);
        for (int i = 0; i < copies; ++i) {
            at(m_now + m_rng.range(1, m_maxDelayMs), [=, this] {
                // A restart closes connections: nothing from or to an older incarnation.
                if (!up(from) || !up(to) || incarnation(from) != fromInc || incarnation(to) != toInc
                    || !linked(from, to))
                    return;
                deliver();
            });
        }
    }

    // Sends what a broker's replica produced and schedules its disk.
    void flush(int id)
    {
        Node &n = node(id);
        if (!n.up)
            return;
        for (ReplicaOutput &out : n.replica->takeOutputs()) {
            if (auto *fetch = std::get_if<FetchRequest>(&out)) {
                FetchRequest req = *fetch;
                int leader = req.leaderId.value();
                trace("n%d fetch -> n%d off=%lld lastEpoch=%d epoch=%d",
                      id,
                      leader,
                      static_cast<long long>(req.fetchOffset.value()),
                      req.lastFetchedEpoch.value(),
                      req.currentLeaderEpoch.value());
                send(id, leader, [=, this] { onFetch(leader, req); });
            } else if (auto *alter = std::get_if<AlterPartitionRequest>(&out)) {
                AlterPartitionRequest req = *alter;
                trace("n%d alter isr size=%zu pe=%d",
                      id,
                      req.newIsr.size(),
                      req.partitionEpoch.value());
                send(id, kController, [=, this] { onAlterPartition(req); });
            }
        }
        if (n.log.syncInFlight() && !n.syncScheduled) {
            n.syncScheduled = true;
            int inc = n.incarnation;
            at(m_now + m_rng.range(1, m_maxDiskMs), [=, this] {
                Node &m = node(id);
                if (!m.up || m.incarnation != inc)
                    return;
                m.syncScheduled = false;
                m.log.completeSync();
                m.replica->onLogSynced(m_now);
                flush(id);
            });
        }
    }

    void onFetch(int leaderId, const FetchRequest &req)
    {
        Node &leader = node(leaderId);
        if (req.syncReport) {
            trace("n%d gets n%d's sync report: synced=%lld",
                  leaderId,
                  req.followerId.value(),
                  static_cast<long long>(req.syncedOffset.value()));
            leader.replica->onFollowerSyncReport(req, m_now);
            flush(leaderId);
            return;
        }
        FetchAnswer answer = leader.replica->onFollowerFetch(req, m_now);
        flush(leaderId);
        int follower = req.followerId.value();
        trace("n%d answers n%d: error=%d hw=%lld bytes=%zu%s",
              leaderId,
              follower,
              static_cast<int>(answer.error),
              static_cast<long long>(answer.highWatermark.value()),
              answer.records.size(),
              answer.divergingEpoch ? " diverging" : "");
        send(leaderId, follower, [=, this] {
            node(follower).replica->onFetchAnswer(answer, m_now);
            flush(follower);
        });
    }

    void scheduleTick(int id, TimestampMs when)
    {
        at(when, [=, this] {
            Node &n = node(id);
            if (n.up) {
                n.replica->onTick(m_now);
                flush(id);
            }
            scheduleTick(id, m_now + 10);
        });
    }

    // --- Controller --------------------------------------------------------------------

    bool fenced(int id) const { return m_fenced[id]; }

    void publish()
    {
        ++m_state.version;
        trace("controller: leader=%d epoch=%d pe=%d isr=%s",
              m_state.leader.value(),
              m_state.leaderEpoch.value(),
              m_state.partitionEpoch.value(),
              isrText().c_str());
        deliverMetadata();
    }

    std::string isrText() const
    {
        std::string s;
        for (BrokerId b : m_state.isr)
            s += std::to_string(b.value());
        return s;
    }

    void deliverMetadata()
    {
        for (int i = 1; i <= kBrokers; ++i) {
            Node &n = node(i);
            if (!n.up || !linked(kController, i) || m_registered[i] != n.incarnation
                || n.appliedVersion >= m_state.version)
                continue;
            PartitionState snapshot = m_state;
            int inc = n.incarnation;
            // Reliable and ordered (a broker fetches the metadata log), just late.
            at(m_now + m_rng.range(1, 15), [=, this] {
                Node &m = node(i);
                if (!m.up || m.incarnation != inc || m.appliedVersion >= snapshot.version)
                    return;
                m.appliedVersion = snapshot.version;
                if (snapshot.leader == BrokerId(i))
                    m.replica->becomeLeader(snapshot.leaderEpoch,
                                            snapshot.partitionEpoch,
                                            snapshot.replicas,
                                            snapshot.isr,
                                            m_now);
                else
                    m.replica->becomeFollower(snapshot.leader,
                                              snapshot.leaderEpoch,
                                              snapshot.partitionEpoch,
                                              snapshot.replicas,
                                              snapshot.isr,
                                              m_now);
                flush(i);
            });
        }
    }

    void electIfNeeded(bool &changed)
    {
        if (m_state.leader != kNoLeader)
            return;
        for (BrokerId b : m_state.replicas) {
            if (std::find(m_state.isr.begin(), m_state.isr.end(), b) != m_state.isr.end()
                && !fenced(b.value())) {
                m_state.leader = b;
                m_state.leaderEpoch = LeaderEpoch(m_state.leaderEpoch.value() + 1);
                ++m_leaderChanges;
                changed = true;
                return;
            }
        }
    }

    void fence(int id)
    {
        m_fenced[id] = true;
        bool changed = false;
        BrokerId b(id);
        auto it = std::find(m_state.isr.begin(), m_state.isr.end(), b);
        if (it != m_state.isr.end() && m_state.isr.size() > 1) {
            m_state.isr.erase(it); // the last ISR member stays: it may be the only copy
            changed = true;
        }
        if (m_state.leader == b) {
            m_state.leader = kNoLeader;
            m_state.leaderEpoch = LeaderEpoch(m_state.leaderEpoch.value() + 1);
            changed = true;
        }
        electIfNeeded(changed);
        trace("controller: fence n%d", id);
        if (changed) {
            m_state.partitionEpoch = PartitionEpoch(m_state.partitionEpoch.value() + 1);
            publish();
        }
    }

    void unfence(int id)
    {
        m_fenced[id] = false;
        trace("controller: unfence n%d", id);
        bool changed = false;
        electIfNeeded(changed);
        if (changed) {
            m_state.partitionEpoch = PartitionEpoch(m_state.partitionEpoch.value() + 1);
            publish();
        }
    }

    void controllerTick()
    {
        for (int i = 1; i <= kBrokers; ++i) {
            Node &n = node(i);
            bool reachable = n.up && linked(kController, i) && linked(i, kController);
            if (reachable)
                m_lastSeen[i] = m_now;
            if (reachable && m_registered[i] != n.incarnation) {
                // A new incarnation registers: the old one's leadership must go first.
                fence(i);
                m_registered[i] = n.incarnation;
            } else if (!fenced(i) && m_now - m_lastSeen[i] > kSessionTimeoutMs) {
                fence(i);
            } else if (fenced(i) && reachable) {
                unfence(i);
            }
        }
        deliverMetadata();
        at(m_now + 20, [this] { controllerTick(); });
    }

    void onAlterPartition(const AlterPartitionRequest &req)
    {
        AlterPartitionAnswer answer;
        answer.leaderEpoch = req.leaderEpoch;
        if (req.leaderId != m_state.leader || req.leaderEpoch != m_state.leaderEpoch) {
            answer.error = ErrorCode::FencedLeaderEpoch;
        } else if (req.partitionEpoch != m_state.partitionEpoch) {
            answer.error = ErrorCode::InvalidUpdateVersion;
        } else {
            bool eligible
                = std::find(req.newIsr.begin(), req.newIsr.end(), req.leaderId) != req.newIsr.end();
            for (BrokerId b : req.newIsr)
                if (fenced(b.value())
                    && std::find(m_state.isr.begin(), m_state.isr.end(), b) == m_state.isr.end())
                    eligible = false; // KIP-841: no fenced broker joins the ISR
            if (!eligible) {
                answer.error = ErrorCode::OperationNotAttempted;
            } else {
                m_state.isr = req.newIsr;
                m_state.partitionEpoch = PartitionEpoch(m_state.partitionEpoch.value() + 1);
                answer.partitionEpoch = m_state.partitionEpoch;
                answer.isr = m_state.isr;
                publish();
            }
        }
        int leader = req.leaderId.value();
        send(kController, leader, [=, this] {
            node(leader).replica->onAlterPartitionAnswer(answer, m_now);
            flush(leader);
        });
    }

    // --- Clients -----------------------------------------------------------------------

    void produce()
    {
        if (m_now < kProduceUntilMs)
            at(m_now + m_rng.range(2, 15), [this] { produce(); });
        int target = m_state.leader.value();
        if (target < 1 || m_rng.chance(0.1))
            target = static_cast<int>(m_rng.range(1, kBrokers)); // stale metadata
        Node &n = node(target);
        if (!n.up)
            return;
        int16_t acks = m_rng.chance(0.15) ? int16_t(1) : int16_t(-1);
        size_t count = m_rng.chance(0.2) ? static_cast<size_t>(m_rng.range(2, 3)) : 1;
        std::vector<std::string> values;
        for (size_t i = 0; i < count; ++i)
            values.push_back("s" + std::to_string(m_seed) + "-" + std::to_string(m_nextValue++));
        Bytes batch = batchOf(values);
        bool afterHeal = m_now >= kFaultyMs;
        n.replica->append(batch, acks, kMinIsr, 400, m_now, [=, this](const AppendOutcome &o) {
            if (o.error != ErrorCode::None || acks != -1)
                return;
            for (size_t i = 0; i < values.size(); ++i) {
                Offset offset = o.firstOffset + static_cast<int64_t>(i);
                auto [it, inserted] = m_acked.emplace(offset, values[i]);
                if (!inserted)
                    return fail("two acknowledged records at offset "
                                + std::to_string(offset.value()));
                if (valueAt(node(target).log, offset) != values[i])
                    return fail("acknowledged value not at its offset on the acking leader");
            }
            if (afterHeal)
                m_ackedAfterHeal = true;
            trace("ack n%d off=%lld", target, static_cast<long long>(o.firstOffset.value()));
        });
        flush(target);
        // A consumer reads what the broker it asks lets it read.
        if (m_rng.chance(0.1) && n.replica->role() == ReplicaRole::Leader) {
            auto read = n.replica->readCommitted(Offset(0), 1 << 20);
            if (read.ok())
                m_consumed.push_back({read->size(), target});
        }
    }

    // --- Faults ------------------------------------------------------------------------

    void fault()
    {
        if (m_now >= kFaultyMs)
            return;
        at(m_now + m_rng.range(m_faultEveryMs / 2, m_faultEveryMs * 3 / 2), [this] { fault(); });
        int victim = static_cast<int>(m_rng.range(1, kBrokers));
        switch (m_rng.range(0, 4)) {
        case 0: // one broker is killed (kill -9), restarts later
            crash(victim, false);
            break;
        case 4: // power loss: the machine all brokers share goes down
            powerLoss();
            break;
        case 1: { // isolate a broker from everyone, controller included
            int64_t until = m_now + m_rng.range(100, 900);
            trace("ISOLATE n%d until %lld", victim, static_cast<long long>(until));
            for (int j = 0; j <= kBrokers; ++j)
                if (j != victim)
                    m_cutUntil[victim][j] = m_cutUntil[j][victim] = until;
            break;
        }
        case 2: { // cut two brokers apart (both still see the controller)
            int other = victim % kBrokers + 1;
            int64_t until = m_now + m_rng.range(100, 900);
            trace("CUT n%d-n%d until %lld", victim, other, static_cast<long long>(until));
            m_cutUntil[victim][other] = m_cutUntil[other][victim] = until;
            break;
        }
        default: { // one-way: the broker hears the controller but not the reverse
            int64_t until = m_now + m_rng.range(100, 600);
            trace("ONE-WAY n%d -/-> controller until %lld", victim, static_cast<long long>(until));
            m_cutUntil[victim][kController] = until;
            break;
        }
        }
    }

    // A killed process keeps what it wrote (the page cache survives it); a power loss keeps
    // what was synced plus a random part of the rest.
    void crash(int id, bool power)
    {
        Node &n = node(id);
        if (!n.up)
            return;
        size_t keep = power ? static_cast<size_t>(m_rng.range(0, 2)) : n.log.entries().size();
        trace("CRASH n%d (%s, keeps %zu unsynced batches)", id, power ? "power" : "kill", keep);
        n.up = false;
        n.replica.reset();
        n.log.crash(keep);
        at(m_now + m_rng.range(50, 600), [=, this] { restart(id); });
    }

    // The high watermark counts what the ISR holds, synced or not
    // (decisions/0017-repl-visibility-vs-durability.md): a power loss may take back records a
    // consumer could read, never acknowledged ones. What was committed before it is forgotten; the
    // acknowledged records are still checked on every new leader, and agreement below the HW from
    // the restart on.
    void powerLoss()
    {
        trace("POWER LOSS");
        for (int i = 1; i <= kBrokers; ++i)
            crash(i, true);
        m_committed.clear();
        m_committedBytes = 0;
        m_committedBytesCount = 0;
        m_checkedLeader = -1;
        m_leaderChecked = 0;
        for (auto &np : m_nodes)
            np->checkedEntries = 0;
    }

    void restart(int id)
    {
        Node &n = node(id);
        if (n.up)
            return;
        trace("RESTART n%d log end %lld", id, static_cast<long long>(n.log.logEndOffset().value()));
        n.up = true;
        ++n.incarnation;
        n.syncScheduled = false;
        n.appliedVersion = 0;
        n.replica = std::make_unique<PartitionReplica>(config(id), n.log);
    }

    void healAll()
    {
        trace("HEAL");
        m_lossRate = 0; // liveness is promised for a healthy network only
        for (auto &row : m_cutUntil)
            row.fill(0);
        for (int i = 1; i <= kBrokers; ++i)
            if (!node(i).up)
                restart(i);
    }

    // --- Invariants --------------------------------------------------------------------

    void check()
    {
        if (m_state.leader != kNoLeader
            && std::find(m_state.isr.begin(), m_state.isr.end(), m_state.leader)
                   == m_state.isr.end())
            return fail("controller's leader is outside the ISR");
        for (auto &np : m_nodes) {
            Node &n = *np;
            if (!n.up)
                continue;
            const PartitionReplica &r = *n.replica;
            if (r.role() == ReplicaRole::Leader) {
                auto [it, inserted] = m_epochLeader.emplace(r.leaderEpoch(), n.id);
                if (!inserted && it->second != n.id)
                    return fail("two leaders in epoch " + std::to_string(r.leaderEpoch().value()));
                if (n.hwEpoch == r.leaderEpoch() && r.highWatermark() < n.lastHw)
                    return fail("leader n" + std::to_string(n.id) + " HW went back");
                n.hwEpoch = r.leaderEpoch();
                n.lastHw = r.highWatermark();
            }
            // Everything below this replica's HW is part of the one committed sequence.
            if (n.log.generation() != n.checkedGeneration) {
                n.checkedGeneration = n.log.generation();
                n.checkedEntries = 0;
            }
            const auto &entries = n.log.entries();
            while (n.checkedEntries < entries.size()
                   && entries[n.checkedEntries].lastOffset < r.highWatermark().value()) {
                const auto &e = entries[n.checkedEntries];
                if (n.checkedEntries < m_committed.size()) {
                    if (e.bytes != m_committed[n.checkedEntries])
                        return fail("n" + std::to_string(n.id)
                                    + " disagrees below its HW at offset "
                                    + std::to_string(e.baseOffset));
                } else {
                    m_committed.push_back(e.bytes);
                }
                ++n.checkedEntries;
            }
        }
        for (auto [size, who] : m_consumed)
            if (size > committedBytes())
                return fail("n" + std::to_string(who) + " let a consumer read above the HW");
        m_consumed.clear();
        checkCurrentLeader();
    }

    size_t committedBytes()
    {
        while (m_committedBytesCount < m_committed.size())
            m_committedBytes += m_committed[m_committedBytesCount++].size();
        return m_committedBytes;
    }

    void checkCurrentLeader()
    {
        int id = m_state.leader.value();
        if (id < 1)
            return;
        Node &n = node(id);
        if (!n.up || n.replica->role() != ReplicaRole::Leader
            || n.replica->leaderEpoch() != m_state.leaderEpoch)
            return;
        bool fresh = id != m_checkedLeader || m_state.leaderEpoch != m_checkedLeaderEpoch
                     || n.log.generation() != m_checkedLeaderGeneration;
        if (fresh) {
            m_checkedLeader = id;
            m_checkedLeaderEpoch = m_state.leaderEpoch;
            m_checkedLeaderGeneration = n.log.generation();
            m_leaderChecked = 0;
            trace("check leader n%d epoch %d: %zu committed batches, %zu acks",
                  id,
                  m_state.leaderEpoch.value(),
                  m_committed.size(),
                  m_acked.size());
            checkAcked(n);
        }
        const auto &entries = n.log.entries();
        for (; m_leaderChecked < m_committed.size(); ++m_leaderChecked) {
            if (m_leaderChecked >= entries.size()
                || entries[m_leaderChecked].bytes != m_committed[m_leaderChecked])
                return fail("leader n" + std::to_string(id) + " (epoch "
                            + std::to_string(m_state.leaderEpoch.value())
                            + ") lacks committed batch #" + std::to_string(m_leaderChecked));
        }
    }

    void checkAcked(Node &n)
    {
        for (const auto &[offset, value] : m_acked)
            if (valueAt(n.log, offset) != value)
                return fail("acknowledged record at offset " + std::to_string(offset.value())
                            + " lost or changed on n" + std::to_string(n.id));
    }

    void finalCheck()
    {
        int id = m_state.leader.value();
        if (id < 1)
            return fail("no leader after healing");
        Node &leader = node(id);
        if (leader.replica->role() != ReplicaRole::Leader)
            return fail("elected leader n" + std::to_string(id) + " does not lead after healing");
        checkAcked(leader);
        if (!m_ackedAfterHeal)
            return fail("no write acknowledged after healing");
        if (leader.replica->highWatermark() != leader.log.logEndOffset())
            return fail("leader's HW below its log end after healing");
        for (auto &np : m_nodes) {
            if (np->log.entries().size() != leader.log.entries().size())
                return fail("n" + std::to_string(np->id) + " did not converge after healing");
            for (size_t i = 0; i < leader.log.entries().size(); ++i)
                if (np->log.entries()[i].bytes != leader.log.entries()[i].bytes)
                    return fail("n" + std::to_string(np->id) + " diverges after healing");
        }
        m_finalChecked = true;
    }

public:
    bool finalChecked() const { return m_finalChecked; }

private:
    uint64_t m_seed;
    Rng m_rng;
    bool m_verbose;
    double m_lossRate = 0;
    double m_dupRate = 0;
    int64_t m_maxDelayMs = 10;
    int64_t m_maxDiskMs = 5;
    int64_t m_faultEveryMs = 500;

    TimestampMs m_now = 0;
    uint64_t m_seq = 0;
    uint64_t m_eventCount = 0;
    std::priority_queue<Event> m_events;
    std::vector<std::unique_ptr<Node>> m_nodes;
    std::array<std::array<TimestampMs, kBrokers + 1>, kBrokers + 1> m_cutUntil{};

    PartitionState m_state;
    std::array<bool, kBrokers + 1> m_fenced{};
    std::array<int, kBrokers + 1> m_registered{};
    std::array<TimestampMs, kBrokers + 1> m_lastSeen{};
    size_t m_leaderChanges = 0;

    uint64_t m_nextValue = 0;
    std::map<Offset, std::string> m_acked;
    bool m_ackedAfterHeal = false;
    std::vector<std::pair<size_t, int>> m_consumed;

    std::vector<Bytes> m_committed;
    size_t m_committedBytes = 0;
    size_t m_committedBytesCount = 0;
    std::map<LeaderEpoch, int> m_epochLeader;
    int m_checkedLeader = -1;
    LeaderEpoch m_checkedLeaderEpoch{-1};
    uint64_t m_checkedLeaderGeneration = 0;
    size_t m_leaderChecked = 0;
    bool m_finalChecked = false;
    std::string m_failure;
};

} // namespace

int main()
{
    uint64_t first = 1, count = 1000;
    bool verbose = false;
    if (const char *one = std::getenv("RUNNEL_SIM_SEED")) {
        first = std::strtoull(one, nullptr, 10);
        count = 1;
        verbose = true;
    } else if (const char *many = std::getenv("RUNNEL_SIM_SEEDS")) {
        count = std::strtoull(many, nullptr, 10);
    }
    auto start = std::chrono::steady_clock::now();
    uint64_t events = 0, acks = 0, elections = 0, failures = 0;
    for (uint64_t seed = first; seed < first + count; ++seed) {
        Simulation sim(seed, verbose);
        std::string failure = sim.run();
        if (failure.empty() && !sim.finalChecked())
            failure = "run ended before the final check";
        events += sim.events();
        acks += sim.acked();
        elections += sim.leaderChanges();
        if (!failure.empty()) {
            ++failures;
            std::printf("seed=%llu FAILED %s (replay: RUNNEL_SIM_SEED=%llu)\n",
                        static_cast<unsigned long long>(seed),
                        failure.c_str(),
                        static_cast<unsigned long long>(seed));
        }
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "replication sim: %llu seeds from %llu, %llu failed, %llu events, %llu acknowledged "
        "records, %llu elections, %.2f s\n",
        static_cast<unsigned long long>(count),
        static_cast<unsigned long long>(first),
        static_cast<unsigned long long>(failures),
        static_cast<unsigned long long>(events),
        static_cast<unsigned long long>(acks),
        static_cast<unsigned long long>(elections),
        secs);
    return failures == 0 ? 0 : 1;
}
