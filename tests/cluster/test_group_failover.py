#!/usr/bin/python3
"""cluster_group_failover: a consumer group's coordinator fails over with its partition.

Three combined-mode brokers. The first group request creates `__consumer_offsets`
through the controller (RF=3); every broker then names the same coordinator in
FindCoordinator and the others answer group requests with NOT_COORDINATOR. A librdkafka consumer in group `failover-group` reads
topic `events` (3 partitions, RF=3) and commits synchronously every few records,
remembering every commit the broker acknowledged. The broker leading the group's
offsets partition (its coordinator) is killed with SIGKILL mid-way. The consumer must go
on at the new coordinator (another broker that loaded the partition), read every record,
and commit; the committed offsets seen by a fresh consumer of the group must never be
below an acknowledged commit, and it resumes exactly there. Then the killed broker
returns and the active controller is killed: the group must go on reading and committing
(live brokers must not be fenced because their heartbeats were in flight to the dead
controller). Last, deleting the topic removes the group's committed offsets for it.
"""

import os
import socket
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
from harness import check, log, wait_until  # noqa: E402
from test_chaos import NODES, create_topics  # noqa: E402
import cluster_harness  # noqa: E402

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

TOPIC = "events"
GROUP = "failover-group"
PARTITIONS = 3
RECORDS = 3000
OFFSETS_PARTITIONS = 50


def java_hash(s):
    h = 0
    for c in s.encode():
        h = (31 * h + c) & 0xFFFFFFFF
    return h - (1 << 32) if h >= 1 << 31 else h


def offsets_partition(group):
    h = java_hash(group)
    return 0 if h == -(1 << 31) else abs(h) % OFFSETS_PARTITIONS


def coordinator(bootstrap):
    """The leader of the group's __consumer_offsets partition, or -1."""
    md = AdminClient({"bootstrap.servers": bootstrap}).list_topics("__consumer_offsets", timeout=5)
    t = md.topics.get("__consumer_offsets")
    if t is None or t.error is not None:
        return -1
    p = t.partitions.get(offsets_partition(GROUP))
    return p.leader if p is not None else -1


def _request(port, api_key, body, correlation_id=7):
    """One v0 request on a fresh connection; the response body after the correlation id."""
    client_id = b"group-failover-test"
    frame = struct.pack(">hhih", api_key, 0, correlation_id, len(client_id)) + client_id + body
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(struct.pack(">i", len(frame)) + frame)
        size = struct.unpack(">i", _recv(s, 4))[0]
        payload = _recv(s, size)
    check(struct.unpack(">i", payload[:4])[0] == correlation_id, "correlation id mismatch")
    return payload[4:]


