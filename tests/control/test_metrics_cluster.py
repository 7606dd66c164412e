"""Process-level test of metrics: a real runnel-agent and runneld, a real Prometheus
server (Debian's package) and real Kafka clients (confluent-kafka on Debian's python3).

- Prometheus scrapes the broker's endpoint that ListNodes names; the test reads the
  broker's message counter back through Prometheus's HTTP API and finds exactly the
  number of messages it produced, and the MSK-named gauges beside it.
- A consumer group commits part of a topic; the agent's SumOffsetLag, MaxOffsetLag and
  OffsetLag, read with `runnelctl get-metric-data`, equal an independent computation
  from the client (high watermark - committed offset per partition); a group whose
  name has a colon gets no lag metrics (MSK's rule); an alarm on SumOffsetLag goes to
  ALARM, and to OK once the group catches up, with both changes in its history.
Every wait is bounded; every process started is stopped on exit.

    /usr/bin/python3 test_metrics_cluster.py PATH/TO/runnelctl PATH/TO/runnel-agent
    (RUNNEL_RUNNELD names the broker binary; PROMETHEUS the server, default prometheus)
"""

import json
import os
import shutil
import signal
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctl_harness import TestFailure, check, free_port_block, log, run_test, wait_until  # noqa: E402

from confluent_kafka import Consumer, Producer, TopicPartition  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

# Everything here is on loopback: never through an http_proxy from the environment.
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))
CLUSTER = "metrics"
TOPIC = "orders"
PARTITIONS = 3
MESSAGES = 900


def prometheus_query(port, expr):
    url = "http://127.0.0.1:%d/api/v1/query?%s" % (port, urllib.parse.urlencode({"query": expr}))
    with HTTP.open(url, timeout=5) as r:
        body = json.loads(r.read())
    check(body.get("status") == "success", "Prometheus refused %s: %s" % (expr, body))
    return body["data"]["result"]


def newest(env, metric, *dims, statistic="Maximum"):
    """The newest value of a metric over the last 20 s, through runnelctl."""
    args = ["get-metric-data", "--cluster-name", CLUSTER, "--metric-name", metric,
            "--period", "1", "--statistic", statistic, "--start-time", "-20s"]
    for i in range(0, len(dims), 2):
        args += ["--" + dims[i], str(dims[i + 1])]
    result = env.ctl_json(*args)["MetricDataResults"][0]
    check(result["StatusCode"] == "Complete", "query not complete: %r" % result)
    # CloudWatch's default order: newest first.
    stamps = result["Timestamps"]
    check(stamps == sorted(stamps, reverse=True), "timestamps not newest first: %r" % stamps)
    return result["Values"][0] if result["Values"] else None


def expected_lag(bootstrap, group):
    """Offset lag per partition from the client's own view: high watermark - committed."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group,
                  "enable.auto.commit": False})
    try:
        committed = c.committed([TopicPartition(TOPIC, p) for p in range(PARTITIONS)],
                                timeout=10)
        lags = {}
        for tp in committed:
            if tp.offset < 0:
                continue  # nothing committed: MSK leaves the partition out
            low, high = c.get_watermark_offsets(TopicPartition(TOPIC, tp.partition), timeout=10)
            lags[tp.partition] = high - tp.offset
        return lags
    finally:
        c.close()


def consume_and_commit(bootstrap, group, per_partition):
    """Reads `per_partition[p]` messages of each partition and commits them; leaves."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group,
                  "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    c.assign([TopicPartition(TOPIC, p, 0) for p in per_partition])
    wanted = dict(per_partition)
    got = {p: 0 for p in wanted}
    deadline = time.monotonic() + 30
    while any(got[p] < wanted[p] for p in wanted) and time.monotonic() < deadline:
        m = c.poll(0.5)
        if m is None or m.error():
            continue
        p = m.partition()
        if got[p] < wanted[p]:
            got[p] += 1
            if got[p] == wanted[p]:
                c.commit(offsets=[TopicPartition(TOPIC, p, m.offset() + 1)],
                         asynchronous=False)
    c.close()
    check(got == wanted, "consumed %r, wanted %r" % (got, wanted))


