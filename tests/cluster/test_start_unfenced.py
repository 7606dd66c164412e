#!/usr/bin/python3
"""cluster_start_unfenced: a cluster member takes clients only once the controller has
unfenced it, as Kafka's brokers do.

Three rounds, each a fresh 3-broker cluster. As soon as every broker answers ApiVersions
(what runnel-agent's readiness probe asks before it calls a cluster ACTIVE), a CreateTopics
with replication factor 3 is sent at once, with no retry, and must succeed: a broker that
answered while still fenced would let it fail with INVALID_REPLICATION_FACTOR ("replication
factor 3 with 2 live brokers"), as one fresh cluster in five did before. Each broker's log
must say that it was unfenced before it took clients.
"""

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
from harness import api_versions_probe, check, log  # noqa: E402
from test_chaos import NODES  # noqa: E402
import cluster_harness  # noqa: E402

from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

ROUNDS = 3


def answers(b):
    try:
        api_versions_probe("127.0.0.1", b.port, timeout_s=0.5)
        return True
    except (OSError, ConnectionError):
        return False


def one_round(c, n):
    cluster = c if n == 0 else cluster_harness.Cluster(c.binary, os.path.join(c.workdir, "r%d" % n))
    brokers = cluster.brokers
    for b in brokers.values():
        c.cleanups.append(b.cleanup)
        b.launch()
    t0 = time.monotonic()
    waiting = set(NODES)
    while waiting:
        check(time.monotonic() - t0 < 60, "brokers %s never answered ApiVersions" % sorted(waiting))
        waiting = {i for i in waiting if not answers(brokers[i])}
        if waiting:
            time.sleep(0.005)
    bootstrap = ",".join(b.bootstrap for b in brokers.values())
    admin = AdminClient({"bootstrap.servers": bootstrap})
    topic = "first-%d" % n
    for f in admin.create_topics([NewTopic(topic, 3, 3)], request_timeout=15).values():
        try:
            f.result(30)
        except Exception as e:  # noqa: BLE001
            check(False, "round %d: CreateTopics RF=3 right after every broker answered: %s" % (n, e))
    log("round %d: all 3 brokers answered %.2f s after launch; %s created with RF=3 at once"
        % (n, time.monotonic() - t0, topic))
    for i, b in brokers.items():
        b.stop()
        with open(b.stderr_path) as f:
            text = f.read()
        unfenced = text.find("node %d is unfenced by the controller" % i)
        takes = text.find("takes clients")
        check(unfenced >= 0 and takes > unfenced,
              "round %d: broker %d took clients before it was unfenced (log offsets %d, %d)"
              % (n, i, unfenced, takes))


def body(c):
    for n in range(ROUNDS):
        one_round(c, n)


if __name__ == "__main__":
    cluster_harness.main("cluster_start_unfenced", body)
