#!/usr/bin/python3
"""cluster_gauges: GET /metrics of a 3-broker cluster, and the storage limit in a cluster.

Three combined-mode brokers, each with its metrics listener; topic `m` with 6 partitions,
RF=3 and min.insync.replicas=2.

1. At rest every broker reports PartitionCount 6, GlobalPartitionCount 6 and
   GlobalTopicCount 1; the LeaderCounts add up to 6, exactly one broker (the active
   controller) reports ActiveControllerCount 1, and UnderReplicatedPartitions and
   OfflinePartitionsCount are 0 everywhere.
2. An idempotent acks=all producer writes 300 messages: the brokers' MessagesInPerSec and
   BytesInPerSec become > 0 (they count the replicated produce path).
3. kill -9 of the active controller: once the new controller has fenced it, the two
   survivors (which stay unfenced: their heartbeats move to the new controller at once)
   lead all 6 partitions and report UnderReplicatedPartitions 6 in all (their ISRs hold
   2 of 3 replicas) and no offline partition. Restarted, the victim rejoins every ISR and
   UnderReplicatedPartitions is 0 on all three again.
4. The victim is restarted with runnel.log.dirs.max.bytes below what the other two then
   hold: as a follower it stops replicating once full (its log says so, its data stays
   under the limit) and drops out of the ISRs, so the leaders report under-replicated
   partitions while acks=all writes to them still succeed (2 in-sync replicas); a
   partition the full broker leads takes a write that fits and answers
   KAFKA_STORAGE_ERROR to what would pass its limit.
"""

import os
import re
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
from harness import check, log, free_port, wait_until  # noqa: E402
from test_chaos import ClusterBroker, NODES, create_topics  # noqa: E402
import cluster_harness  # noqa: E402

from confluent_kafka import KafkaError, Producer  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

TOPIC = "m"
PARTITIONS = 6
LIMIT = 400_000


