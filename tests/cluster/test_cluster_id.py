#!/usr/bin/python3
"""cluster_id: a broker refuses to join a cluster its data does not belong to.

Three combined-mode brokers form a cluster on empty log dirs (each dir gets the
cluster's id from the metadata log). A single broker is started on a fourth dir, which
gets an id of its own. Broker 1 is stopped, its log dir swapped for the single broker's
and started again: it must exit with status 1 and say that its data belongs to the other
cluster, naming both ids, while the other two keep serving. Given its own dir back, it
rejoins.
"""

import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
import harness  # noqa: E402
from harness import check, log, wait_until  # noqa: E402
from test_chaos import NODES  # noqa: E402
import cluster_harness  # noqa: E402

from confluent_kafka.admin import AdminClient  # noqa: E402


def cluster_id_of(log_dir):
    with open(os.path.join(log_dir, "meta.properties")) as f:
        return re.search(r"cluster\.id=(\S+)", f.read()).group(1)


def body(c):
    c.start()
    brokers, workdir, binary = c.brokers, c.workdir, c.binary
    ids = {n: cluster_id_of(brokers[n].log_dir) for n in NODES}
    check(len(set(ids.values())) == 1, "the brokers disagree on the cluster id: %s" % ids)
    cluster_id = ids[1]
    log("cluster %s formed" % cluster_id)

    sd = os.path.join(workdir, "single")
    os.makedirs(sd)
    single = harness.Broker(binary, sd, node_id=1)
    c.cleanups.append(single.cleanup)
    single.start()
    single.stop()
    other_id = cluster_id_of(single.log_dir)
    check(other_id != cluster_id, "two clusters got the same id")

    b1 = brokers[1]
    b1.stop()
    own = b1.log_dir + ".own"
    os.rename(b1.log_dir, own)
    shutil.copytree(single.log_dir, b1.log_dir)
    b1.launch()
    try:
        rc = b1.proc.wait(timeout=30)
    except Exception:  # noqa: BLE001
        rc = None
    b1.proc = None
    check(rc == 1, "broker 1 on another cluster's data exited with %s, not 1" % rc)
    with open(b1.stderr_path) as f:
        text = f.read()
    line = next((ln for ln in text.splitlines() if "refusing to join cluster" in ln), None)
    check(line is not None, "no 'refusing to join cluster' sentence in the log")
    check(cluster_id in line and other_id in line, "the sentence does not name both ids: %s" % line)
    log("refused as expected: %s" % line.split("ERROR", 1)[-1].strip())

    others = ",".join(brokers[n].bootstrap for n in (2, 3))
    md = AdminClient({"bootstrap.servers": others}).list_topics(timeout=10)
    check(md.controller_id in (2, 3), "brokers 2 and 3 have no controller: %s" % md.controller_id)

    shutil.rmtree(b1.log_dir)
    os.rename(own, b1.log_dir)
    b1.launch()
    b1.wait_serving()
    wait_until(lambda: len(AdminClient({"bootstrap.servers": b1.bootstrap})
                           .list_topics(timeout=5).brokers) == 3, 20, "3 brokers again")
    for b in brokers.values():
        b.stop()


if __name__ == "__main__":
    cluster_harness.main("cluster_id", body)
