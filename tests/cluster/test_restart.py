#!/usr/bin/python3
"""cluster_restart: acknowledged writes survive a broker crash (kill -9).

A confluent-kafka producer with acks=all writes a steady stream to 3 partitions and
records every acknowledged (partition, offset, value). In the middle of producing, the
broker is killed with SIGKILL; the producer keeps queueing; the broker is restarted on
the same log directory and port, and the producer delivers the rest. Then everything is
read back from the beginning:

- every acknowledged message is present at its original offset with its value
  (hence in its original order), before and after the crash;
- each partition reads as a contiguous run of offsets from 0, every record being one
  the producer sent (no corruption or garbage from the torn tail);
- the producer got acknowledgements both before the crash and after the restart.
"""

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
import harness  # noqa: E402
from harness import check, log  # noqa: E402
from ck_util import create_topics, read_partitions  # noqa: E402

from confluent_kafka import Producer  # noqa: E402

TOPIC = "cr-topic"
PARTITIONS = 3
TOTAL = 60000
KILL_AFTER_ACKS = 20000
RESTART_AFTER_MORE = 3000   # messages queued while the broker is down
WINDOW = 5000              # produced but not yet acknowledged, while the broker is up
OUTAGE_S = 1.0
CHUNK = 250
CHUNK_PAUSE_S = 0.005


def main(ctx):
    create_topics(ctx, {TOPIC: (PARTITIONS, {})})
    acked = []       # (partition, offset, value, phase)
    failed = []
    phase = ["before"]

    def on_delivery(err, msg):
        if err is not None:
            failed.append((str(err), msg.value()))
        else:
            acked.append((msg.partition(), msg.offset(), msg.value(), phase[0]))

    p = Producer({"bootstrap.servers": ctx.bootstrap, "acks": "all", "linger.ms": 2,
                  "enable.idempotence": False, "message.timeout.ms": 45000,
                  "retry.backoff.ms": 200, "reconnect.backoff.max.ms": 500,
                  "queue.buffering.max.messages": 200000})
    killed_at = restarted_at = None
    kill_time = None
    i = 0
    deadline = time.monotonic() + 90
    while (i < TOTAL or restarted_at is None) and time.monotonic() < deadline:
        in_flight = i - len(acked) - len(failed)
        outage_queue = killed_at is not None and restarted_at is None and i < killed_at + RESTART_AFTER_MORE
        if i < TOTAL and (in_flight < WINDOW or outage_queue):
            for _ in range(CHUNK):
                if i >= TOTAL:
                    break
                p.produce(TOPIC, value=b"cr-%07d" % i, partition=i % PARTITIONS, on_delivery=on_delivery)
                i += 1
        p.poll(CHUNK_PAUSE_S)
        if killed_at is None and len(acked) >= KILL_AFTER_ACKS:
            killed_at = i
            kill_time = time.monotonic()
            if ctx.is_mock:
                log("mock: not killing (acked %d, produced %d)" % (len(acked), i))
            else:
                ctx.broker.kill9()
                log("killed the broker after %d acks, %d produced" % (len(acked), i))
            phase[0] = "outage"
        elif (killed_at is not None and restarted_at is None and i >= killed_at + RESTART_AFTER_MORE
              and time.monotonic() - kill_time >= OUTAGE_S):
            restarted_at = i
            if not ctx.is_mock:
                ctx.broker.start(same_port=True)
            log("restarted the broker; %d produced, %d acknowledged, %d failed so far"
                % (i, len(acked), len(failed)))
            phase[0] = "after"
    check(i == TOTAL, "produced only %d of %d messages in time" % (i, TOTAL))
    check(killed_at is not None, "never reached %d acks before the end of producing (acked %d)"
          % (KILL_AFTER_ACKS, len(acked)))
    check(restarted_at is not None, "producing ended before the restart")
    left = p.flush(60)
    check(left == 0, "%d messages neither delivered nor failed 60s after the restart" % left)
    by_phase = {}
    for a in acked:
        by_phase[a[3]] = by_phase.get(a[3], 0) + 1
    log("acknowledged %d (%s), failed %d%s" % (len(acked), by_phase, len(failed),
                                                (", e.g. %s" % failed[0][0]) if failed else ""))
    check(by_phase.get("before", 0) >= KILL_AFTER_ACKS, "fewer acks than expected before the crash")
    check(ctx.is_mock or by_phase.get("after", 0) > 0, "no message was acknowledged after the broker restart")

    got = read_partitions(ctx.bootstrap, TOPIC, range(PARTITIONS), timeout_s=60)
    sent = {b"cr-%07d" % j for j in range(TOTAL)}
    for part in range(PARTITIONS):
        offs = [o for o, _, _ in got[part]]
        check(offs == list(range(len(offs))),
              "partition %d does not read as contiguous offsets from 0 (first gap near %s)"
              % (part, next((k for k, o in enumerate(offs) if o != k), None)))
        garbage = [v for _, _, v in got[part] if v not in sent]
        check(not garbage, "partition %d holds %d records the producer never sent, e.g. %r"
              % (part, len(garbage), garbage[:3]))
    missing = []
    for part, off, value, ph in acked:
        recs = got[part]
        if off >= len(recs) or recs[off][2] != value:
            missing.append((part, off, value, ph, recs[off][2] if off < len(recs) else None))
    check(not missing, "%d acknowledged messages are not at their original offset after the crash, e.g. %s"
          % (len(missing), missing[:5]))
    total_read = sum(len(r) for r in got.values())
    distinct = len({v for r in got.values() for _, _, v in r})
    log("all %d acknowledged messages present at their offsets; log holds %d records (%d distinct)"
        % (len(acked), total_read, distinct))


if __name__ == "__main__":
    harness.run(main, "cluster_restart", timeout_s=200)