class MetricsBroker(ClusterBroker):
    """A cluster broker with a metrics listener and optional extra properties."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.metrics_port = free_port()
        self.extra = {}

    def _write_props(self):
        super()._write_props()
        lines = ["runnel.metrics.listener=127.0.0.1:%d" % self.metrics_port,
                 "replica.lag.time.max.ms=2000"]
        lines += ["%s=%s" % kv for kv in self.extra.items()]
        with open(self.props_path, "a") as f:
            f.write("\n".join(lines) + "\n")

    def scrape(self):
        """{metric name: value} of the unlabelled samples of GET /metrics."""
        url = "http://127.0.0.1:%d/metrics" % self.metrics_port
        with urllib.request.urlopen(url, timeout=5) as r:
            text = r.read().decode()
        out = {}
        for line in text.splitlines():
            m = re.match(r"^([A-Za-z_:][A-Za-z0-9_:]*) (\S+)$", line)
            if m:
                out[m.group(1)] = float(m.group(2))
        return out


def gauge(broker, name):
    value = broker.scrape().get(name)
    check(value is not None, "broker %d does not report %s" % (broker.node_id, name))
    return value


def produce(bootstrap, count, prefix, partition=None, retries=None, size=1000):
    """(acknowledged count, first error code or None) of `count` acks=all writes."""
    conf = {"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5,
            "message.timeout.ms": 20000}
    if retries is None:
        conf["enable.idempotence"] = True
    else:
        conf["retries"] = retries
    p = Producer(conf)
    acked, errors = [], []

    def report(err, msg):
        if err is None:
            acked.append(msg.offset())
        else:
            errors.append(err.code())

    for i in range(count):
        kwargs = {} if partition is None else {"partition": partition}
        p.produce(TOPIC, value=b"%s-%d-" % (prefix, i) + b"x" * size, on_delivery=report,
                  **kwargs)
        p.poll(0)
    check(p.flush(30) == 0, "writes not completed")
    return len(acked), (errors[0] if errors else None)


def leaders(bootstrap):
    md = AdminClient({"bootstrap.servers": bootstrap}).list_topics(TOPIC, timeout=5)
    return {p: pm.leader for p, pm in md.topics[TOPIC].partitions.items()}


def preferred(bootstrap):
    md = AdminClient({"bootstrap.servers": bootstrap}).list_topics(TOPIC, timeout=5)
    return {p: (pm.leader, pm.replicas) for p, pm in md.topics[TOPIC].partitions.items()}


def all_in_sync(bootstrap):
    try:
        md = AdminClient({"bootstrap.servers": bootstrap}).list_topics(TOPIC, timeout=5)
        parts = md.topics[TOPIC].partitions.values()
        return len(parts) == PARTITIONS and all(sorted(pm.isrs) == [1, 2, 3] for pm in parts)
    except Exception:  # noqa: BLE001 - a broker may be down
        return False


def data_bytes(broker):
    total = 0
    for root, _, files in os.walk(broker.log_dir):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files if f.endswith(".log"))
    return total


def body(c):
    bootstrap = c.start()
    admin, brokers = c.admin, c.brokers
    create_topics(admin, [NewTopic(TOPIC, PARTITIONS, 3, config={"min.insync.replicas": "2"})])
    wait_until(lambda: all_in_sync(bootstrap), 30, "every replica in sync")

    # 1. At rest.
    def at_rest():
        figures = {n: brokers[n].scrape() for n in NODES}
        return (all(f.get("PartitionCount") == PARTITIONS
                    and f.get("GlobalPartitionCount") == PARTITIONS
                    and f.get("GlobalTopicCount") == 1
                    and f.get("UnderReplicatedPartitions") == 0
                    and f.get("OfflinePartitionsCount") == 0 for f in figures.values())
                and sum(f.get("LeaderCount", 0) for f in figures.values()) == PARTITIONS
                and sum(f.get("ActiveControllerCount", 0) for f in figures.values()) == 1)
    wait_until(at_rest, 20, "partition gauges of a healthy cluster")
    controller = admin.list_topics(timeout=5).controller_id
    check(gauge(brokers[controller], "ActiveControllerCount") == 1,
          "the active controller %d does not report ActiveControllerCount 1" % controller)
    log("at rest: %s" % {n: {k: v for k, v in brokers[n].scrape().items()
                             if k in ("LeaderCount", "PartitionCount",
                                      "UnderReplicatedPartitions", "ActiveControllerCount")}
                         for n in NODES})

    # 2. Produce metrics on the replicated path.
    acked, err = produce(bootstrap, 300, b"a", size=100)
    check(acked == 300 and err is None, "only %d of 300 writes acknowledged (%s)" % (acked, err))
    # Rates cover completed seconds: they show within a second or two.
    def rates():
        figures = [brokers[n].scrape() for n in NODES]
        return (sum(f.get("MessagesInPerSec", 0) for f in figures),
                sum(f.get("BytesInPerSec", 0) for f in figures))
    wait_until(lambda: min(rates()) > 0, 8, "MessagesInPerSec and BytesInPerSec > 0")
    messages, bytes_in = rates()
    log("after 300 writes: MessagesInPerSec %.1f, BytesInPerSec %.0f (sum of brokers)"
        % (messages, bytes_in))

    # 3. The active controller down, then back: the survivors keep their sessions
    # with the new controller, lead everything and report the missing replica.
    victim = controller
    others_n = tuple(n for n in NODES if n != victim)
    brokers[victim].kill9()
    live = ",".join(brokers[n].bootstrap for n in others_n)
    wait_until(lambda: sum(gauge(brokers[n], "UnderReplicatedPartitions") for n in others_n)
               == PARTITIONS, 30, "under-replicated partitions reported by the survivors")
    check(sum(gauge(brokers[n], "LeaderCount") for n in others_n) == PARTITIONS,
          "the survivors do not lead all partitions")
    check(all(gauge(brokers[n], "OfflinePartitionsCount") == 0 for n in others_n),
          "partitions reported offline while two replicas are in sync")
    log("broker %d (the controller) down: UnderReplicatedPartitions %s" % (victim, {
        n: gauge(brokers[n], "UnderReplicatedPartitions") for n in others_n}))
    acked, err = produce(live, 50, b"b", size=100)
    check(acked == 50, "acks=all with 2 of 3 replicas failed: %s" % err)
    brokers[victim].launch()
    brokers[victim].wait_serving(60)
    wait_until(lambda: all_in_sync(bootstrap), 60, "the victim back in every ISR")
    wait_until(lambda: all(gauge(brokers[n], "UnderReplicatedPartitions") == 0 for n in NODES),
               20, "no under-replicated partition once the victim is back")
    log("the victim back: UnderReplicatedPartitions 0 on all brokers")

    # 4. Broker 3 full: it stops replicating and leaves the ISRs.
    brokers[victim].stop()
    brokers[victim].extra["runnel.log.dirs.max.bytes"] = str(LIMIT)
    brokers[victim].launch()
    brokers[victim].wait_serving(60)
    wait_until(lambda: all_in_sync(bootstrap), 60, "the victim in sync under its limit")
    # Leadership settles on the preferred replicas first, so it does not move below.
    wait_until(lambda: all(leader == replicas[0]
                           for leader, replicas in preferred(bootstrap).values()),
               30, "preferred leaders back")
    lead = leaders(bootstrap)
    others = [p for p, l in lead.items() if l != victim]
    check(others, "the victim leads every partition")
    for p in others:
        acked, err = produce(bootstrap, 120, b"c%d" % p, partition=p)
        check(acked == 120, "acks=all to partition %d failed with the victim full: %s" % (p, err))
    wait_until(lambda: sum(gauge(brokers[n], "UnderReplicatedPartitions") for n in others_n) > 0,
               30, "under-replicated partitions once the victim stopped replicating")
    with open(brokers[victim].stderr_path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    check("not replicating into" in text and "the broker is full" in text,
          "the victim's log does not say it stopped replicating because it is full")
    used = data_bytes(brokers[victim])
    check(used <= LIMIT, "the victim holds %d bytes of data, over its %d-byte limit" % (used, LIMIT))
    log("the victim full at %d of %d bytes; it left the ISRs of %d partitions"
        % (used, LIMIT, sum(gauge(brokers[n], "UnderReplicatedPartitions") for n in others_n)))
    own = [p for p, l in leaders(bootstrap).items() if l == victim]
    if own:
        # A write that fits is taken; what would pass the limit is refused.
        acked, err = produce(bootstrap, 1, b"e", partition=own[0], retries=0)
        check(acked == 1, "a 1 KiB write to the victim with room left failed: %s" % err)
        count = (LIMIT - used) // 1000 + 20
        acked, err = produce(bootstrap, count, b"d", partition=own[0], retries=0)
        check(err == KafkaError.KAFKA_STORAGE_ERROR,
              "%d writes of 1 KiB to partition %d led by the victim (%d bytes free) answered "
              "%s, expected KAFKA_STORAGE_ERROR" % (count, own[0], LIMIT - used, err))
        used = data_bytes(brokers[victim])
        check(used <= LIMIT, "the victim holds %d bytes, over its limit" % used)
        log("partition %d led by the full broker: %d writes acknowledged, then "
            "KAFKA_STORAGE_ERROR (%d bytes held)" % (own[0], acked, used))
    else:
        log("the victim leads no partition now; its own produce refusal is not exercised")


if __name__ == "__main__":
    cluster_harness.main("cluster_gauges", body, broker_cls=MetricsBroker)
