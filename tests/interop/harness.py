"""Test harness for Runnel's interop and cluster tests (Python 3 standard library only).

Starts a real runneld on a fresh temporary log directory and a free loopback port,
waits until it answers a Kafka ApiVersions request, and stops it with SIGTERM.
`kill9()` and `restart()` support the crash/restart tests. If a test fails, the
broker's stderr log is printed.

Every test script is run as

    /usr/bin/python3 test_x.py PATH/TO/runneld

With RUNNEL_TEST_CLUSTER=3 in the environment the same script runs against three
combined-mode runneld processes (a replicated cluster, `Cluster`) instead of one: the
bootstrap list names all three, `restart()` restarts the whole cluster, and `kill9()`
kills one broker. ctest registers the group and produce/consume suites a second time
this way (interop_*_cluster).

For checking a script's own logic before the broker exists, `--mock` (instead of the
runneld path) runs it against a librdkafka mock cluster held up by a `kcat` process.
The mock has no admin APIs and cannot be restarted, so tests skip those steps there
(`Broker.is_mock`).
"""

import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback

START_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 15.0


def log(*args):
    print("[%7.2f]" % (time.monotonic() - _T0), *args, flush=True)


_T0 = time.monotonic()


class TestFailure(AssertionError):
    pass


def check(cond, message):
    """Asserts something a user would notice; raises TestFailure with the message."""
    if not cond:
        raise TestFailure(message)


def wait_until(predicate, timeout_s, what, interval_s=0.1):
    """Polls predicate() until it returns a truthy value; bounded in time."""
    deadline = time.monotonic() + timeout_s
    last_exc = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except TestFailure:
            raise
        except Exception as exc:  # noqa: BLE001 - retried until the deadline
            last_exc = exc
        if time.monotonic() >= deadline:
            detail = " (last error: %r)" % (last_exc,) if last_exc else ""
            raise TestFailure("timed out after %.1fs waiting for %s%s" % (timeout_s, what, detail))
        time.sleep(interval_s)


def _die_with_parent():
    """preexec_fn: the child gets SIGKILL if the test process dies (e.g. killed on timeout)."""
    try:
        import ctypes
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - best effort
        pass
    os.setsid()


_HANDED_OUT = set()  # ports free_port() returned: chosen for a process that binds them later


def free_port():
    """A loopback port nothing listens on, never one this process was given before: the
    kernel may hand the same free port to two calls made before either is bound (a
    cluster test once gave one broker's client listener the port of another's quorum
    listener)."""
    for _ in range(1000):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        finally:
            s.close()
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port
    raise RuntimeError("no fresh free port after 1000 tries")


def api_versions_probe(host, port, timeout_s=2.0):
    """Sends ApiVersions v0 and returns the advertised {api_key: (min, max)}; raises on failure."""
    correlation_id = 0x52554E4E
    client_id = b"runnel-harness"
    body = struct.pack(">hhih", 18, 0, correlation_id, len(client_id)) + client_id
    with socket.create_connection((host, port), timeout=timeout_s) as s:
        s.settimeout(timeout_s)
        s.sendall(struct.pack(">i", len(body)) + body)
        size = struct.unpack(">i", _recv_exact(s, 4))[0]
        if size < 6 or size > 1 << 20:
            raise ConnectionError("bad ApiVersions response size %d" % size)
        payload = _recv_exact(s, size)
    cid, error_code, count = struct.unpack(">ihi", payload[:10])
    if cid != correlation_id:
        raise ConnectionError("ApiVersions correlation id %#x != %#x" % (cid, correlation_id))
    if error_code != 0:
        raise ConnectionError("ApiVersions error %d" % error_code)
    apis = {}
    pos = 10
    for _ in range(max(count, 0)):
        key, lo, hi = struct.unpack(">hhh", payload[pos:pos + 6])
        apis[key] = (lo, hi)
        pos += 6
    return apis


def _recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("connection closed after %d of %d bytes" % (len(buf), n))
        buf += chunk
    return buf


