"""Process-level test of TLS between brokers (EncryptionInTransit.InCluster).

A real runnel-agent makes `create-cluster-v2 --number-of-broker-nodes 3
--encryption-in-transit TLS` (InCluster defaults to true, as in MSK); then:

- every broker's server.properties maps CONTROLLER:SSL (Kafka's
  listener.security.protocol.map), and the brokers form their quorum over it;
- a topic with replication factor 3 takes records with acks=all over the client TLS port
  (verifying the cluster CA from get-cluster-ca) and every one reads back, so quorum
  traffic and replica fetches work over mutual TLS;
- the controller port refuses plaintext: bytes that a plaintext controller would wait on
  (the start of a frame) make the TLS listener close the connection; openssl s_client
  with a broker certificate completes a verified handshake, and without a client
  certificate, or with a client certificate from the same CA that is not a broker's
  (the agent's), the controller refuses it.

    /usr/bin/python3 test_cluster_incluster_tls.py PATH/TO/runnelctl PATH/TO/runnel-agent
    (RUNNEL_RUNNELD names the broker binary)
"""

import os
import socket
import ssl
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctl_harness import check, log, run_test, wait_until  # noqa: E402

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

NAME = "tls3"
TOPIC = "ledger"
PARTITIONS = 3


def plaintext_refused(port):
    """True when the port closes a connection that sent the start of a plaintext frame."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"\x00\x00\x00\x64" + b"\x00" * 6)  # a 100-byte frame, 6 bytes of it
        s.settimeout(3)
        try:
            data = s.recv(4096)
        except socket.timeout:
            return False  # still waiting for the rest of the frame: plaintext
        except ConnectionResetError:
            return True
        # A TLS server answers with an alert record (type 21) or just closes.
        return data == b"" or data[:1] == b"\x15"


def controller_accepts(port, ca, cert=None):
    """Python TLS client: True when the controller keeps the verified connection open
    (waiting for frames), False when it refuses the client (alert or close)."""
    ctx = ssl.create_default_context(cafile=ca)
    ctx.check_hostname = False
    if cert:
        ctx.load_cert_chain(cert, cert)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        try:
            with ctx.wrap_socket(raw) as s:
                s.settimeout(3)
                try:
                    return s.recv(1) != b""
                except socket.timeout:
                    return True
        except (ssl.SSLError, ConnectionResetError, BrokenPipeError):
            return False


def s_client(port, ca, cert=None):
    cmd = ["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-CAfile", ca,
           "-verify_return_error", "-brief"]
    if cert:
        cmd += ["-cert", cert, "-key", cert]
    # The server's certificate request is answered in the handshake; with TLS 1.3 the
    # refusal arrives after it, so send a byte and wait for the close.
    p = subprocess.run(cmd, input=b"x", capture_output=True, timeout=20)
    return p.returncode, (p.stdout + p.stderr).decode(errors="replace")


def run(e):
    e.start_agent()
    created = e.ctl_json("create-cluster-v2", "--cluster-name", NAME,
                         "--number-of-broker-nodes", "3", "--encryption-in-transit", "TLS")
    check(created["State"] == "ACTIVE", "the cluster becomes ACTIVE: %r" % created)
    info = e.ctl_json("describe-cluster-v2", "--cluster-name", NAME)["ClusterInfo"]
    check(info["EncryptionInfo"]["EncryptionInTransit"].get("InCluster") is True,
          "InCluster is on: %r" % info["EncryptionInfo"])
    nodes = {n["BrokerNodeInfo"]["BrokerId"]: n["BrokerNodeInfo"]
             for n in e.ctl_json("list-nodes", "--cluster-name", NAME)["NodeInfoList"]}
    for info in nodes.values():
        if info.get("Pid"):
            e.seen_pids.add(info["Pid"])
    check(sorted(nodes) == [1, 2, 3], "three brokers: %r" % nodes)
    controller_ports = []
    for bid, info in nodes.items():
        broker_dir = os.path.dirname(info["LogFile"])
        props = open(os.path.join(broker_dir, "server.properties")).read()
        maps = [ln for ln in props.splitlines() if ln.startswith("listener.security.protocol.map=")]
        check(len(maps) == 1 and "CONTROLLER:SSL" in maps[0], "CONTROLLER:SSL: %r" % maps)
        listeners = [ln for ln in props.splitlines() if ln.startswith("listeners=")][0]
        controller_ports.append(int(listeners.split("CONTROLLER://127.0.0.1:")[1].split(",")[0]))
        log("broker %d: %s" % (bid, maps[0]))
    security_dir = os.path.join(os.path.dirname(os.path.dirname(nodes[1]["LogFile"])), "security")
    ca = os.path.join(e.tmp, "ca.pem")
    with open(ca, "w") as f:
        f.write(e.ctl("get-cluster-ca", "--cluster-name", NAME).stdout)

    bootstrap = e.ctl_json("get-bootstrap-brokers", "--cluster-name", NAME)["BootstrapBrokerStringTls"]
    conf = {"bootstrap.servers": bootstrap, "security.protocol": "SSL", "ssl.ca.location": ca}
    admin = AdminClient(conf)
    admin.create_topics([NewTopic(TOPIC, PARTITIONS, 3)])[TOPIC].result(30)
    wait_until(lambda: all(len(p.isrs) == 3 for p in admin.list_topics(TOPIC, timeout=5)
                           .topics[TOPIC].partitions.values()), 30,
               "an RF=3 topic with a full ISR", interval_s=0.5)
    acked, failed = set(), []
    p = Producer(dict(conf, **{"acks": "all", "linger.ms": 5}))
    for i in range(3000):
        p.produce(TOPIC, b"tls-%05d" % i, partition=i % PARTITIONS,
                  on_delivery=lambda err, m: failed.append(err) if err else acked.add(m.value()))
        p.poll(0)
    p.flush(60)
    check(len(acked) == 3000 and not failed, "3000 acks=all records over TLS (%d failed: %s)"
          % (len(failed), failed[:2]))
    c = Consumer(dict(conf, **{"group.id": "tls3", "enable.auto.commit": False}))
    c.assign([TopicPartition(TOPIC, p, 0) for p in range(PARTITIONS)])
    seen = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not acked <= seen:
        for m in c.consume(1000, timeout=0.5):
            if m.error() and m.error().code() != KafkaError._PARTITION_EOF:
                log("consumer:", m.error())
            elif not m.error():
                seen.add(m.value())
    c.close()
    check(acked <= seen, "%d acknowledged records not read back" % len(acked - seen))
    # Every partition has 3 in-sync replicas: followers fetched over the TLS peer links.
    md = admin.list_topics(TOPIC, timeout=5).topics[TOPIC]
    check(all(len(pp.isrs) == 3 for pp in md.partitions.values()), "ISR of 3 after the writes")
    log("3000 records produced with acks=all and read back; ISR 3 everywhere")

    port = controller_ports[0]
    check(plaintext_refused(port), "the controller port %d waits on a plaintext frame" % port)
    rc, out = s_client(port, ca, os.path.join(security_dir, "broker-2.pem"))
    check(rc == 0 and "Verification: OK" in out,
          "s_client with a broker certificate: verified handshake\n%s" % out)
    check(controller_accepts(port, ca, os.path.join(security_dir, "broker-3.pem")),
          "a broker certificate keeps its controller connection")
    check(not controller_accepts(port, ca), "a client without a certificate is refused")
    check(not controller_accepts(port, ca, os.path.join(security_dir, "agent.pem")),
          "a client certificate of the same CA that is not a broker's is refused")
    log("controller port %d: plaintext refused, broker certificate accepted, others refused" % port)

    # A rolling change of InCluster would split the quorum: refused with a sentence.
    p = e.ctl("update-security", "--cluster-name", NAME, "--encryption-in-transit", "PLAINTEXT",
              expect=None)
    check(p.returncode != 0 and "InCluster" in p.stderr,
          "update-security to PLAINTEXT on an InCluster cluster is refused: %r" % p.stderr)
    check(e.state(NAME) == "ACTIVE", "the refused update changed nothing")


if __name__ == "__main__":
    sys.exit(run_test(__doc__, run))