def run(env):
    prometheus = os.environ.get("PROMETHEUS") or shutil.which("prometheus")
    check(prometheus, "the prometheus server is not installed (Debian package prometheus)")
    env.start_agent()

    # An unknown monitoring level is refused with MSK's words.
    bad = env.ctl("create-cluster-v2", "--cluster-name", "x",
                  "--enhanced-monitoring", "EVERYTHING", expect=1)
    check("PER_TOPIC_PER_PARTITION" in bad.stderr, bad.stderr)

    env.ctl("create-cluster-v2", "--cluster-name", CLUSTER,
            "--enhanced-monitoring", "PER_TOPIC_PER_PARTITION",
            "--prometheus-jmx-exporter", "true")
    info = env.ctl_json("describe-cluster-v2", "--cluster-name", CLUSTER)["ClusterInfo"]
    check(info["Provisioned"]["EnhancedMonitoring"] == "PER_TOPIC_PER_PARTITION", info)
    check(info["Provisioned"]["OpenMonitoring"]["Prometheus"]["JmxExporter"]
          ["EnabledInBroker"] is True, info)
    bootstrap = info["BootstrapBrokerString"]
    node = env.ctl_json("list-nodes", "--cluster-name", CLUSTER)["NodeInfoList"][0]
    endpoint = node["BrokerNodeInfo"]["PrometheusEndpoint"]
    log("broker metrics at", endpoint)
    target = urllib.parse.urlparse(endpoint)
    # The endpoint serves /metrics only, and only to GET.
    for path, method, status in (("/nope", "GET", 404), (target.path, "POST", 405)):
        req = urllib.request.Request("http://%s%s" % (target.netloc, path), method=method,
                                     data=b"x" if method == "POST" else None)
        try:
            HTTP.open(req, timeout=5)
            raise TestFailure("%s %s answered 200" % (method, path))
        except urllib.error.HTTPError as e:
            check(e.code == status, "%s %s gave %d, want %d" % (method, path, e.code, status))

    # A real Prometheus server scrapes the broker every second.
    prom_port = free_port_block(1)
    prom_dir = os.path.join(env.tmp, "prometheus")
    os.makedirs(prom_dir)
    with open(os.path.join(prom_dir, "prometheus.yml"), "w") as f:
        f.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                "scrape_configs:\n  - job_name: runnel\n    metrics_path: %s\n"
                "    static_configs:\n      - targets: ['%s']\n"
                % (target.path, target.netloc))
    env.start("prometheus", [prometheus,
                             "--config.file=" + os.path.join(prom_dir, "prometheus.yml"),
                             "--storage.tsdb.path=" + os.path.join(prom_dir, "data"),
                             "--web.listen-address=127.0.0.1:%d" % prom_port])
    try:
        wait_until(lambda: HTTP.open(
            "http://127.0.0.1:%d/-/ready" % prom_port, timeout=2).status == 200,
            60, "Prometheus ready")
    except TestFailure:
        raise TestFailure("Prometheus did not start:\n" + env.tail("prometheus"))

    admin = AdminClient({"bootstrap.servers": bootstrap})
    for f in admin.create_topics([NewTopic(TOPIC, PARTITIONS, 1)]).values():
        f.result(timeout=15)
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})
    for i in range(MESSAGES):
        producer.produce(TOPIC, value=b"v%05d" % i, key=b"k%d" % i, partition=i % PARTITIONS)
    check(producer.flush(30) == 0, "messages left unsent")
    log("produced", MESSAGES)

    # Prometheus has scraped the broker: the target is up, and the counter holds
    # exactly the messages produced.
    wait_until(lambda: [r for r in prometheus_query(prom_port, 'up{job="runnel"}')
                        if r["value"][1] == "1"], 30, "target up in Prometheus")
    wait_until(lambda: [r for r in prometheus_query(prom_port, "runnel_messages_in_total")
                        if float(r["value"][1]) == MESSAGES],
               30, "runnel_messages_in_total == %d in Prometheus" % MESSAGES)
    partitions = prometheus_query(prom_port, "PartitionCount")
    check(partitions and float(partitions[0]["value"][1]) >= PARTITIONS, partitions)
    topics = prometheus_query(prom_port, 'GlobalTopicCount')
    check(topics and float(topics[0]["value"][1]) == 1, topics)
    per_topic = prometheus_query(prom_port, 'BytesInPerSec{topic="%s"}' % TOPIC)
    check(per_topic, "no per-topic BytesInPerSec in Prometheus")
    log("Prometheus reads the broker: %d messages, %s partitions"
        % (MESSAGES, partitions[0]["value"][1]))

    # The agent's own samples: ListNodes figures and a broker metric through runnelctl.
    figures = wait_until(
        lambda: env.ctl_json("list-nodes", "--cluster-name", CLUSTER)["NodeInfoList"][0]
        ["BrokerNodeInfo"].get("Metrics"), 20, "ListNodes Metrics")
    for key in ("CpuUser", "KafkaDataLogsDiskUsed", "LeaderCount", "PartitionCount",
                "MemoryUsed"):
        check(key in figures, "ListNodes Metrics lacks %s: %r" % (key, figures))
    check(figures["MemoryUsed"] > 1e6, figures)
    peak = wait_until(lambda: newest(env, "MessagesInPerSec", "broker-id", 1), 20,
                      "MessagesInPerSec in the agent")
    check(peak > 0, peak)
    per_topic_names = wait_until(
        lambda: {m["MetricName"] for m in env.ctl_json(
            "list-metrics", "--cluster-name", CLUSTER, "--broker-id", "1",
            "--topic", TOPIC)["Metrics"]} >= {"BytesInPerSec", "BytesOutPerSec",
                                              "MessagesInPerSec"},
        20, "per-topic metrics stored at PER_TOPIC_PER_BROKER and above")
    check(per_topic_names, per_topic_names)
    table = env.ctl("get-metric-data", "--cluster-name", CLUSTER, "--metric-name",
                    "GlobalTopicCount", "--period", "5", "--start-time", "-1m").stdout
    check("GLOBALTOPICCOUNT" in table and "\n" in table.strip(), table)

    # Lag: group "billing" commits 100, 50 and 0 messages of the three partitions (so
    # partition 2 has no committed offset); "team:etl" commits too but has a colon.
    per = MESSAGES // PARTITIONS
    consume_and_commit(bootstrap, "billing", {0: 100, 1: 50})
    consume_and_commit(bootstrap, "team:etl", {0: 10})
    lags = expected_lag(bootstrap, "billing")
    check(lags == {0: per - 100, 1: per - 50}, "client-side lag %r" % lags)
    want_sum, want_max = sum(lags.values()), max(lags.values())
    log("client computes lag", lags, "sum", want_sum, "max", want_max)
    wait_until(lambda: newest(env, "SumOffsetLag", "consumer-group", "billing",
                              "topic", TOPIC) == want_sum,
               30, "SumOffsetLag == %d" % want_sum)
    check(newest(env, "MaxOffsetLag", "consumer-group", "billing", "topic", TOPIC)
          == want_max, "MaxOffsetLag")
    for p, lag in lags.items():
        got = newest(env, "OffsetLag", "consumer-group", "billing", "topic", TOPIC,
                     "partition", p)
        check(got == lag, "OffsetLag of partition %d: %r, want %d" % (p, got, lag))
    check(newest(env, "OffsetLag", "consumer-group", "billing", "topic", TOPIC,
                 "partition", 2) is None, "partition 2 has no commit, so no OffsetLag")
    time_lag = newest(env, "EstimatedMaxTimeLag", "consumer-group", "billing", "topic", TOPIC)
    check(time_lag is not None and time_lag >= 0, "EstimatedMaxTimeLag %r" % time_lag)
    colon = env.ctl_json("list-metrics", "--consumer-group", "team:etl")["Metrics"]
    check(colon == [], "a group with ':' must have no lag metrics: %r" % colon)
    text = env.ctl("get-metric-data", "--cluster-name", CLUSTER, "--metric-name",
                   "SumOffsetLag", "--consumer-group", "billing", "--topic", TOPIC,
                   "--period", "1", "--start-time", "-10s").stdout
    check(str(want_sum) in text, text)
    log("agent reports SumOffsetLag", want_sum, "as the client computed")

    # An alarm on the lag: ALARM now, OK once the group has read everything.
    env.ctl("put-metric-alarm", "--alarm-name", "billing-lag", "--cluster-name", CLUSTER,
            "--metric-name", "SumOffsetLag", "--consumer-group", "billing",
            "--topic", TOPIC, "--statistic", "Maximum", "--period", "2",
            "--evaluation-periods", "1", "--threshold", "0",
            "--comparison-operator", "GreaterThanThreshold")
    state = lambda: env.ctl_json("describe-alarms", "--alarm-names",  # noqa: E731
                                 "billing-lag")["MetricAlarms"][0]["StateValue"]
    wait_until(lambda: state() == "ALARM", 20, "alarm in ALARM")
    consume_and_commit(bootstrap, "billing", {0: per, 1: per, 2: per})
    wait_until(lambda: newest(env, "SumOffsetLag", "consumer-group", "billing",
                              "topic", TOPIC) == 0, 30, "SumOffsetLag == 0")
    wait_until(lambda: state() == "OK", 20, "alarm back to OK")
    history = env.ctl_json("describe-alarm-history", "--alarm-name", "billing-lag",
                           "--history-item-type", "StateUpdate")["AlarmHistoryItems"]
    summaries = [h["HistorySummary"] for h in history]
    check("Alarm updated from ALARM to OK" in summaries, summaries)
    check(any(s.endswith("to ALARM") for s in summaries), summaries)
    env.ctl("delete-alarms", "--alarm-names", "billing-lag")
    env.ctl("delete-alarms", "--alarm-names", "billing-lag", expect=1)
    audited = [e["Operation"] for e in env.ctl_json("list-audit-events")["AuditEvents"]]
    check(audited.count("PutMetricAlarm") == 1 and audited.count("DeleteAlarms") == 2,
          "audit log: %r" % audited)

    # Down to DEFAULT: per-partition lag is no longer stored.
    env.ctl("update-monitoring", "--cluster-name", CLUSTER, "--enhanced-monitoring",
            "DEFAULT")
    info = env.ctl_json("describe-cluster-v2", "--cluster-name", CLUSTER)["ClusterInfo"]
    check(info["Provisioned"]["EnhancedMonitoring"] == "DEFAULT", info)
    time.sleep(2.5)  # samples taken under the old level have landed
    before = env.ctl_json("get-metric-data", "--cluster-name", CLUSTER, "--metric-name",
                          "OffsetLag", "--consumer-group", "billing", "--topic", TOPIC,
                          "--partition", "0", "--period", "1", "--start-time", "-60s",
                          "--statistic", "SampleCount")["MetricDataResults"][0]["Values"]
    time.sleep(3)
    after = env.ctl_json("get-metric-data", "--cluster-name", CLUSTER, "--metric-name",
                         "OffsetLag", "--consumer-group", "billing", "--topic", TOPIC,
                         "--partition", "0", "--period", "1", "--start-time", "-60s",
                         "--statistic", "SampleCount")["MetricDataResults"][0]["Values"]
    check(len(after) == len(before), "OffsetLag still sampled at DEFAULT: %d -> %d"
          % (len(before), len(after)))
    check(newest(env, "SumOffsetLag", "consumer-group", "billing", "topic", TOPIC) == 0,
          "SumOffsetLag is DEFAULT and still sampled")

    # The history survives the agent: stop it, start another, read the same points.
    def topic_counts():
        r = env.ctl_json("get-metric-data", "--cluster-name", CLUSTER, "--metric-name",
                         "GlobalTopicCount", "--period", "1", "--start-time", "-10m",
                         "--scan-by", "TimestampAscending")["MetricDataResults"][0]
        return r["Timestamps"]
    stamps = topic_counts()
    check(len(stamps) >= 5, "too few GlobalTopicCount samples: %r" % stamps)
    agent_proc = env.process("agent")
    agent_proc.send_signal(signal.SIGTERM)
    agent_proc.wait(timeout=30)
    env.start_agent("agent2")
    wait_until(lambda: env.ctl_json("describe-cluster-v2", "--cluster-name", CLUSTER)
               ["ClusterInfo"]["State"] == "ACTIVE", 30, "cluster back to ACTIVE")
    later = wait_until(lambda: (lambda t: t if len(t) > len(stamps) else None)(topic_counts()),
                       20, "new samples after the restart")
    check(later[:len(stamps)] == stamps, "samples before the restart changed")
    log("history kept across an agent restart: %d then %d samples"
        % (len(stamps), len(later)))

    env.ctl("delete-cluster", "--cluster-name", CLUSTER)


if __name__ == "__main__":
    sys.exit(run_test(__doc__, run, prefix="runnel-metrics-",
                      extra_env={"RUNNEL_METRICS_INTERVAL_MS": "1000"}))
