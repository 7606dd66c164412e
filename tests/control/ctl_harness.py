"""Harness for the control plane's process tests (tests/control/test_*.py).

Every such test runs a real runnel-agent in isolation and drives it only through
runnelctl. This module holds what they all need (Python 3 standard library only):

- `AgentEnv`: a temporary directory with the agent's data (RUNNEL_DATA_DIR) and socket
  (RUNNEL_AGENT_SOCKET), broker and metrics port bases chosen free at run time
  (RUNNEL_PORT_BASE, RUNNEL_METRICS_PORT_BASE), RUNNEL_AGENT naming the agent binary so
  that runnelctl starts that one on demand, and any extra variables; `start_agent()`,
  `ctl()` / `ctl_json()` (runnelctl with that environment, exit status checked),
  `start()` for any other process whose output goes to TMP/NAME.log, and `cleanup()`,
  which stops every process started, every broker pid seen and a daemon started by
  runnelctl (SIGTERM, then SIGKILL after 20 s), then removes the directory.
- `log`, `check`, `TestFailure`, `wait_until`, `free_port_block`, `pid_alive`,
  `socket_answers`.
- `run_test(doc, body, ...)`: the common `main()`: arguments `PATH/TO/runnelctl
  PATH/TO/runnel-agent` (RUNNEL_RUNNELD names the broker binary), PASS or the traceback
  and the logs, exit status 0 or 1, everything cleaned up in every case.

The broker binary reaches the agent through RUNNEL_RUNNELD, which ctest sets.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

T0 = time.monotonic()
STOP_TIMEOUT_S = 20.0


def log(*args):
    print("[%7.2f]" % (time.monotonic() - T0), *args, flush=True)


class TestFailure(AssertionError):
    pass


def check(cond, message):
    """Asserts something a user would notice; raises TestFailure with the message."""
    if not cond:
        raise TestFailure(message)


def wait_until(predicate, timeout_s, what, interval_s=0.1):
    """Polls predicate() until it returns a truthy value, which is returned; bounded in
    time. Exceptions other than TestFailure count as "not yet" and the last one is named
    in the timeout's message."""
    deadline = time.monotonic() + timeout_s
    last = None
    while True:
        try:
            value = predicate()
            if value:
                return value
            last = value
        except TestFailure:
            raise
        except Exception as exc:  # noqa: BLE001 - retried until the deadline
            last = exc
        if time.monotonic() >= deadline:
            raise TestFailure("timed out after %.1fs waiting for %s (last: %r)" % (timeout_s, what, last))
        time.sleep(interval_s)


def free_port_block(size=20):
    """A port p such that p..p+size-1 look free on 127.0.0.1 (bounded search)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + size >= 65535:
            continue
        ok = True
        for p in range(base, base + size):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", p))
                except OSError:
                    ok = False
                    break
        if ok:
            return base
    raise TestFailure("no free block of %d ports on 127.0.0.1" % size)


def pid_alive(pid):
    """True while the process exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def socket_answers(path):
    """True if a Unix socket at path accepts a connection."""
    with socket.socket(socket.AF_UNIX) as s:
        try:
            s.connect(path)
            return True
        except OSError:
            return False


