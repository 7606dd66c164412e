#include "tests/sim/raft_cluster.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace runnel::sim {

namespace {

volatile std::sig_atomic_t g_seedForAbort = 0;
char g_abortLine[64];

void onAbort(int)
{
    ssize_t ignored = ::write(2, g_abortLine, std::strlen(g_abortLine));
    (void)ignored;
    std::signal(SIGABRT, SIG_DFL);
    std::abort();
}

std::string describe(const RaftMessage &m)
{
    return std::visit(
        [](const auto &b) -> std::string {
            using T = std::decay_t<decltype(b)>;
            char buf[160];
            if constexpr (std::is_same_v<T, VoteRequest>)
                std::snprintf(buf,
                              sizeof buf,
                              "%s e=%d last=(%d,%lld)",
                              b.preVote ? "PreVote" : "Vote",
                              b.epoch.value(),
                              b.lastEpoch.value(),
                              static_cast<long long>(b.endOffset.value()));
            else if constexpr (std::is_same_v<T, VoteResponse>)
                std::snprintf(buf,
                              sizeof buf,
                              "%sResp e=%d granted=%d",
                              b.preVote ? "PreVote" : "Vote",
                              b.epoch.value(),
                              b.granted);
            else if constexpr (std::is_same_v<T, BeginQuorumEpoch>)
                std::snprintf(buf, sizeof buf, "BeginEpoch e=%d", b.epoch.value());
            else if constexpr (std::is_same_v<T, BeginQuorumEpochResponse>)
                std::snprintf(buf, sizeof buf, "BeginEpochResp e=%d", b.epoch.value());
            else if constexpr (std::is_same_v<T, EndQuorumEpoch>)
                std::snprintf(buf, sizeof buf, "EndEpoch e=%d", b.epoch.value());
            else if constexpr (std::is_same_v<T, FetchRequest>)
                std::snprintf(buf,
                              sizeof buf,
                              "Fetch e=%d off=%lld lastE=%d",
                              b.epoch.value(),
                              static_cast<long long>(b.fetchOffset.value()),
                              b.lastFetchedEpoch.value());
            else
                std::snprintf(buf,
                              sizeof buf,
                              "FetchResp e=%d err=%d off=%lld hw=%lld n=%zu div=%s",
                              b.epoch.value(),
                              static_cast<int>(b.error),
                              static_cast<long long>(b.fetchOffset.value()),
                              static_cast<long long>(b.highWatermark.value()),
                              b.entries.size(),
                              b.divergingEpoch ? "yes" : "no");
            return buf;
        },
        m.body);
}

} // namespace

void setCurrentSeed(uint64_t seed)
{
    std::snprintf(g_abortLine,
                  sizeof g_abortLine,
                  "\nseed=%llu (aborted)\n",
                  static_cast<unsigned long long>(seed));
    g_seedForAbort = 1;
    std::signal(SIGABRT, onAbort);
}

std::vector<uint64_t> seedsFromEnvironment(uint64_t defaultSeeds, bool *replay)
{
    *replay = false;
    if (const char *one = std::getenv("RUNNEL_SIM_SEED")) {
        *replay = true;
        return {std::strtoull(one, nullptr, 10)};
    }
    uint64_t count = defaultSeeds;
    if (const char *many = std::getenv("RUNNEL_SIM_SEEDS"))
        count = std::strtoull(many, nullptr, 10);
    std::vector<uint64_t> seeds;
    for (uint64_t s = 1; s <= count; ++s)
        seeds.push_back(s);
    return seeds;
}

// ---------------------------------------------------------------- disk

void SimDisk::apply(const Request &r)
{
    if (auto *a = std::get_if<AppendToDisk>(&r)) {
        for (const LogEntry &e : a->entries) {
            if (e.offset != Offset(static_cast<int64_t>(durable.log.size()))) {
                std::fprintf(stderr, "sim disk: append not at the end of the durable log\n");
                std::abort();
            }
            durable.log.push_back(e);
        }
    } else if (auto *t = std::get_if<TruncateDisk>(&r)) {
        if (t->offset.value() < static_cast<int64_t>(durable.log.size()))
            durable.log.resize(static_cast<size_t>(t->offset.value()));
    } else if (auto *v = std::get_if<PersistVote>(&r)) {
        durable.epoch = v->epoch;
        durable.votedFor = v->votedFor;
    }
}

