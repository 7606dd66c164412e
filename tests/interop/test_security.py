#!/usr/bin/python3
"""interop_security: SASL/SCRAM, SASL/PLAIN and ACLs against a real runneld.

The broker gets a PLAINTEXT listener (loopback) and a SASL_PLAINTEXT listener, with
SCRAM-SHA-256/512 and PLAIN enabled and the authorizer on (super.users=User:admin).

- SCRAM users are created with a raw AlterUserScramCredentials request over the loopback
  PLAINTEXT listener (kafka-python 2.0.2 and librdkafka 2.0.2 have no call for it); the
  client computes the salted password, as Kafka's tools do.
- confluent-kafka (librdkafka: SaslHandshake v1 + SaslAuthenticate v0) with SCRAM-SHA-256
  as the super user creates a topic, produces and consumes; a wrong password fails with
  an authentication error.
- kafka-python (SaslHandshake v0 + raw tokens) with SCRAM-SHA-512 creates ACLs and reads
  them back; with PLAIN (users from the JAAS line) it connects, with a wrong PLAIN
  password it does not.
- A user without ACLs cannot produce (TOPIC_AUTHORIZATION_FAILED); after a PREFIXED
  WRITE allow it can; a LITERAL DENY then beats the allow for that one topic.
- A Metadata request before authentication on the SASL listener closes the connection.
- kafkajs with scram-sha-256 produces and consumes (js/test_security.js).
"""

import hashlib
import os
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, log, wait_until  # noqa: E402

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
JS = os.path.join(HERE, "js")

USERS = {"admin": "admin-secret", "alice": "alice-secret"}
PLAIN_USER, PLAIN_PASSWORD = "dev", "dev-secret"
ITERATIONS = 4096