class AgentEnv:
    """One isolated agent: its directory, environment, processes and runnelctl."""

    def __init__(self, runnelctl, agent, prefix="runnel-control-", extra_env=None):
        self.runnelctl = os.path.abspath(runnelctl)
        self.agent = os.path.abspath(agent)
        self.tmp = tempfile.mkdtemp(prefix=prefix)
        self.data = os.path.join(self.tmp, "data")
        self.sock = os.path.join(self.tmp, "run", "agent.sock")
        self.env = dict(os.environ)
        self.env.update({
            "RUNNEL_AGENT_SOCKET": self.sock,
            "RUNNEL_DATA_DIR": self.data,
            "RUNNEL_PORT_BASE": str(free_port_block()),
            "RUNNEL_METRICS_PORT_BASE": str(free_port_block()),
            "RUNNEL_AGENT": self.agent,
        })
        self.env.update(extra_env or {})
        self.procs = []  # (name, Popen), in start order
        self.seen_pids = set()  # broker pids a test saw (list-nodes); stopped by cleanup()

    # --- processes -----------------------------------------------------------------

    def log_path(self, name):
        return os.path.join(self.tmp, name + ".log")

    def start(self, name, cmd, **kw):
        """Starts cmd with this environment, stdout and stderr to TMP/NAME.log, in its own
        session (a signal to the test's process group does not reach it)."""
        with open(self.log_path(name), "ab") as out:
            p = subprocess.Popen(cmd, env=self.env, stdin=subprocess.DEVNULL, stdout=out,
                                 stderr=subprocess.STDOUT, start_new_session=True, **kw)
        self.procs.append((name, p))
        return p

    def process(self, name):
        """The last process started under that name."""
        found = [p for n, p in self.procs if n == name]
        check(found, "no process %s was started" % name)
        return found[-1]

    def start_agent(self, name="agent", timeout_s=15):
        """runnel-agent --foreground; returns once its socket answers."""
        p = self.start(name, [self.agent, "--foreground"])

        def up():
            check(p.poll() is None, "the agent exited with status %s at start:\n%s"
                  % (p.returncode, self.tail(name)))
            return socket_answers(self.sock)
        wait_until(up, timeout_s, "the agent's socket", interval_s=0.05)
        return p

    @property
    def agent_proc(self):
        """The agent started last by start_agent() (not one runnelctl started)."""
        found = [p for n, p in self.procs if n.startswith("agent")]
        return found[-1] if found else None

    @property
    def agent_log(self):
        return self.log_path("agent")

    def daemon_pid(self):
        """The pid of the agent that holds the data directory's lock (e.g. one runnelctl
        started on demand), or None."""
        try:
            with open(os.path.join(self.data, "agent.lock")) as f:
                return int(f.readline().strip())
        except (OSError, ValueError):
            return None

    # --- runnelctl -------------------------------------------------------------------

    def ctl(self, *args, expect=0, timeout=150, input=None):
        """runnelctl ARGS; checks the exit status unless expect is None."""
        cmd = [self.runnelctl] + list(args)
        p = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=timeout,
                           input=input)
        log("$ runnelctl %s -> %d" % (" ".join(args), p.returncode))
        if expect is not None and p.returncode != expect:
            raise TestFailure("runnelctl %s exited %d, expected %d\nstdout: %s\nstderr: %s"
                              % (" ".join(args), p.returncode, expect, p.stdout, p.stderr))
        return p

    def ctl_json(self, *args):
        return json.loads(self.ctl(*args, "--output", "json").stdout)

    def state(self, cluster):
        """describe-cluster-v2's State of the named cluster."""
        return self.ctl_json("describe-cluster-v2", "--cluster-name", cluster)["ClusterInfo"]["State"]

    def nodes(self, cluster):
        """{broker id: BrokerNodeInfo} from list-nodes; every pid seen is stopped by
        cleanup() (the agent may be gone by then)."""
        out = {}
        for n in self.ctl_json("list-nodes", "--cluster-name", cluster)["NodeInfoList"]:
            info = n["BrokerNodeInfo"]
            if info.get("Pid"):
                self.seen_pids.add(info["Pid"])
            out[info["BrokerId"]] = info
        return out

    def broker(self, cluster):
        """The BrokerNodeInfo of a one-broker cluster."""
        nodes = list(self.nodes(cluster).values())
        check(len(nodes) == 1, "a one-broker cluster lists one node, got %r" % nodes)
        return nodes[0]

    # --- logs and cleanup ------------------------------------------------------------

    def tail(self, name, lines=30):
        try:
            with open(self.log_path(name), errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    def dump_logs(self, max_chars=6000):
        """Prints the end of every *.log under the directory (agent, brokers, others)."""
        for root, _, files in os.walk(self.tmp):
            for f in sorted(files):
                if f.endswith(".log"):
                    path = os.path.join(root, f)
                    print("----- %s -----" % path)
                    with open(path, errors="replace") as fh:
                        print(fh.read()[-max_chars:])
        sys.stdout.flush()

    def cleanup(self):
        """Stops every process this environment started or saw: SIGTERM, then SIGKILL to
        what is left after STOP_TIMEOUT_S. The directory stays (see close())."""
        pids = set(self.seen_pids)
        for _, p in self.procs:
            if p.poll() is None:
                pids.add(p.pid)
        dp = self.daemon_pid()
        if dp:
            pids.add(dp)
        for pid in pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while time.monotonic() < deadline and any(pid_alive(p) for p in pids):
            time.sleep(0.1)
        for pid in pids:
            if pid_alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        for _, p in self.procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass

    def close(self):
        self.cleanup()
        shutil.rmtree(self.tmp, ignore_errors=True)


def run_test(doc, body, needs_runneld=True, **env_kw):
    """The common main(): checks the arguments, makes an AgentEnv (env_kw go to it), runs
    body(env), prints PASS or the failure with every log, cleans up. Returns the exit
    status for sys.exit()."""
    if len(sys.argv) != 3:
        print(doc)
        return 2
    runnelctl, agent = sys.argv[1:3]
    if needs_runneld and not os.environ.get("RUNNEL_RUNNELD"):
        print("RUNNEL_RUNNELD must name the runneld binary")
        return 2
    env = AgentEnv(runnelctl, agent, **env_kw)
    ok = False
    try:
        body(env)
        ok = True
        log("PASS")
    except BaseException as exc:  # noqa: BLE001 - report, dump logs, clean up
        print("FAIL: %s: %s" % (type(exc).__name__, exc), flush=True)
        traceback.print_exc(file=sys.stdout)
        env.dump_logs()
    finally:
        env.close()
    return 0 if ok else 1
