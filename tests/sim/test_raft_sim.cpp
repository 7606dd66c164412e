// Randomised fault simulation of the metadata quorum. Each seed: a fault phase (message
// loss, delay/reordering, duplication, symmetric and one-way partitions, crashes with torn
// unsynced writes, restarts) while proposals arrive, then a healed phase in which a leader
// must be elected and a new proposal committed on every voter within bounded time.
// Invariants are checked after every event (see RaftCluster::checkInvariants).
//
//   test_raft_sim <voters> [observers]      seeds 1..1000 (observers: broker-only members)
//   RUNNEL_SIM_SEEDS=5000 test_raft_sim 3   soak
//   RUNNEL_SIM_SEED=17 test_raft_sim 5      replay one seed with a trace

#include "tests/sim/raft_cluster.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace runnel;
using namespace runnel::sim;

namespace {

constexpr TimestampMs kFaultPhaseMs = 4000;
constexpr TimestampMs kLivenessBoundMs = 5000;

RaftConfig simConfig()
{
    RaftConfig c;
    c.electionTimeoutMs = 150;
    c.electionJitterMs = 150;
    c.fetchTimeoutMs = 300;
    c.requestTimeoutMs = 50;
    c.fetchIntervalMs = 10;
    c.fetchMaxWaitMs = 60; // the leader holds empty fetches (long poll), as in production
    c.maxFetchEntries = 16;
    return c;
}

struct SeedResult
{
    bool ok = true;
    std::string why;
    TimestampMs livenessMs = 0;
    size_t committed = 0;
};

SeedResult runSeed(uint64_t seed, int voters, int observers, bool trace)
{
    SimRng knobs(seed * 7919 + static_cast<uint64_t>(voters));
    SimFaults faults;
    faults.lossRate = static_cast<double>(knobs.range(0, 15)) / 100.0;
    faults.duplicateRate = static_cast<double>(knobs.range(0, 5)) / 100.0;
    faults.maxDelayMs = knobs.range(1, 40);
    faults.maxDiskDelayMs = knobs.range(1, 60);
    faults.crashRate = static_cast<double>(knobs.range(5, 50)) / 100.0;
    faults.partitionRate = 0.04;
    faults.oneWayRate = 0.05;
    faults.healRate = 0.15;

    RaftCluster cluster(seed, voters, simConfig(), faults, trace, observers);
    std::vector<bool> sawLive(static_cast<size_t>(voters + observers), false);
    cluster.onApply = [&](size_t node, const LogEntry &e) {
        if (e.payload.size() >= 4 && e.payload[0] == 'l' && e.payload[1] == 'i')
            sawLive[node] = true;
    };
    cluster.onRestart = [&](size_t node) {
        sawLive[node] = false;
    };

    // Fault phase: proposals every 30 ms on whoever believes it leads (stale leaders too).
    int proposal = 0;
    std::function<void()> propose = [&] {
        if (cluster.now() < kFaultPhaseMs) {
            cluster.proposeOnLeaders("p" + std::to_string(proposal++));
            cluster.schedule(cluster.now() + 30, propose);
        }
    };
    cluster.schedule(30, propose);
    cluster.runUntil(kFaultPhaseMs);

    // Healed phase.
    SimFaults calm;
    calm.maxDelayMs = 5;
    calm.maxDiskDelayMs = 5;
    cluster.setFaults(calm);
    cluster.healNetwork();
    for (size_t i = 0; i < cluster.nodes().size(); ++i)
        cluster.restart(i);
    int live = 0;
    std::function<void()> proposeLive = [&] {
        cluster.proposeOnLeaders("live" + std::to_string(live++));
        cluster.schedule(cluster.now() + 100, proposeLive);
    };
    cluster.schedule(cluster.now() + 1, proposeLive);
    TimestampMs healedAt = cluster.now();
    SeedResult result;
    while (!cluster.failed() && cluster.now() < healedAt + kLivenessBoundMs) {
        cluster.runUntil(cluster.now() + 10);
        if (std::all_of(sawLive.begin(), sawLive.end(), [](bool b) { return b; })) {
            result.livenessMs = cluster.now() - healedAt;
            break;
        }
    }
    if (!cluster.failed() && result.livenessMs == 0)
        cluster.fail("liveness: no proposal committed on every voter and observer within "
                     + std::to_string(kLivenessBoundMs) + " ms of healing");
    result.committed = cluster.committed().size();
    if (cluster.failed()) {
        result.ok = false;
        result.why = cluster.failure();
        if (trace)
            cluster.dumpTrace();
    }
    return result;
}

} // namespace

int main(int argc, char **argv)
{
    int voters = argc > 1 ? std::atoi(argv[1]) : 3;
    int observers = argc > 2 ? std::atoi(argv[2]) : 0;
    bool replay = false;
    std::vector<uint64_t> seeds = seedsFromEnvironment(1000, &replay);
    auto start = std::chrono::steady_clock::now();
    int failures = 0;
    TimestampMs worstLiveness = 0;
    size_t committed = 0;
    for (uint64_t seed : seeds) {
        setCurrentSeed(seed);
        SeedResult r = runSeed(seed, voters, observers, replay);
        committed += r.committed;
        worstLiveness = std::max(worstLiveness, r.livenessMs);
        if (!r.ok) {
            ++failures;
            std::fprintf(stderr,
                         "FAIL seed=%llu voters=%d observers=%d: %s\n  replay: "
                         "RUNNEL_SIM_SEED=%llu %s %d %d\n",
                         static_cast<unsigned long long>(seed),
                         voters,
                         observers,
                         r.why.c_str(),
                         static_cast<unsigned long long>(seed),
                         argv[0],
                         voters,
                         observers);
            if (failures >= 5)
                break;
        }
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("raft sim: %zu seeds, %d voters, %d observers, %d failed, %zu entries "
                "committed, worst time to liveness after heal %lld ms, %.2f s\n",
                seeds.size(),
                voters,
                observers,
                failures,
                committed,
                static_cast<long long>(worstLiveness),
                secs);
    return failures == 0 ? 0 : 1;
}
