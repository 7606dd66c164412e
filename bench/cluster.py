#!/usr/bin/python3
"""The replicated-cluster benchmarks of issue 3; run through bench/cluster.sh.

    /usr/bin/python3 bench/cluster.py RUNNELD RDKAFKA_BENCH

Starts three combined-mode runneld processes (the voters of one metadata quorum) and one
single runneld on fresh directories under one scratch directory and free loopback ports,
measures the disk's synced sequential-write bandwidth with dd in that directory, and
prints, each next to its same-run reference:

1. produce throughput, acks=all, 1 KiB and 100-byte records: RF=3 on the cluster vs the
   single broker (RF=1) vs librdkafka's mock cluster (3 brokers, RF=3, in memory);
2. end-to-end latency percentiles at a fixed rate (10 MB/s of 1 KiB records), the same
   three targets;
3. failover: kill -9 of a partition's leader while an acks=all producer writes; the time
   from the kill to the first acknowledgement of a record produced after it, a few
   rounds, on the cluster as started (broker defaults) and on a second cluster with a
   shorter broker.session.timeout.ms;

and what bounds each figure: every broker's CPU time (from /proc/PID/stat), bytes it
wrote (/proc/PID/io), the time its threads waited for a CPU (/proc/PID/task/*/schedstat),
where its event loop is (blocked in fdatasync, running, in socket/file I/O, idle:
sampled from /proc/PID/syscall every 4 ms; runneld has one thread), the disk's write and
flush requests (/proc/diskstats, the whole device, so other work on the machine counts
too) and the client's own CPU time. runneld's metrics endpoint has no sync count. The load average is
printed with the results. Settings are environment variables (see bench/cluster.sh).
"""

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "interop"))
from harness import _die_with_parent, api_versions_probe, free_port  # noqa: E402

from confluent_kafka import Producer  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402


def env_int(name, default):
    value = os.environ.get(name, str(default))
    try:
        return int(value)
    except ValueError:
        sys.exit("bench: %s must be a whole number, not %r" % (name, value))


def env_float(name, default):
    value = os.environ.get(name, str(default))
    try:
        return float(value)
    except ValueError:
        sys.exit("bench: %s must be a number, not %r" % (name, value))


REPEATS = env_int("BENCH_REPEATS", 2)
PARTITIONS = env_int("BENCH_PARTITIONS", 16)
N_1024 = env_int("BENCH_N_1024", 200000)
N_100 = env_int("BENCH_N_100", 1000000)
LINGER = env_int("BENCH_LINGER_MS", 5)
BATCH_NUM = env_int("BENCH_BATCH_NUM", 10000)
BATCH_BYTES = env_int("BENCH_BATCH_BYTES", 1000000)
def env_rates(name, default):
    value = os.environ.get(name, default)
    try:
        rates = [float(x) for x in value.split()]
    except ValueError:
        rates = []
    if not rates or min(rates) <= 0:
        sys.exit("bench: %s must be one or more rates in MB/s above 0 (e.g. \"10 1\"), not %r" % (name, value))
    return rates


LAT_RATES = env_rates("BENCH_LAT_RATES", "10 1")
LAT_SECONDS = env_float("BENCH_LAT_SECONDS", 5)
LAT_PARTITIONS = env_int("BENCH_LAT_PARTITIONS", 3)
LAT_LINGER = env_int("BENCH_LAT_LINGER_MS", 0)
LAT_TARGETS = os.environ.get("BENCH_LAT_TARGETS", "mock acks1 single cluster cluster-l5").split()
FAILOVER_ROUNDS = env_int("BENCH_FAILOVER_ROUNDS", 3)
FAST_SESSION_MS = env_int("BENCH_FAST_SESSION_MS", 1000)
DD_MB = env_int("BENCH_DD_MB", 512)
SKIP = set(os.environ.get("BENCH_SKIP", "").split())
# extra server.properties lines for the three cluster brokers, e.g. "write.caching.default=true"
CLUSTER_PROPS = os.environ.get("BENCH_CLUSTER_PROPS", "").split()
KEEP_LOGS = []  # cluster directories whose logs explain a failed failover round  # any of: throughput latency failover
CLK_TCK = os.sysconf("SC_CLK_TCK")
T0 = time.monotonic()


def say(*args):
    print("[%6.1fs]" % (time.monotonic() - T0), *args, file=sys.stderr, flush=True)


