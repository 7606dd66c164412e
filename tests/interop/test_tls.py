#!/usr/bin/python3
"""interop_tls: SSL and SASL_SSL listeners against a real runneld (OpenSSL 3, PEM files).

A throw-away CA signs a broker certificate (SAN 127.0.0.1) and two client certificates.
The broker has a PLAINTEXT listener (loopback, for the harness and for creating the SCRAM
user), an SSL listener with ssl.client.auth=required and a SASL_SSL listener; the
authorizer is on with super.users=User:CN=admin-client,O=Runnel;User:admin.

- openssl s_client: TLS 1.1 is refused, TLS 1.2 verifies against the CA;
- confluent-kafka over SSL with the admin-client certificate (CA verification on)
  creates a topic, produces and consumes: the principal is the certificate's DN;
- another certificate (CN=bob) is authenticated but gets TOPIC_AUTHORIZATION_FAILED;
- no client certificate: the TLS handshake fails;
- confluent-kafka over SASL_SSL with SCRAM-SHA-512 produces as a super user.
"""

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, log, wait_until  # noqa: E402
import test_security  # noqa: E402 - raw AlterUserScramCredentials

from confluent_kafka import Consumer, KafkaError, Producer  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

ADMIN_PASSWORD = "admin-tls-secret"


def openssl(*args, cwd):
    r = subprocess.run(["openssl"] + list(args), cwd=cwd, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    check(r.returncode == 0, "openssl %s failed: %s" % (args[0], r.stdout.decode(errors="replace")))


def make_pki(d):
    os.makedirs(d, exist_ok=True)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "2", "-subj", "/CN=Runnel Test CA", cwd=d)
    with open(os.path.join(d, "server.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    for name, subj, ext in [("server", "/CN=localhost", True),
                            ("admin-client", "/O=Runnel/CN=admin-client", False),
                            ("bob", "/O=Runnel/CN=bob", False)]:
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out",
                name + ".csr", "-subj", subj, cwd=d)
        args = ["x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", name + ".pem", "-days", "2"]
        if ext:
            args += ["-extfile", "server.ext"]
        openssl(*args, cwd=d)
    with open(os.path.join(d, "keystore.pem"), "w") as out:
        for part in ("server.key", "server.pem"):
            with open(os.path.join(d, part)) as f:
                out.write(f.read())


class TlsBroker(harness.Broker):
    ssl_port = sasl_ssl_port = None
    authorizer = True

    def _write_props(self):
        pki = os.path.join(self.workdir, "pki")
        if not os.path.exists(os.path.join(pki, "keystore.pem")):
            make_pki(pki)
        self.pki = pki
        self.ssl_port = harness.free_port()
        self.sasl_ssl_port = harness.free_port()
        lines = [
            "node.id=%d" % self.node_id,
            "listeners=PLAINTEXT://127.0.0.1:%d,SSL://127.0.0.1:%d,SASL_SSL://127.0.0.1:%d"
            % (self.port, self.ssl_port, self.sasl_ssl_port),
            "log.dirs=%s" % self.log_dir,
            "ssl.keystore.type=PEM",
            "ssl.keystore.location=%s" % os.path.join(pki, "keystore.pem"),
            "ssl.truststore.type=PEM",
            "ssl.truststore.location=%s" % os.path.join(pki, "ca.pem"),
            "ssl.client.auth=required",
            "sasl.enabled.mechanisms=SCRAM-SHA-512",
            "super.users=User:CN=admin-client,O=Runnel;User:admin",
            "group.initial.rebalance.delay.ms=0",
        ]
        if self.authorizer:
            lines.append(
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer")
        with open(self.props_path, "w") as f:
            f.write("\n".join(lines) + "\n")


def ssl_conf(ctx, cert=None):
    pki = ctx.broker.pki
    conf = {"bootstrap.servers": "127.0.0.1:%d" % ctx.broker.ssl_port, "security.protocol": "SSL",
            "ssl.ca.location": os.path.join(pki, "ca.pem")}
    if cert:
        conf["ssl.certificate.location"] = os.path.join(pki, cert + ".pem")
        conf["ssl.key.location"] = os.path.join(pki, cert + ".key")
    return conf


def produce(conf, topic, count=5):
    p = Producer(dict(conf, **{"message.timeout.ms": 8000}))
    outcomes = []
    for i in range(count):
        p.produce(topic, value=b"tls-%d" % i,
                  on_delivery=lambda err, msg: outcomes.append(err.code() if err else None))
    p.flush(20)
    check(len(outcomes) == count, "%d of %d delivery reports" % (len(outcomes), count))
    return set(outcomes)


def test_protocol_floor(ctx):
    port = ctx.broker.sasl_ssl_port  # no client certificate needed there
    ca = os.path.join(ctx.broker.pki, "ca.pem")

    def s_client(*extra):
        return subprocess.run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % port,
                               "-CAfile", ca] + list(extra), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
    old = s_client("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0")
    check(old.returncode != 0, "TLS 1.1 must be refused:\n%s" % old.stdout.decode(errors="replace"))
    new = s_client("-tls1_2", "-verify_return_error")
    out = new.stdout.decode(errors="replace")
    check(new.returncode == 0 and "Verify return code: 0 (ok)" in out,
          "TLS 1.2 with CA verification must work:\n%s" % out)
    log("TLS 1.1 refused, TLS 1.2 verified against the CA")


