"""Process-level test of a secured cluster made by the control plane.

Runs a real runnel-agent (temporary socket, data directory and ports), drives it only
through runnelctl, and checks with real clients what it promises:

- create-cluster-v2 --client-authentication sasl-scram,tls --encryption-in-transit TLS
  gives a broker with TLS and SASL/SCRAM listeners on the MSK layout (base+2, base+4),
  no plaintext port, get-bootstrap-brokers / describe-cluster-v2 report them, and the
  CA's and keystores' files are user-only;
- openssl s_client: TLS 1.1 refused, TLS 1.2 verified against get-cluster-ca's PEM;
- create-scram-user --super-user (a rolling restart) and a plain user; a wrong password
  is refused with SASL_AUTHENTICATION_FAILED; the plain user is denied
  (TOPIC_AUTHORIZATION_FAILED) until create-acl grants WRITE, and again after
  delete-acl; delete-scram-user ends its logins;
- confluent-kafka and kcat over SASL_SSL with SCRAM-SHA-512 and CA verification;
- issue-client-certificate: kcat and confluent-kafka over mTLS with the issued
  certificate, denied until a PREFIXED ACL for User:CN=...,O=Runnel; a LITERAL DENY
  beats that PREFIXED ALLOW; super users bypass ACLs;
- kill -9 of the broker heals (probed over TLS) and an agent restart keeps users and
  ACLs; rotate-broker-certificates serves a new certificate from the same CA;
- kafkajs with SCRAM-SHA-256 over TLS (when node and kafkajs are installed);
- no password in the audit log, the catalog or the agent's output.

    /usr/bin/python3 test_cluster_security.py PATH/TO/runnelctl PATH/TO/runnel-agent
    (RUNNEL_RUNNELD names the broker binary; RUNNEL_NODE optionally names node)
"""

import os
import shutil
import signal
import socket
import stat
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctl_harness import TestFailure, check, log, pid_alive, run_test, wait_until  # noqa: E402

from confluent_kafka import KafkaError, Producer  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
JS = os.path.join(HERE, "..", "interop", "js")
ADMIN_PASSWORD = "admin-Pa55word-xyzzy"
ALICE_PASSWORD = "alice-Pa55word-plugh"
SECRETS = (ADMIN_PASSWORD, ALICE_PASSWORD)


def produce(conf, topic, count=5):
    """Delivery outcomes of `count` records: {None} when all were written."""
    p = Producer(dict(conf, **{"message.timeout.ms": 8000}))
    outcomes = []
    for i in range(count):
        p.produce(topic, value=b"sec-%d" % i,
                  on_delivery=lambda err, msg: outcomes.append(err.code() if err else None))
    p.flush(25)
    check(len(outcomes) == count, "%d of %d delivery reports" % (len(outcomes), count))
    return set(outcomes)


def auth_error(conf):
    """The first error librdkafka reports while it tries to connect with `conf`."""
    errors = []
    p = Producer(dict(conf, **{"error_cb": lambda e: errors.append(e)}))
    wait_until(lambda: (p.poll(0.2), errors)[1], 15, "an error callback")
    return errors[0]


def kcat(args, timeout=60):
    return subprocess.run(["kcat"] + args, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=timeout)


