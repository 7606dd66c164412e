#pragma once

// Replica plans of UpdateBrokerCount (agent_brokers.cpp): which partitions get which
// replicas when brokers join (planSpread) or leave (planDrain) a cluster, and whether a
// smaller cluster could still hold every topic (replicationFactorRefusal). Pure
// functions of a Metadata answer: no I/O, no Qt objects, any thread; the agent sends the
// result as one AlterPartitionReassignments.

#include "engine/protocol/messages.h"

#include <QList>
#include <QSet>
#include <QString>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace runnel::control {

// (topic, partition) -> the full new replica list, only for partitions that change.
using ReplicaPlan = std::map<std::pair<std::string, int32_t>, std::vector<int32_t>>;

// Moves replicas from the most to the least loaded of `brokerIds` until every broker holds
// floor(total / brokers) or one more; each partition keeps its replication factor and
// never holds a broker twice.
ReplicaPlan planSpread(const protocol::MetadataResponse &metadata, const QList<int> &brokerIds);

// Takes every replica on a `removed` broker off it: each such replica is replaced, in
// place (the other replicas keep their order, so a preferred leader that stays stays
// first), by the remaining broker holding the fewest replicas at that point (lowest id on
// a tie) that is not already a replica of the partition. Partitions in topics that
// answered with an error are skipped. Returns nullopt with `why` set when a partition
// cannot be moved (fewer remaining brokers than its replicas).
std::optional<ReplicaPlan> planDrain(const protocol::MetadataResponse &metadata,
                                     const QSet<int> &removed,
                                     const QList<int> &remaining,
                                     QString *why = nullptr);

// The sentence refusing to shrink to `target` brokers when a topic has more replicas per
// partition than that (the first such topic by name), or nullopt when every topic fits.
std::optional<QString> replicationFactorRefusal(const protocol::MetadataResponse &metadata,
                                                int target);

} // namespace runnel::control
