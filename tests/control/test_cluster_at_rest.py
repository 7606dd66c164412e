"""Process-level test of a 3-broker cluster encrypted at rest, made through runnelctl.

A real runnel-agent makes `create-cluster-v2 --number-of-broker-nodes 3
--encryption-at-rest true`; then:

- describe-cluster-v2 shows EncryptionInfo.EncryptionAtRest with the Runnel-managed key;
- the master key is a 0600 file in the agent's data root, outside every broker's data
  directory; each broker's server.properties names a 0600 data key file outside the data
  root (the agent's runtime dir); the data key itself appears in no file under the data
  root (catalog, agent and broker logs included) — only its wrapped form is stored;
- a topic with replication factor 3 takes marker records with acks=all while one broker
  is killed with SIGKILL and healed by the agent (its replicas catch up through the
  follower path, re-encrypting); every acknowledged record reads back;
- no file under the data root contains the marker.

    /usr/bin/python3 test_cluster_at_rest.py PATH/TO/runnelctl PATH/TO/runnel-agent
    (RUNNEL_RUNNELD names the broker binary)
"""

import os
import signal
import stat
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctl_harness import check, log, run_test, wait_until  # noqa: E402

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

NAME = "enc3"
TOPIC = "card-payments"
PARTITIONS = 3
MARKER = b"CARDHOLDER-PLAINTEXT-91d4"


def nodes(e):
    out = {}
    for n in e.ctl_json("list-nodes", "--cluster-name", NAME)["NodeInfoList"]:
        info = n["BrokerNodeInfo"]
        if info.get("Pid"):
            e.seen_pids.add(info["Pid"])
        out[info["BrokerId"]] = info
    return out


def files_containing(root, needle):
    hits = []
    for dirpath, _, names in os.walk(root):
        for n in names:
            p = os.path.join(dirpath, n)
            try:
                with open(p, "rb") as f:
                    if needle in f.read():
                        hits.append(os.path.relpath(p, root))
            except OSError:
                pass  # removed meanwhile (segments deleted, temporary files)
    return hits


def private(path):
    return stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0


def produce(bootstrap, start, count, acked, failed):
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5,
                  "compression.type": "none", "message.timeout.ms": 60000})

    def on_delivery(err, msg):
        (failed.append(str(err)) if err else acked.add(msg.value()))
    for i in range(start, start + count):
        while True:
            try:
                p.produce(TOPIC, value=MARKER + b"-%06d" % i, partition=i % PARTITIONS,
                          on_delivery=on_delivery)
                break
            except BufferError:
                p.poll(0.05)
        p.poll(0)
    return p


def read_back(bootstrap, expected):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "at-rest",
                  "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    c.assign([TopicPartition(TOPIC, p, 0) for p in range(PARTITIONS)])
    seen = set()
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and not expected <= seen:
            m = c.poll(0.5)
            if m is None:
                continue
            if m.error():
                if m.error().code() != KafkaError._PARTITION_EOF:
                    log("consumer:", m.error())
                continue
            seen.add(m.value())
    finally:
        c.close()
    return seen


