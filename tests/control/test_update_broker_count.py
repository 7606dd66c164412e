"""update-broker-count 3 -> 4 -> 5 -> 3 through runnelctl only (issue 4's acceptance).

A real runnel-agent makes a 3-broker cluster; a topic with replication factor 3 and six
partitions gets acks=all records. `runnelctl update-broker-count --cluster-name c3
--target-number-of-broker-nodes 4` then adds a broker-only member and moves partitions
onto it: the cluster goes UPDATING, then ACTIVE; the operation UPDATE_BROKER_COUNT ends
UPDATE_COMPLETE with every step COMPLETED; describe-cluster-v2 and list-nodes show 4
brokers; Metadata shows broker 4 holding a fair share of the replicas with every ISR
full (list-nodes: brokers 1-3 VOTER, 4 OBSERVER); the audit log records the move; every
acknowledged record is still readable; a kill -9 of broker 4 is healed with broker 4
still broker-only and back in its ISRs; a configuration roll restarts all four brokers
and broker 4 keeps its role.

Then back down: the cluster grows to 5, a second RF 3 topic with twelve partitions gets
acks=all records with brokers 4 and 5 holding replicas of it; a shrink to 3 is refused
naming a topic with replication factor 4 until that topic is deleted; `update-broker-count
--target-number-of-broker-nodes 3` then completes with the steps "Move partitions off
brokers 5, 4", "Stop/Unregister/Remove broker 5's data", the same for 4; Metadata lists
brokers 1-3 only with every ISR full, brokers 4 and 5's processes are gone and their
directories removed, list-nodes and describe-cluster-v2 show 3, the audit log records the
removal, and every acknowledged record of both topics reads back.

    /usr/bin/python3 test_update_broker_count.py PATH/TO/runnelctl PATH/TO/runnel-agent
    (RUNNEL_RUNNELD names the broker binary)
"""

import os
import re
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctl_harness import check, log, run_test, wait_until  # noqa: E402
from test_cluster_multi import nodes  # noqa: E402

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

TOPIC = "growing"
PARTITIONS = 6


SHRINK_TOPIC = "shrinking"
SHRINK_PARTITIONS = 12


def replicas(bootstrap, topic=TOPIC):
    md = AdminClient({"bootstrap.servers": bootstrap}).list_topics(topic, timeout=5)
    return sorted(md.brokers), {p: (list(pm.replicas), sorted(pm.isrs))
                                for p, pm in md.topics[topic].partitions.items()}


def read_all(bootstrap, topic=TOPIC, partitions=PARTITIONS):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "grow-test",
                  "enable.auto.commit": False, "auto.offset.reset": "earliest",
                  "enable.partition.eof": True})
    c.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
    seen, eof = [], set()
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and len(eof) < partitions:
            m = c.poll(0.5)
            if m is None:
                continue
            if m.error():
                if m.error().code() == KafkaError._PARTITION_EOF:
                    eof.add(m.partition())
                continue
            eof.discard(m.partition())
            seen.append(m.value().decode())
    finally:
        c.close()
    return seen


