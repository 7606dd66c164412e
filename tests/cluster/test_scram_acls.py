#!/usr/bin/python3
"""cluster_scram_acls: SCRAM credentials and ACLs replicated through the metadata log.

Three combined-mode runneld, each with a loopback PLAINTEXT listener and a SASL_SSL one
(SCRAM-SHA-512, a test CA), the authorizer on and super.users=User:admin.

- Import: before the first start, broker 1's log dir holds the single-broker files
  (runnel-scram-credentials with the super user `admin`, runnel-acls letting the loopback
  PLAINTEXT caller User:ANONYMOUS ALTER the cluster). The new cluster's log has none, so
  broker 1 offers them once: admin then logs in on brokers 2 and 3, which never saw the
  files. Broker 3 joins later with files of its own (user mallory): not imported.
- AlterUserScramCredentials through broker 1 (raw request, loopback PLAINTEXT) creates
  alice; confluent-kafka authenticates as alice against broker 2 alone and broker 3 alone;
  a wrong password is refused with an authentication failure by every broker, and the
  password is in no broker's log.
- alice without ACLs: TOPIC_AUTHORIZATION_FAILED on partitions led by every broker.
  CreateAcls through broker 1 (PREFIXED WRITE on orders-): DescribeAcls on brokers 2 and 3
  lists it and alice writes to partitions led by each broker; a topic outside the prefix
  stays denied.
- DeleteAcls through broker 3: denied again everywhere.
- The ACL again (through broker 2), then kill -9 of broker 2 and a restart: it replays the
  log and enforces both the credentials and the ACL.
"""

import base64
import hashlib
import hmac
import os
import socket
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cluster_harness  # noqa: E402
from test_chaos import ClusterBroker, create_topics  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "..", "interop"))
import harness  # noqa: E402
from harness import check, log, wait_until  # noqa: E402
import test_security  # noqa: E402  (raw AlterUserScramCredentials)

from confluent_kafka import KafkaError, KafkaException, Producer  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

ADMIN_PASSWORD = "admin-Meta-Log-secret"
ALICE_PASSWORD = "alice-Meta-Log-secret"
WRONG_PASSWORD = "not-alices-Password-7"
MALLORY_PASSWORD = "mallory-Late-Files-pw"
ITERATIONS = 4096
TAF = KafkaError.TOPIC_AUTHORIZATION_FAILED
ALLOWED = "orders-eu"
DENIED = "payments"
PARTITIONS = 6


def openssl(*args, cwd):
    r = subprocess.run(["openssl"] + list(args), cwd=cwd, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    check(r.returncode == 0, "openssl %s failed: %s" % (args[0], r.stdout.decode(errors="replace")))


def make_pki(d):
    """A CA and one server certificate for 127.0.0.1, which every broker uses."""
    os.makedirs(d)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "2", "-subj", "/CN=Runnel Test CA", cwd=d)
    with open(os.path.join(d, "server.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
            "-subj", "/CN=localhost", cwd=d)
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext", cwd=d)
    with open(os.path.join(d, "keystore.pem"), "w") as out:
        for part in ("server.key", "server.pem"):
            with open(os.path.join(d, part)) as f:
                out.write(f.read())


class SecureClusterBroker(ClusterBroker):
    """A combined-mode member with PLAINTEXT and SASL_SSL listeners and the authorizer on."""

    pki = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sasl_port = harness.free_port()

    def _write_props(self):
        lines = [
            "process.roles=broker,controller",
            "node.id=%d" % self.node_id,
            "controller.quorum.voters=%s" % self.voters,
            "listeners=PLAINTEXT://127.0.0.1:%d,SASL_SSL://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d"
            % (self.port, self.sasl_port, self.controller_port),
            "advertised.listeners=PLAINTEXT://127.0.0.1:%d,SASL_SSL://127.0.0.1:%d"
            % (self.port, self.sasl_port),
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map="
            "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name=PLAINTEXT",
            "log.dirs=%s" % self.log_dir,
            "broker.session.timeout.ms=3000",
            "broker.heartbeat.interval.ms=300",
            "replica.fetch.wait.max.ms=100",
            "leader.imbalance.check.interval.seconds=2",
            "ssl.keystore.type=PEM",
            "ssl.keystore.location=%s" % os.path.join(self.pki, "keystore.pem"),
            "ssl.truststore.type=PEM",
            "ssl.truststore.location=%s" % os.path.join(self.pki, "ca.pem"),
            "sasl.enabled.mechanisms=SCRAM-SHA-512",
            "super.users=User:admin",
            "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "connection.failed.authentication.delay.ms=100",
        ]
        with open(self.props_path, "w") as f:
            f.write("\n".join(lines) + "\n")

    @property
    def sasl_bootstrap(self):
        return "127.0.0.1:%d" % self.sasl_port


# --- the single-broker files broker 1 starts with ----------------------------------------------

def scram_file_line(user, password, iterations=ITERATIONS):
    """One line of runnel-scram-credentials (engine/security/credential_store.h)."""
    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha512).digest()
    stored_key = hashlib.sha512(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha512).digest()
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return "%s SCRAM-SHA-512 %d %s %s %s" % (user, iterations, b64(salt), b64(stored_key),
                                             b64(server_key))


