#!/usr/bin/python3
"""interop_reassign_acl: who may reassign partitions and unregister brokers (KIP-455 and
KIP-631 authorization, as Kafka).

One runneld with the authorizer on (the SASL broker of test_security.py). Over the loopback
PLAINTEXT listener (User:ANONYMOUS) and as the PLAIN user `dev` without ACLs, both
AlterPartitionReassignments, ListPartitionReassignments and UnregisterBroker answer
CLUSTER_AUTHORIZATION_FAILED. After the super user grants dev DESCRIBE on the cluster,
List answers (nothing in progress) while Alter and UnregisterBroker are still refused; after
ALTER on the cluster, Alter is answered per partition: a single broker accepts only [its own
id] and refuses any other broker with INVALID_REPLICA_ASSIGNMENT, and UnregisterBroker gets
past authorization to INVALID_REQUEST (a single broker has no cluster to leave).
"""

import os
import socket
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "cluster"))
import harness  # noqa: E402
from harness import check, log  # noqa: E402
from test_security import (PLAIN_PASSWORD, PLAIN_USER, USERS, SecureBroker,  # noqa: E402
                           alter_scram, kp_admin)
import reassign_client  # noqa: E402

from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

CLUSTER_AUTHORIZATION_FAILED = 31
INVALID_REPLICA_ASSIGNMENT = 39
INVALID_REQUEST = 42


