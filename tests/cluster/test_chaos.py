#!/usr/bin/python3
"""cluster_chaos: three runneld processes, one replicated topic, kill -9 while producing.

Three brokers in Kafka's combined mode (each a metadata-quorum voter) on fresh log
directories. A topic with replication factor 3 and min.insync.replicas=2 is created, and
kcat -L must show the 3 brokers and every partition with 3 replicas, all in sync.

An idempotent acks=all confluent-kafka producer then writes unique values while a loop
kill -9s a random broker — every other round the active controller — waits, restarts it
on the same directory and ports, and waits until it is back in every ISR. After
RUNNEL_CHAOS_SECONDS (default 60) the loop stops, the producer flushes, and:

- every acknowledged value is read back exactly once (no loss, no duplicate);
- per partition, values appear in the order they were produced;
- every value read is one the producer sent;
- after a clean stop, the three replicas of each partition hold byte-identical logs.

It prints the counts. A soak run: RUNNEL_CHAOS_SECONDS=1800 (ctest label `soak`).
RUNNEL_CHAOS_SEED fixes the kill schedule; RUNNEL_TEST_LOG_LEVEL=debug makes the brokers
log every replica fetch; RUNNEL_KEEP_TMP=1 keeps the scratch dir of a failed run.
"""

import glob
import os
import random
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
import harness  # noqa: E402
from harness import check, log, free_port, wait_until  # noqa: E402
from ck_util import read_partitions  # noqa: E402

from confluent_kafka import Producer  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

TOPIC = "chaos"
PARTITIONS = 6
CHAOS_S = float(os.environ.get("RUNNEL_CHAOS_SECONDS", "60"))
NODES = (1, 2, 3)


class ClusterBroker(harness.ClusterNode):
    """One combined-mode runneld (the harness's cluster member) with a shorter ISR lag and
    leadership moving back to the preferred replicas while producing."""

    def __init__(self, binary, workdir, node_id, voters, controller_port):
        super().__init__(binary, workdir, node_id, voters, controller_port,
                         extra_props={"replica.lag.time.max.ms": "5000",
                                      "leader.imbalance.check.interval.seconds": "5"})

    def launch(self):
        """Starts the process without waiting: a cluster member only serves once a quorum
        of voters is up."""
        check(self.proc is None, "broker %d already running" % self.node_id)
        self._write_props()
        self.starts += 1
        with open(self.stderr_path, "ab") as err:
            err.write(("\n===== runneld start #%d =====\n" % self.starts).encode())
            err.flush()
            level = os.environ.get("RUNNEL_TEST_LOG_LEVEL", "info")
            self.proc = subprocess.Popen([self.binary, "--log-level", level, self.props_path],
                                         stdin=subprocess.DEVNULL,
                                         stdout=err, stderr=err, cwd=self.workdir,
                                         preexec_fn=harness._die_with_parent)

    def wait_serving(self, timeout_s=30):
        self._wait_ready(timeout_s)