def seed_files(broker, user, password, acl):
    os.makedirs(broker.log_dir, exist_ok=True)
    with open(os.path.join(broker.log_dir, "runnel-scram-credentials"), "w") as f:
        f.write("runnel-scram-credentials v1\n" + scram_file_line(user, password) + "\n")
    with open(os.path.join(broker.log_dir, "runnel-acls"), "w") as f:
        f.write("runnel-acls v1\n" + acl + "\n")


# --- raw ACL requests (v1, not flexible) on a broker's loopback PLAINTEXT listener -------------

def _str(s):
    if s is None:
        return struct.pack(">h", -1)
    b = s.encode()
    return struct.pack(">h", len(b)) + b


class _Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, fmt):
        v = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return v[0]

    def string(self):
        n = self.take(">h")
        if n < 0:
            return None
        s = self.data[self.pos:self.pos + n].decode()
        self.pos += n
        return s


def _rpc_v1(port, api_key, body, correlation_id=11):
    client_id = b"runnel-scram-acls-test"
    frame = struct.pack(">hhih", api_key, 1, correlation_id, len(client_id)) + client_id + body
    with socket.create_connection(("127.0.0.1", port), timeout=15) as s:
        s.sendall(struct.pack(">i", len(frame)) + frame)
        size = struct.unpack(">i", harness._recv_exact(s, 4))[0]
        payload = harness._recv_exact(s, size)
    check(struct.unpack(">i", payload[:4])[0] == correlation_id, "correlation id mismatch")
    return _Reader(payload[4:])


TOPIC_TYPE, LITERAL, PREFIXED, WRITE, ALLOW = 2, 3, 4, 4, 3


def create_acl(port, principal, name, pattern, operation=WRITE, permission=ALLOW):
    body = struct.pack(">i", 1) + struct.pack(">b", TOPIC_TYPE) + _str(name)
    body += struct.pack(">b", pattern) + _str(principal) + _str("*")
    body += struct.pack(">bb", operation, permission)
    r = _rpc_v1(port, 30, body)
    r.take(">i")  # throttle
    check(r.take(">i") == 1, "CreateAcls: one result")
    err, msg = r.take(">h"), r.string()
    check(err == 0, "CreateAcls through port %d: error %d (%s)" % (port, err, msg))


def delete_acls(port, principal):
    """Deletes every ACL of `principal`; returns the matching ACLs' resource names."""
    body = struct.pack(">i", 1) + struct.pack(">b", 1) + _str(None)  # ANY type, any name
    body += struct.pack(">b", 1) + _str(principal) + _str(None) + struct.pack(">bb", 1, 1)
    r = _rpc_v1(port, 31, body)
    r.take(">i")
    check(r.take(">i") == 1, "DeleteAcls: one filter result")
    err, msg = r.take(">h"), r.string()
    check(err == 0, "DeleteAcls through port %d: error %d (%s)" % (port, err, msg))
    names = []
    for _ in range(r.take(">i")):
        r.take(">h"), r.string(), r.take(">b")
        names.append(r.string())
        r.take(">b"), r.string(), r.string(), r.take(">b"), r.take(">b")
    return names


def describe_acls(port, principal):
    """[(resource name, pattern type, operation, permission)] of `principal`."""
    body = struct.pack(">b", 1) + _str(None) + struct.pack(">b", 1) + _str(principal) + _str(None)
    body += struct.pack(">bb", 1, 1)
    r = _rpc_v1(port, 29, body)
    r.take(">i")
    err, msg = r.take(">h"), r.string()
    check(err == 0, "DescribeAcls on port %d: error %d (%s)" % (port, err, msg))
    out = []
    for _ in range(r.take(">i")):
        r.take(">b")
        name, pattern = r.string(), r.take(">b")
        for _ in range(r.take(">i")):
            r.string(), r.string()
            out.append((name, pattern, r.take(">b"), r.take(">b")))
    return sorted(out)


# --- clients over SASL_SSL ---------------------------------------------------------------------

