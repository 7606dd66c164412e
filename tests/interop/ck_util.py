"""Small helpers on top of confluent-kafka (python3-confluent-kafka) shared by the tests."""

import time

from confluent_kafka import Consumer, KafkaError, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from harness import check, log, wait_until


def admin(bootstrap):
    return AdminClient({"bootstrap.servers": bootstrap})


def create_topics(ctx, specs, timeout_s=30):
    """specs: {name: (partitions, {config: value})}. Creates them and waits until the
    metadata shows every partition with a leader. On the mock (no admin APIs) topics are
    auto-created instead, with the mock's default partition count."""
    if ctx.is_mock:
        c = Consumer({"bootstrap.servers": ctx.bootstrap, "group.id": "mock-meta",
                      "allow.auto.create.topics": True})
        for name in specs:
            wait_until(lambda: _has_topic(c.list_topics(name, timeout=5), name), 10, "mock topic " + name)
        c.close()
        return
    a = admin(ctx.bootstrap)
    rf = ctx.replication_factor
    new = [NewTopic(name, num_partitions=p, replication_factor=rf, config=dict(cfg or {}))
           for name, (p, cfg) in specs.items()]
    futures = a.create_topics(new, operation_timeout=timeout_s, request_timeout=timeout_s)
    for name, f in futures.items():
        try:
            f.result(timeout=timeout_s)
        except Exception as exc:
            raise AssertionError("CreateTopics %s failed: %s" % (name, exc)) from exc
    # In a cluster each broker applies the controller's records on its own (as in Kafka):
    # wait until every broker, asked on its own, shows the topic.
    for name, (p, _) in specs.items():
        for address in ctx.bootstrap.split(","):
            one = admin(address)
            wait_until(lambda: _has_topic(one.list_topics(name, timeout=5), name, p), timeout_s,
                       "topic %s with %d partitions and leaders in the metadata of %s"
                       % (name, p, address))
    log("created topics %s" % ", ".join(specs))


def _has_topic(md, name, partitions=None):
    t = md.topics.get(name)
    if t is None or t.error is not None:
        return False
    if partitions is not None and len(t.partitions) != partitions:
        return False
    return all(pm.leader >= 0 for pm in t.partitions.values()) and len(t.partitions) > 0


def partition_count(bootstrap, topic):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "runnel-meta"})
    try:
        md = c.list_topics(topic, timeout=10)
        return len(md.topics[topic].partitions)
    finally:
        c.close()


def watermarks(bootstrap, topic, partitions):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "runnel-wm"})
    try:
        return {p: c.get_watermark_offsets(TopicPartition(topic, p), timeout=10) for p in partitions}
    finally:
        c.close()


def read_partitions(bootstrap, topic, partitions, timeout_s=60, extra=None):
    """Reads every partition from the beginning up to its high watermark (assign, no group).
    Returns {partition: [(offset, key, value), ...]}."""
    hw = watermarks(bootstrap, topic, partitions)
    conf = {"bootstrap.servers": bootstrap, "group.id": "runnel-reader",
            "enable.auto.commit": False, "enable.partition.eof": True,
            "auto.offset.reset": "earliest"}
    conf.update(extra or {})
    c = Consumer(conf)
    out = {p: [] for p in partitions}
    try:
        todo = {p for p in partitions if hw[p][1] > 0}
        c.assign([TopicPartition(topic, p, 0) for p in partitions])
        deadline = time.monotonic() + timeout_s
        while todo and time.monotonic() < deadline:
            for m in c.consume(1000, timeout=0.5):
                if m.error():
                    if m.error().code() == KafkaError._PARTITION_EOF:
                        if m.offset() >= hw[m.partition()][1]:
                            todo.discard(m.partition())
                        continue
                    raise AssertionError("consume error: %s" % m.error())
                out[m.partition()].append((m.offset(), m.key(), m.value()))
                if m.offset() + 1 >= hw[m.partition()][1]:
                    todo.discard(m.partition())
        check(not todo, "reading %s timed out; partitions %s not read to their high watermark %s"
              % (topic, sorted(todo), {p: hw[p] for p in todo}))
    finally:
        c.close()
    return out