def create_topics(admin, topics, timeout_s=30):
    """CreateTopics, retried while a just-registered broker is still fenced (the controller
    counts only unfenced brokers for the replication factor)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            for f in admin.create_topics(topics).values():
                f.result(20)
            return
        except Exception as exc:  # noqa: BLE001
            if "INVALID_REPLICATION_FACTOR" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def cluster_state(bootstrap):
    """(controller id, {partition: (leader, replicas, isrs)}) from Metadata."""
    md = AdminClient({"bootstrap.servers": bootstrap}).list_topics(TOPIC, timeout=5)
    parts = {}
    t = md.topics.get(TOPIC)
    if t is not None and t.error is None:
        for p, pm in t.partitions.items():
            parts[p] = (pm.leader, sorted(pm.replicas), sorted(pm.isrs))
    return md.controller_id, parts


def fully_in_sync(bootstrap):
    try:
        _, parts = cluster_state(bootstrap)
    except Exception:  # noqa: BLE001 - a broker may be down; not in sync yet
        return False
    return len(parts) == PARTITIONS and all(
        leader in NODES and isrs == [1, 2, 3] for leader, _, isrs in parts.values())


def kcat_check(bootstrap):
    # Each broker applies the controller's records on its own (as in Kafka): kcat may ask
    # any of them, so wait until every one, asked alone, lists the topic.
    for address in bootstrap.split(","):
        wait_until(lambda: fully_in_sync(address), 30, "%s to list %s in sync" % (address, TOPIC))
    out = subprocess.run(["kcat", "-L", "-b", bootstrap, "-t", TOPIC], capture_output=True,
                         text=True, timeout=30).stdout
    log("kcat -L:\n" + out)
    check(" 3 brokers:" in out, "kcat -L does not list 3 brokers")
    lines = [ln for ln in out.splitlines() if ln.strip().startswith("partition ")]
    check(len(lines) == PARTITIONS, "kcat -L shows %d partitions, not %d" % (len(lines), PARTITIONS))
    for ln in lines:
        m = re.search(r"leader (\d+), replicas: ([\d,]+), isrs: ([\d,]+)", ln)
        check(m is not None, "unexpected kcat line: %s" % ln)
        reps, isrs = m.group(2).split(","), m.group(3).split(",")
        check(len(set(reps)) == 3, "not RF=3: %s" % ln)
        check(sorted(isrs) == sorted(reps), "not all replicas in sync: %s" % ln)


def partition_bytes(broker, partition):
    data = b""
    for seg in sorted(glob.glob(os.path.join(broker.log_dir, "%s-%d" % (TOPIC, partition), "*.log"))):
        with open(seg, "rb") as f:
            data += f.read()
    return data


def main(binary):
    import tempfile
    import shutil
    workdir = tempfile.mkdtemp(prefix="runnel-cluster-chaos-")
    cports = {n: free_port() for n in NODES}
    voters = ",".join("%d@127.0.0.1:%d" % (n, cports[n]) for n in NODES)
    brokers = {}
    test_done = threading.Event()
    for n in NODES:
        d = os.path.join(workdir, "b%d" % n)
        os.makedirs(d)
        brokers[n] = ClusterBroker(binary, d, n, voters, cports[n])
    ok = False
    try:
        for b in brokers.values():
            b.launch()
        for b in brokers.values():
            b.wait_serving()
        bootstrap = ",".join(b.bootstrap for b in brokers.values())
        log("3 brokers serving: %s" % bootstrap)

        admin = AdminClient({"bootstrap.servers": bootstrap})
        wait_until(lambda: len(admin.list_topics(timeout=5).brokers) == 3, 20, "3 registered brokers")
        create_topics(admin, [NewTopic(TOPIC, PARTITIONS, 3, config={"min.insync.replicas": "2"})])
        wait_until(lambda: fully_in_sync(bootstrap), 20, "topic with every replica in sync")
        kcat_check(bootstrap)

        acked = []   # (partition, offset, seq)
        failed = []
        stop_chaos = threading.Event()
        chaos_done = threading.Event()
        chaos_log = []

        ack_times = []  # monotonic time of each acknowledgement, in arrival order

        def on_delivery(err, msg):
            if err is not None:
                failed.append(str(err))
            else:
                acked.append((msg.partition(), msg.offset(), int(msg.value()[2:])))
                ack_times.append(time.monotonic())

        def chaos():
            rnd = random.Random(int(os.environ.get("RUNNEL_CHAOS_SEED", time.time())))
            round_no = 0
            while not stop_chaos.is_set():
                time.sleep(rnd.uniform(1.0, 3.0))
                if stop_chaos.is_set():
                    break
                victim = rnd.choice(NODES)
                if round_no % 2 == 1:
                    try:
                        controller, _ = cluster_state(bootstrap)
                        if controller in NODES:
                            victim = controller
                    except Exception:  # noqa: BLE001
                        pass
                round_no += 1
                brokers[victim].kill9()
                t_kill = time.monotonic()
                chaos_log.append(victim)
                log("chaos: killed broker %d (round %d)" % (victim, round_no))
                time.sleep(rnd.uniform(0.5, 3.0))
                brokers[victim].launch()
                brokers[victim].wait_serving(60)
                # The next victim only once the restarted broker is back in every ISR, so
                # that a kill never takes the last in-sync copy.
                try:
                    wait_until(lambda: fully_in_sync(bootstrap), 60, "restarted broker back in sync")
                except harness.TestFailure as exc:
                    log("chaos: %s" % exc)
                    raise
                log("chaos: broker %d back in every ISR %.1fs after the kill"
                    % (victim, time.monotonic() - t_kill))

        chaos_error = []

        def chaos_thread():
            try:
                chaos()
            except BaseException as exc:  # noqa: BLE001
                chaos_error.append(exc)
            # Brokers started from this thread die with it (PR_SET_PDEATHSIG follows the
            # thread that forked), so it lives as long as the test.
            chaos_done.set()
            test_done.wait()

        p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True,
                      "linger.ms": 5, "message.timeout.ms": 120000, "retry.backoff.ms": 100,
                      "reconnect.backoff.max.ms": 500, "queue.buffering.max.messages": 200000})
        th = threading.Thread(target=chaos_thread, daemon=True)
        th.start()
        seq = 0
        end = time.monotonic() + CHAOS_S
        while time.monotonic() < end and not chaos_error:
            if seq - len(acked) - len(failed) < 20000:
                for _ in range(200):
                    p.produce(TOPIC, value=b"c-%d" % seq, key=b"%d" % (seq % 97), on_delivery=on_delivery)
                    seq += 1
            p.poll(0.01)
        stop_chaos.set()
        chaos_done.wait(120)
        check(not chaos_error, "chaos loop failed: %s" % (chaos_error[:1],))
        for b in brokers.values():
            if b.proc is None:
                b.launch()
                b.wait_serving(60)
        left = p.flush(150)
        check(left == 0, "%d messages neither delivered nor failed" % left)
        log("produced %d, acknowledged %d, failed %d%s; %d kills (brokers %s)"
            % (seq, len(acked), len(failed), (" e.g. %s" % failed[0]) if failed else "",
               len(chaos_log), chaos_log))
        check(len(chaos_log) >= 2 or CHAOS_S < 10, "the chaos loop killed fewer than 2 brokers")
        gaps = [b - a for a, b in zip(ack_times, ack_times[1:])]
        log("longest pause between two acknowledgements: %.2fs (kills cause them: a killed "
            "leader's partitions fail over once its connections stayed closed for "
            "runnel.broker.connection.loss.ms, 500 ms, then the producer finds the new leader)"
            % max(gaps or [0.0]))
        check(len(acked) > 0, "nothing was acknowledged")

        wait_until(lambda: fully_in_sync(bootstrap), 60, "all replicas in sync after the chaos")
        # A Python consumer reads some 50,000 records a second here; a long run writes
        # millions, so the time allowed grows with what was written.
        got = read_partitions(bootstrap, TOPIC, range(PARTITIONS),
                              timeout_s=max(120, seq // 20000))
        sent = set(range(seq))
        seen = {}
        for part, recs in got.items():
            last = -1
            for off, _, value in recs:
                s = int(value[2:])
                check(s in sent, "partition %d holds a value never produced: %r" % (part, value))
                check(s not in seen, "value %d appears twice (offsets %s and %d/%d)"
                      % (s, seen.get(s), part, off))
                seen[s] = (part, off)
                check(s > last, "partition %d out of order: %d after %d at offset %d" % (part, s, last, off))
                last = s
        missing = [a for a in acked if a[2] not in seen]
        check(not missing, "%d acknowledged values are lost, e.g. %s" % (len(missing), missing[:5]))
        moved = [a for a in acked if seen[a[2]] != (a[0], a[1])]
        check(not moved, "%d acknowledged values are not at their acknowledged offset, e.g. %s"
              % (len(moved), [(a, seen[a[2]]) for a in moved[:5]]))
        log("read %d records: every one of the %d acknowledged values exactly once, in order"
            % (len(seen), len(acked)))

        # Identical replicas: stop cleanly once in sync and compare the segment bytes.
        wait_until(lambda: fully_in_sync(bootstrap), 60, "in sync before the stop")
        time.sleep(1.0)
        for b in brokers.values():
            b.stop()
        for part in range(PARTITIONS):
            copies = {n: partition_bytes(brokers[n], part) for n in NODES}
            sizes = {n: len(c) for n, c in copies.items()}
            check(len(set(copies.values())) == 1,
                  "replicas of partition %d differ (bytes per broker %s)" % (part, sizes))
        log("the 3 replicas of each of the %d partitions are byte-identical" % PARTITIONS)
        ok = True
    except BaseException as exc:  # noqa: BLE001
        import traceback
        print("FAIL: %s: %s" % (type(exc).__name__, exc), flush=True)
        traceback.print_exc(file=sys.stdout)
        for b in brokers.values():
            b.dump_log(60000)
    finally:
        for b in brokers.values():
            b.cleanup()
        test_done.set()
        if ok or not os.environ.get("RUNNEL_KEEP_TMP"):
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print("kept scratch dir %s" % workdir)
    if ok:
        log("PASS cluster_chaos")
        sys.stdout.flush()
        os._exit(0)
    sys.stdout.flush()
    os._exit(1)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: %s PATH/TO/runneld" % sys.argv[0], file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