void SimDisk::crash(SimRng &rng)
{
    size_t survive = static_cast<size_t>(rng.range(0, static_cast<int64_t>(queue.size())));
    for (size_t i = 0; i < survive; ++i) {
        const Request &r = queue[i];
        auto *a = std::get_if<AppendToDisk>(&r);
        if (a && i + 1 == survive && rng.chance(0.5)) {
            // Torn: only some entries made it; recovery stops at the first broken one.
            AppendToDisk part;
            size_t keep
                = static_cast<size_t>(rng.range(0, static_cast<int64_t>(a->entries.size())));
            part.entries.assign(a->entries.begin(), a->entries.begin() + static_cast<long>(keep));
            apply(part);
        } else {
            apply(r);
        }
    }
    queue.clear();
}

// ---------------------------------------------------------------- cluster

RaftCluster::RaftCluster(
    uint64_t seed, int voters, RaftConfig config, SimFaults faults, bool trace, int observers)
    : m_rng(seed)
    , m_config(config)
    , m_faults(faults)
    , m_trace(trace)
{
    for (int i = 0; i < voters; ++i)
        m_voterIds.push_back(NodeId(i + 1));
    m_nodes.resize(static_cast<size_t>(voters + observers));
    m_blocked.assign(m_nodes.size(), std::vector<bool>(m_nodes.size(), false));
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        m_nodes[i].id = NodeId(static_cast<int32_t>(i) + 1);
        m_nodes[i].raft = std::make_unique<RaftNode>(
            m_nodes[i].id, m_voterIds, m_config, m_rng.next(), PersistedState{}, m_now);
    }
    schedule(10, [this] { tickAll(); });
    schedule(100, [this] { chaos(); });
}

void RaftCluster::schedule(TimestampMs at, std::function<void()> fn)
{
    m_queue.push(Event{at, m_seq++, std::move(fn)});
}

void RaftCluster::trace(const std::string &line)
{
    if (!m_trace)
        return;
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "%7lld ", static_cast<long long>(m_now));
    m_traceLines.push_back(prefix + line);
    if (m_traceLines.size() > 3000)
        m_traceLines.pop_front();
}

void RaftCluster::dumpTrace() const
{
    for (const std::string &l : m_traceLines)
        std::fprintf(stderr, "%s\n", l.c_str());
}

void RaftCluster::fail(std::string why)
{
    if (!m_failure)
        m_failure = std::move(why);
}

void RaftCluster::runUntil(TimestampMs until)
{
    while (!m_queue.empty() && !m_failure) {
        if (m_queue.top().at > until)
            break;
        Event e = m_queue.top();
        m_queue.pop();
        m_now = std::max(m_now, e.at);
        ++m_events;
        e.fn();
    }
    m_now = std::max(m_now, until);
}

size_t RaftCluster::indexOf(NodeId id) const
{
    return static_cast<size_t>(id.value() - 1);
}

std::optional<size_t> RaftCluster::leaderIndex() const
{
    std::optional<size_t> best;
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        const auto &n = m_nodes[i];
        if (n.raft && n.raft->role() == RaftRole::Leader
            && (!best || n.raft->epoch() > m_nodes[*best].raft->epoch()))
            best = i;
    }
    return best;
}

void RaftCluster::withNode(size_t i, const std::function<void(RaftNode &)> &fn)
{
    if (!m_nodes[i].raft || m_failure)
        return;
    fn(*m_nodes[i].raft);
    processOutputs(i);
    checkInvariants(i);
}

void RaftCluster::tickAll()
{
    for (size_t i = 0; i < m_nodes.size(); ++i)
        withNode(i, [this](RaftNode &r) { r.tick(m_now); });
    schedule(m_now + 10, [this] { tickAll(); });
}

