#!/usr/bin/python3
"""interop_storage_limit: runnel.log.dirs.max.bytes with confluent-kafka (librdkafka 2.0.2).

1. A broker limited to 300,000 bytes of log data; a producer (retries=0, so the broker's
   error reaches the delivery report unchanged) writes 1 KiB messages until a delivery
   fails: the error is KAFKA_STORAGE_ERROR, and the broker's log says it is full.
2. Every acknowledged message is read back, at its reported offset, unchanged.
3. Retention (retention.bytes lowered with AlterConfigs) deletes old segments; producing
   works again.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, log, wait_until  # noqa: E402
from ck_util import admin, create_topics, read_partitions  # noqa: E402

from confluent_kafka import KafkaError, Producer  # noqa: E402
from confluent_kafka.admin import ConfigResource  # noqa: E402

TOPIC = "full-topic"
LIMIT = 300_000


def produce(bootstrap, values):
    """Produces values one at a time; returns ([(value, offset)] acknowledged, first error)."""
    p = Producer({"bootstrap.servers": bootstrap, "retries": 0, "linger.ms": 0,
                  "message.timeout.ms": 20000, "acks": "all"})
    acked, errors = [], []

    def report(err, msg):
        if err is None:
            acked.append((msg.value(), msg.offset()))
        else:
            errors.append(err)

    for v in values:
        p.produce(TOPIC, value=v, partition=0, on_delivery=report)
        p.flush(20)
        if errors:
            break
    p.flush(20)
    return acked, (errors[0] if errors else None)


def main(ctx):
    check(not ctx.is_mock, "this test needs runneld")
    create_topics(ctx, {TOPIC: (1, {"segment.bytes": "20000", "retention.ms": "-1"})})
    values = [b"m%05d-" % i + b"x" * 1000 for i in range(1000)]
    acked, err = produce(ctx.bootstrap, values)
    check(err is not None, "the broker accepted %d KiB past its %d-byte limit" % (len(acked), LIMIT))
    check(err.code() == KafkaError.KAFKA_STORAGE_ERROR,
          "a full broker answered %s, expected KAFKA_STORAGE_ERROR" % err)
    check(200 <= len(acked) <= 300, "%d messages acknowledged before the limit" % len(acked))
    log("after %d acknowledged messages the producer got %s" % (len(acked), err))
    with open(ctx.broker.stderr_path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    check("the broker is full" in text, "the broker's log does not say it is full")

    got = read_partitions(ctx.bootstrap, TOPIC, [0])[0]
    by_offset = {o: v for o, _, v in got}
    for v, o in acked:
        check(by_offset.get(o) == v, "acknowledged message at offset %d is missing or changed" % o)
    log("all %d acknowledged messages read back unchanged" % len(acked))

    # Retention frees room: keep about 40 KB of this topic.
    a = admin(ctx.bootstrap)
    res = a.alter_configs([ConfigResource("topic", TOPIC,
                                          set_config={"segment.bytes": "20000",
                                                      "retention.ms": "-1",
                                                      "retention.bytes": "40000"})])
    for f in res.values():
        f.result(timeout=30)

    def room():
        more, e = produce(ctx.bootstrap, [b"after-retention"])
        return e is None and more
    more = wait_until(room, 30, "producing to work again once retention deleted segments",
                      interval_s=1.0)
    check(more[0][1] > acked[-1][1], "the new message got offset %d, not after %d"
          % (more[0][1], acked[-1][1]))
    log("retention freed room; a new message went to offset %d" % more[0][1])


if __name__ == "__main__":
    harness.run(main, "interop_storage_limit", timeout_s=150,
                broker_props={"runnel.log.dirs.max.bytes": str(LIMIT),
                              "log.retention.check.interval.ms": "500",
                              "offsets.topic.num.partitions": "1"})
