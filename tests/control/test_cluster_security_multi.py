"""Process-level test of SCRAM users and ACLs of a 3-broker cluster made by the agent.

A real runnel-agent makes `create-cluster-v2 --number-of-broker-nodes 3
--client-authentication sasl-scram,tls --encryption-in-transit TLS`; then, through
runnelctl only:

- create-scram-user reaches ONE broker (only one broker's log records the change): the
  metadata log carries it to the others, and confluent-kafka logs in as the user on each
  broker alone over SASL_SSL/SCRAM-SHA-512; a wrong password is refused by each;
- a user without ACLs cannot create a topic; create-acl (PREFIXED ALL on orders-) lets it
  create an RF=3 topic and write to every partition, whatever broker leads it;
  list-acls shows the ACL; delete-acl denies the writes again on every leader;
- no password in any broker's log or the agent's.

    /usr/bin/python3 test_cluster_security_multi.py PATH/TO/runnelctl PATH/TO/runnel-agent
    (RUNNEL_RUNNELD names the broker binary)
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctl_harness import check, log, run_test, wait_until  # noqa: E402

from confluent_kafka import KafkaError, KafkaException, Producer  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

NAME = "secure3"
ALICE_PASSWORD = "alice-Multi-Broker-pw"
WRONG_PASSWORD = "wrong-Multi-Broker-pw"
TOPIC = "orders-eu"
PARTITIONS = 6
TAF = KafkaError.TOPIC_AUTHORIZATION_FAILED


def run(e):
    e.start_agent()
    created = e.ctl_json("create-cluster-v2", "--cluster-name", NAME,
                         "--number-of-broker-nodes", "3",
                         "--client-authentication", "sasl-scram,tls",
                         "--encryption-in-transit", "TLS")
    check(created["State"] == "ACTIVE", "the cluster becomes ACTIVE: %r" % created)
    nodes = e.nodes(NAME)
    check(sorted(nodes) == [1, 2, 3], "three brokers: %r" % nodes)
    sasl_port = {}
    for bid, info in nodes.items():
        props = open(os.path.join(os.path.dirname(info["LogFile"]), "server.properties")).read()
        listeners = [ln for ln in props.splitlines() if ln.startswith("listeners=")][0]
        sasl_port[bid] = int(listeners.split("CLIENT_SASL_SCRAM://127.0.0.1:")[1].split(",")[0])
    ca = os.path.join(e.tmp, "ca.pem")
    with open(ca, "w") as f:
        f.write(e.ctl("get-cluster-ca", "--cluster-name", NAME).stdout)
    bootstrap = e.ctl_json("get-bootstrap-brokers", "--cluster-name", NAME)[
        "BootstrapBrokerStringSaslScram"]

    def conf(password, servers=bootstrap, **extra):
        return dict({"bootstrap.servers": servers, "security.protocol": "SASL_SSL",
                     "ssl.ca.location": ca, "sasl.mechanisms": "SCRAM-SHA-512",
                     "sasl.username": "alice", "sasl.password": password}, **extra)

    # --- one broker takes the change, every broker knows the user ------------------------
    e.ctl("create-scram-user", "--cluster-name", NAME, "--username", "alice", "--password", "-",
          input=ALICE_PASSWORD + "\n", timeout=60)
    changed_on = [bid for bid, info in nodes.items()
                  if "SCRAM credentials of user 'alice' changed" in open(info["LogFile"]).read()]
    check(len(changed_on) == 1,
          "create-scram-user reaches one broker, not every one: %r" % changed_on)
    users = e.ctl_json("list-scram-users", "--cluster-name", NAME)["Users"]
    check([u["Username"] for u in users] == ["alice"], "list-scram-users: %r" % users)

    for bid, port in sorted(sasl_port.items()):
        one = "127.0.0.1:%d" % port

        def logs_in():
            try:
                AdminClient(conf(ALICE_PASSWORD, one)).list_topics(timeout=5)
                return True
            except KafkaException:
                return False
        wait_until(logs_in, 15, "alice to log in on broker %d alone" % bid, interval_s=0.5)
        errors = []
        p = Producer(conf(WRONG_PASSWORD, one, error_cb=lambda err: errors.append(err)))
        wait_until(lambda: (p.poll(0.2), errors)[1], 15, "broker %d's refusal" % bid)
        check(errors[0].code() == KafkaError._AUTHENTICATION
              and "invalid credentials" in errors[0].str(),
              "broker %d refuses a wrong password: %s" % (bid, errors[0]))
    log("alice, sent to broker %d only, logs in on every broker; wrong passwords refused"
        % changed_on[0])

    # --- ACLs -------------------------------------------------------------------------
    admin = AdminClient(conf(ALICE_PASSWORD))
    try:
        admin.create_topics([NewTopic(TOPIC, PARTITIONS, 3)])[TOPIC].result(30)
        check(False, "alice created a topic without any ACL")
    except KafkaException as exc:
        check(exc.args[0].code() == TAF, "no ACL: TOPIC_AUTHORIZATION_FAILED, got %s" % exc)
    e.ctl("create-acl", "--cluster-name", NAME, "--resource-type", "TOPIC",
          "--resource-name", "orders-", "--pattern-type", "PREFIXED", "--principal", "User:alice",
          "--operation", "ALL")
    acls = e.ctl_json("list-acls", "--cluster-name", NAME)["Acls"]
    check(acls == [{"ResourceType": "TOPIC", "ResourceName": "orders-", "PatternType": "PREFIXED",
                    "Principal": "User:alice", "Host": "*", "Operation": "ALL",
                    "PermissionType": "ALLOW"}], "list-acls: %r" % acls)

    def create():
        try:
            admin.create_topics([NewTopic(TOPIC, PARTITIONS, 3)])[TOPIC].result(30)
            return True
        except KafkaException as exc:
            log("create_topics: %s" % exc)
            return False
    wait_until(create, 20, "alice to create %s once the ACL allows it" % TOPIC, interval_s=0.5)

    def writes():
        p = Producer(conf(ALICE_PASSWORD, **{"message.timeout.ms": 6000,
                                             "topic.metadata.refresh.interval.ms": 1000}))
        outcome = {}
        for part in range(PARTITIONS):
            p.produce(TOPIC, b"m-%d" % part, partition=part,
                      on_delivery=lambda err, m, part=part: outcome.__setitem__(
                          part, err.code() if err else None))
        p.flush(20)
        return set(outcome.values()) if len(outcome) == PARTITIONS else {"missing"}

    wait_until(lambda: writes() == {None}, 30, "alice's writes to every partition")
    leaders = {pm.leader for pm in admin.list_topics(TOPIC, timeout=10)
               .topics[TOPIC].partitions.values()}
    check(leaders == {1, 2, 3}, "partitions led by every broker: %r" % leaders)
    log("create-acl: alice creates %s and writes through all three leaders" % TOPIC)

    e.ctl("delete-acl", "--cluster-name", NAME, "--resource-type", "TOPIC",
          "--resource-name", "orders-", "--pattern-type", "PREFIXED", "--principal", "User:alice",
          "--operation", "ALL")
    check(e.ctl_json("list-acls", "--cluster-name", NAME)["Acls"] == [], "no ACL left")
    wait_until(lambda: writes() == {TAF}, 20, "alice denied on every partition after delete-acl",
               interval_s=0.5)
    log("delete-acl: alice is denied on every leader again")

    for bid, info in nodes.items():
        text = open(info["LogFile"]).read()
        check(ALICE_PASSWORD not in text and WRONG_PASSWORD not in text,
              "broker %d's log holds no password" % bid)
    with open(e.agent_log) as f:
        check(ALICE_PASSWORD not in f.read(), "the agent's log holds no password")


if __name__ == "__main__":
    sys.exit(run_test(__doc__, run))