class Broker:
    """One runneld process on a temporary directory."""

    is_mock = False

    def __init__(self, binary, workdir, node_id=1, extra_props=None):
        self.binary = os.path.abspath(binary)
        self.workdir = workdir
        self.node_id = node_id
        self.extra_props = dict(extra_props or {})
        self.log_dir = os.path.join(workdir, "data")
        self.props_path = os.path.join(workdir, "server.properties")
        self.stderr_path = os.path.join(workdir, "runneld.stderr.log")
        self.port = None
        self.proc = None
        self.starts = 0

    @property
    def bootstrap(self):
        return "127.0.0.1:%d" % self.port

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def _write_props(self):
        lines = [
            "node.id=%d" % self.node_id,
            "listeners=PLAINTEXT://127.0.0.1:%d" % self.port,
            "log.dirs=%s" % self.log_dir,
        ]
        lines += ["%s=%s" % kv for kv in self.extra_props.items()]
        with open(self.props_path, "w") as f:
            f.write("\n".join(lines) + "\n")

    def start(self, same_port=False, timeout_s=START_TIMEOUT_S):
        """Starts runneld and waits until it answers ApiVersions. A fresh port unless same_port."""
        check(self.proc is None, "broker already running")
        attempts = 1 if same_port else 3
        for attempt in range(attempts):
            if not same_port or self.port is None:
                self.port = free_port()
            self._write_props()
            self.starts += 1
            with open(self.stderr_path, "ab") as err:
                err.write(("\n===== runneld start #%d on port %d =====\n" % (self.starts, self.port)).encode())
                err.flush()
                self.proc = subprocess.Popen(
                    [self.binary, self.props_path],
                    stdin=subprocess.DEVNULL, stdout=err, stderr=err, cwd=self.workdir,
                    preexec_fn=_die_with_parent)
            try:
                self._wait_ready(timeout_s)
                log("runneld pid %d ready at %s" % (self.proc.pid, self.bootstrap))
                return self
            except TestFailure:
                exited = self.proc.poll() is not None
                self._reap(kill=True)
                if exited and attempt + 1 < attempts:
                    log("runneld exited during start (port race?), retrying")
                    continue
                raise
        raise TestFailure("runneld did not start")

    def _wait_ready(self, timeout_s):
        deadline = time.monotonic() + timeout_s
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise TestFailure("runneld exited with status %s during start-up" % self.proc.returncode)
            try:
                apis = api_versions_probe("127.0.0.1", self.port, timeout_s=1.0)
                if apis:
                    return
                last = "empty ApiVersions list"
            except (OSError, ConnectionError, struct.error) as exc:
                last = exc
            time.sleep(0.05)
        raise TestFailure("runneld did not answer ApiVersions on %s within %.0fs (last: %s)"
                          % (self.bootstrap, timeout_s, last))

    def _reap(self, kill=False):
        if self.proc is None:
            return None
        if kill and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            rc = self.proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            rc = None
        self.proc = None
        return rc

    def stop(self, timeout_s=STOP_TIMEOUT_S):
        """SIGTERM; checks the process exits in time with status 0."""
        if self.proc is None:
            return
        proc = self.proc
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self._reap(kill=True)
            raise TestFailure("runneld did not exit within %.0fs of SIGTERM" % timeout_s)
        self.proc = None
        check(rc == 0, "runneld exited with status %s after SIGTERM (expected 0)" % rc)
        log("runneld stopped cleanly")

    def kill9(self):
        check(self.proc is not None, "kill9: broker not running")
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=STOP_TIMEOUT_S)
        self.proc = None
        log("runneld killed with SIGKILL")

    def restart(self, hard=False):
        """Stops (SIGTERM, or SIGKILL if hard) and starts again on the same dir and port."""
        if hard:
            self.kill9()
        else:
            self.stop()
        return self.start(same_port=True)

    def rss_kb(self):
        """(VmRSS, VmHWM) in KiB from /proc."""
        values = {}
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    k, v = line.split(":", 1)
                    values[k] = int(v.split()[0])
        return values.get("VmRSS"), values.get("VmHWM")

    def cleanup(self):
        self._reap(kill=True)

    def dump_log(self, max_bytes=200_000):
        try:
            with open(self.stderr_path, "rb") as f:
                data = f.read()
        except OSError:
            print("(no runneld log)", flush=True)
            return
        if len(data) > max_bytes:
            data = b"... (truncated) ...\n" + data[-max_bytes:]
        print("----- runneld stderr (%s) -----" % self.stderr_path, flush=True)
        sys.stdout.write(data.decode("utf-8", "replace"))
        print("----- end of runneld stderr -----", flush=True)


def metadata_broker_count(host, port, timeout_s=2.0):
    """Sends Metadata v1 for no topics and returns how many brokers the answer lists (a
    cluster member lists the live, unfenced ones)."""
    correlation_id = 0x52554E4F
    client_id = b"runnel-harness"
    body = struct.pack(">hhih", 3, 1, correlation_id, len(client_id)) + client_id
    body += struct.pack(">i", 0)  # an empty topic list: brokers only
    with socket.create_connection((host, port), timeout=timeout_s) as s:
        s.settimeout(timeout_s)
        s.sendall(struct.pack(">i", len(body)) + body)
        size = struct.unpack(">i", _recv_exact(s, 4))[0]
        if size < 8 or size > 1 << 20:
            raise ConnectionError("bad Metadata response size %d" % size)
        payload = _recv_exact(s, size)
    cid, count = struct.unpack(">ii", payload[:8])
    if cid != correlation_id:
        raise ConnectionError("Metadata correlation id %#x != %#x" % (cid, correlation_id))
    return count


