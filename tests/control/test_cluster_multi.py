"""Process-level test of a 3-broker cluster made by the control plane.

A real runnel-agent driven only through runnelctl makes a cluster of three runneld
processes in Kafka's combined mode; real clients check what it reports:

- create-cluster-v2 --number-of-broker-nodes 3 -> ACTIVE; kcat -L lists 3 brokers and
  list-nodes marks exactly one of them as the active controller, the one Metadata names;
- a topic with replication factor 3; confluent-kafka produces with acks=all while the
  test kill -9s one broker (its pid from list-nodes); the agent heals it (HEALING ->
  ACTIVE with a new pid) and every acknowledged message is read back;
- update-broker-count to 99 brokers or below the 3 voters is refused with a sentence;
- update-cluster-configuration rolls the three brokers one at a time, the active
  controller last, and between two brokers our own Metadata client sees every broker up
  and no under-replicated partition.

    /usr/bin/python3 test_cluster_multi.py PATH/TO/runnelctl PATH/TO/runnel-agent
    (RUNNEL_RUNNELD names the broker binary)
"""

import os
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctl_harness import check, log, run_test, wait_until  # noqa: E402

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

TOPIC = "payments"
PARTITIONS = 3


def nodes(e):
    return e.nodes("c3")


def metadata(bootstrap):
    """(controller id, broker ids, under-replicated partitions of TOPIC) from Metadata."""
    admin = AdminClient({"bootstrap.servers": bootstrap, "socket.timeout.ms": 3000})
    md = admin.list_topics(timeout=5)
    urp = 0
    for t in md.topics.values():
        for p in t.partitions.values():
            if p.error is not None or len(p.isrs) < len(p.replicas):
                urp += 1
    return md.controller_id, sorted(md.brokers), urp


class ProduceLoop(threading.Thread):
    """Produces numbered messages with acks=all until stopped; keeps what was acked."""

    def __init__(self, bootstrap):
        super().__init__(daemon=True)
        self.producer = Producer({"bootstrap.servers": bootstrap, "acks": "all",
                                  "enable.idempotence": True, "linger.ms": 5,
                                  "message.timeout.ms": 60000})
        self.acked = set()
        self.failed = []
        self.sent = 0
        self.stop = threading.Event()

    def on_delivery(self, err, msg):
        if err is None:
            self.acked.add(msg.value().decode())
        else:
            self.failed.append(str(err))

    def run(self):
        while not self.stop.is_set():
            value = "m-%06d" % self.sent
            try:
                self.producer.produce(TOPIC, value=value.encode(),
                                      partition=self.sent % PARTITIONS,
                                      on_delivery=self.on_delivery)
                self.sent += 1
            except BufferError:
                pass
            self.producer.poll(0.01)
        self.producer.flush(90)


