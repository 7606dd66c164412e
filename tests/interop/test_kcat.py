#!/usr/bin/python3
"""interop_kcat: kcat 1.7.1 (librdkafka 2.0.2) against runneld.

1. `kcat -L -J` lists the broker (id, host:port) and a topic created beforehand with
   its partitions, each led by the broker; asking for an unknown topic reports an
   error and does not create it (auto.create.topics.enable=false).
2. For each codec none/gzip/snappy/lz4/zstd: `kcat -P -z codec` produces 100,000
   messages to one partition, `kcat -C -e` reads them back; every message is intact, in
   order and at offsets 0..N-1 (line-by-line compare plus a SHA-256 of the values).
3. `kcat -G` (balanced consumer group) reads all messages of a 3-partition topic, and
   afterwards the group's committed offsets equal the high watermarks.
"""

import hashlib
import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, log  # noqa: E402

CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]
KCAT_TIMEOUT_S = 60


def kcat(ctx, args, input_path=None, timeout_s=KCAT_TIMEOUT_S):
    cmd = ["kcat", "-b", ctx.bootstrap] + args
    stdin = open(input_path, "rb") if input_path else subprocess.DEVNULL
    try:
        p = ctx.children.popen(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            out, err = p.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            raise harness.TestFailure("%s timed out after %ds; stderr tail:\n%s"
                                      % (" ".join(cmd), timeout_s, err.decode(errors="replace")[-3000:]))
    finally:
        if input_path:
            stdin.close()
    return p.returncode, out, err.decode(errors="replace")


def make_messages(n, seed):
    """Deterministic, varied lines (no newlines inside): compressible and not."""
    rnd = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/"
    words = ["runnel", "kafka", "broker", "partition", "offset", "record", "batch", "codec"]
    lines = []
    for i in range(n):
        if i % 3 == 0:
            body = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 20)))
        else:
            body = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 150)))
        lines.append(("%07d|%s" % (i, body)).encode())
    return lines


def test_metadata(ctx):
    from ck_util import create_topics
    create_topics(ctx, {"kcat-meta": (3, {})})
    rc, out, err = kcat(ctx, ["-L", "-J"], timeout_s=30)
    check(rc == 0, "kcat -L failed (rc %d): %s" % (rc, err))
    md = json.loads(out)
    log("kcat -L: brokers %s, topics %s" % (md.get("brokers"), [t["topic"] for t in md.get("topics", [])]))
    brokers = md.get("brokers", [])
    check(len(brokers) == len(ctx.node_ids),
          "kcat -L shows %d brokers, expected %d: %s" % (len(brokers), len(ctx.node_ids), brokers))
    if not ctx.is_mock:
        ids = sorted(b["id"] for b in brokers)
        check(ids == ctx.node_ids, "broker ids %s, expected node.ids %s" % (ids, ctx.node_ids))
        names = sorted(b["name"] for b in brokers)
        check(names == sorted(ctx.bootstrap.split(",")),
              "broker addresses %s, expected %s" % (names, ctx.bootstrap))
    topics = {t["topic"]: t for t in md.get("topics", [])}
    check("kcat-meta" in topics, "kcat -L does not list topic kcat-meta: %s" % sorted(topics))
    t = topics["kcat-meta"]
    check("error" not in t or not t["error"], "topic kcat-meta has error %s" % t.get("error"))
    if not ctx.is_mock:
        parts = sorted(p["partition"] for p in t["partitions"])
        check(parts == [0, 1, 2], "kcat-meta partitions %s, expected [0, 1, 2]" % parts)
        for p in t["partitions"]:
            check(p["leader"] in ctx.node_ids,
                  "kcat-meta[%d] leader %s, expected one of %s" % (p["partition"], p["leader"], ctx.node_ids))
    rc, out, err = kcat(ctx, ["-L", "-J", "-t", "kcat-meta"], timeout_s=30)
    check(rc == 0 and "kcat-meta" in out.decode(), "kcat -L -t kcat-meta failed: %s" % err)
    if not ctx.is_mock:
        # auto.create.topics.enable is false: asking for an unknown topic reports an error
        # and does not create it.
        rc, out, err = kcat(ctx, ["-L", "-J", "-t", "kcat-no-such-topic"], timeout_s=30)
        topics = {t["topic"]: t for t in json.loads(out).get("topics", [])} if rc == 0 and out else {}
        t = topics.get("kcat-no-such-topic")
        check(t is None or t.get("error"), "kcat -L -t kcat-no-such-topic shows it without an error: %s" % t)
        rc, out, err = kcat(ctx, ["-L", "-J"], timeout_s=30)
        names = [t["topic"] for t in json.loads(out).get("topics", [])]
        check("kcat-no-such-topic" not in names, "asking for metadata of an unknown topic created it: %s" % names)