class ClusterNode(Broker):
    """One combined-mode runneld of a `Cluster`; its ports are chosen once, so restarts
    keep them."""

    def __init__(self, binary, workdir, node_id, voters, controller_port, extra_props=None):
        super().__init__(binary, workdir, node_id=node_id, extra_props=extra_props)
        self.voters = voters
        self.controller_port = controller_port
        self.port = free_port()

    def _write_props(self):
        lines = [
            "process.roles=broker,controller",
            "node.id=%d" % self.node_id,
            "controller.quorum.voters=%s" % self.voters,
            "listeners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d"
            % (self.port, self.controller_port),
            "advertised.listeners=PLAINTEXT://127.0.0.1:%d" % self.port,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name=PLAINTEXT",
            "log.dirs=%s" % self.log_dir,
            "broker.session.timeout.ms=3000",
            "broker.heartbeat.interval.ms=300",
            "replica.fetch.wait.max.ms=100",
        ]
        lines += ["%s=%s" % kv for kv in self.extra_props.items()]
        with open(self.props_path, "w") as f:
            f.write("\n".join(lines) + "\n")

    def launch(self):
        """Starts the process without waiting: a member serves once a quorum is up."""
        check(self.proc is None, "broker %d already running" % self.node_id)
        self._write_props()
        self.starts += 1
        with open(self.stderr_path, "ab") as err:
            err.write(("\n===== runneld start #%d =====\n" % self.starts).encode())
            err.flush()
            self.proc = subprocess.Popen([self.binary, self.props_path],
                                         stdin=subprocess.DEVNULL, stdout=err, stderr=err,
                                         cwd=self.workdir, preexec_fn=_die_with_parent)


class Cluster:
    """Three combined-mode runneld processes; the interface of `Broker` for the tests."""

    is_mock = False

    def __init__(self, binary, workdir, size=3, extra_props=None):
        cports = [free_port() for _ in range(size)]
        voters = ",".join("%d@127.0.0.1:%d" % (i + 1, cports[i]) for i in range(size))
        self.nodes = []
        for i in range(size):
            d = os.path.join(workdir, "b%d" % (i + 1))
            os.makedirs(d, exist_ok=True)
            self.nodes.append(ClusterNode(binary, d, i + 1, voters, cports[i], extra_props))

    @property
    def bootstrap(self):
        return ",".join(n.bootstrap for n in self.nodes if n.proc is not None)

    @property
    def proc(self):
        """Something truthy while any broker runs (run() stops the cluster at the end)."""
        return next((n.proc for n in self.nodes if n.proc is not None), None)

    def start(self, timeout_s=60, **_):
        for n in self.nodes:
            if n.proc is None:
                n.launch()
        for n in self.nodes:
            if n.proc is not None:
                n._wait_ready(timeout_s)
        # Serving is not enough: topics get RF 3 only once every broker is registered and
        # unfenced, which Metadata shows.
        live = [n for n in self.nodes if n.proc is not None]
        for n in live:
            wait_until(lambda: metadata_broker_count("127.0.0.1", n.port) == len(live),
                       timeout_s, "broker %d to see %d live brokers" % (n.node_id, len(live)))
        log("cluster of %d runneld ready at %s" % (len(live), self.bootstrap))
        return self

    def stop(self, timeout_s=STOP_TIMEOUT_S):
        for n in self.nodes:
            n.stop(timeout_s)

    def kill9(self, node_id=None):
        """SIGKILL of one broker (the last running one unless node_id is given)."""
        running = [n for n in self.nodes if n.proc is not None]
        check(running, "kill9: no broker running")
        victim = next((n for n in running if n.node_id == node_id), running[-1])
        victim.kill9()

    def restart(self, hard=False):
        """Stops every broker (SIGTERM, or SIGKILL if hard) and starts them again on the
        same directories and ports."""
        for n in self.nodes:
            if n.proc is None:
                continue
            if hard:
                n.kill9()
            else:
                n.stop()
        return self.start()

    def cleanup(self):
        for n in self.nodes:
            n.cleanup()

    def dump_log(self, max_bytes=60_000):
        for n in self.nodes:
            n.dump_log(max_bytes)