void RaftCluster::processOutputs(size_t i)
{
    Node &n = m_nodes[i];
    for (RaftOutput &out : n.raft->drainOutputs()) {
        if (auto *s = std::get_if<Send>(&out)) {
            sendMessage(i, *s);
        } else if (auto *a = std::get_if<AppendToDisk>(&out)) {
            n.disk.queue.emplace_back(std::move(*a));
            kickDisk(i);
        } else if (auto *t = std::get_if<TruncateDisk>(&out)) {
            trace("n" + std::to_string(n.id.value()) + " truncate to "
                  + std::to_string(t->offset.value()));
            n.disk.queue.emplace_back(*t);
            kickDisk(i);
        } else if (auto *v = std::get_if<PersistVote>(&out)) {
            n.disk.queue.emplace_back(*v);
            kickDisk(i);
        } else if (auto *c = std::get_if<Committed>(&out)) {
            for (const LogEntry &e : c->entries) {
                if (e.offset != n.appliedEnd) {
                    fail("node " + std::to_string(n.id.value()) + " applied offset "
                         + std::to_string(e.offset.value()) + " but expected "
                         + std::to_string(n.appliedEnd.value()));
                    return;
                }
                size_t off = static_cast<size_t>(e.offset.value());
                if (off < m_committed.size()) {
                    if (!(m_committed[off] == e)) {
                        fail("state machine safety: node " + std::to_string(n.id.value())
                             + " committed a different entry at offset " + std::to_string(off)
                             + " (epoch " + std::to_string(e.epoch.value()) + " vs "
                             + std::to_string(m_committed[off].epoch.value()) + ")");
                        return;
                    }
                } else {
                    m_committed.push_back(e);
                }
                n.appliedEnd += 1;
                if (onApply)
                    onApply(i, e);
            }
        } else if (auto *rc = std::get_if<RoleChanged>(&out)) {
            trace("n" + std::to_string(n.id.value()) + " -> " + roleName(rc->role)
                  + " e=" + std::to_string(rc->epoch.value())
                  + " leader=" + (rc->leaderId ? std::to_string(rc->leaderId->value()) : "-"));
        }
    }
}

void RaftCluster::sendMessage(size_t from, const Send &s)
{
    size_t to = indexOf(s.to);
    if (to >= m_nodes.size() || m_blocked[from][to] || m_rng.chance(m_faults.lossRate)) {
        if (m_trace)
            trace("drop n" + std::to_string(from + 1) + "->n" + std::to_string(to + 1) + " "
                  + describe(s.message));
        return;
    }
    int copies = m_rng.chance(m_faults.duplicateRate) ? 2 : 1;
    for (int c = 0; c < copies; ++c) {
        TimestampMs at = m_now + m_rng.range(1, std::max<int64_t>(1, m_faults.maxDelayMs));
        schedule(at, [this, to, msg = s.message] {
            if (!m_nodes[to].raft)
                return;
            if (m_trace)
                trace("n" + std::to_string(msg.from.value()) + "->n" + std::to_string(to + 1) + " "
                      + describe(msg));
            withNode(to, [&](RaftNode &r) { r.receive(msg, m_now); });
        });
    }
}

void RaftCluster::kickDisk(size_t i)
{
    Node &n = m_nodes[i];
    if (n.diskBusy || n.disk.queue.empty())
        return;
    n.diskBusy = true;
    int incarnation = n.incarnation;
    schedule(m_now + m_rng.range(1, std::max<int64_t>(1, m_faults.maxDiskDelayMs)),
             [this, i, incarnation] {
                 Node &node = m_nodes[i];
                 if (node.incarnation != incarnation || !node.raft)
                     return;
                 node.diskBusy = false;
                 SimDisk::Request r = node.disk.queue.front();
                 node.disk.queue.pop_front();
                 node.disk.apply(r);
                 if (std::holds_alternative<AppendToDisk>(r)) {
                     Offset end = Offset(static_cast<int64_t>(node.disk.durable.log.size()));
                     withNode(i, [&](RaftNode &raft) { raft.onDiskAppended(end); });
                 } else if (std::holds_alternative<PersistVote>(r)) {
                     withNode(i, [&](RaftNode &raft) { raft.onVotePersisted(); });
                 }
                 kickDisk(i);
             });
}

void RaftCluster::crash(size_t i)
{
    Node &n = m_nodes[i];
    if (!n.raft)
        return;
    trace("n" + std::to_string(n.id.value()) + " CRASH");
    n.disk.crash(m_rng);
    n.raft.reset();
    n.diskBusy = false;
    ++n.incarnation;
}

void RaftCluster::restart(size_t i)
{
    Node &n = m_nodes[i];
    if (n.raft)
        return;
    trace("n" + std::to_string(n.id.value())
          + " RESTART log=" + std::to_string(n.disk.durable.log.size())
          + " epoch=" + std::to_string(n.disk.durable.epoch.value()));
    n.raft = std::make_unique<RaftNode>(
        n.id, m_voterIds, m_config, m_rng.next(), n.disk.durable, m_now);
    n.appliedEnd = Offset(0);
    n.lastCommit = Offset(0);
    n.checkedUpTo = Offset(0);
    if (onRestart)
        onRestart(i);
    processOutputs(i);
    checkInvariants(i);
}

void RaftCluster::healNetwork()
{
    for (auto &row : m_blocked)
        std::fill(row.begin(), row.end(), false);
    trace("HEAL");
}

