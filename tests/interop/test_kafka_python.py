#!/usr/bin/python3
"""interop_kafka_python: kafka-python 2.0.2 (Debian python3-kafka) against runneld.

1. Admin: create_topics (one with a retention.ms override), list_topics shows them,
   describe_configs reports the override, delete_topics removes one and list_topics
   no longer shows it.
2. acks=all producer: 2,000 records to 3 partitions; every send is acknowledged,
   offsets are 0..n-1 per partition, and reading back gives the same values at those
   offsets.
3. Consumer group of 3 members (threads) on a 6-partition topic: the partitions are
   shared out (disjoint, all covered, 2 each); when one member leaves, the other two
   take over all 6; every message produced before and after the departure is consumed
   (at-least-once: none lost).
"""

import logging
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, log, wait_until  # noqa: E402

from kafka import KafkaConsumer, KafkaProducer, TopicPartition  # noqa: E402
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewTopic  # noqa: E402
from kafka.errors import CommitFailedError, KafkaError  # noqa: E402

logging.basicConfig(level=logging.WARNING, stream=sys.stdout,
                    format="%(asctime)s %(name)s %(levelname)s %(message)s")

TOPIC_ACKS = "kp-acks"
TOPIC_GROUP = "kp-group"
TOPIC_DELETE = "kp-delete-me"


def partitions_of(bootstrap, topic):
    c = KafkaConsumer(bootstrap_servers=bootstrap)
    try:
        parts = wait_until(lambda: c.partitions_for_topic(topic), 15, "partitions of " + topic)
        return sorted(parts)
    finally:
        c.close()


def test_admin(ctx):
    if ctx.is_mock:
        # The mock has no admin APIs; auto-create the topics through librdkafka.
        from ck_util import create_topics
        create_topics(ctx, {TOPIC_ACKS: (3, {}), TOPIC_GROUP: (6, {})})
        return
    a = KafkaAdminClient(bootstrap_servers=ctx.bootstrap, client_id="runnel-kp-admin",
                         request_timeout_ms=30000)
    try:
        rf = ctx.replication_factor
        resp = a.create_topics([
            NewTopic(TOPIC_ACKS, 3, rf),
            NewTopic(TOPIC_GROUP, 6, rf, topic_configs={"retention.ms": "3600000"}),
            NewTopic(TOPIC_DELETE, 1, rf),
        ], timeout_ms=30000)
        errors = [(t[0], t[1]) for t in resp.topic_errors if t[1] != 0]
        check(not errors, "create_topics errors: %s" % errors)
        names = wait_until(lambda: (lambda s: s if {TOPIC_ACKS, TOPIC_GROUP, TOPIC_DELETE} <= s else None)(
            set(a.list_topics())), 15, "list_topics to show the new topics")
        log("list_topics: %s" % sorted(names))

        res = a.describe_configs([ConfigResource(ConfigResourceType.TOPIC, TOPIC_GROUP)])
        entries = {}
        for r in res:
            for resource in r.resources:
                err, msg, _rtype, rname, configs = resource[:5]
                check(err == 0, "describe_configs %s: error %s %s" % (rname, err, msg))
                check(rname == TOPIC_GROUP, "describe_configs answered for %r" % rname)
                for entry in configs:
                    entries[entry[0]] = entry[1]
        log("describe_configs %s: %d entries" % (TOPIC_GROUP, len(entries)))
        check(entries.get("retention.ms") == "3600000",
              "describe_configs retention.ms = %r, expected the override '3600000' (entries: %s)"
              % (entries.get("retention.ms"), sorted(entries)[:30]))

        resp = a.delete_topics([TOPIC_DELETE], timeout_ms=30000)
        errors = [t for t in resp.topic_error_codes if t[1] != 0]
        check(not errors, "delete_topics errors: %s" % errors)
        wait_until(lambda: TOPIC_DELETE not in set(a.list_topics()), 15,
                   "list_topics to stop showing the deleted topic")
        log("admin create/list/describe_configs/delete OK")
    finally:
        a.close()


def test_acks_all(ctx):
    nparts = len(partitions_of(ctx.bootstrap, TOPIC_ACKS))
    n = 2000
    p = KafkaProducer(bootstrap_servers=ctx.bootstrap, acks="all", linger_ms=5, retries=3,
                      client_id="runnel-kp-producer")
    futures = []
    for i in range(n):
        futures.append((i % nparts, b"acks-%05d" % i,
                        p.send(TOPIC_ACKS, key=b"k%d" % i, value=b"acks-%05d" % i, partition=i % nparts)))
    p.flush(timeout=30)
    acked = {}
    for part, value, f in futures:
        md = f.get(timeout=30)
        check(md.partition == part, "record went to partition %d, asked for %d" % (md.partition, part))
        acked.setdefault(part, []).append((md.offset, value))
    p.close(timeout=10)
    for part, recs in acked.items():
        offsets = [o for o, _ in recs]
        check(offsets == list(range(len(recs))),
              "acks=all offsets on partition %d are not 0..%d: %s..." % (part, len(recs) - 1, offsets[:10]))
    # Read back with an assigned (group-less) consumer.
    c = KafkaConsumer(bootstrap_servers=ctx.bootstrap, enable_auto_commit=False,
                      auto_offset_reset="earliest", consumer_timeout_ms=5000)
    tps = [TopicPartition(TOPIC_ACKS, q) for q in range(nparts)]
    c.assign(tps)
    c.seek_to_beginning()
    got = {}
    deadline = time.monotonic() + 30
    while sum(len(v) for v in got.values()) < n and time.monotonic() < deadline:
        for tp, msgs in c.poll(timeout_ms=500).items():
            for m in msgs:
                got.setdefault(tp.partition, []).append((m.offset, m.value))
    c.close()
    for part, recs in acked.items():
        check(got.get(part) == recs, "partition %d read back %d records, acknowledged %d (first diff near %s)"
              % (part, len(got.get(part, [])), len(recs),
                 next((x for x in zip(got.get(part, []), recs) if x[0] != x[1]), None)))
    log("acks=all: %d records acknowledged and read back at their offsets" % n)


