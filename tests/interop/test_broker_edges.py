#!/usr/bin/python3
"""interop_broker_edges: what a user notices at the edges of the protocol and the log.

1. Bad input on raw sockets: a garbage frame and an oversized frame close only that
   connection; an unknown API key and a too-new API version get UNSUPPORTED_VERSION
   answers (ApiVersions with a v0 body listing the supported versions, KIP-511); a
   batch with a broken CRC gets CORRUPT_MESSAGE; the broker keeps serving everyone.
2. Cooperative-sticky rebalancing (confluent-kafka): a second consumer joins, partitions
   move incrementally, both end up with a share, nothing is lost or read twice.
3. ListOffsets by timestamp (offsets_for_times) finds the first record at or after it.
4. Retention and compaction as configured per topic: old segments go once
   retention.bytes is exceeded (log start offset moves), and a compacted topic keeps the
   latest value of every key.
5. min.insync.replicas above the replica count refuses acks=all with NOT_ENOUGH_REPLICAS.
"""

import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, log, wait_until  # noqa: E402
from ck_util import create_topics  # noqa: E402

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition  # noqa: E402


def _host_port(ctx):
    host, port = ctx.bootstrap.rsplit(":", 1)
    return host, int(port)


def _request(api_key, version, correlation_id, body, client_id=b"edge-test"):
    header = struct.pack(">hhih", api_key, version, correlation_id, len(client_id)) + client_id
    payload = header + body
    return struct.pack(">i", len(payload)) + payload


def _read_frame(s):
    size = struct.unpack(">i", harness._recv_exact(s, 4))[0]
    return harness._recv_exact(s, size)


def _closed_by_peer(s, timeout_s=5):
    s.settimeout(timeout_s)
    try:
        return s.recv(1) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def test_bad_input(ctx):
    host, port = _host_port(ctx)
    # A bystander connection that must keep working throughout.
    bystander = socket.create_connection((host, port), timeout=5)

    # Garbage: a frame whose header is nonsense for its API (Metadata v1 with a
    # negative array length that runs past the frame).
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(_request(3, 1, 1, struct.pack(">i", 0x7FFFFFF0)))
        check(_closed_by_peer(s), "a malformed Metadata request must close its connection")

    # Oversized frame: larger than socket.request.max.bytes; closed without reading it.
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(struct.pack(">i", 0x7FFFFFFF) + b"x" * 100)
        check(_closed_by_peer(s), "an oversized frame must close its connection")

    # Truncated header.
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(struct.pack(">i", 3) + b"\x00\x12\x00")
        check(_closed_by_peer(s), "a frame too short for a header must close its connection")

    # Unknown API key: answered, not dropped.
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(_request(999, 0, 77, b""))
        frame = _read_frame(s)
        cid, err = struct.unpack(">ih", frame[:6])
        check(cid == 77 and err == 35, "unknown API key: want UNSUPPORTED_VERSION, got %r" % (err,))
        # The connection stays usable.
        s.sendall(_request(18, 0, 78, b""))
        frame = _read_frame(s)
        check(struct.unpack(">ih", frame[:6]) == (78, 0), "ApiVersions after an unknown key")

    # ApiVersions newer than ours: error 35 with a v0 body listing our versions.
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(_request(18, 42, 5, b""))
        frame = _read_frame(s)
        cid, err, count = struct.unpack(">ihi", frame[:10])
        check(cid == 5 and err == 35 and count > 10,
              "ApiVersions v42: want error 35 and the API list, got err=%d count=%d" % (err, count))

    # Produce v7 with a corrupted CRC: CORRUPT_MESSAGE for that partition.
    create_topics(ctx, {"edge-crc": (1, {})})
    batch = _record_batch(b"k", b"v")
    broken = bytearray(batch)
    broken[-1] ^= 0xFF  # flip a byte of the record: the CRC no longer matches
    topic = b"edge-crc"
    body = struct.pack(">hhi", -1, 1, 5000)  # transactional id null, acks=1, timeout
    body += struct.pack(">i", 1) + struct.pack(">h", len(topic)) + topic
    body += struct.pack(">i", 1) + struct.pack(">i", 0) + struct.pack(">i", len(broken)) + bytes(broken)
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(_request(0, 7, 9, body))
        frame = _read_frame(s)
        # correlation id, responses[1], name, partitions[1], index, error code
        pos = 4 + 4
        name_len = struct.unpack(">h", frame[pos:pos + 2])[0]
        pos += 2 + name_len + 4
        index, err = struct.unpack(">ih", frame[pos:pos + 6])
        check(index == 0 and err == 2, "broken CRC: want CORRUPT_MESSAGE (2), got %d" % err)

    apis = harness.api_versions_probe(host, port)
    check(0 in apis and 1 in apis, "broker still answers ApiVersions after bad input")
    bystander.sendall(_request(18, 0, 1, b""))
    check(struct.unpack(">ih", _read_frame(bystander)[:6]) == (1, 0),
          "an unrelated connection keeps working after others sent bad input")
    bystander.close()
    log("bad input: each bad connection closed or answered; broker kept serving")


