#!/usr/bin/python3
"""cluster_min_isr: acks=all honours min.insync.replicas, the ISR shrinks and expands.

Three combined-mode brokers; topic `strict` with RF=3 and min.insync.replicas=3, topic
`relaxed` with RF=3 and the cluster default (2). With every broker up both take acks=all
writes. One follower of `strict` is killed: once the controller has fenced it and its
ISRs have shrunk to 2, an acks=all write to `strict` fails with NOT_ENOUGH_REPLICAS while
acks=1 to `strict` and acks=all to `relaxed` still succeed. Restarted, the broker catches
up, rejoins both ISRs and acks=all to `strict` works again. Every write acknowledged in
this test is read back. Last, SIGTERM to the leader is a controlled shutdown: another
broker leads as soon as it has exited.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
from harness import check, log, wait_until  # noqa: E402
from test_chaos import NODES, create_topics  # noqa: E402
import cluster_harness  # noqa: E402
from ck_util import read_partitions  # noqa: E402

from confluent_kafka import KafkaError, Producer  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402


def isr(bootstrap, topic):
    md = AdminClient({"bootstrap.servers": bootstrap}).list_topics(topic, timeout=5)
    pm = md.topics[topic].partitions[0]
    return pm.leader, sorted(pm.replicas), sorted(pm.isrs)


def produce_one(bootstrap, topic, value, acks, retries=0):
    """The delivery error code of one write (None when acknowledged)."""
    result = []
    p = Producer({"bootstrap.servers": bootstrap, "acks": acks, "retries": retries,
                  "enable.idempotence": False, "message.timeout.ms": 10000})
    p.produce(topic, value=value, partition=0,
              on_delivery=lambda err, msg: result.append(err.code() if err else None))
    check(p.flush(15) == 0, "write to %s not completed" % topic)
    return result[0]


def body(c):
    bootstrap = c.start()
    admin = c.admin
    brokers = c.brokers
    create_topics(admin, [NewTopic("strict", 1, 3, config={"min.insync.replicas": "3"}),
                          NewTopic("relaxed", 1, -1)])
    for t in ("strict", "relaxed"):
        wait_until(lambda: isr(bootstrap, t)[2] == [1, 2, 3], 20, "%s fully in sync" % t)
    check(produce_one(bootstrap, "strict", b"s-1", "all") is None, "acks=all to strict failed")
    check(produce_one(bootstrap, "relaxed", b"r-1", "all") is None, "acks=all to relaxed failed")

    leader, _, _ = isr(bootstrap, "strict")
    controller = admin.list_topics(timeout=5).controller_id
    victim = next(n for n in NODES if n != leader and n != controller) if len(
        {leader, controller}) == 2 else next(n for n in NODES if n != leader)
    brokers[victim].kill9()
    live = ",".join(brokers[n].bootstrap for n in NODES if n != victim)
    wait_until(lambda: victim not in isr(live, "strict")[2], 30, "broker %d out of the ISR" % victim)
    log("broker %d killed; strict ISR now %s" % (victim, isr(live, "strict")[2]))
    err = produce_one(live, "strict", b"s-2", "all")
    check(err == KafkaError.NOT_ENOUGH_REPLICAS,
          "acks=all with ISR 2 < min.insync.replicas 3 gave %s, not NOT_ENOUGH_REPLICAS" % err)
    check(produce_one(live, "strict", b"s-3", "1") is None, "acks=1 to strict failed")
    wait_until(lambda: victim not in isr(live, "relaxed")[2], 30, "relaxed ISR shrunk")
    check(produce_one(live, "relaxed", b"r-2", "all") is None,
          "acks=all to relaxed (ISR 2 = min.insync.replicas) failed")
    log("NOT_ENOUGH_REPLICAS for strict; acks=1 and relaxed acks=all still written")

    brokers[victim].launch()
    brokers[victim].wait_serving(60)
    for t in ("strict", "relaxed"):
        wait_until(lambda: isr(bootstrap, t)[2] == [1, 2, 3], 60, "%s ISR expanded again" % t)
    check(produce_one(bootstrap, "strict", b"s-4", "all") is None,
          "acks=all to strict failed after the ISR expanded")
    got = read_partitions(bootstrap, "strict", [0])[0]
    check([v for _, _, v in got] == [b"s-1", b"s-3", b"s-4"], "strict holds %s" % got)
    got = read_partitions(bootstrap, "relaxed", [0])[0]
    check([v for _, _, v in got] == [b"r-1", b"r-2"], "relaxed holds %s" % got)
    log("ISR back to 3; every acknowledged write read back, the refused one absent")

    # Controlled shutdown: SIGTERM to the leader hands leadership over before exit,
    # so Metadata names another leader at once (no wait for the session timeout).
    leader, _, _ = isr(bootstrap, "strict")
    brokers[leader].stop()
    rest = ",".join(brokers[n].bootstrap for n in NODES if n != leader)
    # Well within broker.session.timeout.ms (3 s), which a kill -9 would have to wait
    # for; the brokers apply the committed change within their next metadata fetch.
    wait_until(lambda: isr(rest, "strict")[0] not in (leader, -1), 1.5,
               "a new leader within 1.5 s of the clean stop of leader %d" % leader)
    new_leader, _, new_isr = isr(rest, "strict")
    check(leader not in new_isr, "the stopped broker %d is still in the ISR %s" % (leader, new_isr))
    # The new leader may apply the change a moment after the controller committed it;
    # a client retries NOT_LEADER_OR_FOLLOWER, as it would with Kafka.
    err = produce_one(rest, "relaxed", b"r-3", "all", retries=5)
    check(err is None, "acks=all right after a controlled shutdown failed: %s" % err)
    log("controlled shutdown of broker %d: leader %d took over before it exited"
        % (leader, new_leader))
    for b in brokers.values():
        b.stop()



if __name__ == "__main__":
    cluster_harness.main("cluster_min_isr", body)
