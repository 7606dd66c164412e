#include "engine/control/reassignplan.h"

#include <algorithm>

namespace runnel::control {

ReplicaPlan planSpread(const protocol::MetadataResponse &metadata, const QList<int> &brokerIds)
{
    ReplicaPlan assignment;
    std::map<int32_t, int> load;
    for (int id : brokerIds)
        load[id] = 0;
    for (const auto &t : metadata.topics) {
        if (t.errorCode != 0 || !t.name)
            continue;
        for (const auto &p : t.partitions) {
            assignment[{*t.name, p.partitionIndex}] = p.replicaNodes;
            for (int32_t r : p.replicaNodes)
                ++load[r];
        }
    }
    int total = 0;
    for (const auto &[id, n] : load)
        total += n;
    const int floorShare = brokerIds.isEmpty() ? 0 : total / static_cast<int>(brokerIds.size());
    ReplicaPlan changed;
    for (bool moved = true; moved;) {
        moved = false;
        // The least loaded broker that is below its share.
        int32_t to = -1;
        for (int id : brokerIds)
            if (load[id] < floorShare && (to < 0 || load[id] < load[to]))
                to = id;
        if (to < 0)
            break;
        // A replica on the most loaded broker, of a partition `to` does not hold yet.
        for (int pass = 0; pass < 2 && !moved; ++pass) {
            for (auto &[key, replicas] : assignment) {
                if (std::find(replicas.begin(), replicas.end(), to) != replicas.end())
                    continue;
                for (int32_t &r : replicas) {
                    // First from brokers above floor + 1, then from those above the floor
                    // (`to` is below it, so a move always narrows the spread).
                    const bool donor = pass == 0 ? load[r] > floorShare + 1 : load[r] > floorShare;
                    if (!donor)
                        continue;
                    --load[r];
                    ++load[to];
                    r = to;
                    changed[key] = replicas;
                    moved = true;
                    break;
                }
                if (moved)
                    break;
            }
        }
    }
    return changed;
}

std::optional<ReplicaPlan> planDrain(const protocol::MetadataResponse &metadata,
                                     const QSet<int> &removed,
                                     const QList<int> &remaining,
                                     QString *why)
{
    std::map<int32_t, int> load;
    for (int id : remaining)
        load[id] = 0;
    for (const auto &t : metadata.topics) {
        if (t.errorCode != 0 || !t.name)
            continue;
        for (const auto &p : t.partitions)
            for (int32_t r : p.replicaNodes)
                if (auto it = load.find(r); it != load.end())
                    ++it->second;
    }
    ReplicaPlan plan;
    for (const auto &t : metadata.topics) {
        if (t.errorCode != 0 || !t.name)
            continue;
        for (const auto &p : t.partitions) {
            std::vector<int32_t> replicas = p.replicaNodes;
            bool changed = false;
            for (int32_t &r : replicas) {
                if (!removed.contains(r))
                    continue;
                int32_t best = -1;
                for (const auto &[id, n] : load) { // ascending ids: the lowest wins a tie
                    if (std::find(replicas.begin(), replicas.end(), id) != replicas.end())
                        continue;
                    if (best < 0 || n < load[best])
                        best = id;
                }
                if (best < 0) {
                    if (why)
                        *why = QStringLiteral("partition %1-%2 has %3 replicas and only %4 "
                                              "brokers would remain")
                                   .arg(QString::fromStdString(*t.name))
                                   .arg(p.partitionIndex)
                                   .arg(p.replicaNodes.size())
                                   .arg(remaining.size());
                    return std::nullopt;
                }
                ++load[best];
                r = best;
                changed = true;
            }
            if (changed)
                plan[{*t.name, p.partitionIndex}] = std::move(replicas);
        }
    }
    return plan;
}

std::optional<QString> replicationFactorRefusal(const protocol::MetadataResponse &metadata,
                                                int target)
{
    std::map<std::string, size_t> factor; // by name, so the sentence names the first
    for (const auto &t : metadata.topics) {
        if (t.errorCode != 0 || !t.name)
            continue;
        size_t rf = 0;
        for (const auto &p : t.partitions)
            rf = std::max(rf, p.replicaNodes.size());
        factor[*t.name] = rf;
    }
    for (const auto &[name, rf] : factor)
        if (rf > static_cast<size_t>(target))
            return QStringLiteral("Topic %1 has replication factor %2, so it needs at least %2 "
                                  "brokers (you asked for %3); lower its replication factor or "
                                  "delete it first.")
                .arg(QString::fromStdString(name))
                .arg(rf)
                .arg(target);
    return std::nullopt;
}

} // namespace runnel::control