class Member:
    def __init__(self, ctx, name, consumed, lock):
        self.name = name
        self.consumed = consumed
        self.lock = lock
        self.stop = threading.Event()
        self.assignment = set()
        self.error = None
        self.commit_failures = 0
        self.consumer = KafkaConsumer(
            TOPIC_GROUP, bootstrap_servers=ctx.bootstrap, group_id="kp-group-1",
            client_id="kp-" + name, auto_offset_reset="earliest", enable_auto_commit=False,
            session_timeout_ms=10000, heartbeat_interval_ms=500, max_poll_interval_ms=30000)
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        deadline = time.monotonic() + 120
        try:
            while not self.stop.is_set() and time.monotonic() < deadline:
                batch = self.consumer.poll(timeout_ms=200)
                with self.lock:
                    for tp, msgs in batch.items():
                        for m in msgs:
                            self.consumed.append((self.name, m.partition, m.offset, m.value))
                    self.assignment = {tp.partition for tp in self.consumer.assignment()}
                if batch:
                    try:
                        self.consumer.commit()
                    except CommitFailedError:
                        self.commit_failures += 1
            self.consumer.close()  # leaves the group
        except BaseException as exc:  # noqa: BLE001
            self.error = exc
            raise


def produce(ctx, nparts, start, count):
    p = KafkaProducer(bootstrap_servers=ctx.bootstrap, acks="all", linger_ms=5)
    futures = [p.send(TOPIC_GROUP, value=b"grp-%05d" % i, partition=i % nparts)
               for i in range(start, start + count)]
    p.flush(timeout=30)
    for f in futures:
        f.get(timeout=30)
    p.close(timeout=10)
    return {b"grp-%05d" % i for i in range(start, start + count)}


def check_balanced(members, nparts):
    assignments = [m.assignment for m in members]
    union = set().union(*assignments)
    disjoint = sum(len(a) for a in assignments) == len(union)
    sizes = [len(a) for a in assignments]
    return (union == set(range(nparts)) and disjoint and min(sizes) >= 1
            and max(sizes) - min(sizes) <= 1)


def test_group(ctx):
    nparts = len(partitions_of(ctx.bootstrap, TOPIC_GROUP))
    if not ctx.is_mock:
        check(nparts == 6, "%s has %d partitions, expected 6" % (TOPIC_GROUP, nparts))
    produced = produce(ctx, nparts, 0, 600)
    consumed = []
    lock = threading.Lock()
    members = [Member(ctx, "m%d" % i, consumed, lock) for i in range(3)]
    try:
        for m in members:
            m.thread.start()

        def phase(active, want, what):
            def ok():
                for m in members:
                    if m.error:
                        raise harness.TestFailure("member %s failed: %r" % (m.name, m.error))
                with lock:
                    got = {v for _, _, _, v in consumed}
                    return check_balanced(active, nparts) and want <= got
            try:
                wait_until(ok, 60, what, interval_s=0.2)
            except harness.TestFailure:
                with lock:
                    got = {v for _, _, _, v in consumed}
                    log("assignments: %s; consumed %d of %d distinct"
                        % ({m.name: sorted(m.assignment) for m in members}, len(want & got), len(want)))
                raise

        phase(members, produced, "3 members sharing all %d partitions and consuming the first 600" % nparts)
        with lock:
            log("3 members: %s" % {m.name: sorted(m.assignment) for m in members})
        leaving = members[2]
        leaving.stop.set()
        leaving.thread.join(30)
        check(not leaving.thread.is_alive(), "member m2 did not close within 30s")
        t_left = time.monotonic()
        produced |= produce(ctx, nparts, 600, 600)
        remaining = members[:2]
        phase(remaining, produced, "the 2 remaining members to take over all %d partitions and consume "
              "everything" % nparts)
        with lock:
            log("after m2 left (%.1fs): %s" % (time.monotonic() - t_left,
                                               {m.name: sorted(m.assignment) for m in remaining}))
            values = [v for _, _, _, v in consumed]
        lost = produced - set(values)
        check(not lost, "%d messages never consumed, e.g. %s" % (len(lost), sorted(lost)[:5]))
        dups = len(values) - len(set(values))
        log("group: %d produced, all consumed (%d redeliveries, %d failed commits)"
            % (len(produced), dups, sum(m.commit_failures for m in members)))
    finally:
        for m in members:
            m.stop.set()
        for m in members:
            m.thread.join(20)


def main(ctx):
    test_admin(ctx)
    test_acks_all(ctx)
    test_group(ctx)


if __name__ == "__main__":
    harness.run(main, "interop_kafka_python", timeout_s=200)