def test_mtls(ctx):
    a = AdminClient(ssl_conf(ctx, "admin-client"))
    for _, f in a.create_topics([NewTopic("tls-topic", num_partitions=1, replication_factor=1)],
                                operation_timeout=20).items():
        f.result(timeout=30)
    check(produce(ssl_conf(ctx, "admin-client"), "tls-topic", 10) == {None},
          "the super user's certificate must produce")
    c = Consumer(dict(ssl_conf(ctx, "admin-client"), **{"group.id": "tls-group",
                                                         "auto.offset.reset": "earliest"}))
    c.subscribe(["tls-topic"])
    got = 0
    deadline = time.monotonic() + 40
    while got < 10 and time.monotonic() < deadline:
        m = c.poll(1.0)
        if m is not None and not m.error():
            got += 1
    c.close()
    check(got == 10, "consumed %d of 10 over SSL" % got)
    log("mTLS principal User:CN=admin-client,O=Runnel created a topic, produced and consumed")

    pki = ctx.broker.pki
    kcat = subprocess.run(
        ["kcat", "-b", "127.0.0.1:%d" % ctx.broker.ssl_port, "-X", "security.protocol=SSL",
         "-X", "ssl.ca.location=" + os.path.join(pki, "ca.pem"),
         "-X", "ssl.certificate.location=" + os.path.join(pki, "admin-client.pem"),
         "-X", "ssl.key.location=" + os.path.join(pki, "admin-client.key"),
         "-C", "-t", "tls-topic", "-o", "beginning", "-e", "-q"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    lines = kcat.stdout.decode(errors="replace").split()
    check(kcat.returncode == 0 and len(lines) == 10,
          "kcat over mTLS read %d records (rc %d): %s"
          % (len(lines), kcat.returncode, kcat.stderr.decode(errors="replace")[-500:]))
    log("kcat over mTLS with CA verification read the 10 records")

    outcome = produce(ssl_conf(ctx, "bob"), "tls-topic")
    check(outcome == {KafkaError.TOPIC_AUTHORIZATION_FAILED},
          "a certificate without ACLs must be refused, got %r" % outcome)
    log("User:CN=bob,O=Runnel without ACLs gets TOPIC_AUTHORIZATION_FAILED")

    errors = []
    p = Producer(dict(ssl_conf(ctx), **{"error_cb": lambda e: errors.append(e)}))
    wait_until(lambda: (p.poll(0.2), any(e.code() in (KafkaError._SSL, KafkaError._TRANSPORT,
                                                      KafkaError._ALL_BROKERS_DOWN)
                                         for e in errors))[1],
               15, "a TLS failure without a client certificate")
    check(produce(ssl_conf(ctx), "tls-topic", 1) != {None}, "no certificate must not produce")
    log("no client certificate: refused (%s)" % errors[0])


def test_sasl_ssl(ctx):
    # Loopback PLAINTEXT sets passwords only while authorization is off (decision 0007).
    denied = test_security.alter_scram(ctx.broker.port, [("admin", ADMIN_PASSWORD, 2)])
    check(denied["admin"][0] == 31, "loopback PLAINTEXT with the authorizer on: %r" % denied)
    ctx.broker.stop()
    ctx.broker.authorizer = False
    ctx.broker.start(same_port=True)
    results = test_security.alter_scram(ctx.broker.port, [("admin", ADMIN_PASSWORD, 2)])
    check(results == {"admin": (0, None)}, "create SCRAM user: %r" % results)
    ctx.broker.stop()
    ctx.broker.authorizer = True
    ctx.broker.start(same_port=True)
    conf = {"bootstrap.servers": "127.0.0.1:%d" % ctx.broker.sasl_ssl_port,
            "security.protocol": "SASL_SSL", "ssl.ca.location": os.path.join(ctx.broker.pki, "ca.pem"),
            "sasl.mechanisms": "SCRAM-SHA-512", "sasl.username": "admin", "sasl.password": ADMIN_PASSWORD}
    check(produce(conf, "tls-topic", 5) == {None}, "SASL_SSL SCRAM-SHA-512 produce")
    bad = dict(conf, **{"sasl.password": "wrong"})
    check(produce(bad, "tls-topic", 1) != {None}, "a wrong password over SASL_SSL must fail")
    log("SASL_SSL with SCRAM-SHA-512 works; a wrong password does not")


def main(ctx):
    check(not ctx.is_mock, "the librdkafka mock has no TLS; run against runneld")
    test_protocol_floor(ctx)
    test_mtls(ctx)
    test_sasl_ssl(ctx)


if __name__ == "__main__":
    harness.Broker = TlsBroker
    harness.run(main, "interop_tls", timeout_s=240)