def _recv(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        check(chunk, "connection closed")
        buf += chunk
    return buf


def _string(v):
    return struct.pack(">h", len(v)) + v


def find_coordinator(port, group):
    """FindCoordinator v0 → (error, node id, port)."""
    body = _request(port, 10, _string(group.encode()))
    error, node = struct.unpack(">hi", body[:6])
    hlen = struct.unpack(">h", body[6:8])[0]
    cport = struct.unpack(">i", body[8 + hlen:12 + hlen])[0]
    return error, node, cport


def heartbeat_error(port, group):
    """Heartbeat v0 of an unknown member → the error code."""
    body = _request(port, 12, _string(group.encode()) + struct.pack(">i", 1) + _string(b"nobody"))
    return struct.unpack(">h", body[:2])[0]


NOT_COORDINATOR = 16
UNKNOWN_MEMBER_ID = 25


def consumer(bootstrap, name, session_ms=10000):
    # Small fetches interleave the partitions, so all of them are part-way at the kill.
    return Consumer({"bootstrap.servers": bootstrap, "group.id": GROUP,
                     "client.id": name, "enable.auto.commit": False,
                     "max.partition.fetch.bytes": 2048, "fetch.max.bytes": 4096,
                     "message.max.bytes": 4096,
                     "auto.offset.reset": "earliest", "session.timeout.ms": session_ms,
                     "heartbeat.interval.ms": 500})


# The group moved on (the new coordinator made the member rejoin): this commit is not
# acknowledged, and the consumer resumes from the group's committed offsets.
REBALANCED = {KafkaError._ASSIGNMENT_LOST, KafkaError.REBALANCE_IN_PROGRESS,
              KafkaError.ILLEGAL_GENERATION, KafkaError.UNKNOWN_MEMBER_ID, KafkaError._NO_OFFSET}


def commit_sync(c, acknowledged, deadline_s=60):
    """Commits the consumer's position, retrying coordinator errors through the failover.
    Records what the broker acknowledged; False if the commit was dropped by a rebalance."""
    deadline = time.monotonic() + deadline_s
    while True:
        try:
            done = c.commit(asynchronous=False)
            for tp in done or []:
                check(tp.error is None, "commit of %s-%d failed: %s" % (tp.topic, tp.partition, tp.error))
                acknowledged[tp.partition] = max(acknowledged.get(tp.partition, -1), tp.offset)
            return True
        except KafkaException as exc:
            code = exc.args[0].code() if exc.args else None
            if code in REBALANCED:
                log("commit not acknowledged: %s" % exc.args[0].str())
                return False
            if time.monotonic() > deadline:
                raise
            log("commit retried: %s" % exc.args[0].str())
            time.sleep(0.2)


def body(cluster):
    bootstrap = cluster.start()
    admin, brokers = cluster.admin, cluster.brokers
    children = []  # consumers still open
    create_topics(admin, [NewTopic(TOPIC, PARTITIONS, 3)])

    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5})
    for i in range(RECORDS):
        p.produce(TOPIC, value=b"v%d" % i, partition=i % PARTITIONS)
    check(p.flush(30) == 0, "producing %d records did not finish" % RECORDS)
    log("%d records written" % RECORDS)

    # Every broker names the same coordinator, the leader of the group's offsets
    # partition (FindCoordinator creates __consumer_offsets on first use); the others
    # answer group requests with NOT_COORDINATOR.
    def agreed():
        answers = {find_coordinator(b.port, GROUP) for b in brokers.values()}
        return len(answers) == 1 and next(iter(answers))[0] == 0 and answers
    (_, node, cport), = wait_until(agreed, 30, "one coordinator named by every broker")
    check(node == coordinator(bootstrap) and cport == brokers[node].port,
          "FindCoordinator names broker %d (port %d), the offsets partition leader is %d"
          % (node, cport, coordinator(bootstrap)))
    wait_until(lambda: heartbeat_error(brokers[node].port, GROUP) == UNKNOWN_MEMBER_ID, 20,
               "the coordinator to have loaded the group's partition")
    for n, b in brokers.items():
        if n != node:
            err = heartbeat_error(b.port, GROUP)
            check(err == NOT_COORDINATOR, "broker %d answered a Heartbeat with %d, not "
                  "NOT_COORDINATOR" % (n, err))
    log("every broker names coordinator %d; the others answer NOT_COORDINATOR" % node)

    # The member's session outlasts the failover (the brokers' own session timeout decides
    # how long the coordinator is gone), so the member must keep its place: the new
    # coordinator loads the group with its members and assignments, as Kafka's does, and
    # the member goes on heartbeating and committing without a rebalance.
    c = consumer(bootstrap, "before", session_ms=45000)
    children.append(c)
    revoked = []
    c.subscribe([TOPIC], on_revoke=lambda _c, parts: revoked.append(("revoked", len(parts))),
                on_lost=lambda _c, parts: revoked.append(("lost", len(parts))))
    acknowledged = {}
    seen = 0
    last_value = {}
    unique = set()
    redelivered = 0
    killed = None
    commits_after_kill = 0
    deadline = time.monotonic() + 150
    while seen < RECORDS:
        check(time.monotonic() < deadline, "consumed only %d of %d records" % (seen, RECORDS))
        msg = c.poll(0.5)
        if msg is None:
            continue
        if msg.error():
            log("consumer: %s" % msg.error())
            continue
        part = msg.partition()
        # After a rebalance a partition restarts at its committed offset: it may read
        # again what it read after its last commit, never what was committed before.
        if msg.offset() <= last_value.get(part, -1):
            check(msg.offset() >= acknowledged.get(part, 0),
                  "partition %d went back to %d, below its acknowledged commit %d"
                  % (part, msg.offset(), acknowledged.get(part, 0)))
            redelivered += 1
        last_value[part] = msg.offset()
        if (part, msg.offset()) in unique:
            continue
        unique.add((part, msg.offset()))
        seen += 1
        if seen % 100 == 0:
            if commit_sync(c, acknowledged) and killed is not None:
                commits_after_kill += 1
        # Kill while a partition is part-way committed, so that the commits before
        # and after the failover are of the same partitions.
        partway = [v for v in acknowledged.values() if 0 < v < RECORDS // PARTITIONS]
        if killed is None and seen >= RECORDS // 3 and partway:
            killed = coordinator(bootstrap)
            check(killed in brokers, "no coordinator for %s (leader %s)" % (GROUP, killed))
            log("acknowledged commits %s; killing coordinator broker %d" % (acknowledged, killed))
            brokers[killed].kill9()
            live = ",".join(brokers[n].bootstrap for n in NODES if n != killed)
    # The last commit covers every record; a rebalance may make the member read a
    # little again first.
    end = time.monotonic() + 60
    commit_sync(c, acknowledged)
    while sum(acknowledged.get(i, 0) for i in range(PARTITIONS)) != RECORDS:
        check(time.monotonic() < end, "no final commit of all records: %s" % acknowledged)
        c.poll(0.5)
        commit_sync(c, acknowledged)
    check(killed is not None, "the coordinator was never killed")
    check(commits_after_kill > 0, "no commit was acknowledged after the coordinator died")
    check(not revoked and redelivered == 0,
          "the member lost its partitions at the coordinator failover (%s; %d records read "
          "again): the new coordinator did not restore the group's members" % (revoked, redelivered))
    new_coordinator = wait_until(lambda: coordinator(live) not in (-1, killed) and coordinator(live),
                                 20, "a new coordinator")
    log("consumed all %d records (%d read again); %d commits acknowledged after the kill, "
        "no rebalance; coordinator now %d"
        % (seen, redelivered, commits_after_kill, new_coordinator))
    c.close()
    children.remove(c)

    # A fresh member of the group sees every acknowledged commit and resumes there.
    c2 = consumer(live, "after")
    children.append(c2)
    tps = [TopicPartition(TOPIC, i) for i in range(PARTITIONS)]
    committed = {}

    def fetch_committed():
        for tp in c2.committed(tps, timeout=5):
            if tp.error is not None:
                return False
            committed[tp.partition] = tp.offset
        return True
    wait_until(fetch_committed, 30, "committed offsets from the new coordinator")
    log("committed offsets now %s, acknowledged %s" % (committed, acknowledged))
    for part, off in acknowledged.items():
        check(committed.get(part, -1) >= off,
              "partition %d: committed offset %s is below the acknowledged commit %d"
              % (part, committed.get(part), off))
    check(sum(committed.values()) == RECORDS,
          "the last commits (sum %d) do not cover all %d records" % (sum(committed.values()), RECORDS))
    # Write a few more and check the group resumes exactly after its commits.
    p = Producer({"bootstrap.servers": live, "acks": "all"})
    for i in range(PARTITIONS):
        p.produce(TOPIC, value=b"late-%d" % i, partition=i)
    check(p.flush(30) == 0, "producing after the failover did not finish")
    c2.subscribe([TOPIC])
    first = {}
    end = time.monotonic() + 60
    while len(first) < PARTITIONS and time.monotonic() < end:
        msg = c2.poll(0.5)
        if msg is None or msg.error():
            continue
        first.setdefault(msg.partition(), (msg.offset(), msg.value()))
    check(len(first) == PARTITIONS, "the resumed consumer read only %s" % first)
    for part, (off, value) in first.items():
        check(off == committed[part] and value == b"late-%d" % part,
              "partition %d resumed at %d (%r), not at its commit %d"
              % (part, off, value, committed[part]))
    log("a new member resumed every partition exactly at its committed offset")
    check(commit_sync(c2, acknowledged), "the resumed member could not commit")

    # The killed broker comes back; then the active controller dies. The surviving
    # brokers must stay unfenced (their heartbeats move to the new controller at once),
    # so the group keeps a coordinator and goes on committing.
    brokers[killed].launch()
    brokers[killed].wait_serving(60)
    wait_until(lambda: len(admin.list_topics(timeout=5).brokers) == 3, 30, "3 brokers again")
    # And back in every ISR of the topic: the controller is fenced within a second of its
    # death, and an ISR of one below min.insync.replicas would answer the acks=all writes
    # below NOT_ENOUGH_REPLICAS after appending them, which this non-idempotent producer
    # retries into duplicates (Kafka's at-least-once), breaking the exact offsets checked.
    def topic_in_sync():
        t = admin.list_topics(TOPIC, timeout=5).topics.get(TOPIC)
        return t is not None and t.error is None and all(
            len(pm.isrs) == 3 for pm in t.partitions.values())
    wait_until(topic_in_sync, 60, "the restarted broker back in every ISR of %s" % TOPIC)
    controller = admin.list_topics(timeout=5).controller_id
    check(controller in brokers, "no active controller: %s" % controller)
    brokers[controller].kill9()
    killed = controller
    live = ",".join(brokers[n].bootstrap for n in NODES if n != killed)
    log("active controller %d killed" % controller)
    p = Producer({"bootstrap.servers": live, "acks": "all"})
    for i in range(PARTITIONS):
        p.produce(TOPIC, value=b"later-%d" % i, partition=i)
    check(p.flush(30) == 0, "producing after the controller died did not finish")
    later = set()
    end = time.monotonic() + 60
    while len(later) < PARTITIONS and time.monotonic() < end:
        msg = c2.poll(0.5)
        if msg is not None and not msg.error() and msg.value().startswith(b"later-"):
            later.add(msg.partition())
    check(len(later) == PARTITIONS, "after the controller died the member read %s" % later)
    # If the dead controller was also the coordinator the member rejoins and reads from
    # its last commit again; it must get to commit past the new records.
    end = time.monotonic() + 60
    commit_sync(c2, acknowledged)
    while not all(acknowledged[i] == committed[i] + 2 for i in range(PARTITIONS)):
        check(time.monotonic() < end, "commits after the controller died: %s (before: %s)"
              % (acknowledged, committed))
        c2.poll(0.5)
        commit_sync(c2, acknowledged)
    log("after the controller died the group read and committed %s" % acknowledged)
    c2.close()
    children.remove(c2)

    # Deleting the topic drops the group's committed offsets for it at the coordinator.
    live_admin = AdminClient({"bootstrap.servers": live})
    for f in live_admin.delete_topics([TOPIC]).values():
        f.result(30)
    c3 = consumer(live, "after-delete")
    children.append(c3)

    def offsets_gone():
        got = c3.committed(tps, timeout=5)
        return all(tp.error is None and tp.offset < 0 for tp in got)
    wait_until(offsets_gone, 20, "the committed offsets of the deleted topic to go")
    c3.close()
    children.remove(c3)
    log("deleting the topic removed the group's committed offsets for it")
    for n, b in brokers.items():
        if b.proc is not None:
            b.stop()


if __name__ == "__main__":
    cluster_harness.main("cluster_group_failover", body)
