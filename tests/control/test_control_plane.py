"""Process-level test of the control plane (Python 3 standard library only).

Runs a real runnel-agent on a temporary socket and data directory, drives it only
through runnelctl, and checks with a real Kafka client (kcat) that what it reports is
true: create -> ACTIVE, kill -9 of the broker -> HEALING -> ACTIVE with a new process,
reboot-broker, agent stop (brokers stop) and on-demand restart by runnelctl (cluster
comes back), delete-cluster (processes and data gone), and an audit log that holds
every mutating call. Every wait is bounded; every process started is stopped on exit.

    /usr/bin/python3 test_control_plane.py PATH/TO/runnelctl PATH/TO/runnel-agent
    (RUNNEL_RUNNELD names the broker binary)
"""

import os
import re
import signal
import stat
import subprocess
import sys
import time

from ctl_harness import check, log, pid_alive, run_test, wait_until


def kcat_lists_broker(addr):
    p = subprocess.run(["kcat", "-b", addr, "-L", "-m", "5"], capture_output=True,
                       text=True, timeout=20)
    return p.returncode == 0 and ("broker 1 at %s" % addr) in p.stdout


def run(e):
    uid = os.getuid()
    e.start_agent()
    mode = stat.S_IMODE(os.stat(e.sock).st_mode)
    check(mode & 0o077 == 0, "the agent socket is user-only, got mode %o" % mode)
    check(stat.S_IMODE(os.stat(os.path.dirname(e.sock)).st_mode) == 0o700,
          "the socket directory is mode 0700")

    # Create: ACTIVE in seconds.
    t = time.monotonic()
    created = e.ctl_json("create-cluster-v2", "--cluster-name", "orders")
    took = time.monotonic() - t
    log("create-cluster-v2 -> ACTIVE in %.2f s" % took)
    check(created["State"] == "ACTIVE", "create-cluster-v2 waits for ACTIVE, got %r" % created)
    check(took < 15, "ACTIVE within 15 s, took %.1f s" % took)
    arn = created["ClusterArn"]
    check(arn.startswith("arn:runnel:kafka:local:cluster/orders/"), "ARN form: %s" % arn)

    # Impossible requests: clear errors and exit codes.
    p = e.ctl("create-cluster-v2", "--cluster-name", "big", "--number-of-broker-nodes", "10",
              expect=1)
    check("1 to 9 brokers" in p.stderr and "BadRequestException" in p.stderr,
          "10 brokers are refused with a reason: %r" % p.stderr)
    p = e.ctl("create-cluster-v2", "--cluster-name", "orders", expect=1)
    check("already exists" in p.stderr, "a taken name is refused: %r" % p.stderr)
    p = e.ctl("describe-cluster-v2", "--cluster-name", "nope", expect=1)
    check("no cluster named nope" in p.stderr, "unknown cluster: %r" % p.stderr)
    e.ctl("frobnicate", expect=2)
    e.ctl("describe-cluster-v2", expect=2)

    listed = e.ctl("list-clusters-v2")
    check("orders" in listed.stdout and "ACTIVE" in listed.stdout, "table: %r" % listed.stdout)
    by_arn = e.ctl_json("describe-cluster-v2", "--cluster-arn", arn)["ClusterInfo"]
    check(by_arn["ClusterName"] == "orders", "describe by ARN")

    boot = e.ctl_json("get-bootstrap-brokers", "--cluster-name", "orders")["BootstrapBrokerString"]
    check(boot.startswith("127.0.0.1:"), "loopback bootstrap: %s" % boot)
    check(kcat_lists_broker(boot), "kcat -L lists broker 1 at %s" % boot)

    # kill -9 the broker: the agent replaces it (HEALING, then ACTIVE).
    broker = e.broker("orders")
    old_pid = broker["Pid"]
    check(broker["State"] == "RUNNING" and pid_alive(old_pid), "broker running: %r" % broker)
    with open("/proc/%d/cmdline" % old_pid, "rb") as f:
        check(b"runneld" in f.read(), "the pid is a runneld")
    os.kill(old_pid, signal.SIGKILL)
    states = []

    def healed():
        s = e.state("orders")
        if not states or states[-1] != s:
            states.append(s)
        return s == "ACTIVE" and len(states) > 1
    wait_until(healed, 20, "the cluster to heal", interval_s=0.02)
    log("states after kill -9: %s" % " -> ".join(states))
    check("HEALING" in states, "the cluster went through HEALING: %r" % states)
    broker = e.broker("orders")
    check(broker["Pid"] != old_pid and pid_alive(broker["Pid"]), "a new broker process")
    check(broker["Restarts"] == 1, "one restart counted: %r" % broker)
    check(kcat_lists_broker(boot), "kcat works after healing")
    heal = e.ctl_json("list-audit-events", "--operation", "HealBroker")["AuditEvents"]
    check([ev["Result"] for ev in heal] == ["Started", "Success"],
          "the audit log records the healing: %r" % heal)
    ops = e.ctl_json("list-cluster-operations", "--cluster-name", "orders")
    ops = ops["ClusterOperationInfoList"]
    check(ops[0]["OperationType"] == "HEAL_BROKER" and ops[0]["OperationState"] == "UPDATE_COMPLETE",
          "a completed HEAL_BROKER operation: %r" % ops[0])
    check(all(s["StepInfo"]["StepStatus"] == "COMPLETED" for s in ops[0]["OperationSteps"]),
          "every heal step completed")

    # A broker that stops answering (SIGSTOP) is killed and replaced the same way.
    hung = e.broker("orders")["Pid"]
    os.kill(hung, signal.SIGSTOP)
    states = []
    wait_until(healed, 20, "the cluster to heal a hung broker", interval_s=0.05)
    log("states after SIGSTOP: %s" % " -> ".join(states))
    check("HEALING" in states, "HEALING after the broker stopped answering: %r" % states)
    wait_until(lambda: not pid_alive(hung), 5, "the hung broker to be killed")
    broker = e.broker("orders")
    check(broker["Pid"] != hung and broker["Restarts"] == 2, "replaced again: %r" % broker)
    heal = e.ctl_json("list-audit-events", "--operation", "HealBroker")["AuditEvents"]
    check("stopped answering" in heal[-2]["Message"], "the reason is recorded: %r" % heal[-2])
    check(kcat_lists_broker(boot), "kcat works after replacing the hung broker")

    # Reboot.
    before = e.broker("orders")["Pid"]
    p = e.ctl("reboot-broker", "--cluster-name", "orders", "--broker-ids", "1")
    check("rebooted" in p.stdout, "reboot says so: %r" % p.stdout)
    after = e.broker("orders")
    check(after["Pid"] != before and after["State"] == "RUNNING", "rebooted: %r" % after)
    check(e.state("orders") == "ACTIVE", "ACTIVE after reboot")
    check(not pid_alive(before), "the old broker process is gone")
    e.ctl("reboot-broker", "--cluster-name", "orders", "--broker-ids", "7", expect=1)

    # Stop the agent: it stops its brokers. runnelctl starts it again and the cluster
    # comes back with the same data.
    broker_pid = after["Pid"]
    e.agent_proc.send_signal(signal.SIGTERM)
    rc = e.agent_proc.wait(timeout=30)
    check(rc == 0, "the agent exits 0 on SIGTERM, got %d" % rc)
    wait_until(lambda: not pid_alive(broker_pid), 10, "the broker to stop with the agent")
    check(not os.path.exists(e.sock), "the agent removed its socket")
    state = e.state("orders")  # starts the agent on demand (daemonized)
    log("state right after the on-demand agent start: %s" % state)
    daemon = e.daemon_pid()
    check(daemon and pid_alive(daemon), "an agent daemon runs (pid %r)" % daemon)
    wait_until(lambda: e.state("orders") == "ACTIVE", 20, "the cluster to come back")
    back = e.broker("orders")
    check(back["State"] == "RUNNING" and back["Pid"] != broker_pid, "a new broker: %r" % back)
    check(kcat_lists_broker(boot), "kcat works after the agent restart")

    # kill -9 of the agent: its broker stops too (no orphan), and the next agent brings
    # the cluster back with exactly one broker process (no duplicate) and its history.
    ops_before = len(e.ctl_json("list-cluster-operations", "--cluster-name", "orders")
                     ["ClusterOperationInfoList"])
    os.kill(daemon, signal.SIGKILL)
    wait_until(lambda: not pid_alive(daemon), 5, "the agent to die")
    wait_until(lambda: not pid_alive(back["Pid"]), 20, "the orphaned broker to stop by itself")
    wait_until(lambda: e.state("orders") == "ACTIVE", 20, "the cluster to come back again")
    back = e.broker("orders")
    props = os.path.join(os.path.dirname(back["LogFile"]), "server.properties").encode()
    brokers = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    if props in f.read().split(b"\0"):
                        brokers.append(int(pid))
            except OSError:
                pass
    check(brokers == [back["Pid"]], "exactly one broker process %r, found %r" % (back["Pid"], brokers))
    ops_after = e.ctl_json("list-cluster-operations", "--cluster-name", "orders")["ClusterOperationInfoList"]
    check(len(ops_after) == ops_before + 1 and ops_after[0]["OperationType"] == "RESTART_BROKERS",
          "history kept, one RESTART_BROKERS added: %r" % [o["OperationType"] for o in ops_after])
    check(kcat_lists_broker(boot), "kcat works after the agent was killed")

    # Configurations: a revision that turns topic auto-creation on reaches the broker
    # through a rolling restart (UPDATING, then ACTIVE), observable by a real client.
    r1 = os.path.join(e.tmp, "r1.properties")
    r2 = os.path.join(e.tmp, "r2.properties")
    with open(r1, "w") as f:
        f.write("auto.create.topics.enable=false\n")
    with open(r2, "w") as f:
        f.write("auto.create.topics.enable=true\nnum.partitions=3\n")
    conf = e.ctl_json("create-configuration", "--name", "app", "--server-properties", r1)
    check(conf["LatestRevision"]["Revision"] == 1, "revision 1: %r" % conf)
    conf = e.ctl_json("update-configuration", "--arn", conf["Arn"], "--server-properties", r2,
                      "--description", "auto-create on")
    check(conf["LatestRevision"]["Revision"] == 2, "revision 2: %r" % conf)
    revs = e.ctl_json("list-configuration-revisions", "--name", "app")["Revisions"]
    check([r["Revision"] for r in revs] == [1, 2], "two revisions: %r" % revs)
    bad = os.path.join(e.tmp, "bad.properties")
    with open(bad, "w") as f:
        f.write("listeners=PLAINTEXT://0.0.0.0:1\n")
    p = e.ctl("update-configuration", "--name", "app", "--server-properties", bad, expect=1)
    check("set by the agent" in p.stderr, "agent-owned keys are refused: %r" % p.stderr)

    def kcat_produce(topic):
        # A bounded delivery timeout: an unknown topic fails in seconds, not minutes.
        r = subprocess.run(["kcat", "-P", "-b", boot, "-t", topic, "-X", "message.timeout.ms=3000"],
                           input="x\n", capture_output=True, text=True, timeout=30)
        return r.returncode == 0 and "still in queue" not in r.stderr

    def partitions(topic):
        r = subprocess.run(["kcat", "-b", boot, "-L", "-t", topic, "-m", "5"],
                           capture_output=True, text=True, timeout=20)
        m = re.search(r'topic "%s" with (\d+) partitions' % topic, r.stdout)
        return int(m.group(1)) if m else 0
    pid_before = e.broker("orders")["Pid"]
    p = e.ctl("update-cluster-configuration", "--cluster-name", "orders",
              "--configuration-name", "app", "--configuration-revision", "1")
    check("rolling restart" in p.stdout, "update says so: %r" % p.stdout)
    kcat_produce("auto-off")
    check(partitions("auto-off") == 0, "revision 1: producing to a new topic does not create it")
    e.ctl("update-cluster-configuration", "--cluster-name", "orders",
          "--configuration-name", "app")  # latest = revision 2
    info = e.ctl_json("describe-cluster-v2", "--cluster-name", "orders")["ClusterInfo"]
    check(info["State"] == "ACTIVE" and info["CurrentConfiguration"]["Revision"] == 2,
          "ACTIVE on revision 2: %r" % info)
    check(e.broker("orders")["Pid"] != pid_before, "the broker was restarted")
    kcat_produce("auto-on")
    check(wait_until(lambda: partitions("auto-on") == 3, 15, "the auto-created topic"),
          "revision 2: the topic is auto-created with num.partitions=3")
    ops = e.ctl_json("list-cluster-operations", "--cluster-name", "orders")["ClusterOperationInfoList"]
    check(ops[0]["OperationType"] == "UPDATE_CLUSTER_CONFIGURATION"
          and ops[0]["OperationState"] == "UPDATE_COMPLETE", "the roll is an operation: %r" % ops[0])

    # Delete.
    data_dir = e.ctl_json("describe-cluster-v2", "--cluster-name", "orders")["ClusterInfo"]["DataDirectory"]
    check(os.path.isdir(data_dir), "the cluster has a data directory")
    p = e.ctl("delete-cluster", "--cluster-arn", arn)
    check("deleted" in p.stdout, "delete says so: %r" % p.stdout)
    check(not os.path.exists(data_dir), "the data directory is gone")
    wait_until(lambda: not pid_alive(back["Pid"]), 5, "the broker process to be gone")
    check(e.ctl_json("list-clusters-v2")["ClusterInfoList"] == [], "no clusters left")
    e.ctl("describe-cluster-v2", "--cluster-name", "orders", expect=1)

    # The audit log holds every mutating call, with the caller's uid.
    events = e.ctl_json("list-audit-events")["AuditEvents"]
    calls = [(ev["Operation"], ev["Result"]) for ev in events if ev["Caller"] == "uid:%d" % uid]
    log("audited calls: %r" % calls)
    expected = [("CreateClusterV2", "Success"), ("CreateClusterV2", "BadRequestException"),
                ("CreateClusterV2", "ConflictException"), ("RebootBroker", "Success"),
                ("RebootBroker", "BadRequestException"), ("CreateConfiguration", "Success"),
                ("UpdateConfiguration", "Success"), ("UpdateConfiguration", "BadRequestException"),
                ("UpdateClusterConfiguration", "Success"),
                ("UpdateClusterConfiguration", "Success"), ("DeleteCluster", "Success")]
    check(calls == expected, "audited calls %r, expected %r" % (calls, expected))
    agent_ops = {ev["Operation"] for ev in events if ev["Caller"] == "runnel-agent"}
    check({"HealBroker", "ResumeCluster"} <= agent_ops, "agent events: %r" % agent_ops)
    table = e.ctl("list-audit-events").stdout
    check("DeleteCluster" in table and "HealBroker" in table, "audit table")
    by_name = e.ctl_json("list-audit-events", "--cluster-name", "orders")["AuditEvents"]
    check(by_name and all(ev["ClusterArn"] == arn for ev in by_name)
          and by_name[-1]["Operation"] == "DeleteCluster",
          "a deleted cluster's events are found by its name: %r"
          % [(ev["Operation"], ev["ClusterArn"]) for ev in by_name])
    with open(e.agent_log, errors="replace") as f:
        check("HealBroker" in f.read(), "the agent's log has the audit lines")

    # A broker that cannot start (a misspelt setting stops runneld) is retried with a
    # back-off, then the cluster is FAILED with a sentence that says why; the secret in
    # the configuration never reaches the audit log.
    props = os.path.join(e.tmp, "broken.properties")
    with open(props, "w") as f:
        f.write("log.retention.hour=1\nssl.keystore.password=hunter2\n")
    t = time.monotonic()
    p = e.ctl("create-cluster-v2", "--cluster-name", "broken", "--server-properties", props,
              expect=1)
    log("a broker that cannot start: FAILED after %.1f s" % (time.monotonic() - t))
    check("CREATE operation failed" in p.stderr and "failed 5 times" in p.stderr,
          "the failure is explained: %r" % p.stderr)
    check(e.state("broken") == "FAILED", "the cluster is FAILED")
    starts = e.ctl_json("list-audit-events", "--operation", "StartBroker")["AuditEvents"]
    check(len(starts) == 5 and all(ev["Result"] == "Failed" for ev in starts),
          "five failed starts audited: %r" % [ev["Result"] for ev in starts])
    log_file = e.broker("broken")["LogFile"]
    with open(log_file, errors="replace") as f:
        check("log.retention.hours" in f.read(), "the broker's log has the did-you-mean hint")
    created = [ev for ev in e.ctl_json("list-audit-events", "--operation", "CreateClusterV2")
               ["AuditEvents"] if ev["Parameters"].get("ClusterName") == "broken"]
    check(len(created) == 1, "the create call is audited")
    stored = created[0]["Parameters"]["ServerProperties"]
    check("hunter2" not in stored and "***REDACTED***" in stored
          and "log.retention.hour=1" in stored, "the password is redacted: %r" % stored)
    e.ctl("delete-cluster", "--cluster-name", "broken")
    check(e.ctl_json("list-clusters-v2")["ClusterInfoList"] == [], "the failed cluster is gone")


if __name__ == "__main__":
    sys.exit(run_test(__doc__, run))