def test_codec(ctx, codec, n):
    from ck_util import create_topics
    topic = "kcat-codec-%s" % codec
    create_topics(ctx, {topic: (1, {})})
    lines = make_messages(n, seed=CODECS.index(codec) + 1)
    path = os.path.join(ctx.workdir, "%s.txt" % codec)
    with open(path, "wb") as f:
        f.write(b"\n".join(lines) + b"\n")
    rc, _, err = kcat(ctx, ["-P", "-t", topic, "-p", "0", "-z", codec,
                            "-X", "linger.ms=20", "-X", "batch.num.messages=5000"], input_path=path)
    check(rc == 0, "kcat -P -z %s failed (rc %d): %s" % (codec, rc, err[-2000:]))
    check("fail" not in err.lower() and "error" not in err.lower(),
          "kcat -P -z %s reported: %s" % (codec, err[-2000:]))
    rc, out, err = kcat(ctx, ["-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-q",
                              "-f", "%o|%s\\n"])
    check(rc == 0, "kcat -C (%s) failed (rc %d): %s" % (codec, rc, err[-2000:]))
    got = out.split(b"\n")
    if got and got[-1] == b"":
        got.pop()
    check(len(got) == n, "%s: read back %d messages, produced %d" % (codec, len(got), n))
    want_digest = hashlib.sha256()
    got_digest = hashlib.sha256()
    for i, (line, want) in enumerate(zip(got, lines)):
        off, _, value = line.partition(b"|")
        if int(off) != i or value != want:
            raise harness.TestFailure("%s: message %d differs: got offset %s value %r, expected offset %d value %r"
                                      % (codec, i, off, value[:80], i, want[:80]))
        want_digest.update(want + b"\n")
        got_digest.update(value + b"\n")
    check(want_digest.digest() == got_digest.digest(), "%s: checksum mismatch" % codec)
    log("codec %-6s: %d messages intact and in order, sha256 %s" % (codec, n, got_digest.hexdigest()[:16]))
    os.unlink(path)


def test_group(ctx):
    from confluent_kafka import Consumer, TopicPartition

    from ck_util import create_topics, partition_count, watermarks
    topic = "kcat-group"
    create_topics(ctx, {topic: (3, {})})
    nparts = partition_count(ctx.bootstrap, topic)
    n = 3000
    path = os.path.join(ctx.workdir, "group.txt")
    with open(path, "wb") as f:
        for i in range(n):
            f.write(b"k%d:grp-%05d\n" % (i % 17, i))
    rc, _, err = kcat(ctx, ["-P", "-t", topic, "-K", ":"], input_path=path)
    check(rc == 0, "kcat -P (keyed) failed: %s" % err[-2000:])
    hw = watermarks(ctx.bootstrap, topic, range(nparts))
    check(sum(h for _, h in hw.values()) == n, "high watermarks %s do not add up to %d" % (hw, n))
    check(sum(1 for _, h in hw.values() if h > 0) >= 2, "keyed messages all went to one partition: %s" % hw)
    rc, out, err = kcat(ctx, ["-G", "kcat-grp", topic, "-e", "-q", "-f", "%p|%o|%s\\n",
                              "-X", "auto.offset.reset=earliest"], timeout_s=90)
    check(rc == 0, "kcat -G failed (rc %d): %s" % (rc, err[-2000:]))
    got = [line.split(b"|", 2) for line in out.split(b"\n") if line]
    values = sorted(v.decode() for _, _, v in got)
    check(values == sorted("grp-%05d" % i for i in range(n)),
          "kcat -G read %d messages (%d distinct), expected the %d produced"
          % (len(values), len(set(values)), n))
    # Offsets of the group: kcat commits on close; a restart of the group must not re-read.
    c = Consumer({"bootstrap.servers": ctx.bootstrap, "group.id": "kcat-grp"})
    try:
        committed = c.committed([TopicPartition(topic, p) for p in range(nparts)], timeout=10)
    finally:
        c.close()
    got_offsets = {tp.partition: tp.offset for tp in committed}
    want = {p: hw[p][1] for p in range(nparts) if hw[p][1] > 0}
    check(all(got_offsets.get(p) == o for p, o in want.items()),
          "committed offsets of group kcat-grp %s, expected the high watermarks %s" % (got_offsets, want))
    log("kcat -G read all %d messages; committed offsets %s" % (n, got_offsets))


def main(ctx):
    test_metadata(ctx)
    # The mock prunes partitions beyond 5 MiB, so it gets fewer messages.
    n = 20000 if ctx.is_mock else int(os.environ.get("RUNNEL_KCAT_MESSAGES", "100000"))
    for codec in CODECS:
        test_codec(ctx, codec, n)
    test_group(ctx)


if __name__ == "__main__":
    harness.run(main, "interop_kcat", timeout_s=280)