class MockBroker:
    """librdkafka's mock cluster held up by a kcat process; for checking test logic only."""

    is_mock = True

    def __init__(self, workdir, brokers=1):
        self.workdir = workdir
        self.brokers = brokers
        self.proc = None
        self._bootstrap = None
        self.stderr_path = os.path.join(workdir, "mock.stderr.log")

    @property
    def bootstrap(self):
        return self._bootstrap

    def start(self, **_):
        err = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(
            ["kcat", "-b", "x:1", "-C", "-t", "__runnel_mock_hold", "-q",
             "-X", "test.mock.num.brokers=%d" % self.brokers],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
            preexec_fn=_die_with_parent)
        err.close()

        def address():
            with open(self.stderr_path, "rb") as f:
                m = re.search(rb"replaced with (\S+)", f.read())
            return m and m.group(1).decode()
        self._bootstrap = wait_until(address, 10, "mock cluster address")
        log("mock cluster at %s" % self._bootstrap)
        return self

    def stop(self):
        self.cleanup()

    def cleanup(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        self.proc = None

    def kill9(self):
        raise TestFailure("the mock cluster cannot be killed and restarted")

    restart = kill9

    def dump_log(self, max_bytes=0):
        pass


class Children:
    """Tracks helper processes so they are killed whatever happens."""

    def __init__(self):
        self.procs = []

    def popen(self, *args, **kwargs):
        kwargs.setdefault("preexec_fn", _die_with_parent)
        p = subprocess.Popen(*args, **kwargs)
        self.procs.append(p)
        return p

    def cleanup(self):
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass


class Context:
    """What a test function receives: the broker, a scratch dir and helper-process tracking."""

    def __init__(self, broker, workdir, children):
        self.broker = broker
        self.workdir = workdir
        self.children = children

    @property
    def bootstrap(self):
        return self.broker.bootstrap

    @property
    def is_mock(self):
        return self.broker.is_mock

    @property
    def node_ids(self):
        """The broker ids Metadata lists: [1] for one broker, [1, 2, 3] for a cluster."""
        return [n.node_id for n in self.broker.nodes] if isinstance(self.broker, Cluster) else [1]

    @property
    def replication_factor(self):
        """What tests create topics with: 1 on one broker, 3 on a cluster."""
        return min(3, len(self.node_ids))


def run(test_fn, name, timeout_s=240, broker_props=None):
    """Entry point for a test script: parses argv, runs test_fn(ctx), cleans up, exits 0/1."""
    if len(sys.argv) < 2:
        print("usage: %s PATH/TO/runneld | --mock" % sys.argv[0], file=sys.stderr)
        sys.exit(2)
    target = sys.argv[1]
    workdir = tempfile.mkdtemp(prefix="runnel-%s-" % name)
    children = Children()
    if target == "--mock":
        broker = MockBroker(workdir)
    else:
        check(os.access(target, os.X_OK), "runneld binary not executable: %s" % target)
        cluster_size = int(os.environ.get("RUNNEL_TEST_CLUSTER", "0") or 0)
        if cluster_size > 1:
            broker = Cluster(target, workdir, cluster_size, extra_props=broker_props)
        else:
            broker = Broker(target, workdir, extra_props=broker_props)

    def on_alarm(signum, frame):
        raise TestFailure("test exceeded its overall time limit of %ds" % timeout_s)

    signal.signal(signal.SIGALRM, on_alarm)
    def on_term(signum, frame):
        raise TestFailure("terminated by signal %d" % signum)

    signal.signal(signal.SIGTERM, on_term)
    signal.alarm(timeout_s)
    ok = False
    try:
        broker.start()
        test_fn(Context(broker, workdir, children))
        if not broker.is_mock and broker.proc is not None:
            broker.stop()
        ok = True
    except BaseException as exc:  # noqa: BLE001 - every failure is reported the same way
        print("FAIL: %s: %s" % (type(exc).__name__, exc), flush=True)
        traceback.print_exc(file=sys.stdout)
        sys.stdout.flush()
        broker.dump_log()
    finally:
        signal.alarm(0)
        children.cleanup()
        broker.cleanup()
        if ok or not os.environ.get("RUNNEL_KEEP_TMP"):
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print("kept scratch dir %s" % workdir)
    if ok:
        log("PASS %s" % name)
        # Client libraries may leave non-daemon threads behind; do not wait for them.
        sys.stdout.flush()
        os._exit(0)
    os._exit(1)


def run_threads(targets, timeout_s):
    """Runs callables in threads; re-raises the first exception; bounded by timeout_s."""
    errors = []

    def wrap(fn):
        def inner():
            try:
                fn()
            except BaseException as exc:  # noqa: BLE001
                errors.append((exc, traceback.format_exc()))
        return inner

    threads = [threading.Thread(target=wrap(t), daemon=True) for t in targets]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout_s
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    if any(t.is_alive() for t in threads):
        raise TestFailure("threads did not finish within %.0fs" % timeout_s)
    if errors:
        print(errors[0][1])
        raise errors[0][0]
