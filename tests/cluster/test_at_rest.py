#!/usr/bin/python3
"""cluster_at_rest: a broker with runnel.log.encryption.key.file keeps no plaintext on disk,
and every acknowledged record survives kill -9 and recovery.

The data key is a 0600 file outside the data directory (as the agent writes it in its
runtime dir). A confluent-kafka producer (acks=all, no compression, so the plaintext
would sit in the segment files verbatim without encryption) writes records carrying a
marker to 3 partitions; the broker is killed with SIGKILL halfway, restarted on the same
directory and port, and the producer delivers the rest. Then:

- every acknowledged record reads back at its original offset with its value;
- no file under the data directory contains the marker (grep of the bytes, the
  __consumer_offsets logs and indexes included);
- the broker refuses to start with a key file other users can read, with another key
  than the one the data was written with, or with none, each with a sentence saying so;
  with the right key it starts and serves everything.
"""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
import harness  # noqa: E402
from harness import check, log  # noqa: E402
from ck_util import create_topics, read_partitions  # noqa: E402

from confluent_kafka import Consumer, Producer, TopicPartition  # noqa: E402

TOPIC = "secret-orders"
PARTITIONS = 3
TOTAL = 6000
KILL_AFTER_ACKS = 3000
MARKER = b"PLAINTEXT-MARKER-5c1e"

KEY_DIR = tempfile.mkdtemp(prefix="runnel-at-rest-key-")
KEY_FILE = os.path.join(KEY_DIR, "data.key")


def write_key(path, mode=0o600):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(32) + "\n")
    os.chmod(path, mode)


def files_containing(root, needle):
    hits = []
    for dirpath, _, names in os.walk(root):
        for n in names:
            p = os.path.join(dirpath, n)
            with open(p, "rb") as f:
                if needle in f.read():
                    hits.append(os.path.relpath(p, root))
    return hits


def value(i):
    return MARKER + b"-%07d-" % i + b"x" * 200


def main(ctx):
    create_topics(ctx, {TOPIC: (PARTITIONS, {"segment.bytes": "65536"})})
    acked = []
    failed = []

    def on_delivery(err, msg):
        if err is not None:
            failed.append(str(err))
        else:
            acked.append((msg.partition(), msg.offset(), msg.value()))

    p = Producer({"bootstrap.servers": ctx.bootstrap, "acks": "all", "linger.ms": 2,
                  "compression.type": "none", "enable.idempotence": False,
                  "message.timeout.ms": 45000, "retry.backoff.ms": 200,
                  "reconnect.backoff.max.ms": 500})
    killed = False
    for i in range(TOTAL):
        while True:
            try:
                p.produce(TOPIC, value=value(i), partition=i % PARTITIONS, on_delivery=on_delivery)
                break
            except BufferError:
                p.poll(0.05)
        p.poll(0)
        if not killed and i >= KILL_AFTER_ACKS:
            p.flush(30)
            check(len(acked) >= KILL_AFTER_ACKS, "only %d acks before the crash" % len(acked))
            ctx.broker.kill9()
            log("killed the broker after %d acks" % len(acked))
            time.sleep(0.5)
            ctx.broker.start(same_port=True)
            killed = True
    check(p.flush(60) == 0, "messages neither delivered nor failed 60 s after the restart")
    log("acknowledged %d, failed %d" % (len(acked), len(failed)))
    check(len(acked) >= TOTAL - len(failed) and len(acked) > KILL_AFTER_ACKS,
          "too few acknowledgements: %d" % len(acked))

    # A second crash right after the writes, so recovery runs over encrypted tails too.
    ctx.broker.kill9()
    ctx.broker.start(same_port=True)

    # Consume through a group too, so __consumer_offsets is written (and checked below).
    c = Consumer({"bootstrap.servers": ctx.bootstrap, "group.id": "at-rest-group",
                  "auto.offset.reset": "earliest", "enable.auto.commit": False})
    c.assign([TopicPartition(TOPIC, 0, 0)])
    msgs = c.consume(10, timeout=10)
    check(msgs and not msgs[0].error(), "group consumer got nothing")
    c.commit(asynchronous=False)
    c.close()

    got = read_partitions(ctx.bootstrap, TOPIC, range(PARTITIONS), timeout_s=60)
    missing = [(part, off) for part, off, v in acked
               if off >= len(got[part]) or got[part][off][2] != v]
    check(not missing, "%d acknowledged records are not at their offsets after recovery, e.g. %s"
          % (len(missing), missing[:5]))
    check(MARKER in got[0][0][2], "the consumer did not get the plaintext back")
    log("all %d acknowledged records read back after two kill -9" % len(acked))

    ctx.broker.stop()
    data_dir = ctx.broker.log_dir
    segments = [n for _, _, ns in os.walk(data_dir) for n in ns if n.endswith(".log")]
    check(len(segments) > PARTITIONS, "expected several segments, found %s" % segments)
    hits = files_containing(data_dir, MARKER)
    check(not hits, "files under the data directory contain the plaintext: %s" % hits)
    log("no file of %d under %s contains the plaintext"
        % (sum(len(ns) for _, _, ns in os.walk(data_dir)), data_dir))

    # A key file other users can read is refused at start-up with a sentence saying so.
    os.chmod(KEY_FILE, 0o644)
    out = run_briefly(ctx.broker)
    check("accessible to other users" in out and "chmod 600" in out,
          "runneld with a world-readable key file did not refuse clearly: %r" % out[-400:])
    os.chmod(KEY_FILE, 0o600)

    # Another key, or none: the broker refuses to start (before recovery could take the
    # wrong key's authentication failures for torn writes), naming what it needs.
    shutil.copy(KEY_FILE, KEY_FILE + ".orig")
    write_key(KEY_FILE)
    out = run_briefly(ctx.broker)
    check("give the broker the key it wrote with" in out,
          "runneld with another key did not refuse clearly: %r" % out[-400:])
    del ctx.broker.extra_props["runnel.log.encryption.key.file"]
    out = run_briefly(ctx.broker)
    check("is encrypted at rest" in out and "runnel.log.encryption.key.file" in out,
          "runneld without its key did not refuse clearly: %r" % out[-400:])
    ctx.broker.extra_props["runnel.log.encryption.key.file"] = KEY_FILE
    shutil.copy(KEY_FILE + ".orig", KEY_FILE)
    ctx.broker.start(same_port=True)
    got = read_partitions(ctx.bootstrap, TOPIC, range(PARTITIONS), timeout_s=60)
    check(sum(len(v) for v in got.values()) == len(acked), "all records back with the right key")
    log("a readable key file, another key and no key are refused; the right key reads all")
    shutil.rmtree(KEY_DIR, ignore_errors=True)


def run_briefly(broker):
    """Runs runneld with the broker's properties until it exits (at most 10 s)."""
    broker._write_props()
    try:
        r = subprocess.run([broker.binary, broker.props_path], capture_output=True, timeout=10)
        return (r.stdout + r.stderr).decode(errors="replace")
    except subprocess.TimeoutExpired as exc:
        return "still running after 10 s: %s" % exc


if __name__ == "__main__":
    write_key(KEY_FILE)
    # harness.run exits the process; main removes KEY_DIR when it passes.
    harness.run(main, "cluster_at_rest", timeout_s=200,
                broker_props={"runnel.log.encryption.key.file": KEY_FILE})