def run(e):
    e.start_agent()
    created = e.ctl_json("create-cluster-v2", "--cluster-name", "c3",
                         "--number-of-broker-nodes", "3")
    check(created["State"] == "ACTIVE", "the 3-broker cluster becomes ACTIVE: %r" % created)
    bootstrap = e.ctl_json("get-bootstrap-brokers", "--cluster-name", "c3")["BootstrapBrokerString"]
    admin = AdminClient({"bootstrap.servers": bootstrap})
    for f in admin.create_topics([NewTopic(TOPIC, PARTITIONS, 3)]).values():
        f.result(30)
    wait_until(lambda: all(len(isr) == 3 for _, isr in replicas(bootstrap)[1].values()), 30,
               "the topic fully in sync")
    acked = []
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True})
    for i in range(3000):
        p.produce(TOPIC, value=b"v-%05d" % i, partition=i % PARTITIONS,
                  on_delivery=lambda err, m: acked.append(m.value().decode()) if not err else None)
    check(p.flush(60) == 0, "writes not completed")
    check(len(acked) == 3000, "%d of 3000 writes acknowledged" % len(acked))
    log("3000 records acknowledged on 3 brokers")

    # Watch the cluster state while runnelctl waits for the operation.
    states = []
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            try:
                s = e.state("c3")
                if not states or states[-1] != s:
                    states.append(s)
            except Exception:  # noqa: BLE001 - a transient agent hiccup is not the point
                pass
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    t = time.monotonic()
    result = e.ctl_json("update-broker-count", "--cluster-name", "c3",
                        "--target-number-of-broker-nodes", "4")
    elapsed = time.monotonic() - t
    time.sleep(0.3)
    stop.set()
    watcher.join(5)
    log("update-broker-count -> %s / %s in %.1f s; states seen %s"
        % (result.get("OperationState"), result.get("State"), elapsed, states))
    check(result.get("OperationState") == "UPDATE_COMPLETE", "the operation completed: %r" % result)
    check(result.get("State") == "ACTIVE", "the cluster is ACTIVE again: %r" % result)
    check("UPDATING" in states, "the cluster was UPDATING meanwhile: %s" % states)

    ops = e.ctl_json("list-cluster-operations", "--cluster-name", "c3")["ClusterOperationInfoList"]
    grow = [o for o in ops if o["OperationType"] == "UPDATE_BROKER_COUNT"]
    check(len(grow) == 1, "one UPDATE_BROKER_COUNT operation: %r" % ops)
    steps = grow[0]["OperationSteps"]
    check(len(steps) >= 4 and all(s["StepInfo"]["StepStatus"] == "COMPLETED" for s in steps),
          "every step completed: %r" % steps)
    log("operation steps: %s" % ", ".join(s["StepName"] for s in steps))

    info = e.ctl_json("describe-cluster-v2", "--cluster-name", "c3")["ClusterInfo"]
    check(info["Provisioned"]["NumberOfBrokerNodes"] == 4, "describe shows 4 brokers: %r" % info)
    listed = nodes(e)
    check(sorted(listed) == [1, 2, 3, 4], "list-nodes shows brokers 1-4: %s" % sorted(listed))
    roles = {i: n.get("QuorumRole") for i, n in listed.items()}
    check(roles == {1: "VOTER", 2: "VOTER", 3: "VOTER", 4: "OBSERVER"},
          "quorum roles in list-nodes: %s" % roles)

    brokers, parts = replicas(bootstrap)
    check(brokers == [1, 2, 3, 4], "Metadata lists brokers %s" % brokers)
    on4 = [p for p, (r, _) in parts.items() if 4 in r]
    # 18 replicas over 4 brokers: each holds 4 or 5.
    check(len(on4) >= 4, "broker 4 holds %d replicas: %s" % (len(on4), parts))
    for pid, (r, isr) in parts.items():
        check(len(r) == 3 and sorted(r) == isr, "partition %d: replicas %s, ISR %s" % (pid, r, isr))
    load = {b: sum(1 for r, _ in parts.values() if b in r) for b in brokers}
    check(max(load.values()) - min(load.values()) <= 1, "replicas spread evenly: %s" % load)
    log("replicas per broker after the move: %s" % load)

    events = e.ctl_json("list-audit-events", "--operation", "MovePartitions")["AuditEvents"]
    check(any(ev["Result"] == "Success" for ev in events), "audit of the move: %r" % events)
    got = read_all(bootstrap)
    check(sorted(got) == sorted(acked), "read %d records back, %d acknowledged"
          % (len(got), len(acked)))
    log("every acknowledged record read back after the move")

    # The added broker is healed like any other: same id, still broker-only, back in
    # every ISR it belongs to.
    old_pid = listed[4]["Pid"]
    os.kill(old_pid, signal.SIGKILL)
    wait_until(lambda: nodes(e)[4].get("Pid") not in (None, 0, old_pid)
               and e.state("c3") == "ACTIVE", 60, "broker 4 healed")
    wait_until(lambda: all(sorted(r) == isr for r, isr in replicas(bootstrap)[1].values()), 60,
               "broker 4 back in its ISRs")
    with open(os.path.join(listed[4]["LogFile"].rsplit("/", 1)[0], "server.properties")) as f:
        props = f.read()
    check("process.roles=broker\n" in props, "the healed broker 4 is still broker-only")
    log("broker 4 killed and healed as a broker-only member")

    # A configuration roll restarts all four, the added one with its role kept.
    conf = os.path.join(e.tmp, "roll.properties")
    with open(conf, "w") as f:
        f.write("log.retention.hours=100\n")
    e.ctl("create-configuration", "--name", "roll4", "--server-properties", conf)
    before = {i: n["Pid"] for i, n in nodes(e).items()}
    rolled = e.ctl_json("update-cluster-configuration", "--cluster-name", "c3",
                        "--configuration-name", "roll4")
    check(rolled.get("OperationState") == "UPDATE_COMPLETE", "the roll completed: %r" % rolled)
    after = nodes(e)
    check(all(after[i]["Pid"] != before[i] for i in before), "every broker restarted: %s -> %s"
          % (before, {i: n["Pid"] for i, n in after.items()}))
    with open(os.path.join(after[4]["LogFile"].rsplit("/", 1)[0], "server.properties")) as f:
        props = f.read()
    check("process.roles=broker\n" in props and "log.retention.hours=100" in props,
          "after the roll broker 4 is broker-only with the new configuration")
    got = read_all(bootstrap)
    check(sorted(got) == sorted(acked), "after the roll: read %d of %d" % (len(got), len(acked)))
    log("configuration rolled over 4 brokers; every record still read back")

    shrink(e, bootstrap, acked)
    e.ctl("delete-cluster", "--cluster-name", "c3")


