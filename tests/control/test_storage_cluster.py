"""Process-level test of per-broker storage: a real runnel-agent, runneld and a real Kafka
client (confluent-kafka on Debian's python3), driven through runnelctl only.

- A cluster created with a 1 MiB volume per broker (--volume-size-mib) shows it in
  describe-cluster-v2; a producer (retries=0, so the broker's answer reaches it as is)
  fills it and gets KAFKA_STORAGE_ERROR; every acknowledged message is still readable.
- update-broker-storage refuses to shrink (MSK never shrinks), then grows the volume in
  MSK's form (KafkaBrokerNodeId=ALL,VolumeSizeGB=1) as an UPDATE_BROKER_STORAGE
  operation with a step per broker, audited; producing works again and nothing
  acknowledged before is lost.
- A second cluster with a 2 MiB volume and an auto-scaling policy (50 %, at most 3 MiB)
  is filled past 50 %: the agent grows it by itself to 3 MiB (the cap; 2 MiB would
  double to 4), with an operation and an audit event by runnel-agent, and grows it no
  further once it is at the maximum.

    /usr/bin/python3 test_storage_cluster.py PATH/TO/runnelctl PATH/TO/runnel-agent
    (RUNNEL_RUNNELD names the broker binary)
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctl_harness import check, log, run_test, wait_until  # noqa: E402

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

TOPIC = "data"
VALUE = b"x" * 1000


def create_topic(bootstrap):
    a = AdminClient({"bootstrap.servers": bootstrap})
    for f in a.create_topics([NewTopic(TOPIC, 1, 1, config={"segment.bytes": "100000"})],
                             operation_timeout=30).values():
        f.result(timeout=30)


def produce(bootstrap, count, tag, stop_on_error=True, retry=False):
    """Produces up to `count` messages in groups of 20; returns (acked [(offset, value)],
    first error). retry=False: the broker's first answer is final (retries=0); True: an
    idempotent producer that rides over a broker restart (auto-scaling rolls the broker
    while it produces)."""
    conf = {"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 0}
    if retry:
        conf.update({"enable.idempotence": True, "message.timeout.ms": 60000})
    else:
        conf.update({"retries": 0, "message.timeout.ms": 20000})
    p = Producer(conf)
    acked, errors = [], []

    def report(err, msg):
        if err is None:
            acked.append((msg.offset(), msg.value()))
        else:
            errors.append(err)

    for i in range(count):
        p.produce(TOPIC, value=b"%s-%06d-" % (tag, i) + VALUE, partition=0, on_delivery=report)
        if i % 20 == 19:
            p.flush(60)
            if errors and stop_on_error:
                break
    p.flush(60)
    return acked, (errors[0] if errors else None)


def read_all(bootstrap):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "storage-reader",
                  "enable.auto.commit": False, "enable.partition.eof": True})
    try:
        low, high = c.get_watermark_offsets(TopicPartition(TOPIC, 0), timeout=10)
        c.assign([TopicPartition(TOPIC, 0, low)])
        got = {}
        deadline = time.monotonic() + 60
        while len(got) < high - low and time.monotonic() < deadline:
            m = c.poll(0.5)
            if m is None or (m.error() and m.error().code() == KafkaError._PARTITION_EOF):
                continue
            check(m.error() is None, "consumer error: %s" % m.error())
            got[m.offset()] = m.value()
        return got
    finally:
        c.close()


def ebs(env, cluster):
    info = env.ctl_json("describe-cluster-v2", "--cluster-name", cluster)["ClusterInfo"]
    return info["Provisioned"]["BrokerNodeGroupInfo"]["StorageInfo"]["EbsStorageInfo"], info


def storage_operations(env, cluster):
    ops = env.ctl_json("list-cluster-operations", "--cluster-name", cluster)
    return [o for o in ops["ClusterOperationInfoList"] if o["OperationType"] == "UPDATE_BROKER_STORAGE"]


def test_full_then_grow(env):
    cluster = "full"
    env.ctl("create-cluster-v2", "--cluster-name", cluster, "--volume-size-mib", "1")
    size, info = ebs(env, cluster)
    check(size == {"VolumeSize": 1, "VolumeSizeMiB": 1}, "EbsStorageInfo %r" % size)
    bootstrap = info["BootstrapBrokerString"]
    create_topic(bootstrap)

    acked, err = produce(bootstrap, 3000, b"before")
    check(err is not None, "a 1 MiB broker accepted %d messages of 1 KiB" % len(acked))
    check(err.code() == KafkaError.KAFKA_STORAGE_ERROR, "full broker answered %s" % err)
    check(800 <= len(acked) <= 1040, "%d messages acknowledged in 1 MiB" % len(acked))
    log("the producer got %s after %d acknowledged messages" % (err, len(acked)))
    node = env.ctl_json("list-nodes", "--cluster-name", cluster)["NodeInfoList"][0]
    with open(node["BrokerNodeInfo"]["LogFile"], errors="replace") as f:
        check("the broker is full" in f.read(), "the broker's log does not say it is full")

    got = read_all(bootstrap)
    for o, v in acked:
        check(got.get(o) == v, "acknowledged message at offset %d is missing or changed" % o)
    log("all %d acknowledged messages read back" % len(acked))

    # Shrinking is refused with a sentence; so is a size that is not a whole number.
    bad = env.ctl("update-broker-storage", "--cluster-name", cluster,
                  "--target-broker-ebs-volume-info", "KafkaBrokerNodeId=ALL,VolumeSizeMiB=1",
                  expect=1)
    check("already" in bad.stderr, bad.stderr)
    bad = env.ctl("update-broker-storage", "--cluster-name", "full",
                  "--target-broker-ebs-volume-info", "KafkaBrokerNodeId=2,VolumeSizeGB=5",
                  expect=1)
    check("must be ALL" in bad.stderr, bad.stderr)

    out = env.ctl("update-broker-storage", "--cluster-name", cluster,
                  "--target-broker-ebs-volume-info", "KafkaBrokerNodeId=ALL,VolumeSizeGB=1")
    log(out.stdout.strip())
    size, info = ebs(env, cluster)
    check(size == {"VolumeSize": 1, "VolumeSizeMiB": 1024}, "EbsStorageInfo %r" % size)
    check(info["State"] == "ACTIVE", "state %s after the update" % info["State"])
    ops = storage_operations(env, cluster)
    check(len(ops) == 1 and ops[0]["OperationState"] == "UPDATE_COMPLETE", "operations %r" % ops)
    steps = [s["StepName"] for s in ops[0]["OperationSteps"]]
    check(any("Restart broker 1" in s for s in steps), "steps %r" % steps)
    shrink = env.ctl("update-broker-storage", "--cluster-name", cluster,
                     "--target-broker-ebs-volume-info",
                     '[{"KafkaBrokerNodeId":"ALL","VolumeSizeMiB":512}]', expect=1)
    check("never shrinks" in shrink.stderr, shrink.stderr)
    events = env.ctl_json("list-audit-events", "--cluster-name", cluster,
                          "--operation", "UpdateBrokerStorage")["AuditEvents"]
    check([e["Result"] for e in events].count("Success") == 1 and len(events) == 4,
          "audit of UpdateBrokerStorage: %r" % events)

    more, err = produce(bootstrap, 200, b"after")
    check(err is None and len(more) == 200, "after growing: %d acked, error %s" % (len(more), err))
    got = read_all(bootstrap)
    for o, v in acked + more:
        check(got.get(o) == v, "message at offset %d is missing or changed after growing" % o)
    log("producing resumed; all %d messages readable" % len(acked + more))


def test_auto_scaling(env):
    cluster = "auto"
    env.ctl("create-cluster-v2", "--cluster-name", cluster, "--volume-size-mib", "2")
    bad = env.ctl("put-storage-auto-scaling", "--cluster-name", cluster,
                  "--target-utilization", "95", expect=1)
    check("10 to 80" in bad.stderr, bad.stderr)
    policy = env.ctl_json("put-storage-auto-scaling", "--cluster-name", cluster,
                          "--target-utilization", "50", "--max-volume-size-mib", "3")
    check(policy["Enabled"] and policy["TargetUtilization"] == 50
          and policy["MaxVolumeSizeMiB"] == 3, "policy %r" % policy)
    size, info = ebs(env, cluster)
    bootstrap = info["BootstrapBrokerString"]
    create_topic(bootstrap)
    check(storage_operations(env, cluster) == [], "a storage operation before any data")

    acked, err = produce(bootstrap, 1200, b"fill", retry=True)  # about 1.2 MB of 2 MiB: 57 %
    check(err is None, "producing 1.2 MB into 2 MiB failed: %s" % err)
    wait_until(lambda: ebs(env, cluster)[0].get("VolumeSizeMiB") == 3, 40,
               "auto-scaling to grow the volume to 3 MiB")
    wait_until(lambda: ebs(env, cluster)[1]["State"] == "ACTIVE", 40, "the cluster ACTIVE again")
    ops = storage_operations(env, cluster)
    check(len(ops) == 1 and ops[0]["OperationState"] == "UPDATE_COMPLETE", "operations %r" % ops)
    events = env.ctl_json("list-audit-events", "--cluster-name", cluster,
                          "--operation", "StorageAutoScaling")["AuditEvents"]
    check(len(events) == 1 and events[0]["Caller"] == "runnel-agent"
          and events[0]["Result"] == "Success", "audit %r" % events)
    log("auto-scaled: %s" % events[0].get("Message"))

    # Past 50 % of 3 MiB again, but at the maximum: no further growth.
    more, err = produce(bootstrap, 600, b"more", retry=True)
    check(err is None, "producing into 3 MiB failed: %s" % err)
    time.sleep(5)
    check(ebs(env, cluster)[0]["VolumeSizeMiB"] == 3, "grew beyond the policy's maximum")
    check(len(storage_operations(env, cluster)) == 1, "another storage operation at the maximum")
    got = read_all(bootstrap)
    check(len(got) == len(acked) + len(more), "%d readable, %d acknowledged"
          % (len(got), len(acked) + len(more)))


def run(env):
    env.start_agent()
    test_full_then_grow(env)
    test_auto_scaling(env)
    for c in ("full", "auto"):
        env.ctl("delete-cluster", "--cluster-name", c)


if __name__ == "__main__":
    sys.exit(run_test(__doc__, run, prefix="runnel-storage-",
                      extra_env={"RUNNEL_METRICS_INTERVAL_MS": "1000"}))
