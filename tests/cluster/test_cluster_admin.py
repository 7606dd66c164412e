#!/usr/bin/python3
"""cluster_admin: topic configs and DeleteRecords in a 3-broker cluster.

Three combined-mode brokers, a topic with RF=3.
1. AlterConfigs (confluent-kafka) changes the topic's retention.ms through the controller:
   DescribeConfigs then shows the new value as a dynamic topic config on every broker
   (each asked on its own), a bad value is refused with INVALID_CONFIG and changes
   nothing, and the change survives a restart of the whole cluster (it lives in the
   metadata log).
2. DeleteRecords (sent by hand: Debian's clients lack it) to the partition's leader moves
   the log start to 40; it is refused above the high watermark; the followers follow, so
   after the leader is killed the new leader starts at 40 too and a consumer from the
   beginning reads exactly offsets 40..99.
3. A topic created with write.caching=true takes acks=all writes and reads every one
   back.
"""

import os
import socket
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
from harness import check, log, wait_until  # noqa: E402
from test_chaos import NODES, create_topics  # noqa: E402
import cluster_harness  # noqa: E402
from ck_util import read_partitions, watermarks  # noqa: E402

from confluent_kafka import Producer  # noqa: E402
from confluent_kafka.admin import AdminClient, ConfigResource, ConfigSource, NewTopic  # noqa: E402

TOPIC = "admin"
RECORDS = 100
OFFSET_OUT_OF_RANGE = 1


def topic_config(bootstrap, key):
    """(value, source) of one config of TOPIC as the broker at `bootstrap` describes it."""
    admin = AdminClient({"bootstrap.servers": bootstrap})
    res = ConfigResource(ConfigResource.Type.TOPIC, TOPIC)
    entries = admin.describe_configs([res])[res].result(10)
    e = entries[key]
    return e.value, e.source


def delete_records(host, port, offset):
    """DeleteRecords v0 for partition 0 of TOPIC: (error code, low watermark)."""
    name = TOPIC.encode()
    body = struct.pack(">i", 1) + struct.pack(">h", len(name)) + name
    body += struct.pack(">i", 1) + struct.pack(">iq", 0, offset) + struct.pack(">i", 10000)
    client = b"cluster-admin-test"
    header = struct.pack(">hhi", 21, 0, 7) + struct.pack(">h", len(client)) + client
    frame = header + body
    with socket.create_connection((host, port), timeout=15) as s:
        s.sendall(struct.pack(">i", len(frame)) + frame)
        size = struct.unpack(">i", _recv(s, 4))[0]
        resp = _recv(s, size)
    # correlation id, throttle, [topic name, [partition, low watermark, error]]
    pos = 4 + 4 + 4
    name_len = struct.unpack_from(">h", resp, pos)[0]
    pos += 2 + name_len + 4
    _, low, err = struct.unpack_from(">iqh", resp, pos)
    return err, low


