#!/usr/bin/python3
"""cluster_unregister: UnregisterBroker (API 64, KIP-631) removes a broker from a cluster.

A single runneld first: it has no quorum, so UnregisterBroker is INVALID_REQUEST. Then three
combined-mode voters and a broker-only node 4; a topic with RF 3 over all four gets keyed
records. Refusals, each with its error code and sentence: an unknown id
(BROKER_ID_NOT_REGISTERED), a voter, node 4 while it runs, node 4 stopped but still holding
replicas (INVALID_REQUEST). Then node 4's replicas move to the voters
(AlterPartitionReassignments), and UnregisterBroker sent to a voter that is not the active
controller succeeds: Metadata and DescribeCluster through every broker list 1-3 only, every
broker answers a second UnregisterBroker for it with BROKER_ID_NOT_REGISTERED, no voter dials
node 4's peer listener any more, a reassignment
naming 4 is refused like any unknown broker; after every broker restarts (the metadata log
replayed) node 4 is still gone and every acknowledged record reads back; node 4 started
again registers as a new member.
"""

import os
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
import harness  # noqa: E402
from harness import check, log, free_port, wait_until  # noqa: E402
from test_chaos import NODES, create_topics  # noqa: E402
from test_reassign import BrokerOnly  # noqa: E402
import cluster_harness  # noqa: E402
from ck_util import read_partitions  # noqa: E402
import reassign_client  # noqa: E402

from confluent_kafka import Producer  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

TOPIC = "leaving"
PARTITIONS = 4
INVALID_REQUEST = 42
INVALID_REPLICA_ASSIGNMENT = 39
BROKER_ID_NOT_REGISTERED = 102


def partitions(bootstrap):
    md = AdminClient({"bootstrap.servers": bootstrap}).list_topics(TOPIC, timeout=5)
    return {p: (pm.leader, list(pm.replicas), sorted(pm.isrs))
            for p, pm in md.topics[TOPIC].partitions.items()}


def metadata_brokers(address):
    return sorted(AdminClient({"bootstrap.servers": address}).list_topics(timeout=5).brokers)


def produce(bootstrap, count):
    acked = []
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True})
    for i in range(count):
        p.produce(TOPIC, key=b"k", value=b"v-%d" % i, partition=i % PARTITIONS,
                  on_delivery=lambda err, m: acked.append((m.partition(), m.value())) if not err else None)
    check(p.flush(30) == 0, "writes not completed")
    check(len(acked) == count, "%d of %d writes acknowledged" % (len(acked), count))
    return acked


def expect(answer, code, message, what):
    err, msg = answer
    check(err == code and msg == message,
          "%s: got (%s, %r), expected (%d, %r)" % (what, err, msg, code, message))
    log("%s: %d %s" % (what, err, msg))


def single_broker_refuses(binary):
    workdir = tempfile.mkdtemp(prefix="runnel-unregister-single-")
    b = harness.Broker(binary, workdir)
    try:
        b.start()
        expect(reassign_client.unregister("127.0.0.1", b.port, 2), INVALID_REQUEST,
               "this is a single broker without a metadata quorum; there is no cluster to "
               "unregister broker 2 from", "single broker")
        b.stop()
    except BaseException:
        b.dump_log(20000)
        raise
    finally:
        b.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)