def _recv(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        check(chunk, "the broker closed the connection")
        buf += chunk
    return buf


def _classic(s, api_key, version, body, correlation_id):
    """A non-flexible request (header v1) on socket s; the response body."""
    header = struct.pack(">hhih", api_key, version, correlation_id, 6) + b"runnel"
    s.sendall(struct.pack(">i", len(header) + len(body)) + header + body)
    size = struct.unpack(">i", _recv(s, 4))[0]
    data = _recv(s, size)
    check(struct.unpack(">i", data[:4])[0] == correlation_id, "correlation id")
    return data[4:]


def plain_socket(port, user, password):
    """A connection to the SASL_PLAINTEXT listener authenticated with SASL/PLAIN
    (SaslHandshake v1, SaslAuthenticate v0)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    mech = b"PLAIN"
    answer = _classic(s, 17, 1, struct.pack(">h", len(mech)) + mech, 1)
    check(struct.unpack(">h", answer[:2])[0] == 0, "SaslHandshake PLAIN refused")
    token = b"\0" + user.encode() + b"\0" + password.encode()
    answer = _classic(s, 36, 0, struct.pack(">i", len(token)) + token, 2)
    check(struct.unpack(">h", answer[:2])[0] == 0, "SaslAuthenticate as %s refused" % user)
    return s


def cluster_acl(principal, op):
    from kafka.admin import (ACL, ACLOperation, ACLPermissionType, ACLResourcePatternType,
                             ResourcePattern, ResourceType)
    return ACL(principal=principal, host="*", operation=getattr(ACLOperation, op),
               permission_type=ACLPermissionType.ALLOW,
               resource_pattern=ResourcePattern(ResourceType.CLUSTER, "kafka-cluster",
                                                ACLResourcePatternType.LITERAL))


def main(ctx):
    check(not ctx.is_mock, "the librdkafka mock has no SASL; run against runneld")
    b = ctx.broker
    # The super user is made the way a cluster's first user is (decision 0007): with
    # authorization off; then the authorizer goes on.
    b.stop()
    b.authorizer = False
    b.start(same_port=True)
    results = alter_scram(b.port, [("admin", USERS["admin"], 1)])
    check(results["admin"][0] == 0, "creating the super user: %r" % results)
    b.stop()
    b.authorizer = True
    b.start(same_port=True)
    admin = AdminClient({"bootstrap.servers": b.sasl_bootstrap, "security.protocol": "SASL_PLAINTEXT",
                         "sasl.mechanism": "SCRAM-SHA-256", "sasl.username": "admin",
                         "sasl.password": USERS["admin"]})
    for f in admin.create_topics([NewTopic("moves", 1, 1)]).values():
        f.result(20)
    node = b.node_id

    # Loopback PLAINTEXT is User:ANONYMOUS: no ALTER / DESCRIBE on the cluster.
    err, msg, _ = reassign_client.alter("127.0.0.1", b.port, {("moves", 0): [node]})
    check(err == CLUSTER_AUTHORIZATION_FAILED, "ANONYMOUS Alter gave %d" % err)
    check(msg and "ALTER on CLUSTER" in msg, "the refusal says why: %r" % msg)
    err, _ = reassign_client.list_reassignments("127.0.0.1", b.port)
    check(err == CLUSTER_AUTHORIZATION_FAILED, "ANONYMOUS List gave %d" % err)
    err, msg = reassign_client.unregister("127.0.0.1", b.port, node + 1)
    check(err == CLUSTER_AUTHORIZATION_FAILED
          and msg == "not authorized to unregister brokers (ALTER on CLUSTER)",
          "ANONYMOUS UnregisterBroker gave %d %r" % (err, msg))

    s = plain_socket(b.sasl_port, PLAIN_USER, PLAIN_PASSWORD)
    try:
        err, _, _ = reassign_client.alter(None, None, {("moves", 0): [node]}, sock=s)
        check(err == CLUSTER_AUTHORIZATION_FAILED, "dev without ACLs: Alter gave %d" % err)
        err, _ = reassign_client.list_reassignments(None, None, sock=s)
        check(err == CLUSTER_AUTHORIZATION_FAILED, "dev without ACLs: List gave %d" % err)
        err, _ = reassign_client.unregister(None, None, node + 1, sock=s)
        check(err == CLUSTER_AUTHORIZATION_FAILED, "dev without ACLs: Unregister gave %d" % err)
        log("without ACLs: CLUSTER_AUTHORIZATION_FAILED for Alter, List and UnregisterBroker")

        kp = kp_admin(ctx, "admin", "SCRAM-SHA-256")
        res = kp.create_acls([cluster_acl("User:%s" % PLAIN_USER, "DESCRIBE")])
        check(len(res["succeeded"]) == 1 and not res["failed"], "create_acls: %r" % res)
        err, ongoing = reassign_client.list_reassignments(None, None, sock=s)
        check(err == 0 and ongoing == {}, "with DESCRIBE: List gave %d %r" % (err, ongoing))
        err, _, _ = reassign_client.alter(None, None, {("moves", 0): [node]}, sock=s)
        check(err == CLUSTER_AUTHORIZATION_FAILED, "DESCRIBE only: Alter gave %d" % err)
        err, _ = reassign_client.unregister(None, None, node + 1, sock=s)
        check(err == CLUSTER_AUTHORIZATION_FAILED, "DESCRIBE only: Unregister gave %d" % err)
        log("DESCRIBE on CLUSTER: List answers, Alter and UnregisterBroker still refused")

        res = kp.create_acls([cluster_acl("User:%s" % PLAIN_USER, "ALTER")])
        check(len(res["succeeded"]) == 1 and not res["failed"], "create_acls: %r" % res)
        err, _, parts = reassign_client.alter(
            None, None, {("moves", 0): [node]}, sock=s)
        check(err == 0 and parts[("moves", 0)][0] == 0, "ALTER: own id gave %d %r" % (err, parts))
        err, _, parts = reassign_client.alter(None, None, {("moves", 0): [node + 1]}, sock=s)
        check(parts[("moves", 0)][0] == INVALID_REPLICA_ASSIGNMENT,
              "a single broker refuses another broker: %r" % parts)
        log("ALTER on CLUSTER: Alter answered per partition (%s)" % parts[("moves", 0)][1])
        err, msg = reassign_client.unregister(None, None, node + 1, sock=s)
        check(err == INVALID_REQUEST and "single broker" in (msg or ""),
              "ALTER: UnregisterBroker on a single broker gave %d %r" % (err, msg))
        log("ALTER on CLUSTER: UnregisterBroker authorized (%s)" % msg)
        kp.close()
    finally:
        s.close()


if __name__ == "__main__":
    harness.Broker = SecureBroker
    harness.run(main, "interop_reassign_acl", timeout_s=150)
