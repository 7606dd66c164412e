// Controller-level simulation: three voters replicate the metadata log over the simulated
// network (with loss and one controller crash on some seeds); four brokers register and
// heartbeat to whichever node is the active controller; a topic with RF=3 is created;
// then the broker leading the most partitions stops heartbeating. Checked on every
// applied record on every node: no partition has a leader outside its ISR, no ISR is
// empty, ISRs stay within the replicas, every image applies every record. Checked at the
// end: the silent broker is fenced, every partition it led has a new leader from its ISR
// with a higher leader epoch, and all nodes hold the same partition state.
//
//   test_controller_sim                  seeds 1..100
//   RUNNEL_SIM_SEED=N test_controller_sim  replay one seed with a trace

#include "engine/metadata/controller.h"
#include "tests/sim/raft_cluster.h"

#include <chrono>
#include <cstdio>
#include <map>

using namespace runnel;
using namespace runnel::metadata;
using namespace runnel::sim;

namespace {

constexpr int kBrokers = 4;
constexpr TimestampMs kCreateTopicAt = 1500;
constexpr TimestampMs kShrinkAt = 2500;
constexpr TimestampMs kSilenceAt = 3500;
constexpr TimestampMs kEndAt = 8000;

RaftConfig simConfig()
{
    RaftConfig c;
    c.electionTimeoutMs = 150;
    c.electionJitterMs = 150;
    c.fetchTimeoutMs = 300;
    c.requestTimeoutMs = 50;
    c.fetchIntervalMs = 10;
    c.fetchMaxWaitMs = 60; // the leader holds empty fetches (long poll), as in production
    return c;
}

struct Run
{
    RaftCluster cluster;
    std::vector<MetadataImage> images;
    std::optional<Controller> controller;
    size_t controllerNode = 0;
    QuorumEpoch controllerEpoch{-1};
    BrokerId silent = kNoLeader;
    std::map<std::pair<TopicId, int32_t>, LeaderEpoch> ledBySilent; // epoch when silenced
    uint64_t seed;
    bool shrunk = false;

    Run(uint64_t s, SimFaults faults, bool trace)
        : cluster(s, 3, simConfig(), faults, trace)
        , images(3)
        , seed(s)
    {}

    void checkImage(size_t node)
    {
        for (const auto &[tid, t] : images[node].topics()) {
            for (const auto &[pid, p] : t.partitions) {
                std::string where
                    = "node " + std::to_string(node + 1) + " " + t.name + "-" + std::to_string(pid);
                if (p.isr.empty())
                    cluster.fail(where + ": empty ISR");
                if (p.leader != kNoLeader
                    && std::find(p.isr.begin(), p.isr.end(), p.leader) == p.isr.end())
                    cluster.fail(where + ": leader " + std::to_string(p.leader.value())
                                 + " outside the ISR");
                for (BrokerId b : p.isr)
                    if (std::find(p.replicas.begin(), p.replicas.end(), b) == p.replicas.end())
                        cluster.fail(where + ": ISR member outside the replicas");
            }
        }
    }

    // Proposes a controller result's records as one batch on the controller's node.
    template<typename T>
    void propose(const ControllerResult<T> &r)
    {
        if (r.records.empty())
            return;
        cluster.withNode(controllerNode, [&](RaftNode &raft) {
            if (!raft.propose(encodeBatch(r.records)).ok())
                controller.reset();
        });
    }

    void activateController()
    {
        auto idx = cluster.leaderIndex();
        if (!idx) {
            controller.reset();
            return;
        }
        const RaftNode &raft = *cluster.nodes()[*idx].raft;
        if (controller && controllerNode == *idx && controllerEpoch == raft.epoch())
            return;
        controller.reset();
        // Active only once its own LeaderChange entry has committed: then its image holds
        // everything earlier controllers got committed.
        Offset c = raft.commitOffset();
        if (c.value() == 0 || raft.log()[static_cast<size_t>(c.value() - 1)].epoch != raft.epoch())
            return;
        ControllerConfig cfg;
        cfg.brokerSessionTimeoutMs = 1000;
        controller.emplace(cfg, images[*idx], cluster.now(), seed);
        controllerNode = *idx;
        controllerEpoch = raft.epoch();
        cluster.trace("controller active on n" + std::to_string(*idx + 1));
    }

