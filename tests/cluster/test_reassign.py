#!/usr/bin/python3
"""cluster_reassign: AlterPartitionReassignments moves a partition's data (KIP-455).

Three combined-mode brokers and, with --broker-only, a fourth runneld with
process.roles=broker (a Raft observer). A topic with RF=2 and 3 partitions gets keyed
records. Refusals come first: a target naming an unregistered broker is
INVALID_REPLICA_ASSIGNMENT, a cancel with nothing in progress NO_REASSIGNMENT_IN_PROGRESS.
Then partition 0 is moved off its leader onto a broker that did not hold it (node 4 with
--broker-only): ListPartitionReassignments shows it in progress or it is already done;
once List is empty, Metadata names the target replicas, a target broker leads, the new
broker's log directory holds the partition's data, the removed broker's no longer does,
and a consumer reads every record ever acknowledged, before and after the move.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
from harness import check, log, free_port, wait_until  # noqa: E402
from test_chaos import ClusterBroker, NODES, create_topics  # noqa: E402
import cluster_harness  # noqa: E402
from ck_util import read_partitions  # noqa: E402
import reassign_client  # noqa: E402

from confluent_kafka import Producer  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

TOPIC = "moving"
PARTITIONS = 3
INVALID_REPLICA_ASSIGNMENT = 39
NO_REASSIGNMENT_IN_PROGRESS = 85


class BrokerOnly(ClusterBroker):
    """A runneld with process.roles=broker: it names the voters but is not one."""

    def _write_props(self):
        super()._write_props()
        with open(self.props_path) as f:
            lines = f.read().splitlines()
        lines = ["process.roles=broker" if l.startswith("process.roles=") else l for l in lines]
        with open(self.props_path, "w") as f:
            f.write("\n".join(lines) + "\n")


def partitions(bootstrap):
    md = AdminClient({"bootstrap.servers": bootstrap}).list_topics(TOPIC, timeout=5)
    return {p: (pm.leader, list(pm.replicas), sorted(pm.isrs))
            for p, pm in md.topics[TOPIC].partitions.items()}


def produce(bootstrap, count, tag):
    acked = []
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True})
    for i in range(count):
        part = i % PARTITIONS
        p.produce(TOPIC, key=b"k", value=b"%s-%d" % (tag, i), partition=part,
                  on_delivery=lambda err, m: acked.append((m.partition(), m.value())) if not err else None)
    check(p.flush(30) == 0, "writes not completed")
    check(len(acked) == count, "%d of %d writes acknowledged" % (len(acked), count))
    return acked


def partition_bytes(broker, partition):
    d = os.path.join(broker.log_dir, "%s-%d" % (TOPIC, partition))
    if not os.path.isdir(d):
        return None
    return sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d) if f.endswith(".log"))


def body(c):
    broker_only = "--broker-only" in sys.argv[1:]
    if broker_only:
        c.add(4, BrokerOnly, free_port())
    bootstrap = c.start()
    admin, brokers = c.admin, c.brokers
    create_topics(admin, [NewTopic(TOPIC, PARTITIONS, 2)])
    wait_until(lambda: all(len(isr) == 2 for _, _, isr in partitions(bootstrap).values()), 30,
               "every partition fully in sync")
    before = produce(bootstrap, 3000, b"before")
    host, port = "127.0.0.1", brokers[1].port

    err, _, res = reassign_client.alter(host, port, {(TOPIC, 0): [1, 9]})
    check(err == 0, "top-level error %d" % err)
    check(res[(TOPIC, 0)][0] == INVALID_REPLICA_ASSIGNMENT,
          "an unregistered broker gave %s" % (res[(TOPIC, 0)],))
    err, _, res = reassign_client.alter(host, port, {(TOPIC, 0): None})
    check(res[(TOPIC, 0)][0] == NO_REASSIGNMENT_IN_PROGRESS,
          "cancelling nothing gave %s" % (res[(TOPIC, 0)],))
    log("refusals: %s" % res[(TOPIC, 0)][1])

    # A partition the new broker does not hold yet (with node 4 present the topic may
    # already have replicas there: it takes part in placement like any broker).
    state = partitions(bootstrap)
    newcomer = 4 if broker_only else next(n for n in NODES if n not in state[0][1])
    part = next(p for p in sorted(state) if newcomer not in state[p][1])
    leader, replicas, _ = state[part]
    keep = next(r for r in replicas if r != leader)
    target = [newcomer, keep]
    tp = (TOPIC, part)
    log("moving %s-%d from %s (leader %d) to %s" % (TOPIC, part, replicas, leader, target))
    err, msg, res = reassign_client.alter(host, port, {tp: target})
    check(err == 0 and res[tp][0] == 0, "reassignment refused: %s %s %s" % (err, msg, res))
    err, ongoing = reassign_client.list_reassignments(host, port)
    check(err == 0, "ListPartitionReassignments error %d" % err)
    if tp in ongoing:
        r, adding, removing = ongoing[tp]
        check(adding == [newcomer] and removing == [leader] and sorted(r) == sorted(
            target + [leader]), "in progress as %s" % (ongoing[tp],))
        log("in progress: replicas %s adding %s removing %s" % ongoing[tp])
    wait_until(lambda: not reassign_client.list_reassignments(host, port)[1], 60,
               "the reassignment to finish")
    wait_until(lambda: partitions(bootstrap)[part][1] == target, 30,
               "Metadata to show %s" % target)
    new_leader, new_replicas, isr = partitions(bootstrap)[part]
    check(new_leader in target, "leader %d is not in the target %s" % (new_leader, target))
    check(sorted(isr) == sorted(target), "ISR %s" % isr)
    wait_until(lambda: partition_bytes(brokers[leader], part) is None, 30,
               "broker %d to delete its replica" % leader)
    moved = partition_bytes(brokers[newcomer], part)
    check(moved and moved > 0, "broker %d holds no data for %s-%d" % (newcomer, TOPIC, part))
    log("done: leader %d, replicas %s, %d bytes on broker %d, none left on %d"
        % (new_leader, new_replicas, moved, newcomer, leader))

    after = produce(bootstrap, 600, b"after")
    got = read_partitions(bootstrap, TOPIC, list(range(PARTITIONS)))
    for p in range(PARTITIONS):
        want = [v for part, v in before + after if part == p]
        have = [v for _, _, v in got[p]]
        check(have == want, "partition %d: read %d records, %d acknowledged"
              % (p, len(have), len(want)))
    log("every one of %d acknowledged records read back" % (len(before) + len(after)))
    for b in brokers.values():
        b.stop()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--broker-only"]
    if len(args) != 1:
        print("usage: %s PATH/TO/runneld [--broker-only]" % sys.argv[0], file=sys.stderr)
        sys.exit(2)
    cluster_harness.main("cluster_reassign", body, binary=args[0])