def loadavg():
    return "%.2f %.2f %.2f" % os.getloadavg()


# --- processes -------------------------------------------------------------------------


class Runneld:
    """One runneld on its own directory; ports chosen once so that a restart keeps them."""

    def __init__(self, binary, workdir, node_id, extra=None):
        self.binary = binary
        self.dir = workdir
        self.node_id = node_id
        self.port = free_port()
        self.extra = list(extra or [])
        self.proc = None
        self.props = os.path.join(workdir, "server.properties")
        self.log = os.path.join(workdir, "runneld.log")
        os.makedirs(os.path.join(workdir, "data"), exist_ok=True)

    @property
    def bootstrap(self):
        return "127.0.0.1:%d" % self.port

    def write_props(self):
        lines = ["node.id=%d" % self.node_id,
                 "log.dirs=%s" % os.path.join(self.dir, "data")]
        lines += self.extra
        if not any(x.startswith("listeners=") for x in self.extra):
            lines.append("listeners=PLAINTEXT://127.0.0.1:%d" % self.port)
        with open(self.props, "w") as f:
            f.write("\n".join(lines) + "\n")

    def launch(self):
        self.write_props()
        with open(self.log, "ab") as err:
            self.proc = subprocess.Popen([self.binary, self.props], stdin=subprocess.DEVNULL,
                                         stdout=err, stderr=err, cwd=self.dir,
                                         preexec_fn=_die_with_parent)

    def wait_serving(self, timeout_s=60):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.fail("runneld %d exited with status %s while starting"
                          % (self.node_id, self.proc.returncode))
            try:
                if api_versions_probe("127.0.0.1", self.port, timeout_s=1.0):
                    return
            except (OSError, ConnectionError, ValueError):
                pass
            time.sleep(0.05)
        self.fail("runneld %d did not answer on %s within %.0f s" % (self.node_id, self.bootstrap, timeout_s))

    def fail(self, message):
        try:
            with open(self.log, "rb") as f:
                tail = f.read()[-4000:].decode("utf-8", "replace")
        except OSError:
            tail = "(no log)"
        raise RuntimeError("%s; the end of its log:\n%s" % (message, tail))

    def kill9(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(15)
        self.proc = None

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def sample(self):
        """(cpu seconds, bytes written to storage, seconds its threads waited for a CPU) of
        the process so far."""
        pid = self.proc.pid
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / CLK_TCK
        io = {}
        with open("/proc/%d/io" % pid) as f:
            for line in f:
                k, v = line.split(":")
                io[k] = int(v)
        waited = 0
        for tid in os.listdir("/proc/%d/task" % pid):
            try:
                with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                    waited += int(f.read().split()[1])
            except (OSError, IndexError, ValueError):
                pass  # a thread that just ended
        return cpu, io.get("write_bytes", 0), waited / 1e9


class Cluster:
    """Three combined-mode brokers, each a voter of the metadata quorum."""

    def __init__(self, binary, workdir, extra=()):
        cports = {n: free_port() for n in (1, 2, 3)}
        voters = ",".join("%d@127.0.0.1:%d" % (n, cports[n]) for n in (1, 2, 3))
        self.brokers = {}
        for n in (1, 2, 3):
            b = Runneld(binary, os.path.join(workdir, "b%d" % n), n)
            b.extra = [
                "process.roles=broker,controller",
                "controller.quorum.voters=%s" % voters,
                "listeners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d" % (b.port, cports[n]),
                "advertised.listeners=PLAINTEXT://127.0.0.1:%d" % b.port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
            ] + list(extra)
            self.brokers[n] = b

    @property
    def bootstrap(self):
        return ",".join(b.bootstrap for b in self.brokers.values())

    def start(self):
        for b in self.brokers.values():
            b.launch()
        for b in self.brokers.values():
            b.wait_serving()
        admin = AdminClient({"bootstrap.servers": self.bootstrap})
        deadline = time.monotonic() + 30
        while len(admin.list_topics(timeout=5).brokers) < 3:
            if time.monotonic() > deadline:
                raise RuntimeError("the cluster did not register 3 brokers within 30 s")
            time.sleep(0.2)

    def stop(self):
        for b in self.brokers.values():
            b.stop()

    def state(self, topic):
        """(controller id, {partition: (leader, sorted isr)}) from Metadata."""
        md = AdminClient({"bootstrap.servers": self.bootstrap}).list_topics(topic, timeout=5)
        t = md.topics.get(topic)
        parts = {}
        if t is not None and t.error is None:
            parts = {p: (pm.leader, sorted(pm.isrs)) for p, pm in t.partitions.items()}
        return md.controller_id, parts


# --- measurements ----------------------------------------------------------------------


def disk_device(path):
    st = os.stat(path)
    major, minor = os.major(st.st_dev), os.minor(st.st_dev)
    try:
        name = os.path.basename(os.path.realpath("/sys/dev/block/%d:%d" % (major, minor)))
    except OSError:
        name = None
    return name


def diskstats(dev):
    """(writes completed, MB written, flush requests completed) of the device, or None."""
    if not dev:
        return None
    with open("/proc/diskstats") as f:
        for line in f:
            p = line.split()
            if len(p) >= 3 and p[2] == dev:
                flushes = int(p[17]) if len(p) >= 18 else 0
                return int(p[7]), int(p[9]) * 512 / 1e6, flushes
    return None


# x86-64 system call numbers that /proc/PID/syscall shows for a blocked thread.
SYSCALLS = {74: "sync", 75: "sync", 232: "idle", 281: "idle", 7: "idle", 0: "io", 1: "io", 17: "io", 18: "io",
            19: "io", 20: "io", 44: "io", 45: "io", 46: "io", 47: "io"}


class LoopSampler(threading.Thread):
    """Samples where each broker's event loop (its only thread, the process itself) is,
    every few milliseconds, from /proc/PID/syscall: running or runnable ("run"), blocked in
    fsync/fdatasync ("sync"), waiting for events ("idle"), in a socket or file read/write
    ("io"), or elsewhere ("other"). A poor man's profiler that needs no perf."""

    def __init__(self, brokers, interval_s=0.004):
        super().__init__(daemon=True)
        self.paths = {b.node_id: "/proc/%d/syscall" % b.proc.pid for b in brokers}
        self.counts = {n: {} for n in self.paths}
        self.interval = interval_s
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(self.interval):
            for n, path in self.paths.items():
                try:
                    with open(path) as f:
                        first = f.read().split(" ", 1)[0].strip()
                except OSError:
                    continue
                if first == "running":
                    kind = "run"
                else:
                    try:
                        kind = SYSCALLS.get(int(first), "other")
                    except ValueError:
                        kind = "other"
                c = self.counts[n]
                c[kind] = c.get(kind, 0) + 1

    def shares(self, n):
        c = self.counts[n]
        total = sum(c.values()) or 1
        return {k: 100.0 * v / total for k, v in c.items()}


class Probe:
    """CPU, storage writes, disk syncs and event-loop samples of the given brokers over
    one timed run."""

    def __init__(self, brokers, dev):
        self.brokers = brokers
        self.dev = dev

    def __enter__(self):
        self.t = time.monotonic()
        self.before = {b.node_id: b.sample() for b in self.brokers}
        self.disk = diskstats(self.dev)
        self.sampler = LoopSampler(self.brokers)
        self.sampler.start()
        return self

    def __exit__(self, *exc):
        self.sampler.done.set()
        self.sampler.join()
        self.wall = time.monotonic() - self.t
        self.after = {b.node_id: b.sample() for b in self.brokers}
        disk = diskstats(self.dev)
        self.cpu = {n: self.after[n][0] - self.before[n][0] for n in self.before}
        self.written = {n: (self.after[n][1] - self.before[n][1]) / 1e6 for n in self.before}
        self.runq = {n: self.after[n][2] - self.before[n][2] for n in self.before}
        self.dev_writes = self.dev_mb = self.dev_flushes = None
        if self.disk and disk:
            self.dev_writes = disk[0] - self.disk[0]
            self.dev_mb = disk[1] - self.disk[1]
            self.dev_flushes = disk[2] - self.disk[2]
        return False

    def summary(self):
        cpu = " ".join("b%d %.2fs (%.0f%%, %.0f%% waiting for a CPU)"
                       % (n, c, 100 * c / self.wall, 100 * self.runq[n] / self.wall)
                       for n, c in sorted(self.cpu.items()))
        wr = " ".join("b%d %.0f" % (n, w) for n, w in sorted(self.written.items()))
        loops = []
        for n in sorted(self.cpu):
            sh = self.sampler.shares(n)
            loops.append("b%d %s" % (n, "/".join("%.0f" % sh.get(k, 0.0)
                                                 for k in ("sync", "run", "io", "idle", "other"))))
        s = "broker CPU %s; MB written %s; event loop %% in sync/run(nable)/io/idle/other: %s" % (
            cpu, wr, " ".join(loops))
        if self.dev_flushes is not None:
            s += "; disk %s: %d flushes (%.0f/s), %d writes, %.0f MB" % (
                self.dev, self.dev_flushes, self.dev_flushes / self.wall, self.dev_writes, self.dev_mb)
        return s


def dd_disk(directory, mb):
    """The disk under directory, measured with dd: MB/s writing mb MiB with one fdatasync
    at the end ("fdatasync") and with every 1 MiB write synced ("dsync"), and the
    milliseconds one synced 4 KiB write takes ("sync_ms", the floor of every group commit)."""
    path = os.path.join(directory, "dd.bin")
    out = {}
    for label, bs, count, flags in (("fdatasync", 1048576, mb, ["conv=fdatasync"]),
                                    ("dsync", 1048576, max(mb // 4, 16), ["oflag=dsync"]),
                                    ("sync_ms", 4096, 200, ["oflag=dsync"])):
        t = time.monotonic()
        r = subprocess.run(["dd", "if=/dev/zero", "of=%s" % path, "bs=%d" % bs, "count=%d" % count] + flags,
                           capture_output=True, text=True)
        wall = time.monotonic() - t
        if r.returncode != 0:
            raise RuntimeError("dd failed: %s" % r.stderr.strip())
        out[label] = 1000 * wall / count if label == "sync_ms" else count * bs / 1e6 / wall
        os.unlink(path)
    return out


def run_client(bench, args, label):
    cmd = [bench] + args + ["-T", label]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=400)
    for line in r.stderr.splitlines():
        say("  " + line)
    if r.returncode != 0:
        raise RuntimeError("%s failed (%s): %s" % (label, " ".join(cmd), r.stderr.strip()[-2000:]))
    for line in r.stdout.splitlines():
        if line.startswith("RESULT "):
            return dict(f.split("=", 1) for f in line.split()[1:])
    raise RuntimeError("%s printed no RESULT line" % label)


# --- failover --------------------------------------------------------------------------


def failover_rounds(cluster, rounds, label):
    """kill -9 the leader of partition 0 while producing; seconds from the kill to the first
    acknowledgement of a record produced after it. Returns one (seconds or None, killed
    broker, whether it was the active controller, leader afterwards) per round."""
    topic = "failover-%s" % label
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap})
    for f in admin.create_topics([NewTopic(topic, 1, 3, config={"min.insync.replicas": "2"})]).values():
        f.result(30)
    wait_in_sync(cluster, topic, 30)
    results = []
    for rnd in range(rounds):
        controller, parts = cluster.state(topic)
        leader = parts[0][0]
        state = {"seq": 0, "kill_seq": None, "acked_after": None, "errors": 0, "acks": 0}
        lock = threading.Lock()

        def on_delivery(err, msg):
            with lock:
                if err is not None:
                    state["errors"] += 1
                    return
                state["acks"] += 1
                seq = int(msg.value())
                if state["kill_seq"] is not None and seq >= state["kill_seq"] and state["acked_after"] is None:
                    state["acked_after"] = time.monotonic()

        # log_level 2: the connection refusals from the killed broker are expected.
        p = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all", "enable.idempotence": True,
                      "linger.ms": 0, "message.timeout.ms": 60000, "log_level": 2})
        t_end_warm = time.monotonic() + 1.0
        t_kill = None
        new_leader_seen = None
        deadline = None
        while True:
            now = time.monotonic()
            p.produce(topic, value=b"%d" % state["seq"], partition=0, on_delivery=on_delivery)
            state["seq"] += 1
            p.poll(0.001)
            if t_kill is None and now >= t_end_warm and state["acks"] > 0:
                try:
                    controller, parts = cluster.state(topic)
                    leader, isr_before = parts[0]
                except Exception:  # noqa: BLE001 - keep the leader found at the start
                    isr_before = None
                cluster.brokers[leader].kill9()
                t_kill = time.monotonic()
                with lock:
                    state["kill_seq"] = state["seq"]
                deadline = t_kill + 40
            if t_kill is not None:
                with lock:
                    done = state["acked_after"] is not None
                if done or time.monotonic() > deadline:
                    break
        left = p.flush(60)
        t_ack = state["acked_after"]
        try:
            _, parts = cluster.state(topic)
            new_leader_seen = parts.get(0, (None,))[0]
        except Exception:  # noqa: BLE001
            pass
        if t_ack is None:
            say("failover %s round %d: no acknowledgement within 40 s of killing broker %d (ISR just "
                "before the kill %s; leader now %s; the brokers' logs are in %s)"
                % (label, rnd + 1, leader, isr_before, new_leader_seen,
                   os.path.dirname(cluster.brokers[leader].dir)))
            KEEP_LOGS.append(os.path.dirname(cluster.brokers[leader].dir))
            results.append((None, leader, leader == controller, new_leader_seen))
        else:
            secs = t_ack - t_kill
            say("failover %s round %d: killed leader broker %d%s; next acknowledged write %.3f s later "
                "(new leader %s; %d records unsent at the end, %d delivery errors)"
                % (label, rnd + 1, leader, " (the active controller)" if leader == controller else "",
                   secs, new_leader_seen, left, state["errors"]))
            results.append((secs, leader, leader == controller, new_leader_seen))
        b = cluster.brokers[leader]
        b.launch()
        b.wait_serving()
        wait_in_sync(cluster, topic, 60)
    return results


