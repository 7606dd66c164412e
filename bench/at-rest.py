#!/usr/bin/python3
"""Produce/consume throughput of runneld with and without encryption at rest.

    /usr/bin/python3 bench/at-rest.py [PATH/TO/runneld]    (default: RUNNELD, else
                                                           build/release, else build/dev)

Starts one runneld in the clear and one with runnel.log.encryption.key.file, each on a
fresh temporary directory and a free loopback port, and alternates the same workload
against them BENCH_REPEATS times (default 3): produce N records of SIZE bytes to 4
partitions with confluent-kafka (acks=1, linger.ms=5, no compression), timed to the last
delivery report; then consume them all from the beginning with an assigned consumer,
timed to the last record. Prints the medians in MB/s of payload and the ratio
encrypted / clear. N and SIZE: BENCH_RECORDS (default 200000), BENCH_SIZE (default 1024).
"""

import os
import secrets
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "interop"))
import harness  # noqa: E402

from confluent_kafka import Consumer, Producer, TopicPartition  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

RECORDS = int(os.environ.get("BENCH_RECORDS", "200000"))
SIZE = int(os.environ.get("BENCH_SIZE", "1024"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
PARTITIONS = 4


def find_runneld():
    if len(sys.argv) > 1:
        return sys.argv[1]
    if os.environ.get("RUNNELD"):
        return os.environ["RUNNELD"]
    for kind in ("release", "dev"):
        p = os.path.join(HERE, "..", "build", kind, "app", "runneld", "runneld")
        if os.access(p, os.X_OK):
            return p
    sys.exit("no runneld: build it or pass its path")


def produce(bootstrap, topic):
    p = Producer({"bootstrap.servers": bootstrap, "acks": "1", "linger.ms": 5,
                  "batch.num.messages": 10000, "batch.size": 1000000,
                  "compression.type": "none", "queue.buffering.max.messages": 500000})
    payload = os.urandom(SIZE // 2).hex().encode()[:SIZE]
    done = [0]

    def on_delivery(err, _msg):
        if err is not None:
            raise RuntimeError(str(err))
        done[0] += 1
    start = time.monotonic()
    for i in range(RECORDS):
        while True:
            try:
                p.produce(topic, payload, partition=i % PARTITIONS, on_delivery=on_delivery)
                break
            except BufferError:
                p.poll(0.01)
        if i % 1000 == 0:
            p.poll(0)
    p.flush(120)
    elapsed = time.monotonic() - start
    assert done[0] == RECORDS, "%d of %d delivered" % (done[0], RECORDS)
    return elapsed


def consume(bootstrap, topic):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "bench",
                  "enable.auto.commit": False, "fetch.max.bytes": 52428800})
    start = time.monotonic()
    c.assign([TopicPartition(topic, p, 0) for p in range(PARTITIONS)])
    got = 0
    deadline = start + 120
    while got < RECORDS and time.monotonic() < deadline:
        for m in c.consume(10000, timeout=0.5):
            if m.error():
                continue
            assert len(m.value()) == SIZE
            got += 1
    elapsed = time.monotonic() - start
    c.close()
    assert got == RECORDS, "consumed %d of %d" % (got, RECORDS)
    return elapsed


def main():
    runneld = find_runneld()
    work = tempfile.mkdtemp(prefix="runnel-bench-at-rest-")
    key = os.path.join(work, "data.key")
    fd = os.open(key, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, secrets.token_hex(32).encode())
    os.close(fd)
    brokers = {
        "clear": harness.Broker(runneld, os.path.join(work, "clear")),
        "encrypted": harness.Broker(runneld, os.path.join(work, "enc"),
                                    extra_props={"runnel.log.encryption.key.file": key}),
    }
    results = {name: {"produce": [], "consume": []} for name in brokers}
    try:
        for b in brokers.values():
            os.makedirs(b.workdir)
            b.start()
        for rep in range(REPEATS):
            for name, b in brokers.items():
                topic = "bench-%d" % rep
                admin = AdminClient({"bootstrap.servers": b.bootstrap})
                admin.create_topics([NewTopic(topic, PARTITIONS, 1)])[topic].result(30)
                results[name]["produce"].append(produce(b.bootstrap, topic))
                results[name]["consume"].append(consume(b.bootstrap, topic))
                print("run %d %-9s produce %.2f s, consume %.2f s"
                      % (rep + 1, name, results[name]["produce"][-1],
                         results[name]["consume"][-1]), flush=True)
    finally:
        for b in brokers.values():
            if b.proc is not None:
                b.stop()
            b.cleanup()
    mb = RECORDS * SIZE / 1e6
    print("\n%d records of %d bytes (%.0f MB), %d partitions, median of %d runs"
          % (RECORDS, SIZE, mb, PARTITIONS, REPEATS))
    print("%-10s %14s %14s" % ("", "produce MB/s", "consume MB/s"))
    med = {n: {k: statistics.median(v) for k, v in r.items()} for n, r in results.items()}
    for name in brokers:
        print("%-10s %14.1f %14.1f" % (name, mb / med[name]["produce"], mb / med[name]["consume"]))
    print("%-10s %14.2f %14.2f" % ("enc/clear", med["clear"]["produce"] / med["encrypted"]["produce"],
                                   med["clear"]["consume"] / med["encrypted"]["consume"]))


if __name__ == "__main__":
    main()
