#!/usr/bin/python3
"""interop_confluent_kafka: confluent-kafka-python 1.7.0 (librdkafka 2.0.2) against runneld.

1. AdminClient: create_topics (one with a retention.ms override), list_topics shows
   them with their partition counts, describe_configs reports the override,
   delete_topics removes one and list_topics no longer shows it.
2. Idempotent producer (enable.idempotence=True): 10,000 records, every delivery
   report succeeds, offsets are 0..n-1 per partition, and reading back finds each
   value exactly once at its reported offset.
3. Manual commits: a consumer with enable.auto.commit=False reads half of a topic,
   committing synchronously, and stops; the broker is restarted (SIGTERM, then started
   on the same directory); the committed offsets survive, and a new consumer in the
   same group resumes exactly after the last commit (no gap, no re-read).
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, log, wait_until  # noqa: E402
from ck_util import create_topics, read_partitions  # noqa: E402

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition  # noqa: E402
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic  # noqa: E402

TOPIC_IDEM = "ck-idem"
TOPIC_RESUME = "ck-resume"
TOPIC_ADMIN = "ck-admin"
TOPIC_DELETE = "ck-delete-me"


def test_admin(ctx):
    if ctx.is_mock:
        create_topics(ctx, {TOPIC_IDEM: (3, {}), TOPIC_RESUME: (2, {})})
        return
    a = AdminClient({"bootstrap.servers": ctx.bootstrap})
    rf = ctx.replication_factor
    futures = a.create_topics([
        NewTopic(TOPIC_IDEM, 3, rf),
        NewTopic(TOPIC_RESUME, 2, rf),
        NewTopic(TOPIC_ADMIN, 2, rf, config={"retention.ms": "7200000"}),
        NewTopic(TOPIC_DELETE, 1, rf),
    ], operation_timeout=30, request_timeout=30)
    for name, f in futures.items():
        try:
            f.result(timeout=30)
        except Exception as exc:
            raise harness.TestFailure("create_topics %s: %s" % (name, exc)) from exc
    want = {TOPIC_IDEM: 3, TOPIC_RESUME: 2, TOPIC_ADMIN: 2, TOPIC_DELETE: 1}

    def listed():
        md = a.list_topics(timeout=10)
        got = {n: len(t.partitions) for n, t in md.topics.items() if n in want and t.error is None}
        return got == want and md
    md = wait_until(listed, 15, "list_topics to show %s" % want)
    check(sorted(md.brokers) == ctx.node_ids,
          "list_topics brokers %s, expected %s" % (sorted(md.brokers), ctx.node_ids))
    log("list_topics: %s" % sorted(md.topics))

    res = a.describe_configs([ConfigResource("topic", TOPIC_ADMIN)], request_timeout=30)
    for resource, f in res.items():
        configs = f.result(timeout=30)
        log("describe_configs %s: %d entries" % (resource, len(configs)))
        entry = configs.get("retention.ms")
        check(entry is not None and entry.value == "7200000",
              "describe_configs retention.ms = %r, expected the override '7200000'"
              % (entry.value if entry else None))

    for name, f in a.delete_topics([TOPIC_DELETE], operation_timeout=30, request_timeout=30).items():
        try:
            f.result(timeout=30)
        except Exception as exc:
            raise harness.TestFailure("delete_topics %s: %s" % (name, exc)) from exc
    wait_until(lambda: TOPIC_DELETE not in a.list_topics(timeout=10).topics, 15,
               "list_topics to stop showing the deleted topic")
    log("AdminClient create/list/describe_configs/delete OK")


def test_idempotent(ctx):
    n = 10000
    reports = []
    errors = []

    def on_delivery(err, msg):
        if err is not None:
            errors.append((err, msg.value()))
        else:
            reports.append((msg.partition(), msg.offset(), msg.value()))

    p = Producer({"bootstrap.servers": ctx.bootstrap, "enable.idempotence": True,
                  "linger.ms": 5, "message.timeout.ms": 30000})
    for i in range(n):
        while True:
            try:
                p.produce(TOPIC_IDEM, key=b"key-%d" % (i % 101), value=b"idem-%06d" % i, on_delivery=on_delivery)
                break
            except BufferError:
                p.poll(0.1)
        p.poll(0)
    left = p.flush(60)
    check(left == 0, "idempotent producer: %d messages still undelivered after 60s" % left)
    check(not errors, "idempotent producer: %d delivery errors, e.g. %s" % (len(errors), errors[:3]))
    check(len(reports) == n, "idempotent producer: %d delivery reports for %d messages" % (len(reports), n))
    by_part = {}
    for part, off, val in reports:
        by_part.setdefault(part, []).append((off, val))
    for part, recs in by_part.items():
        offs = sorted(o for o, _ in recs)
        check(offs == list(range(len(recs))),
              "partition %d: reported offsets are not 0..%d (%d distinct)" % (part, len(recs) - 1, len(set(offs))))
    got = read_partitions(ctx.bootstrap, TOPIC_IDEM, sorted(by_part) if ctx.is_mock else range(3))
    values = [v for recs in got.values() for _, _, v in recs]
    check(len(values) == n, "read back %d records, produced %d exactly once" % (len(values), n))
    check(len(set(values)) == n, "read back %d duplicates" % (len(values) - len(set(values))))
    for part, recs in by_part.items():
        at = {o: v for o, _, v in got[part]}
        bad = [(o, v, at.get(o)) for o, v in recs if at.get(o) != v]
        check(not bad, "partition %d: %d records not at their reported offsets, e.g. %s" % (part, len(bad), bad[:3]))
    log("idempotent producer: %d messages delivered exactly once" % n)


def commit_sync(c):
    """commit(asynchronous=False); 'no offset stored' only means nothing new to commit."""
    try:
        c.commit(asynchronous=False)
    except KafkaException as exc:
        if exc.args[0].code() != KafkaError._NO_OFFSET:
            raise


def consumer(ctx, group):
    return Consumer({"bootstrap.servers": ctx.bootstrap, "group.id": group,
                     "enable.auto.commit": False, "auto.offset.reset": "earliest",
                     "session.timeout.ms": 10000})


def test_resume_after_restart(ctx):
    nparts = 2
    n = 1000
    p = Producer({"bootstrap.servers": ctx.bootstrap, "acks": "all", "linger.ms": 5})
    for i in range(n):
        p.produce(TOPIC_RESUME, value=b"resume-%05d" % i, partition=i % nparts)
    check(p.flush(30) == 0, "producing to %s did not finish" % TOPIC_RESUME)
    group = "ck-resume-group"
    half = n // 2

    # First consumer: process exactly the first half of each partition (storing offsets
    # of processed messages only), committing synchronously as it goes.
    per_part = half // nparts
    c = Consumer({"bootstrap.servers": ctx.bootstrap, "group.id": group,
                  "enable.auto.commit": False, "enable.auto.offset.store": False,
                  "auto.offset.reset": "earliest", "session.timeout.ms": 10000})
    c.subscribe([TOPIC_RESUME])
    first = []
    done = {q: 0 for q in range(nparts)}
    deadline = time.monotonic() + 45
    while len(first) < half and time.monotonic() < deadline:
        m = c.poll(0.5)
        if m is None:
            continue
        check(m.error() is None, "consumer error: %s" % m.error())
        if done[m.partition()] >= per_part:
            c.pause([TopicPartition(TOPIC_RESUME, m.partition())])
            continue
        first.append((m.partition(), m.offset(), m.value()))
        done[m.partition()] += 1
        c.store_offsets(m)
        if len(first) % 50 == 0:
            commit_sync(c)
    check(len(first) == half, "first consumer read %d of %d messages in time (%s)" % (len(first), half, done))
    commit_sync(c)
    committed = {tp.partition: tp.offset
                 for tp in c.committed([TopicPartition(TOPIC_RESUME, q) for q in range(nparts)], timeout=10)}
    c.close()
    want = {q: per_part for q in range(nparts)}
    check(committed == want, "committed offsets %s, expected the processed positions %s" % (committed, want))
    log("first consumer: %d messages, committed %s" % (len(first), committed))

    if ctx.is_mock:
        log("mock: skipping the broker restart")
    else:
        ctx.broker.restart()

    c = consumer(ctx, group)
    try:
        after = {tp.partition: tp.offset
                 for tp in c.committed([TopicPartition(TOPIC_RESUME, q) for q in range(nparts)], timeout=15)}
        check(after == want, "after the broker restart the group's committed offsets are %s, expected %s"
              % (after, want))
        c.subscribe([TOPIC_RESUME])
        second = []
        deadline = time.monotonic() + 45
        while len(second) < n - half and time.monotonic() < deadline:
            m = c.poll(0.5)
            if m is None:
                continue
            if m.error() is not None and m.error().code() == KafkaError._PARTITION_EOF:
                continue
            check(m.error() is None, "consumer error after restart: %s" % m.error())
            second.append((m.partition(), m.offset(), m.value()))
        # Anything beyond the remaining half would be a re-read: give it a moment to show up.
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            m = c.poll(0.2)
            if m is not None and m.error() is None:
                second.append((m.partition(), m.offset(), m.value()))
    finally:
        c.close()
    for q in range(nparts):
        offs = [o for part, o, _ in second if part == q]
        if offs:
            check(offs[0] == want[q], "partition %d: new consumer started at offset %d, last commit was %d"
                  % (q, offs[0], want[q]))
    values = [v for _, _, v in first + second]
    check(len(second) == n - half, "new consumer read %d messages, expected the remaining %d"
          % (len(second), n - half))
    check(sorted(values) == sorted(b"resume-%05d" % i for i in range(n)),
          "first + second consumer did not read every message exactly once (%d reads, %d distinct)"
          % (len(values), len(set(values))))
    log("after the broker restart the group resumed exactly at %s and read the remaining %d" % (want, len(second)))


def main(ctx):
    test_admin(ctx)
    test_idempotent(ctx)
    test_resume_after_restart(ctx)


if __name__ == "__main__":
    harness.run(main, "interop_confluent_kafka", timeout_s=200)