    void brokerRound()
    {
        activateController();
        if (controller) {
            Offset committed = cluster.nodes()[controllerNode].raft->commitOffset();
            for (int b = 1; b <= kBrokers && controller; ++b) {
                BrokerId id(b);
                if (id == silent)
                    continue;
                const MetadataImage &img = images[controllerNode];
                if (!img.broker(id)) {
                    Uuid inc{};
                    inc[0] = static_cast<uint8_t>(b);
                    propose(controller->registerBroker(
                        {id,
                         inc,
                         {{"PLAINTEXT", "127.0.0.1", static_cast<uint16_t>(9091 + b)}},
                         ""},
                        cluster.now()));
                    continue;
                }
                // The broker's own image: the node it sits on (brokers 1-3 share a node
                // with a voter, broker 4 reads node 1's).
                size_t node = static_cast<size_t>((b - 1) % 3);
                Offset applied
                    = cluster.nodes()[node].raft ? images[node].appliedOffset() : Offset(0);
                propose(controller->heartbeat({id, applied, false}, cluster.now(), committed));
            }
            if (controller)
                propose(controller->tick(cluster.now()));
            if (controller && cluster.now() >= kCreateTopicAt
                && !images[controllerNode].topicByName("orders")
                && !controller->image().topicByName("orders")) {
                auto r = controller->createTopic({"orders", 6, 3, {{"min.insync.replicas", "2"}}});
                if (r.response.ok())
                    propose(r);
            }
        }
        // Partition leaders shrink their ISR by one follower (AlterPartition with the
        // epochs they know), so that elections must pick from a real subset.
        if (controller && cluster.now() >= kShrinkAt && !shrunk) {
            if (const TopicInfo *t = images[controllerNode].topicByName("orders")) {
                shrunk = true;
                for (const auto &[pid, p] : t->partitions) {
                    if (p.isr.size() < 3 || p.leader == kNoLeader)
                        continue;
                    std::vector<BrokerId> isr = p.isr;
                    isr.erase(std::find_if(
                        isr.begin(), isr.end(), [&](BrokerId b) { return b != p.leader; }));
                    propose(controller->alterPartition(
                        {p.leader, t->id, PartitionId(pid), p.leaderEpoch, p.partitionEpoch, isr}));
                    if (!controller)
                        break;
                }
            }
        }
        if (cluster.now() >= kSilenceAt && silent == kNoLeader)
            silence();
        cluster.schedule(cluster.now() + 100, [this] { brokerRound(); });
    }