def _recv(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        check(chunk, "connection closed by the broker")
        data += chunk
    return data


def leader_of(bootstrap):
    md = AdminClient({"bootstrap.servers": bootstrap}).list_topics(TOPIC, timeout=5)
    return md.topics[TOPIC].partitions[0].leader


def body(c):
    bootstrap = c.start()
    admin, brokers = c.admin, c.brokers
    create_topics(admin, [NewTopic(TOPIC, 1, 3)])

    # 1. Configs through the controller.
    res = ConfigResource(ConfigResource.Type.TOPIC, TOPIC,
                         set_config={"retention.ms": "86400000", "min.insync.replicas": "2"})
    admin.alter_configs([res])[res].result(15)
    for n in NODES:
        wait_until(lambda: topic_config(brokers[n].bootstrap, "retention.ms")[0] == "86400000",
                   10, "broker %d to show retention.ms=86400000" % n)
    value, source = topic_config(bootstrap, "retention.ms")
    check(source == ConfigSource.DYNAMIC_TOPIC_CONFIG.value,
          "retention.ms source is %s, not a dynamic topic config" % source)
    bad = ConfigResource(ConfigResource.Type.TOPIC, TOPIC,
                         set_config={"retention.ms": "soon", "min.insync.replicas": "2"})
    try:
        admin.alter_configs([bad])[bad].result(15)
        check(False, "retention.ms=soon was accepted")
    except Exception as exc:  # noqa: BLE001
        check("INVALID_CONFIG" in str(exc) or "retention.ms" in str(exc),
              "unexpected refusal of retention.ms=soon: %s" % exc)
    check(topic_config(bootstrap, "retention.ms")[0] == "86400000",
          "a refused change altered retention.ms")
    log("AlterConfigs committed through the controller; every broker shows it")

    # 2. DeleteRecords on the leader, followed by the followers.
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True})
    for i in range(RECORDS):
        p.produce(TOPIC, value=b"v%d" % i, partition=0)
    check(p.flush(30) == 0, "produce did not complete")
    wait_until(lambda: watermarks(bootstrap, TOPIC, [0])[0] == (0, RECORDS), 20,
               "high watermark %d" % RECORDS)
    leader = leader_of(bootstrap)
    lb = brokers[leader]
    host, port = lb.bootstrap.split(":")
    err, _ = delete_records(host, int(port), RECORDS + 5)
    check(err == OFFSET_OUT_OF_RANGE,
          "DeleteRecords above the high watermark gave error %d, not OFFSET_OUT_OF_RANGE" % err)
    err, low = delete_records(host, int(port), 40)
    check(err == 0 and low == 40, "DeleteRecords to 40 gave error %d, low watermark %d"
          % (err, low))
    check(watermarks(bootstrap, TOPIC, [0])[0] == (40, RECORDS),
          "the leader's watermarks are %s" % (watermarks(bootstrap, TOPIC, [0])[0],))
    log("DeleteRecords on leader %d: log start 40" % leader)

    # The followers learn the new log start from their next fetch answer.
    for n in NODES:
        if n == leader:
            continue
        d = os.path.join(brokers[n].log_dir, "%s-0" % TOPIC)
        wait_until(lambda: _log_start(d) == 40, 10,
                   "follower %d to move its log start to 40" % n)
    lb.kill9()
    rest = ",".join(brokers[n].bootstrap for n in NODES if n != leader)
    wait_until(lambda: leader_of(rest) not in (leader, -1), 20, "a new leader")
    check(watermarks(rest, TOPIC, [0])[0] == (40, RECORDS),
          "after failover the watermarks are %s" % (watermarks(rest, TOPIC, [0])[0],))
    got = read_partitions(rest, TOPIC, [0])[0]
    check([o for o, _, _ in got] == list(range(40, RECORDS)),
          "read offsets %s..%s (%d records), not 40..%d"
          % (got[0][0] if got else None, got[-1][0] if got else None, len(got), RECORDS - 1))
    check(got[0][2] == b"v40", "offset 40 holds %r" % got[0][2])
    log("new leader %d starts at 40; offsets 40..%d read" % (leader_of(rest), RECORDS - 1))

    # write.caching (opt-in per topic): acks=all answered before the syncs.
    lb.launch()
    lb.wait_serving(60)
    wait_until(lambda: len(admin.list_topics(timeout=5).brokers) == 3, 20, "3 brokers again")
    create_topics(admin, [NewTopic("cached", 1, 3, config={"write.caching": "true"})])
    wait_until(lambda: watermarks(bootstrap, "cached", [0])[0] == (0, 0), 20, "topic cached")
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True})
    for i in range(RECORDS):
        p.produce("cached", value=b"c%d" % i, partition=0)
    check(p.flush(30) == 0, "produce to the write-caching topic did not complete")
    got = read_partitions(bootstrap, "cached", [0])[0]
    check([v for _, _, v in got] == [b"c%d" % i for i in range(RECORDS)],
          "the write-caching topic holds %d records, not the %d written" % (len(got), RECORDS))
    log("write.caching topic: %d acks=all writes acknowledged and read back" % RECORDS)

    # Configs live in the metadata log: a restart of every broker keeps them.
    for b in brokers.values():
        b.stop()
    for b in brokers.values():
        b.launch()
    for b in brokers.values():
        b.wait_serving(60)
    wait_until(lambda: topic_config(bootstrap, "retention.ms")[0] == "86400000", 20,
               "retention.ms after a restart of the whole cluster")
    log("retention.ms survives a restart of the whole cluster")
    for b in brokers.values():
        b.stop()


def _log_start(partition_dir):
    """The log start offset the partition's checkpoint records (-1 while absent)."""
    for name in os.listdir(partition_dir):
        if "checkpoint" not in name:
            continue
        with open(os.path.join(partition_dir, name)) as f:
            for line in f:
                if line.startswith("log-start-offset "):
                    return int(line.split()[1])
    return -1


if __name__ == "__main__":
    cluster_harness.main("cluster_admin", body)