def _crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def _varint(n):
    n = (n << 1) ^ (n >> 63)
    out = b""
    while n >= 0x80:
        out += bytes([(n & 0x7F) | 0x80])
        n >>= 7
    return out + bytes([n])


def _record_batch(key, value):
    record = b"\x00" + _varint(0) + _varint(0) + _varint(len(key)) + key + _varint(len(value)) + value + _varint(0)
    record = _varint(len(record)) + record
    now = int(time.time() * 1000)
    after_crc = struct.pack(">hiqqqhii", 0, 0, now, now, -1, -1, -1, 1) + record
    crc = _crc32c(after_crc)
    after_length = struct.pack(">ibI", 0, 2, crc) + after_crc
    return struct.pack(">qi", 0, len(after_length)) + after_length


def test_cooperative_sticky(ctx):
    topic = "edge-coop"
    create_topics(ctx, {topic: (6, {})})
    p = Producer({"bootstrap.servers": ctx.bootstrap, "linger.ms": 5})
    n = 3000
    for i in range(n):
        p.produce(topic, key=str(i).encode(), value=str(i).encode())
    check(p.flush(30) == 0, "all records delivered")

    conf = {"bootstrap.servers": ctx.bootstrap, "group.id": "edge-coop-group",
            "partition.assignment.strategy": "cooperative-sticky",
            "auto.offset.reset": "earliest", "enable.auto.commit": True,
            "auto.commit.interval.ms": 200, "session.timeout.ms": 6000,
            "heartbeat.interval.ms": 500}
    seen = {}
    assigned = {"a": set(), "b": set()}

    def on_assign(name):
        def cb(consumer, partitions):
            assigned[name] |= {tp.partition for tp in partitions}
        return cb

    def on_revoke(name):
        def cb(consumer, partitions):
            assigned[name] -= {tp.partition for tp in partitions}
        return cb

    a = Consumer(conf)
    a.subscribe([topic], on_assign=on_assign("a"), on_revoke=on_revoke("a"))
    deadline = time.monotonic() + 30
    while len(seen) < n // 3 and time.monotonic() < deadline:
        m = a.poll(0.2)
        if m is not None and not m.error():
            seen.setdefault(m.value(), 0)
            seen[m.value()] += 1
    check(len(assigned["a"]) == 6, "first consumer owns all 6 partitions, has %r" % assigned["a"])
    a.commit(asynchronous=False)

    b = Consumer(conf)
    b.subscribe([topic], on_assign=on_assign("b"), on_revoke=on_revoke("b"))
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        # consume() drains many records per call; poll() returns one, and a consumer with
        # nothing left would then throttle the other to one record per timeout.
        for c in (a, b):
            for m in c.consume(num_messages=500, timeout=0.05):
                if not m.error():
                    seen.setdefault(m.value(), 0)
                    seen[m.value()] += 1
        if len(seen) == n and assigned["a"] and assigned["b"]:
            break
    check(assigned["a"] and assigned["b"],
          "after the second join both consumers own partitions: %r" % assigned)
    check(not (assigned["a"] & assigned["b"]), "no partition is owned twice: %r" % assigned)
    check(assigned["a"] | assigned["b"] == set(range(6)), "every partition is owned: %r" % assigned)
    check(len(seen) == n, "every record read: %d of %d" % (len(seen), n))
    log("cooperative-sticky: incremental rebalance to %d+%d partitions, %d records"
        % (len(assigned["a"]), len(assigned["b"]), len(seen)))
    a.close()
    b.close()