def wait_in_sync(cluster, topic, timeout_s):
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            _, parts = cluster.state(topic)
            if parts and all(leader in (1, 2, 3) and isr == [1, 2, 3] for leader, isr in parts.values()):
                return
        except Exception:  # noqa: BLE001 - a broker may be restarting
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("topic %s not fully in sync within %.0f s" % (topic, timeout_s))
        time.sleep(0.2)


# --- main ------------------------------------------------------------------------------


def main(runneld, bench):
    work = tempfile.mkdtemp(prefix="runnel-bench-cluster-")
    dev = disk_device(work)
    cluster = Cluster(runneld, os.path.join(work, "cluster"), CLUSTER_PROPS)
    single = Runneld(runneld, os.path.join(work, "single"), 1)
    lines = []  # the report
    verdicts = []
    ok = False
    try:
        say("scratch %s on device %s; load average %s" % (work, dev, loadavg()))
        single.launch()
        cluster.start()
        single.wait_serving()
        say("cluster %s and single broker %s serving" % (cluster.bootstrap, single.bootstrap))
        brokers = list(cluster.brokers.values())

        disk = dd_disk(work, DD_MB)
        say("disk: dd 1 MiB writes + one fdatasync %.0f MB/s; every 1 MiB write synced (oflag=dsync) %.0f MB/s; "
            "a synced 4 KiB write %.2f ms" % (disk["fdatasync"], disk["dsync"], disk["sync_ms"]))
        lines.append("load average at start: %s   (2 cores shared with other work: figures are noisy)"
                     % loadavg())
        lines.append("disk (%s, same run, dd): %.0f MB/s streaming with one fdatasync, %.0f MB/s with every "
                     "1 MiB write synced; one synced 4 KiB write takes %.2f ms"
                     % (dev, disk["fdatasync"], disk["dsync"], disk["sync_ms"]))

        common = ["-p", str(PARTITIONS), "-a", "all", "-l", str(LINGER), "-B", str(BATCH_NUM),
                  "-S", str(BATCH_BYTES), "-P"]
        if "throughput" not in SKIP:
            lines.append("")
            lines.append("produce, acks=all, %d partitions, linger.ms=%d, medians of %d runs:"
                         % (PARTITIONS, LINGER, REPEATS))
            lines.append("  %-7s %-26s %9s %10s %11s %7s  %s" % (
                "record", "target", "MB/s", "records/s", "client CPU", "x mock", "bounds (last run)"))
            for size, n in ((1024, N_1024), (100, N_100)):
                runs = {"mock": [], "single": [], "cluster": []}
                probes = {}
                for rep in range(REPEATS):
                    for target in ("mock", "single", "cluster"):
                        topic = "tp-%d-%d-%s" % (size, rep, target)
                        args = ["-t", topic, "-n", str(n), "-s", str(size)] + common
                        if target == "mock":
                            args = ["-b", "mock", "-m", "3", "-r", "3"] + args
                            res = run_client(bench, args, "mock-3")
                        elif target == "single":
                            with Probe([single], dev) as pr:
                                res = run_client(bench, ["-b", single.bootstrap, "-r", "1"] + args, "single")
                            probes[target] = pr
                        else:
                            with Probe(brokers, dev) as pr:
                                res = run_client(bench, ["-b", cluster.bootstrap, "-r", "3"] + args, "cluster-rf3")
                            probes[target] = pr
                        runs[target].append(res)
                med = {t: (statistics.median(float(r["produce_mbps"]) for r in rs),
                           statistics.median(float(r["produce_rps"]) for r in rs),
                           statistics.median(float(r["client_cpu_s"]) / float(r["produce_s"]) for r in rs))
                       for t, rs in runs.items()}
                names = {"mock": "mock cluster (3, RF=3)", "single": "single runneld (RF=1)",
                         "cluster": "runneld cluster (RF=3)"}
                for t in ("mock", "single", "cluster"):
                    mbps, rps, ccpu = med[t]
                    x = "" if t == "mock" else "%.2f" % (mbps / med["mock"][0])
                    lines.append("  %-7s %-26s %9.1f %10.0f %10.0f%% %7s  %s" % (
                        "%d B" % size, names[t], mbps, rps, 100 * ccpu, x,
                        probes[t].summary() if t in probes else "(in the client process)"))
                cmbps = med["cluster"][0]
                if size == 1024:
                    lines.append("  RF=3 writes 3 copies: %.0f MB/s to the disk = %.0f%% of its streaming "
                                 "bandwidth (%.2f x disk/3); RF=3 / single = %.2f"
                                 % (3 * cmbps, 100 * 3 * cmbps / disk["fdatasync"],
                                    cmbps / (disk["fdatasync"] / 3), cmbps / med["single"][0]))
                    verdicts.append(("RF=3 acks=all 1 KiB >= 100 MB/s", cmbps >= 100, "%.1f MB/s" % cmbps))
                else:
                    ratio = med["cluster"][1] / med["mock"][1]
                    verdicts.append(("RF=3 acks=all 100 B >= 0.5 x mock rec/s", ratio >= 0.5, "%.2f x" % ratio))
            lines.append("  load average after the throughput runs: %s" % loadavg())

        if "latency" not in SKIP:
            lines.append("")
            lines.append("end-to-end latency (producer call to consumer receipt; ack: to the delivery report), 1 KiB records, %d partitions, "
                         "linger.ms=%d, %.0f s after 1 s warm-up:" % (LAT_PARTITIONS, LAT_LINGER, LAT_SECONDS))
            lines.append("  %-8s %-34s %8s %8s %8s %8s %8s %9s  %s" % (
                "rate", "target", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "samples", "ack p50/99", "bounds"))
            for rate in LAT_RATES:
                # The last: the same with batching, which the per-connection request order
                # (one produce answered per sync round) rewards; only at the first rate.
                targets = [t for t in ["mock", "acks1", "single", "cluster-acks1", "cluster"] if t in LAT_TARGETS]
                if rate == LAT_RATES[0] and LAT_LINGER != 5 and "cluster-l5" in LAT_TARGETS:
                    targets.append("cluster-l5")
                for target in targets:
                    linger = 5 if target == "cluster-l5" else LAT_LINGER
                    args = ["-t", "lat-%s-%g" % (target, rate), "-n", "1", "-s", "1024", "-p", str(LAT_PARTITIONS),
                            "-a", "1" if target in ("acks1", "cluster-acks1") else "all", "-l", str(linger), "-E", str(rate),
                            "-d", str(LAT_SECONDS)]
                    probe = None
                    if target == "mock":
                        res = run_client(bench, ["-b", "mock", "-m", "3", "-r", "3", "-W", "1"] + args, "mock-3")
                        name = "mock cluster, acks=all (fetch poll)"
                    elif target in ("acks1", "single"):
                        with Probe([single], dev) as probe:
                            res = run_client(bench, ["-b", single.bootstrap, "-r", "1"] + args, "single")
                        name = "single runneld, %s" % ("acks=1 (no sync)" if target == "acks1" else "acks=all")
                    else:
                        with Probe(brokers, dev) as probe:
                            res = run_client(bench, ["-b", cluster.bootstrap, "-r", "3"] + args, "cluster-rf3")
                        name = "runneld cluster RF=3, " + ("acks=1" if target == "cluster-acks1" else "acks=all") + (
                            ", linger 5" if linger == 5 else "")
                    us = lambda k: float(res[k]) / 1000  # noqa: E731
                    lines.append("  %-8s %-34s %8.2f %8.2f %8.2f %8.2f %8s %9s  %s" % (
                        "%g MB/s" % rate, name, us("p50_us"), us("p99_us"), us("p999_us"), us("max_us"),
                        res["samples"], "%.1f/%.1f" % (us("ack_p50_us"), us("ack_p99_us")), probe.summary() if probe else "client CPU %.0f%%" % (
                            100 * float(res["client_cpu_s"]) / float(res["wall_s"]))))
                    if target == "cluster" and rate == LAT_RATES[0]:
                        verdicts.append(("RF=3 p99 end-to-end <= 3 ms at %g MB/s" % rate,
                                         us("p99_us") <= 3.0, "%.2f ms" % us("p99_us")))
            lines.append("  load average after the latency runs: %s" % loadavg())

        if "failover" not in SKIP:
            lines.append("")
            lines.append("failover: kill -9 of partition 0's leader while an idempotent acks=all producer "
                         "writes (linger.ms=0); seconds from the kill to the first acknowledged record "
                         "produced after it:")
            res = failover_rounds(cluster, FAILOVER_ROUNDS, "defaults")
            fmt_rounds(lines, "broker defaults (broker.session.timeout.ms=9000)", res)
            cluster.stop()
            fast = Cluster(runneld, os.path.join(work, "cluster-fast"),
                           extra=["broker.session.timeout.ms=%d" % FAST_SESSION_MS,
                                  "broker.heartbeat.interval.ms=%d" % max(FAST_SESSION_MS // 4, 10)])
            cluster = fast
            cluster.start()
            res_fast = failover_rounds(cluster, FAILOVER_ROUNDS, "fast")
            fmt_rounds(lines, "broker.session.timeout.ms=%d, broker.heartbeat.interval.ms=%d"
                       % (FAST_SESSION_MS, max(FAST_SESSION_MS // 4, 10)), res_fast)
            for setting, rs in (("broker defaults", res), ("session %d ms" % FAST_SESSION_MS, res_fast)):
                times = [r[0] for r in rs if r[0] is not None]
                if len(times) < len(rs):
                    verdicts.append(("failover < 2 s (%s)" % setting, False,
                                     "%d of %d kills got no acknowledgement within 40 s"
                                     % (len(rs) - len(times), len(rs))))
                else:
                    verdicts.append(("failover < 2 s (%s)" % setting, max(times) < 2.0, "max %.2f s" % max(times)))
            lines.append("  load average after the failover runs: %s" % loadavg())
        ok = True
    finally:
        cluster.stop()
        single.stop()
        if KEEP_LOGS:
            # The logs of a stuck failover round outlive the run; the data does not.
            kept = tempfile.mkdtemp(prefix="runnel-bench-failover-logs-")
            for d in KEEP_LOGS:
                for root, _, files in os.walk(d):
                    for f in files:
                        if f in ("runneld.log", "server.properties"):
                            rel = os.path.relpath(os.path.join(root, f), os.path.dirname(d))
                            os.makedirs(os.path.join(kept, os.path.dirname(rel)), exist_ok=True)
                            shutil.copy(os.path.join(root, f), os.path.join(kept, rel))
            say("the broker logs of the stuck failover round are in %s" % kept)
        if ok or not os.environ.get("BENCH_KEEP_TMP"):
            shutil.rmtree(work, ignore_errors=True)
        else:
            say("kept %s" % work)
        print("\n".join(lines))
        print()
        print("targets:" if ok else "targets (an error stopped the run; the figures above are all there are):")
        for name, met, value in verdicts:
            print("  %-44s %-6s %s" % (name, "met" if met else "MISSED", value))
        sys.stdout.flush()


def fmt_rounds(lines, setting, results):
    parts = []
    for secs, victim, was_controller, new_leader in results:
        parts.append("%s (broker %d%s -> %s)" % ("none in 40 s" if secs is None else "%.2f s" % secs, victim,
                                                ", controller" if was_controller else "", new_leader))
    worst = [r[0] for r in results if r[0] is not None]
    lines.append("  %s: %s; max %s" % (setting, ", ".join(parts),
                                       "%.2f s" % max(worst) if len(worst) == len(results) else "none (a round timed out)"))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: %s RUNNELD RDKAFKA_BENCH (run bench/cluster.sh)" % sys.argv[0])
    main(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]))