def sasl_conf(c, bootstrap, user, password):
    return {"bootstrap.servers": bootstrap, "security.protocol": "SASL_SSL",
            "ssl.ca.location": os.path.join(c.pki, "ca.pem"), "sasl.mechanisms": "SCRAM-SHA-512",
            "sasl.username": user, "sasl.password": password}


def logs_in(c, broker, user, password, timeout_s=5):
    """True when `user` gets Metadata with `broker` as the only bootstrap server (librdkafka
    must authenticate there first); False on an authentication failure."""
    errors = []
    conf = dict(sasl_conf(c, broker.sasl_bootstrap, user, password),
                **{"error_cb": lambda e: errors.append(e)})
    admin = AdminClient(conf)
    try:
        admin.list_topics(timeout=timeout_s)
        return True
    except KafkaException:
        auth = [e for e in errors if e.code() == KafkaError._AUTHENTICATION]
        if auth:
            check("Authentication failed" in str(auth[0]),
                  "an authentication failure should say so: %s" % auth[0])
        return False


def refused_login(c, broker, user, password):
    """Waits for broker's SASL_AUTHENTICATION_FAILED to `user`; returns its message."""
    errors = []
    p = Producer(dict(sasl_conf(c, broker.sasl_bootstrap, user, password),
                      **{"error_cb": lambda e: errors.append(e)}))
    try:
        p.list_topics(timeout=3)
        check(False, "broker %d let %s in with a wrong password" % (broker.node_id, user))
    except KafkaException:
        pass
    wait_until(lambda: (p.poll(0.2),
                        any(e.code() == KafkaError._AUTHENTICATION for e in errors))[1],
               10, "broker %d to refuse the wrong password" % broker.node_id)
    return str([e for e in errors if e.code() == KafkaError._AUTHENTICATION][0])


def leaders(c, topic):
    md = AdminClient(sasl_conf(c, c.sasl_bootstrap, "admin", ADMIN_PASSWORD)).list_topics(
        topic, timeout=10)
    return {p: pm.leader for p, pm in md.topics[topic].partitions.items()}


def produce_per_partition(c, user, password, topic):
    """{partition: delivery error code or None} for one record to each partition."""
    p = Producer(dict(sasl_conf(c, c.sasl_bootstrap, user, password),
                      **{"message.timeout.ms": 6000, "topic.metadata.refresh.interval.ms": 1000}))
    outcomes = {}
    for part in range(PARTITIONS):
        p.produce(topic, value=b"%s-%d" % (user.encode(), part), partition=part,
                  on_delivery=lambda err, msg, part=part: outcomes.__setitem__(
                      part, err.code() if err else None))
    p.flush(20)
    check(len(outcomes) == PARTITIONS, "%d of %d delivery reports" % (len(outcomes), PARTITIONS))
    return outcomes


def expect_writes(c, topic, allowed, timeout_s=20):
    """Waits until alice's writes to every partition of topic are allowed (or all denied),
    and checks that the partitions' leaders include every broker, so that each one
    authorized some of them."""
    want = None if allowed else TAF
    last = {}

    def settled():
        nonlocal last
        last = produce_per_partition(c, "alice", ALICE_PASSWORD, topic)
        return set(last.values()) == {want}

    wait_until(settled, timeout_s, "alice's writes to %s to be %s on every partition (last %r)"
               % (topic, "allowed" if allowed else "denied", last), interval_s=0.5)
    led_by = set(leaders(c, topic).values())
    check(led_by == set(c.brokers), "partitions of %s led by %s, not every broker"
          % (topic, sorted(led_by)))


# --- the test ----------------------------------------------------------------------------------

