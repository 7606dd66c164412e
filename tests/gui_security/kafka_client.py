"""A real Kafka client for the security page tests (confluent-kafka over SASL_SSL with
SCRAM-SHA-512 and the cluster CA). The password comes from RUNNEL_TEST_PASSWORD, never
the command line. Prints one JSON line: {"ok": true} or {"ok": false, "error": NAME}.

    /usr/bin/python3 kafka_client.py create-topic|produce BOOTSTRAP CA_PEM USER TOPIC
"""
import json
import os
import sys

from confluent_kafka import KafkaError, KafkaException, Producer
from confluent_kafka.admin import AdminClient, NewTopic


def conf(bootstrap, ca, user):
    return {"bootstrap.servers": bootstrap, "security.protocol": "SASL_SSL",
            "ssl.ca.location": ca, "sasl.mechanisms": "SCRAM-SHA-512",
            "sasl.username": user, "sasl.password": os.environ["RUNNEL_TEST_PASSWORD"]}


def create_topic(c, topic):
    admin = AdminClient(c)
    for _, f in admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)],
                                    operation_timeout=20).items():
        try:
            f.result(timeout=30)
        except KafkaException as e:
            if e.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                return {"ok": False, "error": e.args[0].name()}
    return {"ok": True}


def produce(c, topic, count=3):
    p = Producer(dict(c, **{"message.timeout.ms": 8000}))
    outcomes = []
    for i in range(count):
        p.produce(topic, value=b"security-page-%d" % i,
                  on_delivery=lambda err, msg: outcomes.append(err.name() if err else None))
    p.flush(20)
    errors = sorted({o for o in outcomes if o})
    if len(outcomes) != count:
        return {"ok": False, "error": "only %d of %d delivery reports" % (len(outcomes), count)}
    return {"ok": not errors, "error": ",".join(errors)}


def main():
    action, bootstrap, ca, user, topic = sys.argv[1:6]
    c = conf(bootstrap, ca, user)
    result = create_topic(c, topic) if action == "create-topic" else produce(c, topic)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