def read_back(bootstrap, expected):
    """Every value of TOPIC, read from the start of each partition (no consumer group:
    runneld clusters have no group coordinator yet, so partitions are assigned)."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "multi-test",
                         "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    consumer.assign([TopicPartition(TOPIC, p, 0) for p in range(PARTITIONS)])
    seen = set()
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and not expected <= seen:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                if msg.error().code() != KafkaError._PARTITION_EOF:
                    log("consumer:", msg.error())
                continue
            seen.add(msg.value().decode())
    finally:
        consumer.close()
    return seen


def run(e):
    e.start_agent()
    t = time.monotonic()
    created = e.ctl_json("create-cluster-v2", "--cluster-name", "c3",
                         "--number-of-broker-nodes", "3")
    log("create-cluster-v2 (3 brokers) -> %s in %.1f s" % (created["State"],
                                                          time.monotonic() - t))
    check(created["State"] == "ACTIVE", "the 3-broker cluster becomes ACTIVE: %r" % created)

    bootstrap = e.ctl_json("get-bootstrap-brokers",
                           "--cluster-name", "c3")["BootstrapBrokerString"]
    check(len(bootstrap.split(",")) == 3, "bootstrap lists 3 brokers: %s" % bootstrap)
    first = bootstrap.split(",")[0]
    kcat = subprocess.run(["kcat", "-b", first, "-L", "-m", "10"], capture_output=True,
                          text=True, timeout=30)
    check(kcat.returncode == 0 and "3 brokers:" in kcat.stdout,
          "kcat -L shows 3 brokers:\n%s%s" % (kcat.stdout, kcat.stderr))

    # Each broker's server.properties is Kafka's combined-mode form with safe defaults.
    n = nodes(e)
    check(sorted(n) == [1, 2, 3], "list-nodes shows brokers 1, 2, 3: %r" % n)
    props = open(os.path.join(os.path.dirname(n[1]["LogFile"]), "server.properties")).read()
    for line in ("process.roles=broker,controller", "controller.listener.names=CONTROLLER",
                 "default.replication.factor=3", "min.insync.replicas=2",
                 "unclean.leader.election.enable=false"):
        check(line in props, "server.properties has %s:\n%s" % (line, props))
    voters = [ln for ln in props.splitlines() if ln.startswith("controller.quorum.voters=")]
    check(len(voters) == 1 and voters[0].count("@127.0.0.1:") == 3,
          "three voters: %r" % voters)

    # The active controller: list-nodes agrees with what Metadata says.
    def controller_marked():
        marked = [i for i, info in nodes(e).items() if info.get("ActiveController")]
        cid, _, _ = metadata(bootstrap)
        return marked[0] if len(marked) == 1 and marked[0] == cid else None
    controller = wait_until(controller_marked, 20, "list-nodes to mark the active controller",
                            interval_s=0.5)
    log("active controller: broker %d" % controller)
    table = e.ctl("list-nodes", "--cluster-name", "c3").stdout
    check(("\n%d (controller) " % controller) in table and table.count("(controller)") == 1,
          "the list-nodes table marks the controller:\n%s" % table)
    info = e.ctl_json("describe-cluster-v2", "--cluster-name", "c3")["ClusterInfo"]
    check(info.get("ActiveControllerId") == controller,
          "describe-cluster-v2 names the controller: %r" % info)

    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics([NewTopic(TOPIC, PARTITIONS, 3)])
    futures[TOPIC].result(30)
    wait_until(lambda: metadata(bootstrap)[2] == 0 and TOPIC in admin.list_topics(
        timeout=5).topics, 30, "the RF=3 topic fully replicated", interval_s=0.5)
    md = admin.list_topics(TOPIC, timeout=5).topics[TOPIC]
    check(all(len(p.replicas) == 3 for p in md.partitions.values()),
          "replication factor 3: %r" % {i: p.replicas for i, p in md.partitions.items()})

    # Produce with acks=all while one broker is killed; the agent heals it.
    loop = ProduceLoop(bootstrap)
    loop.start()
    wait_until(lambda: len(loop.acked) > 200, 30, "acknowledged messages before the kill")
    victim = 2 if controller != 2 else 3
    old_pid = nodes(e)[victim]["Pid"]
    log("kill -9 broker %d (pid %d) with %d acked" % (victim, old_pid, len(loop.acked)))
    os.kill(old_pid, signal.SIGKILL)
    wait_until(lambda: e.state("c3") == "HEALING", 15, "the cluster HEALING", interval_s=0.1)
    wait_until(lambda: e.state("c3") == "ACTIVE" and nodes(e)[victim]["Pid"] not in (0, old_pid),
               60, "the healed broker and an ACTIVE cluster", interval_s=0.3)
    acked_at_heal = len(loop.acked)
    wait_until(lambda: len(loop.acked) > acked_at_heal + 200, 60,
               "acknowledged messages after healing")
    loop.stop.set()
    loop.join(120)
    log("produced %d, acknowledged %d, failed %d" % (loop.sent, len(loop.acked),
                                                     len(loop.failed)))
    seen = read_back(bootstrap, loop.acked)
    missing = loop.acked - seen
    check(not missing, "%d acknowledged messages were not read back, e.g. %r"
          % (len(missing), sorted(missing)[:5]))

    # Impossible sizes are refused with a sentence (growing itself:
    # test_update_broker_count.py).
    p = e.ctl("update-broker-count", "--cluster-name", "c3",
              "--target-number-of-broker-nodes", "99", expect=1)
    check("1 to 9 brokers" in p.stderr, "update-broker-count explains: %r" % p.stderr)
    p = e.ctl("update-broker-count", "--cluster-name", "c3",
              "--target-number-of-broker-nodes", "2", expect=1)
    check("run its metadata quorum and stay" in p.stderr,
          "shrinking below the voters is refused: %r" % p.stderr)

    # A rolling restart: one broker at a time, in sync between them, controller last.
    wait_until(lambda: metadata(bootstrap)[2] == 0, 60, "no under-replicated partition",
               interval_s=0.5)
    controller = wait_until(controller_marked, 20, "the controller before the roll",
                            interval_s=0.5)
    conf = os.path.join(e.tmp, "roll.properties")
    with open(conf, "w") as f:
        f.write("log.retention.hours=100\n")
    e.ctl("create-configuration", "--name", "roll", "--server-properties", conf)
    before = {i: info["Pid"] for i, info in nodes(e).items()}
    states = []  # (time, {id: (state, pid)}) from list-nodes
    views = []   # (time, broker ids, under-replicated partitions) from our own Metadata
    stop_sampling = threading.Event()

    def sample_states():
        while not stop_sampling.is_set():
            try:
                n = nodes(e)
            except Exception:  # noqa: BLE001 - the agent is busy; try again
                continue
            states.append((time.monotonic(), {i: (x["State"], x["Pid"]) for i, x in n.items()}))

    def sample_metadata():
        admin = AdminClient({"bootstrap.servers": bootstrap, "socket.timeout.ms": 2000})
        while not stop_sampling.is_set():
            try:
                md = admin.list_topics(timeout=2)
            except Exception:  # noqa: BLE001 - a broker is restarting
                continue
            urp = sum(1 for t in md.topics.values() for p in t.partitions.values()
                      if p.error is not None or len(p.isrs) < len(p.replicas))
            views.append((time.monotonic(), sorted(md.brokers), urp))
            time.sleep(0.02)
    samplers = [threading.Thread(target=f, daemon=True)
                for f in (sample_states, sample_metadata)]
    for s in samplers:
        s.start()
    time.sleep(1)
    e.ctl("update-cluster-configuration", "--cluster-name", "c3",
          "--configuration-name", "roll", timeout=400)
    stop_sampling.set()
    for s in samplers:
        s.join(30)
    ops = e.ctl_json("list-cluster-operations", "--cluster-name", "c3")
    roll = [o for o in ops["ClusterOperationInfoList"]
            if o["OperationType"] == "UPDATE_CLUSTER_CONFIGURATION"]
    check(roll and roll[0]["OperationState"] == "UPDATE_COMPLETE",
          "the roll completed: %r" % roll)
    after = {i: info["Pid"] for i, info in nodes(e).items()}
    check(all(after[i] != before[i] for i in before), "every broker restarted: %r -> %r"
          % (before, after))

    # When did each broker go down (left RUNNING or changed pid), and come back?
    down_at, back_at = {}, {}
    for when, st in states:
        down = [i for i, (state, pid) in st.items() if state != "RUNNING" or pid != before[i]]
        for i in down:
            down_at.setdefault(i, when)
        check(sum(1 for i, (state, _) in st.items() if state != "RUNNING") <= 1,
              "one broker at a time: %r" % st)
        for i, (state, pid) in st.items():
            if i in down_at and i not in back_at and state == "RUNNING" and pid != before[i]:
                back_at[i] = when
    order = sorted(down_at, key=down_at.get)
    log("roll order seen: %r (controller %d); down %r back %r; %d metadata samples"
        % (order, controller, down_at, back_at, len(views)))
    for when, brokers, urp in views[::10]:
        log("  metadata %.2f brokers %r under-replicated %d" % (when, brokers, urp))
    check(len(order) == 3 and len(back_at) == 3, "every broker went down and came back")
    check(order[-1] == controller, "the active controller rolled last: %r" % order)
    for when, brokers, _ in views:
        check(len(brokers) >= 2, "never two brokers down at once: %r at %.2f" % (brokers, when))
    # A broker restarted within the session timeout may never leave the ISR; one that
    # does shows under-replicated partitions until it has caught up. Our own client must
    # have seen that at least once, so the next check means something.
    check(any(u > 0 for when, _, u in views if when > down_at[order[0]]),
          "a restart was seen as under-replicated partitions")
    for prev, nxt in zip(order, order[1:]):
        check(back_at[prev] <= down_at[nxt], "broker %d was back before broker %d went down"
              % (prev, nxt))
        # The agent stops the next broker only once it sees 0: between the previous
        # broker's return and that stop, our own Metadata client saw 3 brokers and 0 too.
        # (Not "in the last half second": down_at is when list-nodes, a process per
        # sample, noticed the stop, which on a loaded machine can be a second late, and a
        # stopped broker now leaves the metadata within its 500 ms connection grace.)
        between = [v for v in views if back_at[prev] <= v[0] < down_at[nxt]]
        check(any(u == 0 and b == [1, 2, 3] for _, b, u in between),
              "3 brokers and no under-replicated partition between broker %d's return and "
              "broker %d's stop: %r" % (prev, nxt, between[-20:]))
    check(metadata(bootstrap)[2] == 0, "in sync after the roll")

    # RebootBroker of two brokers: the same roll over those two only.
    before = {i: info["Pid"] for i, info in nodes(e).items()}
    others = [i for i in (1, 2, 3) if i != controller]
    e.ctl("reboot-broker", "--cluster-name", "c3", "--broker-ids",
          ",".join(str(i) for i in [controller] + others[:1]), timeout=400)
    ops = e.ctl_json("list-cluster-operations", "--cluster-name", "c3")
    reboot = [o for o in ops["ClusterOperationInfoList"] if o["OperationType"] == "REBOOT_NODE"]
    check(reboot and reboot[0]["OperationState"] == "UPDATE_COMPLETE",
          "the two-broker reboot completed: %r" % reboot)
    after = {i: info["Pid"] for i, info in nodes(e).items()}
    check(after[controller] != before[controller] and after[others[0]] != before[others[0]]
          and after[others[1]] == before[others[1]],
          "exactly the two named brokers restarted: %r -> %r" % (before, after))
    check(e.state("c3") == "ACTIVE", "ACTIVE after the reboot")

    # A roll whose first broker cannot start stops there: the operation fails with a
    # sentence, the other two brokers keep running untouched and still take acks=all.
    controller = wait_until(controller_marked, 20, "the controller before the bad roll",
                            interval_s=0.5)
    with open(conf, "w") as f:
        f.write("log.retention.hour=1\n")  # misspelt: runneld refuses to start
    e.ctl("update-configuration", "--name", "roll", "--server-properties", conf)
    before = {i: info["Pid"] for i, info in nodes(e).items()}
    p = e.ctl("update-cluster-configuration", "--cluster-name", "c3",
              "--configuration-name", "roll", "--configuration-revision", "2",
              timeout=400, expect=1)
    log("bad roll: %s" % p.stderr.strip())
    check("failed 5 times" in p.stderr, "the failed roll is explained: %r" % p.stderr)
    after = nodes(e)
    first = [i for i in (1, 2, 3) if i != controller][0]
    untouched = [i for i in (1, 2, 3) if i != first]
    check(all(after[i]["Pid"] == before[i] and after[i]["State"] == "RUNNING" for i in untouched),
          "the brokers after the failed one were not touched: %r -> %r" % (before, after))
    # runneld keeps a dead follower in the ISR until replica.lag.time.max.ms (30 s), so
    # acks=all may wait that long for the ISR to shrink to the two live brokers.
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all",
                         "message.timeout.ms": 75000, "request.timeout.ms": 60000})
    delivered = []

    def on_delivery(err, _msg):
        delivered.append(err)
    producer.produce(TOPIC, value=b"after-failed-roll", partition=0, on_delivery=on_delivery)
    producer.flush(90)
    check(delivered == [None], "acks=all still works on two brokers: %r" % delivered)
    seen = read_back(bootstrap, loop.acked)
    check(loop.acked <= seen, "the data survived the roll")


if __name__ == "__main__":
    sys.exit(run_test(__doc__, run))
