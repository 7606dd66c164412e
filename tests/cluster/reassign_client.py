"""A small raw-protocol client for AlterPartitionReassignments (API 45),
ListPartitionReassignments (API 46), UnregisterBroker (API 64) and DescribeCluster (API 60)
v0: neither Debian's kafka-python 2.0.2 nor confluent-kafka 1.7's admin client offers them.
All are flexible versions (KIP-482): request header v2, response header v1, compact strings
and arrays, empty tagged fields."""

import socket
import struct

ALTER = 45
LIST = 46


def _uvarint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _compact_string(s):
    if s is None:
        return _uvarint(0)
    b = s.encode()
    return _uvarint(len(b) + 1) + b


def _compact_array(items, enc):
    if items is None:
        return _uvarint(0)
    return _uvarint(len(items) + 1) + b"".join(enc(i) for i in items)


def _int32s(values):
    return _compact_array(values, lambda v: struct.pack(">i", v))


TAGS = _uvarint(0)


class _Reader:
    def __init__(self, data):
        self.d = data
        self.i = 0

    def take(self, n):
        b = self.d[self.i:self.i + n]
        if len(b) != n:
            raise ValueError("truncated response")
        self.i += n
        return b

    def int16(self):
        return struct.unpack(">h", self.take(2))[0]

    def int32(self):
        return struct.unpack(">i", self.take(4))[0]

    def uvarint(self):
        shift = n = 0
        while True:
            b = self.take(1)[0]
            n |= (b & 0x7F) << shift
            if not b & 0x80:
                return n
            shift += 7

    def string(self):
        n = self.uvarint()
        return None if n == 0 else self.take(n - 1).decode()

    def array(self, dec):
        n = self.uvarint()
        return None if n == 0 else [dec() for _ in range(n - 1)]

    def tags(self):
        for _ in range(self.uvarint()):
            self.uvarint()
            self.take(self.uvarint())


def _call(host, port, api_key, body, timeout=30, sock=None):
    """One request on a new connection, or on `sock` (e.g. one already authenticated)."""
    header = struct.pack(">hhi", api_key, 0, 7) + struct.pack(">h", 6) + b"runnel" + TAGS
    frame = header + body
    s = sock or socket.create_connection((host, port), timeout=timeout)
    try:
        s.sendall(struct.pack(">i", len(frame)) + frame)
        size = struct.unpack(">i", _recv(s, 4))[0]
        r = _Reader(_recv(s, size))
    finally:
        if sock is None:
            s.close()
    if r.int32() != 7:
        raise ValueError("correlation id mismatch")
    r.tags()  # response header v1
    return r


def _recv(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("broker closed the connection")
        buf += chunk
    return buf


def alter(host, port, moves, timeout_ms=30000, sock=None):
    """moves: {(topic, partition): [broker ids] or None to cancel}. Returns
    (top error code, top message, {(topic, partition): (error code, message)})."""
    by_topic = {}
    for (t, p), replicas in moves.items():
        by_topic.setdefault(t, []).append((p, replicas))

    def enc_partition(pr):
        p, replicas = pr
        return struct.pack(">i", p) + _int32s(replicas) + TAGS

    def enc_topic(item):
        t, parts = item
        return _compact_string(t) + _compact_array(parts, enc_partition) + TAGS

    body = struct.pack(">i", timeout_ms) + _compact_array(list(by_topic.items()), enc_topic) + TAGS
    r = _call(host, port, ALTER, body, sock=sock)
    r.int32()  # throttle
    top_error, top_message = r.int16(), r.string()
    results = {}

    def dec_partition(topic):
        p, err, msg = r.int32(), r.int16(), r.string()
        r.tags()
        results[(topic, p)] = (err, msg)

    def dec_topic():
        t = r.string()
        r.array(lambda: dec_partition(t))
        r.tags()

    r.array(dec_topic)
    r.tags()
    return top_error, top_message, results


def list_reassignments(host, port, topics=None, sock=None):
    """topics: None for all, or {topic: [partitions]}. Returns (top error code,
    {(topic, partition): (replicas, adding, removing)})."""
    def enc_topic(item):
        t, parts = item
        return _compact_string(t) + _int32s(parts) + TAGS

    body = struct.pack(">i", 30000) + _compact_array(
        None if topics is None else list(topics.items()), enc_topic) + TAGS
    r = _call(host, port, LIST, body, sock=sock)
    r.int32()
    top_error, _ = r.int16(), r.string()
    out = {}

    def dec_partition(topic):
        p = r.int32()
        replicas, adding, removing = (r.array(r.int32) for _ in range(3))
        r.tags()
        out[(topic, p)] = (replicas, adding, removing)

    def dec_topic():
        t = r.string()
        r.array(lambda: dec_partition(t))
        r.tags()

    r.array(dec_topic)
    r.tags()
    return top_error, out


UNREGISTER = 64
DESCRIBE_CLUSTER = 60


def unregister(host, port, broker_id, sock=None):
    """UnregisterBroker (API 64) v0. Returns (error code, message)."""
    r = _call(host, port, UNREGISTER, struct.pack(">i", broker_id) + TAGS, sock=sock)
    r.int32()  # throttle
    err, msg = r.int16(), r.string()
    r.tags()
    return err, msg


def describe_cluster(host, port, sock=None):
    """DescribeCluster (API 60) v0. Returns (error code, controller id, sorted broker ids)."""
    r = _call(host, port, DESCRIBE_CLUSTER, b"\x00" + TAGS, sock=sock)
    r.int32()
    err, _ = r.int16(), r.string()
    r.string()  # cluster id
    controller = r.int32()
    brokers = []

    def dec_broker():
        brokers.append(r.int32())
        r.string()  # host
        r.int32()  # port
        r.string()  # rack
        r.tags()

    r.array(dec_broker)
    r.int32()  # authorized operations
    r.tags()
    return err, controller, sorted(brokers)
