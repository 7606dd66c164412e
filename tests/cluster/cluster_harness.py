"""The scaffolding every 3-broker process test shares: a scratch directory, three
combined-mode runneld processes (test_chaos.ClusterBroker or a subclass) started together,
and one main() that prints PASS or the failure with every broker's log and always cleans
up. A test writes only its body:

    def body(c):                       # c: Cluster
        c.start()                      # launches every broker, waits for Metadata
        ... c.bootstrap, c.admin, c.brokers[n], c.workdir ...

    if __name__ == "__main__":
        cluster_harness.main("cluster_x", body)
"""

import os
import shutil
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
from harness import free_port, log, wait_until  # noqa: E402
from test_chaos import ClusterBroker, NODES  # noqa: E402

from confluent_kafka.admin import AdminClient  # noqa: E402


class Cluster:
    """Three voters (node ids NODES) in `workdir`; more members with add()."""

    def __init__(self, binary, workdir, broker_cls=ClusterBroker):
        self.binary = binary
        self.workdir = workdir
        self.cports = {n: free_port() for n in NODES}
        self.voters = ",".join("%d@127.0.0.1:%d" % (n, self.cports[n]) for n in NODES)
        self.brokers = {}
        self.bootstrap = None
        self.admin = None
        self.cleanups = []  # run at the end, last added first, pass or fail
        for n in NODES:
            self.add(n, broker_cls, self.cports[n])

    def add(self, node_id, broker_cls, controller_port):
        d = os.path.join(self.workdir, "b%d" % node_id)
        os.makedirs(d)
        b = broker_cls(self.binary, d, node_id, self.voters, controller_port)
        self.brokers[node_id] = b
        return b

    def start(self, timeout_s=30):
        """Launches every member, waits until each serves and Metadata lists them all;
        returns the bootstrap string."""
        for b in self.brokers.values():
            b.launch()
        for b in self.brokers.values():
            b.wait_serving()
        self.bootstrap = ",".join(b.bootstrap for b in self.brokers.values())
        self.admin = AdminClient({"bootstrap.servers": self.bootstrap})
        count = len(self.brokers)
        wait_until(lambda: len(self.admin.list_topics(timeout=5).brokers) == count, timeout_s,
                   "Metadata to list %d brokers" % count)
        return self.bootstrap

    def bootstrap_without(self, *node_ids):
        return ",".join(b.bootstrap for n, b in self.brokers.items() if n not in node_ids)


def main(name, body, binary=None, broker_cls=ClusterBroker, log_chars=30000):
    """Runs body(Cluster) in a fresh scratch dir and exits: 0 after PASS, 1 after a failure
    (printed with every broker's log). RUNNEL_KEEP_TMP keeps a failed run's directory."""
    if binary is None:
        if len(sys.argv) < 2:
            print("usage: %s PATH/TO/runneld" % sys.argv[0], file=sys.stderr)
            sys.exit(2)
        binary = sys.argv[1]
    workdir = tempfile.mkdtemp(prefix="runnel-%s-" % name.replace("_", "-"))
    cluster = None
    ok = False
    try:
        cluster = Cluster(binary, workdir, broker_cls)
        body(cluster)
        for b in cluster.brokers.values():
            b.stop()
        ok = True
    except BaseException as exc:  # noqa: BLE001 - report, dump logs, clean up
        print("FAIL: %s: %s" % (type(exc).__name__, exc), flush=True)
        traceback.print_exc(file=sys.stdout)
        for b in cluster.brokers.values() if cluster else ():
            b.dump_log(log_chars)
    finally:
        if cluster:
            for fn in reversed(cluster.cleanups):
                fn()
            for b in cluster.brokers.values():
                b.cleanup()
        if ok or not os.environ.get("RUNNEL_KEEP_TMP"):
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print("kept scratch dir %s" % workdir)
    if ok:
        log("PASS %s" % name)
    sys.stdout.flush()
    os._exit(0 if ok else 1)