class SecureBroker(harness.Broker):
    """runneld with a PLAINTEXT and a SASL_PLAINTEXT listener and the authorizer on."""

    sasl_port = None
    authorizer = True

    def _write_props(self):
        self.sasl_port = harness.free_port()
        lines = [
            "node.id=%d" % self.node_id,
            "listeners=PLAINTEXT://127.0.0.1:%d,SASL_PLAINTEXT://127.0.0.1:%d"
            % (self.port, self.sasl_port),
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
            "log.dirs=%s" % self.log_dir,
            "sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512,PLAIN",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config="
            "org.apache.kafka.common.security.plain.PlainLoginModule required "
            'user_%s="%s";' % (PLAIN_USER, PLAIN_PASSWORD),
            "super.users=User:admin",
            "group.initial.rebalance.delay.ms=0",
        ]
        if self.authorizer:
            lines.append(
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer")
        with open(self.props_path, "w") as f:
            f.write("\n".join(lines) + "\n")

    @property
    def sasl_bootstrap(self):
        return "127.0.0.1:%d" % self.sasl_port


# --- raw AlterUserScramCredentials (flexible v0) ---------------------------------------------

def _uvarint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def _read_uvarint(buf, pos):
    shift = value = 0
    while True:
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, pos
        shift += 7


def _compact_bytes(b):
    return _uvarint(len(b) + 1) + b


def _rpc(port, api_key, version, body, correlation_id=7):
    """One request with header v2 (flexible); returns the body after response header v1."""
    client_id = b"runnel-security-test"
    header = struct.pack(">hhih", api_key, version, correlation_id, len(client_id)) + client_id
    frame = header + _uvarint(0) + body
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(struct.pack(">i", len(frame)) + frame)
        size = struct.unpack(">i", harness._recv_exact(s, 4))[0]
        payload = harness._recv_exact(s, size)
    cid = struct.unpack(">i", payload[:4])[0]
    check(cid == correlation_id, "correlation id %d != %d" % (cid, correlation_id))
    _, pos = _read_uvarint(payload, 4)  # response header tagged fields
    return payload[pos:]


def describe_scram_error(port):
    """DescribeUserScramCredentials for all users: the top-level error code."""
    resp = _rpc(port, 50, 0, _uvarint(0) + _uvarint(0))  # Users null, no tags
    return struct.unpack(">h", resp[4:6])[0]


def alter_scram(port, upserts, iterations=ITERATIONS):
    """upserts: [(user, password, mechanism 1|2)] → {user: (error code, message)}."""
    body = _uvarint(1)  # no deletions
    body += _uvarint(len(upserts) + 1)
    for user, password, mechanism in upserts:
        salt = os.urandom(16)
        digest = "sha256" if mechanism == 1 else "sha512"
        salted = hashlib.pbkdf2_hmac(digest, password.encode(), salt, iterations)
        body += _compact_bytes(user.encode()) + struct.pack(">bi", mechanism, iterations)
        body += _compact_bytes(salt) + _compact_bytes(salted) + _uvarint(0)
    body += _uvarint(0)
    resp = _rpc(port, 51, 0, body)
    pos = 4  # throttle
    n, pos = _read_uvarint(resp, pos)
    results = {}
    for _ in range(n - 1):
        ln, pos = _read_uvarint(resp, pos)
        user = resp[pos:pos + ln - 1].decode()
        pos += ln - 1
        err = struct.unpack(">h", resp[pos:pos + 2])[0]
        pos += 2
        ln, pos = _read_uvarint(resp, pos)
        msg = resp[pos:pos + ln - 1].decode() if ln else None
        pos += max(ln - 1, 0)
        _, pos = _read_uvarint(resp, pos)
        results[user] = (err, msg)
    return results


# --- clients ----------------------------------------------------------------------------------

def ck_conf(ctx, user, password, mechanism="SCRAM-SHA-256"):
    return {"bootstrap.servers": ctx.broker.sasl_bootstrap, "security.protocol": "SASL_PLAINTEXT",
            "sasl.mechanisms": mechanism, "sasl.username": user, "sasl.password": password}


def ck_produce(ctx, user, topic, count=5):
    """Produces count messages as user; returns the set of delivery error codes (None = ok)."""
    p = Producer(dict(ck_conf(ctx, user, USERS[user]), **{
        "message.timeout.ms": 8000, "topic.metadata.refresh.interval.ms": 1000}))
    outcomes = []
    for i in range(count):
        p.produce(topic, value=b"%s-%d" % (user.encode(), i),
                  on_delivery=lambda err, msg: outcomes.append(err.code() if err else None))
    p.flush(20)
    check(len(outcomes) == count, "%d of %d delivery reports" % (len(outcomes), count))
    return set(outcomes)


def kp_admin(ctx, user, mechanism):
    from kafka.admin import KafkaAdminClient
    return KafkaAdminClient(bootstrap_servers=ctx.broker.sasl_bootstrap,
                            security_protocol="SASL_PLAINTEXT", sasl_mechanism=mechanism,
                            sasl_plain_username=user, sasl_plain_password=USERS.get(user, ""),
                            request_timeout_ms=10000, api_version_auto_timeout_ms=10000)


def kp_acl(principal, op, permission, name, pattern):
    from kafka.admin import (ACL, ACLOperation, ACLPermissionType, ACLResourcePatternType,
                             ResourcePattern, ResourceType)
    return ACL(principal=principal, host="*", operation=getattr(ACLOperation, op),
               permission_type=getattr(ACLPermissionType, permission),
               resource_pattern=ResourcePattern(ResourceType.TOPIC, name,
                                                getattr(ACLResourcePatternType, pattern)))


# --- tests ------------------------------------------------------------------------------------

def test_create_users(ctx):
    # With the authorizer on, the loopback PLAINTEXT caller is User:ANONYMOUS without ALTER
    # on CLUSTER: it may not set anyone's password, a super user's least of all.
    denied = alter_scram(ctx.broker.port, [("admin", "chosen-by-an-attacker", 1)])
    check(denied["admin"][0] == 31,
          "loopback PLAINTEXT with the authorizer on: CLUSTER_AUTHORIZATION_FAILED, got %r" % denied)
    log("loopback PLAINTEXT may not set passwords while the authorizer is on")
    # The bootstrap path: the first users are made with authorization off, then it goes on.
    ctx.broker.stop()
    ctx.broker.authorizer = False
    ctx.broker.start(same_port=True)
    results = alter_scram(ctx.broker.port, [("admin", USERS["admin"], 1), ("admin", USERS["admin"], 2),
                                            ("alice", USERS["alice"], 1)])
    check(results == {"admin": (0, None), "alice": (0, None)},
          "AlterUserScramCredentials results: %r" % results)
    log("SCRAM users created over loopback PLAINTEXT with authorization off")
    weak = alter_scram(ctx.broker.port, [("weak", "pw", 1)], iterations=1000)
    check(weak["weak"][0] == 93, "fewer than 4096 iterations: UNACCEPTABLE_CREDENTIAL, got %r" % weak)
    ctx.broker.stop()
    ctx.broker.authorizer = True
    ctx.broker.start(same_port=True)
    err = describe_scram_error(ctx.broker.port)
    check(err == 31, "ANONYMOUS may not describe credentials with the authorizer on, got %d" % err)
    path = os.path.join(ctx.broker.log_dir, "runnel-scram-credentials")
    with open(path, "rb") as f:
        stored = f.read()
    check(b"admin" in stored and USERS["admin"].encode() not in stored,
          "credentials file must name the user and never hold the password")


def test_confluent_scram(ctx):
    a = AdminClient(ck_conf(ctx, "admin", USERS["admin"]))
    topics = ["orders-eu", "orders-us", "admin-topic"]
    for name, f in a.create_topics([NewTopic(t, num_partitions=1, replication_factor=1)
                                    for t in topics], operation_timeout=20).items():
        f.result(timeout=30)
    log("admin (SCRAM-SHA-256, librdkafka) created %s" % topics)
    check(ck_produce(ctx, "admin", "admin-topic", 10) == {None}, "admin produce failed")
    c = Consumer(dict(ck_conf(ctx, "admin", USERS["admin"]), **{
        "group.id": "admin-group", "auto.offset.reset": "earliest"}))
    c.subscribe(["admin-topic"])
    got = []
    deadline = time.monotonic() + 40
    while len(got) < 10 and time.monotonic() < deadline:
        m = c.poll(1.0)
        if m is not None and not m.error():
            got.append(m.value())
    c.close()
    check(len(got) == 10, "admin consumed %d of 10 messages" % len(got))
    log("admin produced and consumed 10 messages over SASL/SCRAM")


def test_wrong_password(ctx):
    errors = []
    p = Producer(dict(ck_conf(ctx, "alice", "not-her-password"),
                      **{"error_cb": lambda e: errors.append(e)}))
    try:
        p.list_topics(timeout=5)
        check(False, "metadata with a wrong password must fail")
    except KafkaException:
        pass
    wait_until(lambda: (p.poll(0.2), any(e.code() == KafkaError._AUTHENTICATION for e in errors))[1],
               10,
               "an authentication error for the wrong password")
    msg = [str(e) for e in errors if e.code() == KafkaError._AUTHENTICATION][0]
    check("Authentication failed" in msg, "error should say authentication failed: %s" % msg)
    check("not-her-password" not in ctx.broker_log(), "the broker log must not hold the password")
    log("wrong password refused: %s" % msg)


def test_acls(ctx):
    TAF = KafkaError.TOPIC_AUTHORIZATION_FAILED
    outcome = ck_produce(ctx, "alice", "orders-eu")
    check(outcome == {TAF}, "alice without ACLs: expected TOPIC_AUTHORIZATION_FAILED, got %r" % outcome)
    log("alice without ACLs is refused")

    admin = kp_admin(ctx, "admin", "SCRAM-SHA-512")  # SaslHandshake v0 + raw SCRAM tokens
    result = admin.create_acls([kp_acl("User:alice", "WRITE", "ALLOW", "orders-", "PREFIXED")])
    check(len(result["succeeded"]) == 1 and not result["failed"], "create_acls: %r" % result)
    check(ck_produce(ctx, "alice", "orders-eu") == {None}, "alice must write after the PREFIXED allow")
    log("PREFIXED WRITE allow lets alice produce")

    result = admin.create_acls([kp_acl("User:alice", "WRITE", "DENY", "orders-eu", "LITERAL")])
    check(len(result["succeeded"]) == 1, "create deny: %r" % result)
    check(ck_produce(ctx, "alice", "orders-eu") == {TAF}, "LITERAL DENY must beat the PREFIXED allow")
    check(ck_produce(ctx, "alice", "orders-us") == {None}, "the allow still covers orders-us")
    log("DENY beats ALLOW")

    from kafka.admin import (ACLFilter, ACLOperation, ACLPermissionType, ACLResourcePatternType,
                             ResourcePatternFilter, ResourceType)
    acls, err = admin.describe_acls(ACLFilter(
        principal="User:alice", host="*", operation=ACLOperation.ANY,
        permission_type=ACLPermissionType.ANY,
        resource_pattern=ResourcePatternFilter(ResourceType.TOPIC, "orders-eu",
                                               ACLResourcePatternType.MATCH)))
    check(err.errno == 0 and len(acls) == 2, "describe MATCH orders-eu: %r %r" % (acls, err))
    admin.close()

    # Not a super user: alice may not create ACLs.
    USERS_ALICE = kp_admin(ctx, "alice", "SCRAM-SHA-256")
    result = USERS_ALICE.create_acls([kp_acl("User:alice", "ALL", "ALLOW", "*", "LITERAL")])
    check(len(result["failed"]) == 1, "alice must not create ACLs: %r" % result)
    USERS_ALICE.close()
    log("ACL admin refused for a user without ALTER on the cluster")


def test_plain(ctx):
    from kafka import KafkaConsumer
    from kafka.errors import KafkaError as KpError
    c = KafkaConsumer(bootstrap_servers=ctx.broker.sasl_bootstrap, security_protocol="SASL_PLAINTEXT",
                      sasl_mechanism="PLAIN", sasl_plain_username=PLAIN_USER,
                      sasl_plain_password=PLAIN_PASSWORD, request_timeout_ms=11000,
                      api_version_auto_timeout_ms=10000)
    topics = c.topics()
    check(topics == set(), "a PLAIN user without ACLs sees no topics, got %r" % topics)
    c.close()
    try:
        c = KafkaConsumer(bootstrap_servers=ctx.broker.sasl_bootstrap,
                          security_protocol="SASL_PLAINTEXT", sasl_mechanism="PLAIN",
                          sasl_plain_username=PLAIN_USER, sasl_plain_password="wrong",
                          request_timeout_ms=6000, api_version_auto_timeout_ms=4000)
        c.topics()
        check(False, "PLAIN with a wrong password must fail")
    except (KpError, Exception) as exc:  # noqa: BLE001 - kafka-python raises various types
        if isinstance(exc, harness.TestFailure):
            raise
        log("PLAIN with a wrong password refused: %s" % type(exc).__name__)
    log("PLAIN (kafka-python, SaslHandshake v0) works for JAAS users")


def test_request_before_auth_closes(ctx):
    body = struct.pack(">hhih", 3, 1, 1, 4) + b"test" + struct.pack(">i", -1)
    with socket.create_connection(("127.0.0.1", ctx.broker.sasl_port), timeout=5) as s:
        s.sendall(struct.pack(">i", len(body)) + body)
        s.settimeout(5)
        check(s.recv(4) == b"", "Metadata before SASL must close the connection")
    log("Metadata before authentication closes the connection")


def test_failed_authenticate_closes(ctx):
    """SaslHandshake v1 + SaslAuthenticate v0 with a wrong PLAIN password: the answer is
    SASL_AUTHENTICATION_FAILED with a message, no sooner than the failed-login delay, and
    then the broker closes the connection (as Kafka)."""
    def request(s, api_key, version, body, cid):
        frame = struct.pack(">hhih", api_key, version, cid, 4) + b"test" + body
        s.sendall(struct.pack(">i", len(frame)) + frame)
        size = struct.unpack(">i", harness._recv_exact(s, 4))[0]
        payload = harness._recv_exact(s, size)
        check(struct.unpack(">i", payload[:4])[0] == cid, "correlation id")
        return payload[4:]

    with socket.create_connection(("127.0.0.1", ctx.broker.sasl_port), timeout=10) as s:
        s.settimeout(10)
        resp = request(s, 17, 1, struct.pack(">h", 5) + b"PLAIN", 1)
        check(struct.unpack(">h", resp[:2])[0] == 0, "SaslHandshake v1 PLAIN accepted")
        token = b"\0" + PLAIN_USER.encode() + b"\0wrong-password"
        started = time.monotonic()
        resp = request(s, 36, 0, struct.pack(">i", len(token)) + token, 2)
        elapsed = time.monotonic() - started
        err, mlen = struct.unpack(">hh", resp[:4])
        message = resp[4:4 + mlen].decode()
        check(err == 58, "SASL_AUTHENTICATION_FAILED expected, got %d" % err)
        check("Authentication failed" in message, "message: %r" % message)
        check(elapsed >= 0.09, "failed login answered after %.3fs, before the 100 ms delay" % elapsed)
        check(s.recv(4) == b"", "the connection must close after a failed SaslAuthenticate")
    log("failed SaslAuthenticate: error 58 after %.0f ms, then the connection closes" % (elapsed * 1000))


def test_kafkajs(ctx):
    node = os.environ.get("RUNNEL_NODE", "node")
    if not os.path.isdir(os.path.join(JS, "node_modules", "kafkajs")):
        check(False, "kafkajs is not installed: run `npm ci` in %s" % JS)
    p = ctx.children.popen([node, os.path.join(JS, "test_security.js"), ctx.broker.sasl_bootstrap,
                            "admin", USERS["admin"]], cwd=JS, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=dict(os.environ, KAFKAJS_NO_PARTITIONER_WARNING="1"))
    try:
        out, _ = p.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
    sys.stdout.write(out.decode(errors="replace"))
    check(p.returncode == 0, "kafkajs SCRAM test failed (exit status %s)" % p.returncode)


def main(ctx):
    check(not ctx.is_mock, "the librdkafka mock has no SASL; run against runneld")

    def broker_log():
        with open(ctx.broker.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")
    ctx.broker_log = broker_log
    test_create_users(ctx)
    test_request_before_auth_closes(ctx)
    test_failed_authenticate_closes(ctx)
    test_confluent_scram(ctx)
    test_wrong_password(ctx)
    test_acls(ctx)
    test_plain(ctx)
    test_kafkajs(ctx)
    for secret in list(USERS.values()) + [PLAIN_PASSWORD]:
        check(secret not in broker_log(), "the broker log must never hold a password")


if __name__ == "__main__":
    harness.Broker = SecureBroker
    harness.run(main, "interop_security", timeout_s=280)