def body(c):
    single_broker_refuses(c.binary)
    c.add(4, BrokerOnly, free_port())
    bootstrap = c.start()
    admin, brokers = c.admin, c.brokers
    create_topics(admin, [NewTopic(TOPIC, PARTITIONS, 3)])
    wait_until(lambda: all(len(isr) == 3 for _, _, isr in partitions(bootstrap).values()), 30,
               "every partition fully in sync")
    acked = produce(bootstrap, 2000)
    host = "127.0.0.1"
    ask = lambda node, broker_id: reassign_client.unregister(host, brokers[node].port, broker_id)

    expect(ask(1, 9), BROKER_ID_NOT_REGISTERED, "broker 9 is not registered in the cluster",
           "unknown id")
    expect(ask(3, 2), INVALID_REQUEST,
           "broker 2 is a voter of the metadata quorum and cannot be unregistered", "voter")
    expect(ask(4, 4), INVALID_REQUEST, "broker 4 is still running; shut it down first",
           "running broker")

    # Stopped (controlled shutdown), it still holds replicas: the answer counts them.
    brokers[4].stop()
    bootstrap = c.bootstrap_without(4)
    wait_until(lambda: reassign_client.unregister(host, brokers[1].port, 4)[1]
               != "broker 4 is still running; shut it down first", 15, "broker 4 to be fenced")
    state = partitions(bootstrap)
    held = sorted(p for p, (_, replicas, _) in state.items() if 4 in replicas)
    check(held, "broker 4 holds no replica of %s: %s" % (TOPIC, state))
    err, msg = ask(2, 4)
    m = re.fullmatch(r"broker 4 still holds replicas of (\d+) partitions? \(e\.g\. %s-(\d+)\); "
                     r"move them with AlterPartitionReassignments first" % TOPIC, msg or "")
    check(err == INVALID_REQUEST and m and int(m.group(1)) == len(held)
          and int(m.group(2)) in held, "holding replicas: got (%s, %r), held %s" % (err, msg, held))
    log("holding replicas: %d %s" % (err, msg))

    # Move them to the voters: each partition keeps RF 3.
    moves = {}
    for p in held:
        replicas = state[p][1]
        moves[(TOPIC, p)] = [r for r in replicas if r != 4] + [
            n for n in NODES if n not in replicas]
    err, msg, res = reassign_client.alter(host, brokers[1].port, moves)
    check(err == 0 and all(e == 0 for e, _ in res.values()),
          "reassignment refused: %s %s %s" % (err, msg, res))
    wait_until(lambda: not reassign_client.list_reassignments(host, brokers[1].port)[1], 60,
               "the reassignments to finish")
    wait_until(lambda: all(4 not in r for _, r, _ in partitions(bootstrap).values()), 30,
               "Metadata to show no replica on broker 4")

    # Through a voter that is not the active controller: forwarded, answered once committed.
    # (A fenced broker is not listed by Metadata or DescribeCluster, as in Kafka.)
    _, controller, listed = reassign_client.describe_cluster(host, brokers[1].port)
    check(listed == [1, 2, 3], "DescribeCluster before: %s" % listed)
    via = next(n for n in NODES if n != controller)
    log("active controller %d; unregistering broker 4 through broker %d" % (controller, via))
    expect(ask(via, 4), 0, None, "unregister")
    # The broker that answered shows it at once; the others once they applied the record.
    check(metadata_brokers(brokers[via].bootstrap) == [1, 2, 3],
          "Metadata of broker %d right after the answer: %s"
          % (via, metadata_brokers(brokers[via].bootstrap)))

    def gone_everywhere():
        for n in NODES:
            if metadata_brokers(brokers[n].bootstrap) != [1, 2, 3]:
                return False
            err, _, listed = reassign_client.describe_cluster(host, brokers[n].port)
            if err != 0 or listed != [1, 2, 3]:
                return False
        return True

    wait_until(gone_everywhere, 10, "Metadata and DescribeCluster of brokers 1-3 to list 1-3")

    def stopped_dialling(n):
        with open(brokers[n].stderr_path, errors="replace") as f:
            return "no longer dialling observer 4" in f.read()

    wait_until(lambda: all(stopped_dialling(n) for n in NODES), 10,
               "every voter to stop dialling node 4's peer listener")

    def really_unregistered(what):
        # Were broker 4 still registered (fenced, holding nothing), both would succeed.
        for n in NODES:
            expect(ask(n, 4), BROKER_ID_NOT_REGISTERED,
                   "broker 4 is not registered in the cluster", "%s, through %d" % (what, n))
        err, _, res = reassign_client.alter(host, brokers[1].port, {(TOPIC, held[0]): [4, 1]})
        check(res[(TOPIC, held[0])] == (INVALID_REPLICA_ASSIGNMENT,
                                         "broker 4 is not registered in the cluster"),
              "a reassignment onto broker 4 gave %s" % (res,))

    really_unregistered("unregistering again")

    # Every voter restarts: the metadata log replays the unregistration.
    for n in NODES:
        brokers[n].stop()
    for n in NODES:
        brokers[n].launch()
    for n in NODES:
        brokers[n].wait_serving()
    wait_until(gone_everywhere, 30, "brokers 1-3 only after the restart")
    really_unregistered("after the restart")
    wait_until(lambda: all(len(isr) == 3 and leader in NODES
                           for leader, _, isr in partitions(bootstrap).values()), 30,
               "every partition led and in sync after the restart")
    got = read_partitions(bootstrap, TOPIC, list(range(PARTITIONS)))
    for p in range(PARTITIONS):
        want = [v for part, v in acked if part == p]
        have = [v for _, _, v in got[p]]
        check(have == want, "partition %d: read %d records, %d acknowledged"
              % (p, len(have), len(want)))
    log("after the restart: brokers 1-3 only, all %d acknowledged records read back" % len(acked))

    # The same node id started again is a new member: it registers and is listed again.
    brokers[4].launch()
    brokers[4].wait_serving()
    wait_until(lambda: metadata_brokers(brokers[1].bootstrap) == [1, 2, 3, 4], 15,
               "broker 4 to register again")
    log("node 4 started again registered as a new member")


if __name__ == "__main__":
    cluster_harness.main("cluster_unregister", body)