def test_offsets_for_times(ctx):
    topic = "edge-times"
    create_topics(ctx, {topic: (1, {})})
    p = Producer({"bootstrap.servers": ctx.bootstrap})
    base = int(time.time() * 1000) - 200_000  # recent: older data would fall to retention.ms
    for i in range(100):
        p.produce(topic, value=b"x", timestamp=base + i * 1000)
    check(p.flush(30) == 0, "timestamped records delivered")
    c = Consumer({"bootstrap.servers": ctx.bootstrap, "group.id": "edge-times"})
    found = c.offsets_for_times([TopicPartition(topic, 0, base + 41_500)], timeout=10)
    check(found[0].offset == 42, "first record at or after t+41.5s is offset 42, got %d" % found[0].offset)
    found = c.offsets_for_times([TopicPartition(topic, 0, base + 10_000_000)], timeout=10)
    check(found[0].offset in (-1, 100), "a time after the last record finds no offset")
    low, high = c.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
    check((low, high) == (0, 100), "watermarks (0, 100), got %r" % ((low, high),))
    c.close()
    log("offsets_for_times and watermarks ok")


def test_retention_and_compaction(ctx):
    create_topics(ctx, {
        "edge-retained": (1, {"segment.bytes": "4096", "retention.bytes": "8192"}),
        "edge-compacted": (1, {"cleanup.policy": "compact", "segment.bytes": "4096",
                               "min.cleanable.dirty.ratio": "0.01",
                               "delete.retention.ms": "100"}),
    })
    p = Producer({"bootstrap.servers": ctx.bootstrap, "linger.ms": 0, "batch.num.messages": 10})
    for i in range(2000):
        p.produce("edge-retained", value=b"r" * 100)
    keys = 20
    for rnd in range(30):
        for k in range(keys):
            p.produce("edge-compacted", key=b"key-%d" % k, value=b"value-%d-%d" % (k, rnd))
        p.flush(10)
    check(p.flush(30) == 0, "records delivered")
    c = Consumer({"bootstrap.servers": ctx.bootstrap, "group.id": "edge-ret"})

    def start_offset():
        return c.get_watermark_offsets(TopicPartition("edge-retained", 0), timeout=5)[0]

    wait_until(lambda: start_offset() > 0, 20, "retention.bytes to delete old segments")
    log("retention: log start offset moved to %d" % start_offset())

    def read_all(topic):
        cons = Consumer({"bootstrap.servers": ctx.bootstrap, "group.id": "edge-read-%f" % time.time(),
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
        cons.assign([TopicPartition(topic, 0, 0)])
        high = cons.get_watermark_offsets(TopicPartition(topic, 0), timeout=5)[1]
        out = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            m = cons.poll(0.5)
            if m is None:
                if out and out[-1][0] >= high - 1:
                    break
                continue
            if m.error():
                continue
            out.append((m.offset(), m.key(), m.value()))
            if m.offset() >= high - 1:
                break
        cons.close()
        return out

    def compacted():
        return len(read_all("edge-compacted")) < keys * 30

    wait_until(compacted, 30, "compaction to remove superseded values", interval_s=1)
    records = read_all("edge-compacted")
    latest = {}
    for offset, key, value in records:
        latest[key] = value
    check(len(latest) == keys, "every key survives compaction: %d of %d" % (len(latest), keys))
    for k in range(keys):
        check(latest[b"key-%d" % k] == b"value-%d-29" % k, "key-%d keeps its latest value" % k)
    offsets = [o for o, _, _ in records]
    check(offsets == sorted(offsets), "offsets stay in order after compaction")
    log("compaction: %d records left of %d, latest value of each of %d keys kept"
        % (len(records), keys * 30, keys))
    c.close()


def test_min_insync(ctx):
    create_topics(ctx, {"edge-isr": (1, {"min.insync.replicas": "2"})})
    p = Producer({"bootstrap.servers": ctx.bootstrap, "acks": "all", "message.timeout.ms": 3000,
                  "retries": 0})
    errors = []
    p.produce("edge-isr", value=b"x", on_delivery=lambda err, msg: errors.append(err))
    p.flush(10)
    check(errors and errors[0] is not None and "NOT_ENOUGH_REPLICAS" in errors[0].name(),
          "acks=all with min.insync.replicas=2 on one broker fails with NOT_ENOUGH_REPLICAS, got %r"
          % errors)
    p1 = Producer({"bootstrap.servers": ctx.bootstrap, "acks": 1})
    ok = []
    p1.produce("edge-isr", value=b"x", on_delivery=lambda err, msg: ok.append(err))
    p1.flush(10)
    check(ok == [None], "acks=1 is not held to min.insync.replicas")
    log("min.insync.replicas enforced for acks=all")


def test_static_membership(ctx):
    """A static member (group.instance.id) that restarts within its session timeout gets
    its partitions back without a rebalance: the other member sees no revocation."""
    topic = "edge-static"
    create_topics(ctx, {topic: (4, {})})
    events = {"a": [], "b": []}

    def consumer(name):
        c = Consumer({"bootstrap.servers": ctx.bootstrap, "group.id": "edge-static-group",
                      "group.instance.id": "instance-" + name, "session.timeout.ms": 10000,
                      "heartbeat.interval.ms": 500, "auto.offset.reset": "earliest"})
        c.subscribe([topic],
                    on_assign=lambda cons, parts: events[name].append(("assign", sorted(p.partition for p in parts))),
                    on_revoke=lambda cons, parts: events[name].append(("revoke", sorted(p.partition for p in parts))))
        return c

    def settle(consumers, what):
        def stable():
            for c in consumers:
                c.poll(0.1)
            return all(events[n] and events[n][-1][0] == "assign" and events[n][-1][1]
                       for n in ("a", "b"))
        wait_until(stable, 30, what, interval_s=0.05)

    a, b = consumer("a"), consumer("b")
    settle([a, b], "both static members to get partitions")
    before_a = events["a"][-1][1]
    before_b = events["b"][-1][1]
    check(sorted(before_a + before_b) == [0, 1, 2, 3], "partitions split: %r / %r" % (before_a, before_b))
    b_events = len(events["b"])
    a.close()  # a static member leaves no LeaveGroup behind: the group waits for it
    events["a"].clear()
    a = consumer("a")
    wait_until(lambda: [c.poll(0.1) for c in (a, b)] and events["a"] and events["a"][-1][0] == "assign",
               20, "the restarted static member to get its partitions back")
    for _ in range(20):
        for c in (a, b):
            c.poll(0.1)
    check(events["a"][-1][1] == before_a, "restarted member got %r back, had %r" % (events["a"][-1][1], before_a))
    check(len(events["b"]) == b_events,
          "the other member saw no rebalance, but got %r" % (events["b"][b_events:],))
    a.close()
    b.close()
    log("static membership: restarted member kept %r without a rebalance" % (before_a,))


def main(ctx):
    test_bad_input(ctx)
    test_offsets_for_times(ctx)
    test_min_insync(ctx)
    test_retention_and_compaction(ctx)
    test_cooperative_sticky(ctx)
    test_static_membership(ctx)


if __name__ == "__main__":
    harness.run(main, "interop_broker_edges", timeout_s=200,
                broker_props={"log.retention.check.interval.ms": "300",
                              "group.initial.rebalance.delay.ms": "0"})