    // The broker leading most partitions (in the most advanced image) goes quiet.
    void silence()
    {
        size_t best = 0;
        for (size_t i = 1; i < images.size(); ++i)
            if (images[i].appliedOffset() > images[best].appliedOffset())
                best = i;
        const TopicInfo *t = images[best].topicByName("orders");
        if (!t)
            return; // not created yet; try again next round
        std::map<int32_t, int> led;
        for (const auto &[pid, p] : t->partitions)
            if (p.leader != kNoLeader)
                ++led[p.leader.value()];
        int most = 0;
        for (auto &[b, n] : led)
            if (n > most) {
                most = n;
                silent = BrokerId(b);
            }
        for (const auto &[pid, p] : t->partitions)
            if (p.leader == silent)
                ledBySilent[{t->id, pid}] = p.leaderEpoch;
        cluster.trace("broker " + std::to_string(silent.value()) + " stops heartbeating");
    }
};

std::string runSeed(uint64_t seed, bool trace)
{
    SimRng knobs(seed * 104729);
    SimFaults faults;
    faults.lossRate = static_cast<double>(knobs.range(0, 5)) / 100.0;
    faults.maxDelayMs = knobs.range(1, 20);
    faults.maxDiskDelayMs = knobs.range(1, 10);
    Run run(seed, faults, trace);
    run.cluster.onApply = [&](size_t node, const LogEntry &e) {
        Status s = run.images[node].applyEntry(e);
        if (!s)
            run.cluster.fail("node " + std::to_string(node + 1) + " refused committed offset "
                             + std::to_string(e.offset.value()) + ": " + s.error().message);
        run.checkImage(node);
    };
    run.cluster.onRestart = [&](size_t node) {
        run.images[node] = MetadataImage();
    };
    run.cluster.schedule(100, [&] { run.brokerRound(); });
    // Half the seeds crash the active controller's node mid-run: a new controller must
    // take over from the committed image.
    if (seed % 2 == 0) {
        TimestampMs at = knobs.range(kCreateTopicAt, kSilenceAt + 1500);
        run.cluster.schedule(at, [&] {
            if (auto idx = run.cluster.leaderIndex()) {
                run.cluster.crash(*idx);
                size_t i = *idx;
                run.cluster.schedule(run.cluster.now() + 400,
                                     [&run, i] { run.cluster.restart(i); });
            }
        });
    }
    run.cluster.runUntil(kEndAt);
    if (!run.cluster.failed()) {
        // End state, on every node.
        for (size_t n = 0; n < run.images.size(); ++n) {
            const MetadataImage &img = run.images[n];
            std::string node = "node " + std::to_string(n + 1);
            const TopicInfo *t = img.topicByName("orders");
            if (!t || t->partitions.size() != 6) {
                run.cluster.fail(node + ": topic orders with 6 partitions missing");
                break;
            }
            if (run.silent == kNoLeader) {
                run.cluster.fail("no broker was silenced");
                break;
            }
            if (!img.broker(run.silent) || !img.broker(run.silent)->fenced)
                run.cluster.fail(node + ": silent broker " + std::to_string(run.silent.value())
                                 + " is not fenced");
            for (int b = 1; b <= kBrokers; ++b)
                if (BrokerId(b) != run.silent && !img.isLive(BrokerId(b)))
                    run.cluster.fail(node + ": heartbeating broker " + std::to_string(b)
                                     + " is not live");
            for (const auto &[pid, p] : t->partitions) {
                if (p.replicas.size() != 3)
                    run.cluster.fail(node + ": partition without 3 replicas");
                auto it = run.ledBySilent.find({t->id, pid});
                if (it != run.ledBySilent.end()) {
                    if (p.leader == run.silent || p.leader == kNoLeader)
                        run.cluster.fail(node + ": partition " + std::to_string(pid)
                                         + " got no new leader");
                    if (p.leaderEpoch <= it->second)
                        run.cluster.fail(node + ": partition " + std::to_string(pid)
                                         + " leader epoch did not move");
                }
                if (p.isr.size() > 1
                    && std::find(p.isr.begin(), p.isr.end(), run.silent) != p.isr.end())
                    run.cluster.fail(node + ": fenced broker still in a multi-member ISR");
                const PartitionInfo *q = run.images[0].partition(t->id, PartitionId(pid));
                if (!q || q->leader != p.leader || q->isr != p.isr
                    || q->leaderEpoch != p.leaderEpoch || q->partitionEpoch != p.partitionEpoch)
                    run.cluster.fail(node + ": partition state differs from node 1");
            }
        }
    }
    if (run.cluster.failed() && trace)
        run.cluster.dumpTrace();
    return run.cluster.failed() ? run.cluster.failure() : std::string();
}

} // namespace

int main(int, char **argv)
{
    bool replay = false;
    std::vector<uint64_t> seeds = seedsFromEnvironment(100, &replay);
    auto start = std::chrono::steady_clock::now();
    int failures = 0;
    for (uint64_t seed : seeds) {
        setCurrentSeed(seed);
        std::string why = runSeed(seed, replay);
        if (!why.empty()) {
            ++failures;
            std::fprintf(stderr,
                         "FAIL seed=%llu: %s\n  replay: RUNNEL_SIM_SEED=%llu %s\n",
                         static_cast<unsigned long long>(seed),
                         why.c_str(),
                         static_cast<unsigned long long>(seed),
                         argv[0]);
            if (failures >= 5)
                break;
        }
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("controller sim: %zu seeds, %d failed, %.2f s\n", seeds.size(), failures, secs);
    return failures == 0 ? 0 : 1;
}