def produce(bootstrap, topic, partitions, count, prefix):
    acked = []
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True})
    for i in range(count):
        p.produce(topic, value=b"%s-%05d" % (prefix, i), partition=i % partitions,
                  on_delivery=lambda err, m: acked.append(m.value().decode()) if not err else None)
    check(p.flush(60) == 0, "writes to %s not completed" % topic)
    check(len(acked) == count, "%d of %d writes to %s acknowledged" % (len(acked), count, topic))
    return acked


def shrink(e, bootstrap, acked):
    """4 -> 5 brokers, records on 4 and 5, then back to 3 with the data moved first."""
    grown = e.ctl("update-broker-count", "--cluster-name", "c3",
                  "--target-number-of-broker-nodes", "5")
    # What runnelctl says when it waited (it used to say the cluster was deleted).
    check(re.search(r"^Cluster c3 has 5 brokers after [0-9.]+ s; it is ACTIVE\.$", grown.stdout, re.M),
          "grown to 5: %r" % grown.stdout)
    admin = AdminClient({"bootstrap.servers": bootstrap})
    for f in admin.create_topics([NewTopic(SHRINK_TOPIC, SHRINK_PARTITIONS, 3)]).values():
        f.result(30)
    wait_until(lambda: all(len(isr) == 3 for _, isr
                           in replicas(bootstrap, SHRINK_TOPIC)[1].values()), 30,
               "the second topic fully in sync")
    acked2 = produce(bootstrap, SHRINK_TOPIC, SHRINK_PARTITIONS, 2000, b"s")
    parts = replicas(bootstrap, SHRINK_TOPIC)[1]
    on45 = {b: sum(1 for r, _ in parts.values() if b in r) for b in (4, 5)}
    check(all(n > 0 for n in on45.values()), "brokers 4 and 5 hold replicas: %s" % on45)
    log("2000 records on 5 brokers; replicas of %s on brokers 4, 5: %s" % (SHRINK_TOPIC, on45))

    # A topic that 3 brokers cannot hold is named, and nothing changes.
    for f in admin.create_topics([NewTopic("wide", 1, 4)]).values():
        f.result(30)
    p = e.ctl("update-broker-count", "--cluster-name", "c3",
              "--target-number-of-broker-nodes", "3", expect=1)
    check("Topic wide has replication factor 4" in p.stderr, "RF 4 refusal: %r" % p.stderr)
    check(e.state("c3") == "ACTIVE" and len(nodes(e)) == 5, "the refusal changed nothing")
    for f in admin.delete_topics(["wide"]).values():
        f.result(30)
    wait_until(lambda: "wide" not in admin.list_topics(timeout=5).topics, 30, "wide deleted")

    before = nodes(e)
    gone = {i: before[i] for i in (4, 5)}
    t = time.monotonic()
    result = e.ctl_json("update-broker-count", "--cluster-name", "c3",
                        "--target-number-of-broker-nodes", "3")
    log("update-broker-count 5 -> 3: %s / %s in %.1f s" % (result.get("OperationState"),
                                                          result.get("State"),
                                                          time.monotonic() - t))
    check(result.get("OperationState") == "UPDATE_COMPLETE", "the shrink completed: %r" % result)
    check(result.get("State") == "ACTIVE", "ACTIVE after the shrink: %r" % result)
    ops = e.ctl_json("list-cluster-operations", "--cluster-name", "c3")["ClusterOperationInfoList"]
    steps = [s["StepName"] for s in ops[0]["OperationSteps"]]
    check(ops[0]["OperationType"] == "UPDATE_BROKER_COUNT" and steps == [
        "Move partitions off brokers 5, 4",
        "Stop broker 5", "Unregister broker 5", "Remove broker 5's data",
        "Stop broker 4", "Unregister broker 4", "Remove broker 4's data"],
        "the shrink's steps: %r" % ops[0])
    check(all(s["StepInfo"]["StepStatus"] == "COMPLETED" for s in ops[0]["OperationSteps"]),
          "every step completed: %r" % ops[0])

    brokers, parts = replicas(bootstrap, SHRINK_TOPIC)
    check(brokers == [1, 2, 3], "Metadata lists brokers %s" % brokers)
    for topic in (TOPIC, SHRINK_TOPIC):
        for pid, (r, isr) in replicas(bootstrap, topic)[1].items():
            check(len(r) == 3 and sorted(r) == [1, 2, 3] and isr == [1, 2, 3],
                  "%s-%d: replicas %s, ISR %s" % (topic, pid, r, isr))
    listed = nodes(e)
    check(sorted(listed) == [1, 2, 3], "list-nodes shows brokers 1-3: %s" % sorted(listed))
    info = e.ctl_json("describe-cluster-v2", "--cluster-name", "c3")["ClusterInfo"]
    check(info["Provisioned"]["NumberOfBrokerNodes"] == 3, "describe shows 3 brokers: %r" % info)
    for i, n in gone.items():
        try:
            os.kill(n["Pid"], 0)
            alive = True
        except ProcessLookupError:
            alive = False
        check(not alive, "broker %d (pid %d) is gone" % (i, n["Pid"]))
        broker_dir = n["LogFile"].rsplit("/", 1)[0]
        check(not os.path.exists(broker_dir), "%s removed" % broker_dir)
    events = e.ctl_json("list-audit-events", "--operation", "RemoveBrokers")["AuditEvents"]
    check(any(ev["Result"] == "Success" for ev in events), "audit of the removal: %r" % events)
    got = read_all(bootstrap)
    check(sorted(got) == sorted(acked), "after the shrink: read %d of %d" % (len(got), len(acked)))
    got2 = read_all(bootstrap, SHRINK_TOPIC, SHRINK_PARTITIONS)
    check(sorted(got2) == sorted(acked2), "after the shrink: read %d of %d from %s"
          % (len(got2), len(acked2), SHRINK_TOPIC))
    log("brokers 4 and 5 removed; every acknowledged record read back from brokers 1-3")


if __name__ == "__main__":
    sys.exit(run_test(__doc__, run))
