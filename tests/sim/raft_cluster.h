#pragma once

// A deterministic simulation of a metadata quorum: N RaftNodes in one process, driven by a
// seeded event scheduler with simulated time, an in-memory network (loss, delay and hence
// reordering, duplication, symmetric and one-way partitions) and an in-memory disk per
// node (requests execute in order after a delay; on a crash an unsynced suffix is lost
// and the last unsynced append may be torn). Invariants are checked after every event;
// the first violation is recorded in failure() and the run stops.
//
// Single-threaded; one RaftCluster per seed. Identical seeds give identical runs.

#include "engine/metadata/raft_node.h"

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <vector>

namespace runnel::sim {

using namespace runnel::metadata;

class SimRng
{
public:
    explicit SimRng(uint64_t seed)
        : m_engine(seed)
    {}
    uint64_t next() { return m_engine(); }
    // Uniform in [lo, hi].
    int64_t range(int64_t lo, int64_t hi)
    {
        return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
    }
    bool chance(double p) { return static_cast<double>(next() % 1000000) < p * 1000000.0; }

private:
    std::mt19937_64 m_engine;
};

// One node's disk: what survived (durable) and what is still in the write queue.
class SimDisk
{
public:
    using Request = std::variant<AppendToDisk, TruncateDisk, PersistVote>;

    std::deque<Request> queue;
    PersistedState durable;

    void apply(const Request &r);
    // A crash: a random prefix of the queued requests reached the platter, the last
    // append of that prefix possibly only partly (recovery drops the torn tail).
    void crash(SimRng &rng);
};

struct SimFaults
{
    double lossRate = 0.0;
    double duplicateRate = 0.0;
    int64_t maxDelayMs = 10;
    int64_t maxDiskDelayMs = 10;
    double crashRate = 0.0;     // per chaos round, per cluster
    double partitionRate = 0.0; // per chaos round
    double oneWayRate = 0.0;    // per chaos round
    double healRate = 0.0;      // per chaos round
};

class RaftCluster
{
public:
    struct Node
    {
        NodeId id;
        std::unique_ptr<RaftNode> raft; // null while crashed
        SimDisk disk;
        int incarnation = 0;
        Offset appliedEnd{0};  // Committed entries seen from this incarnation
        Offset lastCommit{0};  // to check the commit offset never goes back
        Offset checkedUpTo{0}; // log prefix already compared with the committed sequence
        bool diskBusy = false;
    };

    // Nodes 1..voters vote; nodes voters+1..voters+observers are observers (broker-only
    // members): they replicate and apply the log but must never vote or lead.
    RaftCluster(uint64_t seed,
                int voters,
                RaftConfig config,
                SimFaults faults,
                bool trace,
                int observers = 0);

    // Runs events until simulated time `until` or a failure.
    void runUntil(TimestampMs until);
    TimestampMs now() const { return m_now; }
    bool failed() const { return m_failure.has_value(); }
    const std::string &failure() const { return *m_failure; }
    void fail(std::string why);

    void setFaults(SimFaults faults) { m_faults = faults; }
    void healNetwork();
    void crash(size_t i);
    void restart(size_t i);
    // Proposes on every node that believes it leads; returns how many accepted.
    int proposeOnLeaders(const std::string &payload);

    std::vector<Node> &nodes() { return m_nodes; }
    const std::vector<LogEntry> &committed() const { return m_committed; }
    std::optional<size_t> leaderIndex() const;
    SimRng &rng() { return m_rng; }
    // Schedules fn at simulated time `at` (fn runs even if a failure occurred before).
    void schedule(TimestampMs at, std::function<void()> fn);
    void trace(const std::string &line);
    void dumpTrace() const;
    uint64_t events() const { return m_events; }

    // Hooks for higher layers (the controller sim): every newly committed entry a node
    // applies, and node restarts.
    std::function<void(size_t node, const LogEntry &entry)> onApply;
    std::function<void(size_t node)> onRestart;

    // Runs `fn` against node i (if up), then carries out its outputs.
    void withNode(size_t i, const std::function<void(RaftNode &)> &fn);

private:
    struct Event
    {
        TimestampMs at;
        uint64_t seq;
        std::function<void()> fn;
        bool operator>(const Event &o) const { return at != o.at ? at > o.at : seq > o.seq; }
    };

    void processOutputs(size_t i);
    void sendMessage(size_t from, const Send &s);
    void kickDisk(size_t i);
    void chaos();
    void tickAll();
    void checkInvariants(size_t touched);
    void checkPrefix(size_t i, bool full);
    size_t indexOf(NodeId id) const;

    SimRng m_rng;
    RaftConfig m_config;
    SimFaults m_faults;
    bool m_trace;
    TimestampMs m_now = 0;
    uint64_t m_seq = 0;
    uint64_t m_events = 0;
    std::priority_queue<Event, std::vector<Event>, std::greater<>> m_queue;
    std::vector<Node> m_nodes;
    std::vector<NodeId> m_voterIds;
    std::vector<std::vector<bool>> m_blocked; // [from][to]
    std::vector<LogEntry> m_committed;        // the one committed sequence
    std::map<QuorumEpoch, NodeId> m_leaders;  // election safety
    std::optional<std::string> m_failure;
    std::deque<std::string> m_traceLines;
};

// Seed selection shared by the sim executables: RUNNEL_SIM_SEED=N runs only N (with a
// trace); RUNNEL_SIM_SEEDS=K runs seeds 1..K (default `defaultSeeds`).
std::vector<uint64_t> seedsFromEnvironment(uint64_t defaultSeeds, bool *replay);
// Prints "seed=N" if the process aborts (a RaftNode invariant check) while running it.
void setCurrentSeed(uint64_t seed);

} // namespace runnel::sim