def port_open(port):
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def run(e):
    e.start_agent()
    base = int(e.env["RUNNEL_PORT_BASE"])
    e.ctl("create-cluster-v2", "--cluster-name", "secure", "--number-of-broker-nodes", "1",
          "--client-authentication", "sasl-scram,tls", "--encryption-in-transit", "TLS")

    # --- listeners, bootstrap strings, description -------------------------------------
    boot = e.ctl_json("get-bootstrap-brokers", "--cluster-name", "secure")
    check(boot == {"BootstrapBrokerStringTls": "127.0.0.1:%d" % (base + 2),
                   "BootstrapBrokerStringSaslScram": "127.0.0.1:%d" % (base + 4)},
          "TLS and SASL/SCRAM bootstrap strings on MSK's offsets, no plaintext: %r" % boot)
    tls_addr = boot["BootstrapBrokerStringTls"]
    scram_addr = boot["BootstrapBrokerStringSaslScram"]
    info = e.ctl_json("describe-cluster-v2", "--cluster-name", "secure")["ClusterInfo"]
    check(info["ClientAuthentication"]["Sasl"]["Scram"]["Enabled"] is True
          and info["ClientAuthentication"]["Tls"]["Enabled"] is True
          and info["ClientAuthentication"]["Unauthenticated"]["Enabled"] is False
          and info["EncryptionInfo"]["EncryptionInTransit"]["ClientBroker"] == "TLS",
          "describe-cluster-v2 shows the security settings: %r" % info)
    check(not port_open(base), "a TLS-only cluster has no plaintext listener on %d" % base)
    props = open(os.path.join(info["DataDirectory"], "broker-1", "server.properties")).read()
    for line in ("listener.security.protocol.map=CLIENT_SECURE:SSL,CLIENT_SASL_SCRAM:SASL_SSL,"
                 "RUNNEL_AGENT:SSL", "ssl.keystore.type=PEM", "ssl.truststore.type=PEM",
                 "ssl.client.auth=required", "sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512",
                 "allow.everyone.if.no.acl.found=false", "super.users=User:CN=runnel-agent,O=Runnel"):
        check(line in props.splitlines(), "server.properties holds %r:\n%s" % (line, props))
    sec = os.path.join(info["DataDirectory"], "security")
    for name in ("ca-key.pem", "broker-1.pem", "agent.pem"):
        mode = stat.S_IMODE(os.stat(os.path.join(sec, name)).st_mode)
        check(mode == 0o600, "%s is mode 0600, got %o" % (name, mode))
    log("listeners, bootstrap strings, description and file modes as expected")

    # --- the CA, and TLS 1.1 / 1.2 ----------------------------------------------------
    ca_pem = e.ctl("get-cluster-ca", "--cluster-name", "secure").stdout
    check(ca_pem.startswith("-----BEGIN CERTIFICATE-----"), "get-cluster-ca prints PEM")
    ca = os.path.join(e.tmp, "ca.pem")
    with open(ca, "w") as f:
        f.write(ca_pem)
    text = subprocess.run(["openssl", "x509", "-in", ca, "-noout", "-subject", "-ext",
                           "basicConstraints"], capture_output=True, text=True).stdout
    check("CA:TRUE" in text and "Runnel cluster CA secure" in text, "a CA certificate: %s" % text)

    def s_client(*extra):
        return subprocess.run(["openssl", "s_client", "-connect", scram_addr, "-CAfile", ca]
                              + list(extra), stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=30)
    old = s_client("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0")
    check(old.returncode != 0, "TLS 1.1 must be refused:\n%s" % old.stdout)
    new = s_client("-tls1_2", "-verify_return_error", "-verify_hostname", "localhost")
    check(new.returncode == 0 and "Verify return code: 0 (ok)" in new.stdout,
          "TLS 1.2 verifies against the cluster CA with the name localhost:\n%s" % new.stdout)
    log("TLS 1.1 refused; TLS 1.2 verified against get-cluster-ca's PEM")

    # --- SCRAM users ------------------------------------------------------------------
    out = e.ctl("create-scram-user", "--cluster-name", "secure", "--username", "admin",
                "--password", ADMIN_PASSWORD, "--super-user").stdout
    check("super user" in out, "create-scram-user --super-user says so: %r" % out)
    # The password from stdin, out of the process list.
    e.ctl("create-scram-user", "--cluster-name", "secure", "--username", "alice", "--password", "-",
          input=ALICE_PASSWORD + "\n", timeout=60)
    users = {u["Username"]: u for u in
             e.ctl_json("list-scram-users", "--cluster-name", "secure")["Users"]}
    check(set(users) == {"admin", "alice"} and users["admin"]["SuperUser"]
          and not users["alice"]["SuperUser"]
          and sorted(m["Mechanism"] for m in users["alice"]["Mechanisms"])
          == ["SCRAM-SHA-256", "SCRAM-SHA-512"]
          and all(m["Iterations"] >= 4096 for m in users["alice"]["Mechanisms"]),
          "list-scram-users: %r" % users)
    check(e.state("secure") == "ACTIVE", "ACTIVE after the super-user roll")
    ops = e.ctl_json("list-cluster-operations", "--cluster-name", "secure")
    check(any(o["OperationType"] == "UPDATE_SECURITY" and o["OperationState"] == "UPDATE_COMPLETE"
              for o in ops["ClusterOperationInfoList"]), "an UPDATE_SECURITY roll: %r" % ops)

    def scram(user, password):
        return {"bootstrap.servers": scram_addr, "security.protocol": "SASL_SSL",
                "ssl.ca.location": ca, "sasl.mechanisms": "SCRAM-SHA-512",
                "sasl.username": user, "sasl.password": password}

    admin = AdminClient(scram("admin", ADMIN_PASSWORD))
    for topic in ("orders", "orders-eu", "orders-us", "kjs-topic"):
        for _, f in admin.create_topics([NewTopic(topic, num_partitions=1,
                                                  replication_factor=1)],
                                        operation_timeout=20).items():
            f.result(timeout=30)
    check(produce(scram("admin", ADMIN_PASSWORD), "orders", 5) == {None},
          "the super user produces over SASL_SSL with SCRAM-SHA-512")
    log("super user admin created topics and produced over SASL_SSL/SCRAM-SHA-512")

    err = auth_error(scram("alice", "not-the-password"))
    check(err.code() == KafkaError._AUTHENTICATION
          and "invalid credentials" in err.str(),
          "a wrong password is SASL_AUTHENTICATION_FAILED, got %s" % err)
    err = auth_error(scram("mallory", "whatever-password"))
    check(err.code() == KafkaError._AUTHENTICATION, "an unknown user is refused, got %s" % err)
    log("wrong password and unknown user refused: %s" % err.str())

    outcome = produce(scram("alice", ALICE_PASSWORD), "orders")
    check(outcome == {KafkaError.TOPIC_AUTHORIZATION_FAILED},
          "a new user without ACLs is denied, got %r" % outcome)
    e.ctl("create-acl", "--cluster-name", "secure", "--resource-type", "TOPIC",
          "--resource-name", "orders", "--principal", "User:alice", "--operation", "WRITE")
    acls = e.ctl_json("list-acls", "--cluster-name", "secure")["Acls"]
    check(acls == [{"ResourceType": "TOPIC", "ResourceName": "orders", "PatternType": "LITERAL",
                    "Principal": "User:alice", "Host": "*", "Operation": "WRITE",
                    "PermissionType": "ALLOW"}], "list-acls: %r" % acls)
    check(produce(scram("alice", ALICE_PASSWORD), "orders") == {None},
          "alice writes once the ACL grants WRITE")
    check(produce(scram("alice", ALICE_PASSWORD), "orders-eu") == {KafkaError.TOPIC_AUTHORIZATION_FAILED},
          "a LITERAL ACL on orders does not cover orders-eu")
    log("alice denied without ACLs, allowed after create-acl (LITERAL only)")

    got = kcat(["-b", scram_addr, "-X", "security.protocol=SASL_SSL", "-X",
                "sasl.mechanisms=SCRAM-SHA-512", "-X", "sasl.username=admin", "-X",
                "sasl.password=" + ADMIN_PASSWORD, "-X", "ssl.ca.location=" + ca,
                "-C", "-t", "orders", "-o", "beginning", "-e", "-q"])
    lines = got.stdout.split()
    check(got.returncode == 0 and len(lines) == 10,
          "kcat over SASL_SSL read %d of 10 records (rc %d): %s"
          % (len(lines), got.returncode, got.stderr[-500:]))
    log("kcat over SASL_SSL/SCRAM-SHA-512 with CA verification read the 10 records")

    e.ctl("delete-acl", "--cluster-name", "secure", "--resource-type", "TOPIC",
          "--resource-name", "orders", "--principal", "User:alice", "--operation", "WRITE")
    check(e.ctl_json("list-acls", "--cluster-name", "secure")["Acls"] == [], "ACL deleted")
    e.ctl("delete-acl", "--cluster-name", "secure", "--resource-type", "TOPIC",
          "--resource-name", "orders", "--principal", "User:alice", "--operation", "WRITE",
          expect=1)
    check(produce(scram("alice", ALICE_PASSWORD), "orders") == {KafkaError.TOPIC_AUTHORIZATION_FAILED},
          "alice is denied again after delete-acl")
    log("delete-acl removes the grant; deleting it twice is refused")

    # --- mTLS with an issued client certificate ----------------------------------------
    certs = os.path.join(e.tmp, "certs")
    issued = e.ctl_json("issue-client-certificate", "--cluster-name", "secure",
                        "--common-name", "carol", "--out", certs)
    check(issued["Principal"] == "User:CN=carol,O=Runnel" and "PrivateKeyPem" not in issued,
          "issue-client-certificate: %r" % issued)
    key_mode = stat.S_IMODE(os.stat(os.path.join(certs, "carol-key.pem")).st_mode)
    check(key_mode == 0o600, "the client key is 0600, got %o" % key_mode)
    mtls = {"bootstrap.servers": tls_addr, "security.protocol": "SSL",
            "ssl.ca.location": os.path.join(certs, "ca.pem"),
            "ssl.certificate.location": os.path.join(certs, "carol.pem"),
            "ssl.key.location": os.path.join(certs, "carol-key.pem")}
    check(produce(mtls, "orders-eu") == {KafkaError.TOPIC_AUTHORIZATION_FAILED},
          "the certificate's principal is denied without ACLs")
    e.ctl("create-acl", "--cluster-name", "secure", "--resource-type", "TOPIC",
          "--resource-name", "orders-", "--pattern-type", "PREFIXED",
          "--principal", "User:CN=carol,O=Runnel", "--operation", "WRITE")
    check(produce(mtls, "orders-eu", 4) == {None}, "carol writes orders-eu after a PREFIXED ACL")
    check(produce(mtls, "orders") == {KafkaError.TOPIC_AUTHORIZATION_FAILED},
          "the prefix orders- does not cover orders")
    # A LITERAL DENY beats the PREFIXED ALLOW for its one topic, as in Kafka.
    deny = ["--cluster-name", "secure", "--resource-type", "TOPIC", "--resource-name",
            "orders-us", "--principal", "User:CN=carol,O=Runnel", "--operation", "WRITE",
            "--permission", "DENY"]
    e.ctl("create-acl", *deny)
    check(produce(mtls, "orders-us") == {KafkaError.TOPIC_AUTHORIZATION_FAILED},
          "a LITERAL DENY beats a PREFIXED ALLOW")
    check(produce(mtls, "orders-eu", 1) == {None}, "the DENY names only orders-us")
    check(produce(scram("admin", ADMIN_PASSWORD), "orders-us", 1) == {None},
          "a super user is not bound by ACLs")
    e.ctl("delete-acl", *deny)
    check(produce(mtls, "orders-us", 1) == {None}, "allowed again once the DENY is deleted")
    e.ctl("create-acl", "--cluster-name", "secure", "--resource-type", "TOPIC",
          "--resource-name", "orders-eu", "--principal", "User:CN=carol,O=Runnel",
          "--operation", "READ")
    got = kcat(["-b", tls_addr, "-X", "security.protocol=SSL",
                "-X", "ssl.ca.location=" + os.path.join(certs, "ca.pem"),
                "-X", "ssl.certificate.location=" + os.path.join(certs, "carol.pem"),
                "-X", "ssl.key.location=" + os.path.join(certs, "carol-key.pem"),
                "-C", "-t", "orders-eu", "-o", "beginning", "-e", "-q"])
    lines = got.stdout.split()
    check(got.returncode == 0 and len(lines) == 5,
          "kcat over mTLS read %d of 5 records (rc %d): %s"
          % (len(lines), got.returncode, got.stderr[-500:]))
    no_cert = dict(mtls)
    del no_cert["ssl.certificate.location"], no_cert["ssl.key.location"]
    err = auth_error(no_cert)
    check(err.code() in (KafkaError._SSL, KafkaError._TRANSPORT, KafkaError._ALL_BROKERS_DOWN),
          "no client certificate on the TLS port is refused, got %s" % err)
    log("mTLS: carol denied, then allowed by a PREFIXED ACL; kcat read over mTLS; "
        "no certificate refused")

    # --- kafkajs, SCRAM-SHA-256 ----------------------------------------------------------
    node = os.environ.get("RUNNEL_NODE") or shutil.which("node")
    if node and os.path.isdir(os.path.join(JS, "node_modules", "kafkajs")):
        env = dict(os.environ, NODE_PATH=os.path.join(JS, "node_modules"),
                   KAFKAJS_NO_PARTITIONER_WARNING="1")
        p = subprocess.run([node, os.path.join(HERE, "cluster_security.js"), scram_addr, ca,
                            "admin", ADMIN_PASSWORD, "kjs-topic"], env=env, capture_output=True,
                           text=True, timeout=120)
        sys.stdout.write(p.stdout + p.stderr)
        check(p.returncode == 0, "kafkajs over SASL_SSL/SCRAM-SHA-256 failed (%d)" % p.returncode)
        log("kafkajs with SCRAM-SHA-256 over TLS: wrong password refused, produced and consumed")
    else:
        raise TestFailure("node with kafkajs is needed (npm ci in tests/interop/js)")

    # --- healing and agent restart keep TLS, users and ACLs -----------------------------
    old_pid = e.broker("secure")["Pid"]
    os.kill(old_pid, signal.SIGKILL)
    wait_until(lambda: e.broker("secure")["Pid"] not in (None, 0, old_pid)
               and e.state("secure") == "ACTIVE", 30, "the broker to heal (probed over TLS)")
    check(produce(scram("admin", ADMIN_PASSWORD), "orders", 1) == {None},
          "SCRAM logins work after the broker healed")
    broker_pid = e.broker("secure")["Pid"]
    e.agent_proc.send_signal(signal.SIGTERM)
    check(e.agent_proc.wait(timeout=30) == 0, "the agent exits 0 on SIGTERM")
    wait_until(lambda: not pid_alive(broker_pid), 15, "the broker to stop with the agent")
    wait_until(lambda: e.state("secure") == "ACTIVE", 30, "the cluster to come back")
    e.broker("secure")
    check(produce(mtls, "orders-eu", 1) == {None}, "carol's PREFIXED grant survives the restart")
    check(produce(scram("alice", ALICE_PASSWORD), "orders") == {KafkaError.TOPIC_AUTHORIZATION_FAILED},
          "alice stays denied after the restart")
    log("kill -9 of the broker healed over TLS; agent restart: users and ACLs kept")

    # --- rotation: new broker certificates from the same CA ------------------------------
    def served_serial():
        hello = s_client("-tls1_2", "-verify_return_error")
        check("Verify return code: 0 (ok)" in hello.stdout, "verified: %s" % hello.stdout)
        x = subprocess.run(["openssl", "x509", "-noout", "-serial"], input=hello.stdout,
                           capture_output=True, text=True)
        check(x.returncode == 0 and x.stdout.startswith("serial="), "a serial: %s" % x.stderr)
        return x.stdout.strip()
    before = served_serial()
    out = e.ctl("rotate-broker-certificates", "--cluster-name", "secure").stdout
    check("new certificates" in out, "rotate-broker-certificates reports the roll: %r" % out)
    after = served_serial()
    check(before != after, "the broker serves a new certificate (%s, then %s)" % (before, after))
    check(produce(scram("admin", ADMIN_PASSWORD), "orders", 2) == {None},
          "clients that trust the CA keep working after the rotation")
    log("rotate-broker-certificates: new broker certificate (%s -> %s), same CA" % (before, after))

    # --- deleting a user ends its logins ------------------------------------------------
    e.ctl("delete-scram-user", "--cluster-name", "secure", "--username", "alice")
    err = auth_error(scram("alice", ALICE_PASSWORD))
    check(err.code() == KafkaError._AUTHENTICATION, "a deleted user is refused, got %s" % err)
    e.ctl("delete-scram-user", "--cluster-name", "secure", "--username", "alice", expect=1)
    log("delete-scram-user: the user can no longer log in; deleting twice is refused")

    # --- refusals with sentences ---------------------------------------------------------
    bad = e.ctl("create-cluster-v2", "--cluster-name", "bad", "--client-authentication",
                "sasl-scram", "--encryption-in-transit", "PLAINTEXT", expect=1)
    check("need encryption in transit" in bad.stderr, "SCRAM without TLS refused: %s" % bad.stderr)
    e.ctl("create-scram-user", "--cluster-name", "secure", "--username", "bob", "--password",
          "short", expect=1)

    e.ctl("create-cluster-v2", "--cluster-name", "plain")
    for verb, words in (("get-cluster-ca", "has no TLS"), ("list-scram-users", "without SASL/SCRAM"),
                        ("list-acls", "ACLs are off")):
        p = e.ctl(verb, "--cluster-name", "plain", expect=1)
        check(words in p.stderr, "%s on a PLAINTEXT cluster is refused: %s" % (verb, p.stderr))
    info = e.ctl_json("describe-cluster-v2", "--cluster-name", "plain")["ClusterInfo"]
    check(info["EncryptionInfo"]["EncryptionInTransit"]["ClientBroker"] == "PLAINTEXT"
          and info["BootstrapBrokerString"] == "127.0.0.1:%d" % (base + 10)
          and "BootstrapBrokerStringTls" not in info,
          "a cluster created without security keeps one plaintext port after the block: %r" % info)
    log("security calls on a PLAINTEXT cluster are refused with sentences")

    # --- update-security: a PLAINTEXT cluster gains TLS and SASL/SCRAM ---------------------
    e.ctl("update-security", "--cluster-name", "plain", "--client-authentication",
          "sasl-scram,unauthenticated", "--encryption-in-transit", "TLS_PLAINTEXT")
    boot = e.ctl_json("get-bootstrap-brokers", "--cluster-name", "plain")
    plain_base = int(boot["BootstrapBrokerString"].split(":")[1])
    check(boot["BootstrapBrokerStringTls"] == "127.0.0.1:%d" % (plain_base + 2)
          and boot["BootstrapBrokerStringSaslScram"] == "127.0.0.1:%d" % (plain_base + 4),
          "update-security gives the cluster a block of ports: %r" % boot)
    check(e.ctl_json("list-cluster-operations", "--cluster-name", "plain")
          ["ClusterOperationInfoList"][0]["OperationType"] == "UPDATE_SECURITY",
          "update-security runs as an UPDATE_SECURITY roll")
    e.ctl("create-scram-user", "--cluster-name", "plain", "--username", "admin", "--password",
          ADMIN_PASSWORD, "--super-user")
    ca2 = os.path.join(e.tmp, "plain-ca.pem")
    with open(ca2, "w") as f:
        f.write(e.ctl("get-cluster-ca", "--cluster-name", "plain").stdout)
    conf = {"bootstrap.servers": boot["BootstrapBrokerStringSaslScram"],
            "security.protocol": "SASL_SSL", "ssl.ca.location": ca2,
            "sasl.mechanisms": "SCRAM-SHA-256", "sasl.username": "admin",
            "sasl.password": ADMIN_PASSWORD}
    late_admin = AdminClient(conf)
    for _, f in late_admin.create_topics(
            [NewTopic("late", num_partitions=1, replication_factor=1)],
            operation_timeout=20).items():
        f.result(timeout=30)
    check(produce(conf, "late", 3) == {None}, "SASL_SSL works after update-security")
    anonymous = produce({"bootstrap.servers": boot["BootstrapBrokerString"]}, "late", 1)
    check(anonymous == {KafkaError.TOPIC_AUTHORIZATION_FAILED},
          "the plaintext port's ANONYMOUS is denied once authorization is on: %r" % anonymous)
    e.ctl("update-security", "--cluster-name", "plain", "--client-authentication",
          "sasl-scram,unauthenticated", "--encryption-in-transit", "TLS_PLAINTEXT", expect=1)
    e.ctl("delete-cluster", "--cluster-name", "plain")
    log("update-security: PLAINTEXT -> TLS_PLAINTEXT with SASL/SCRAM, rolled; same settings refused")

    # --- secrets ------------------------------------------------------------------------
    events = e.ctl_json("list-audit-events", "--cluster-name", "secure")["AuditEvents"]
    creates = [ev for ev in events if ev["Operation"] == "CreateScramUser"]
    check(len(creates) == 3 and all(ev["Parameters"].get("Password") == "***REDACTED***"
                                    for ev in creates),
          "CreateScramUser is audited with the password redacted: %r" % creates)
    for op in ("CreateAcl", "DeleteAcl", "DeleteScramUser", "IssueClientCertificate"):
        check(any(ev["Operation"] == op for ev in events), "%s is audited" % op)
    for root, _, files in os.walk(e.tmp):
        for name in files:
            path = os.path.join(root, name)
            if name.endswith(".pem") or not stat.S_ISREG(os.lstat(path).st_mode):
                continue
            with open(path, "rb") as fh:
                data = fh.read()
            for secret in SECRETS:
                check(secret.encode() not in data,
                      "%s holds a SCRAM password in clear" % os.path.join(root, name))
    log("passwords are redacted in the audit log and absent from every file")

    e.ctl("delete-cluster", "--cluster-name", "secure")
    check(not os.path.exists(info["DataDirectory"]), "the cluster's directory (and CA) is gone")


if __name__ == "__main__":
    sys.exit(run_test(__doc__, run))