def body(c):
    c.pki = os.path.join(c.workdir, "pki")
    make_pki(c.pki)
    for b in c.brokers.values():
        b.pki = c.pki
    b1, b2, b3 = c.brokers[1], c.brokers[2], c.brokers[3]
    seed_files(b1, "admin", ADMIN_PASSWORD,
               "CLUSTER LITERAL kafka-cluster User:ANONYMOUS * ALTER ALLOW")
    seed_files(b3, "mallory", MALLORY_PASSWORD, "TOPIC LITERAL * User:mallory * ALL ALLOW")
    c.sasl_bootstrap = ",".join(b.sasl_bootstrap for b in c.brokers.values())

    # Import: brokers 1 and 2 (a quorum of the three voters) start; broker 1 offers its
    # files to the new log, and broker 2, which never saw them, knows the super user.
    for b in (b1, b2):
        b.launch()
    for b in (b1, b2):
        b.wait_serving()
    for b in (b2, b1):
        wait_until(lambda b=b: logs_in(c, b, "admin", ADMIN_PASSWORD), 20,
                   "the imported super user to log in on broker %d" % b.node_id, interval_s=0.3)
    # Broker 3 joins later with files of its own: the log already holds security records,
    # so they are not imported — on no broker, itself included.
    b3.launch()
    b3.wait_serving()
    wait_until(lambda: logs_in(c, b3, "admin", ADMIN_PASSWORD), 20,
               "the imported super user to log in on broker 3", interval_s=0.3)
    wait_until(lambda: "files in the first log dir are not imported" in open(b3.stderr_path).read(),
               10, "broker 3 to say its files are not imported")
    for b in (b1, b2, b3):
        check(not logs_in(c, b, "mallory", MALLORY_PASSWORD),
              "broker 3's files must not be imported once the log holds credentials (broker %d)"
              % b.node_id)
    check(describe_acls(b3.port, "User:mallory") == [], "broker 3's ACL file was not imported")
    log("broker 1's files were imported once; broker 3's, later, were not")

    create_topics(AdminClient(sasl_conf(c, c.sasl_bootstrap, "admin", ADMIN_PASSWORD)),
                  [NewTopic(t, num_partitions=PARTITIONS, replication_factor=3)
                   for t in (ALLOWED, DENIED)])

    # A user created through broker 1 logs in on brokers 2 and 3.
    results = test_security.alter_scram(b1.port, [("alice", ALICE_PASSWORD, 2)])
    check(results == {"alice": (0, None)}, "AlterUserScramCredentials through broker 1: %r" % results)
    for b in (b2, b3):
        wait_until(lambda b=b: logs_in(c, b, "alice", ALICE_PASSWORD), 10,
                   "alice to log in on broker %d" % b.node_id, interval_s=0.3)
    log("alice, created through broker 1, logs in on brokers 2 and 3")
    for b in (b1, b2, b3):
        msg = refused_login(c, b, "alice", WRONG_PASSWORD)
        log("broker %d refuses a wrong password: %s" % (b.node_id, msg))

    # Authorization follows the ACLs committed through any broker.
    expect_writes(c, ALLOWED, allowed=False, timeout_s=10)
    log("alice without ACLs is denied on partitions led by every broker")
    create_acl(b1.port, "User:alice", "orders-", PREFIXED)
    want = [("orders-", PREFIXED, WRITE, ALLOW)]
    check(describe_acls(b1.port, "User:alice") == want,
          "broker 1 shows the ACL once CreateAcls is answered")
    for b in (b2, b3):
        wait_until(lambda b=b: describe_acls(b.port, "User:alice") == want, 10,
                   "broker %d to list alice's ACL" % b.node_id)
    expect_writes(c, ALLOWED, allowed=True)
    expect_writes(c, DENIED, allowed=False, timeout_s=10)
    log("CreateAcls through broker 1: alice writes %s through every leader, not %s"
        % (ALLOWED, DENIED))

    removed = delete_acls(b3.port, "User:alice")
    check(removed == ["orders-"], "DeleteAcls through broker 3 matched %r" % removed)
    for b in (b1, b2):
        wait_until(lambda b=b: describe_acls(b.port, "User:alice") == [], 10,
                   "broker %d to drop alice's ACL" % b.node_id)
    expect_writes(c, ALLOWED, allowed=False)
    log("DeleteAcls through broker 3: alice is denied on every broker again")

    # kill -9 and a restart: broker 2 replays credentials and ACLs from the log.
    create_acl(b2.port, "User:alice", "orders-", PREFIXED)
    b2.kill9()
    b2.launch()
    b2.wait_serving()
    check(describe_acls(b2.port, "User:alice") == want, "restarted broker 2 lists alice's ACL")
    check(logs_in(c, b2, "alice", ALICE_PASSWORD), "alice logs in on the restarted broker 2")
    refused_login(c, b2, "alice", WRONG_PASSWORD)
    # Its partitions come back to it (leader.imbalance.check.interval.seconds=2).
    wait_until(lambda: set(leaders(c, ALLOWED).values()) == {1, 2, 3}, 30,
               "broker 2 to lead partitions again")
    expect_writes(c, ALLOWED, allowed=True)
    expect_writes(c, DENIED, allowed=False, timeout_s=10)
    log("after kill -9 and a restart, broker 2 enforces alice's credentials and ACL")

    for b in c.brokers.values():
        with open(b.stderr_path, "rb") as f:
            text = f.read()
        for secret in (ADMIN_PASSWORD, ALICE_PASSWORD, WRONG_PASSWORD, MALLORY_PASSWORD):
            check(secret.encode() not in text, "broker %d's log holds a password" % b.node_id)


if __name__ == "__main__":
    cluster_harness.main("cluster_scram_acls", body, broker_cls=SecureClusterBroker)