def run(e):
    e.start_agent()
    created = e.ctl_json("create-cluster-v2", "--cluster-name", NAME,
                         "--number-of-broker-nodes", "3", "--encryption-at-rest", "true")
    check(created["State"] == "ACTIVE", "the encrypted cluster becomes ACTIVE: %r" % created)
    info = e.ctl_json("describe-cluster-v2", "--cluster-name", NAME)["ClusterInfo"]
    at_rest = info.get("EncryptionInfo", {}).get("EncryptionAtRest")
    check(at_rest == {"DataVolumeKMSKeyId": "runnel-managed"},
          "describe-cluster-v2 shows EncryptionAtRest: %r" % info.get("EncryptionInfo"))
    check("WrappedDataKey" not in str(info), "the wrapped key is not shown: %r" % info)
    bad = e.ctl("create-cluster-v2", "--cluster-name", "x", "--encryption-at-rest", "maybe",
                expect=None)
    check(bad.returncode != 0 and "true or false" in bad.stderr, "a bad flag: %r" % bad.stderr)

    master = os.path.join(e.data, "keys", "master.key")
    check(os.path.isfile(master) and private(master), "a private master key at %s" % master)
    n = nodes(e)
    check(sorted(n) == [1, 2, 3], "three brokers: %r" % n)
    key_files = set()
    for info in n.values():
        props = open(os.path.join(os.path.dirname(info["LogFile"]), "server.properties")).read()
        lines = [ln for ln in props.splitlines()
                 if ln.startswith("runnel.log.encryption.key.file=")]
        check(len(lines) == 1, "server.properties names the key file:\n%s" % props)
        key_files.add(lines[0].split("=", 1)[1])
    check(len(key_files) == 1, "one data key per cluster: %r" % key_files)
    key_file = key_files.pop()
    check(not os.path.abspath(key_file).startswith(os.path.abspath(e.data) + os.sep),
          "the unwrapped key lives outside the data root: %s" % key_file)
    check(private(key_file) and private(os.path.dirname(key_file)),
          "the key file and its directory are private")
    data_key_hex = open(key_file).read().strip()
    check(len(data_key_hex) == 64, "a 256-bit key")

    bootstrap = e.ctl_json("get-bootstrap-brokers", "--cluster-name", NAME)["BootstrapBrokerString"]
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(TOPIC, PARTITIONS, 3, config={"segment.bytes": "65536"})])[
        TOPIC].result(30)
    wait_until(lambda: TOPIC in admin.list_topics(timeout=5).topics, 30, "the topic")

    acked, failed = set(), []
    p = produce(bootstrap, 0, 3000, acked, failed)
    p.flush(60)
    check(len(acked) == 3000, "3000 acknowledged before the kill (%d failed: %s)"
          % (len(failed), failed[:2]))
    controller = next(i for i, info in nodes(e).items() if info.get("ActiveController"))
    victim = 2 if controller != 2 else 3
    old_pid = nodes(e)[victim]["Pid"]
    log("kill -9 broker %d (pid %d)" % (victim, old_pid))
    os.kill(old_pid, signal.SIGKILL)
    p = produce(bootstrap, 3000, 3000, acked, failed)
    wait_until(lambda: e.state(NAME) == "ACTIVE" and nodes(e)[victim]["Pid"] not in (0, old_pid),
               60, "the healed broker and an ACTIVE cluster", interval_s=0.3)
    p.flush(90)
    log("acknowledged %d, failed %d" % (len(acked), len(failed)))
    check(len(acked) > 3000, "acknowledgements after the kill")
    # The healed broker catches up through the follower path; then it alone can serve.
    wait_until(lambda: all(len(pp.isrs) == 3 for pp in admin.list_topics(TOPIC, timeout=5)
                           .topics[TOPIC].partitions.values()), 60, "a full ISR again",
               interval_s=0.5)
    seen = read_back(bootstrap, acked)
    missing = acked - seen
    check(not missing, "%d acknowledged records not read back, e.g. %r"
          % (len(missing), sorted(missing)[:3]))
    log("all %d acknowledged records read back" % len(acked))

    clusters = os.path.join(e.data, "clusters")
    victim_dir = os.path.dirname(nodes(e)[victim]["LogFile"])
    segs = [f for _, _, fs in os.walk(victim_dir) for f in fs if f.endswith(".log")
            and f[0].isdigit()]
    check(len(segs) >= PARTITIONS, "the healed broker holds replica segments: %r" % segs)
    hits = files_containing(clusters, MARKER)
    check(not hits, "files under the brokers' directories contain the plaintext: %s" % hits)
    for needle in (data_key_hex.encode(), data_key_hex.upper().encode(),
                   bytes.fromhex(data_key_hex)):
        hits = files_containing(e.data, needle)
        with open(e.agent_log, "rb") as f:
            if needle in f.read():
                hits.append(e.agent_log)
        check(not hits, "the data key appears in %s" % hits)
    log("no plaintext under %s; the data key is in no file of the data root" % clusters)


if __name__ == "__main__":
    sys.exit(run_test(__doc__, run))