int RaftCluster::proposeOnLeaders(const std::string &payload)
{
    int accepted = 0;
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        withNode(i, [&](RaftNode &r) {
            if (r.role() != RaftRole::Leader)
                return;
            auto res = r.propose(Bytes(payload.begin(), payload.end()));
            if (res.ok())
                ++accepted;
        });
    }
    return accepted;
}

void RaftCluster::chaos()
{
    size_t n = m_nodes.size();
    if (m_rng.chance(m_faults.crashRate)) {
        size_t i = static_cast<size_t>(m_rng.range(0, static_cast<int64_t>(n) - 1));
        if (m_nodes[i].raft) {
            crash(i);
            schedule(m_now + m_rng.range(20, 800), [this, i] { restart(i); });
        }
    }
    if (m_rng.chance(m_faults.partitionRate)) {
        // Symmetric: split into two random sides.
        std::vector<bool> side(n);
        for (size_t i = 0; i < n; ++i)
            side[i] = m_rng.chance(0.5);
        for (size_t a = 0; a < n; ++a)
            for (size_t b = 0; b < n; ++b)
                m_blocked[a][b] = side[a] != side[b];
        trace("PARTITION");
    }
    if (m_rng.chance(m_faults.oneWayRate)) {
        size_t a = static_cast<size_t>(m_rng.range(0, static_cast<int64_t>(n) - 1));
        size_t b = static_cast<size_t>(m_rng.range(0, static_cast<int64_t>(n) - 1));
        if (a != b) {
            m_blocked[a][b] = true;
            trace("ONE-WAY n" + std::to_string(a + 1) + "-/->n" + std::to_string(b + 1));
        }
    }
    if (m_rng.chance(m_faults.healRate))
        healNetwork();
    schedule(m_now + 100, [this] { chaos(); });
}

// ---------------------------------------------------------------- invariants

void RaftCluster::checkPrefix(size_t i, bool full)
{
    Node &n = m_nodes[i];
    const RaftNode &r = *n.raft;
    Offset upTo = std::min(r.commitOffset(), Offset(static_cast<int64_t>(m_committed.size())));
    Offset from = full ? Offset(0) : n.checkedUpTo;
    for (int64_t o = from.value(); o < upTo.value(); ++o) {
        size_t k = static_cast<size_t>(o);
        if (k >= r.log().size() || !(r.log()[k] == m_committed[k])) {
            fail("committed entry at offset " + std::to_string(o) + " changed or vanished on node "
                 + std::to_string(n.id.value()));
            return;
        }
    }
    n.checkedUpTo = upTo;
}

void RaftCluster::checkInvariants(size_t touched)
{
    Node &n = m_nodes[touched];
    if (!n.raft || m_failure)
        return;
    const RaftNode &r = *n.raft;
    std::string who = "node " + std::to_string(n.id.value());
    if (std::find(m_voterIds.begin(), m_voterIds.end(), n.id) == m_voterIds.end()
        && r.role() != RaftRole::Follower && r.role() != RaftRole::Unattached) {
        fail("observer " + who + " left the follower/unattached roles (role "
             + std::to_string(static_cast<int>(r.role())) + ")");
        return;
    }
    // Election safety.
    if (r.role() == RaftRole::Leader) {
        auto [it, inserted] = m_leaders.emplace(r.epoch(), n.id);
        if (!inserted && it->second != n.id) {
            fail("election safety: epoch " + std::to_string(r.epoch().value()) + " has leaders "
                 + std::to_string(it->second.value()) + " and " + std::to_string(n.id.value()));
            return;
        }
        if (inserted) {
            // Leader completeness: a new leader holds every committed entry.
            for (size_t k = 0; k < m_committed.size(); ++k) {
                if (k >= r.log().size() || !(r.log()[k] == m_committed[k])) {
                    fail("leader completeness: " + who + " leads epoch "
                         + std::to_string(r.epoch().value()) + " without committed offset "
                         + std::to_string(k));
                    return;
                }
            }
        }
    }
    // The commit offset never goes back within an incarnation.
    if (r.commitOffset() < n.lastCommit) {
        fail("commit offset went back on " + who);
        return;
    }
    n.lastCommit = r.commitOffset();
    if (r.commitOffset() != n.appliedEnd) {
        fail(who + " commit offset " + std::to_string(r.commitOffset().value()) + " but applied "
             + std::to_string(n.appliedEnd.value()));
        return;
    }
    // Committed entries never change or vanish on a node that has them.
    checkPrefix(touched, m_events % 997 == 0);
}

} // namespace runnel::sim
