#!/usr/bin/env bash
# Renders every main screen of the console to PNG, in English and Korean, light and dark:
#   scripts/screenshots.sh OUTDIR [BUILD_DIR]      (BUILD_DIR defaults to build/dev)
# Uses the real runnel-agent and a real one-broker cluster ("demo"), all isolated in a
# temporary RUNNEL_HOME, socket, port range and settings folder, removed at the end.
# The cluster gets real data through /usr/bin/python3 with confluent_kafka: a topic
# "orders" with JSON messages (keys, headers), a consumer group "billing" that read part
# of it (so it has lag) and a trickle of new messages while the console renders (so the
# metrics dashboard and the rates have samples).
# Renders on Qt's offscreen platform (no display needed). Korean needs a CJK font
# (Debian: fonts-nanum or fonts-noto-cjk).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "${1:?usage: scripts/screenshots.sh OUTDIR [BUILD_DIR]}")"
build="$(realpath -m "${2:-$here/build/dev}")"
runnel="$build/app/runnel/runnel"
ctl="$build/app/runnelctl/runnelctl"
agent="$build/app/runnel-agent/runnel-agent"
for exe in "$runnel" "$ctl" "$agent" "$build/app/runneld/runneld"; do
    [[ -x "$exe" ]] || { echo "screenshots: $exe is missing; build the runnel, runnelctl, runnel-agent and runneld targets first" >&2; exit 2; }
done
if ! fc-list :lang=ko | grep -q .; then
    echo "screenshots: no Korean font found (install fonts-nanum); Korean text would render as boxes" >&2
fi

tmp="$(mktemp -d)"
export RUNNEL_HOME="$tmp/home" RUNNEL_DATA_DIR="$tmp/home" RUNNEL_AGENT_SOCKET="$tmp/agent.sock"
export RUNNEL_AGENT="$agent" XDG_CONFIG_HOME="$tmp/config" QT_QPA_PLATFORM=offscreen
export RUNNEL_PORT_BASE="$((20000 + RANDOM % 20000))"
# Samples every second, so the dashboard has points after a few seconds.
export RUNNEL_METRICS_INTERVAL_MS=1000
python=/usr/bin/python3
if ! "$python" -c 'import confluent_kafka' 2>/dev/null; then
    echo "screenshots: $python cannot import confluent_kafka (Debian: python3-confluent-kafka); the data screens need it" >&2
    exit 2
fi
trickle=""
cleanup() {
    if [[ -n "$trickle" ]]; then kill "$trickle" 2>/dev/null || true; wait "$trickle" 2>/dev/null || true; fi
    if [[ -f "$tmp/home/agent.lock" ]]; then
        pid="$(head -n1 "$tmp/home/agent.lock")"
        if [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null; then
            for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

"$ctl" create-cluster-v2 --cluster-name demo --enhanced-monitoring PER_TOPIC_PER_BROKER >/dev/null
# Some history for the overview's operations and the audit log.
"$ctl" reboot-broker --cluster-name demo --broker-ids 1 >/dev/null
"$ctl" create-cluster-v2 --cluster-name demo >/dev/null 2>&1 || true # a refused call, audited
bootstrap="$("$ctl" get-bootstrap-brokers --cluster-name demo | head -n1)"
# A second cluster with SASL/SCRAM and TLS for the Security tab: a user, ACLs and a
# client certificate.
"$ctl" create-cluster-v2 --cluster-name secure --client-authentication sasl-scram,tls >/dev/null
echo "example-password" | "$ctl" create-scram-user --cluster-name secure --username alice --password - >/dev/null
for op in READ WRITE DESCRIBE; do
    "$ctl" create-acl --cluster-name secure --resource-type TOPIC --resource-name orders \
        --principal User:alice --operation "$op" >/dev/null
done
"$ctl" create-acl --cluster-name secure --resource-type GROUP --resource-name billing- \
    --pattern-type PREFIXED --principal User:alice --operation READ >/dev/null
"$ctl" issue-client-certificate --cluster-name secure --common-name billing-service \
    --out "$tmp/certs" >/dev/null

# The data: "orders" (3 partitions, 600 JSON messages with keys and headers); the group
# "billing" commits after 250 of them and leaves, so it is EMPTY with a lag of 350.
"$python" - "$bootstrap" <<'PY'
import json, sys, time
from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient, NewTopic
bootstrap = sys.argv[1]
admin = AdminClient({"bootstrap.servers": bootstrap})
for f in admin.create_topics([NewTopic("orders", 3, 1), NewTopic("payments", 1, 1)]).values():
    f.result(20)
p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})
items = ["keyboard", "monitor", "cable", "laptop", "headset", "dock"]
for i in range(600):
    order = {"order": 1000 + i, "customer": "c-%03d" % (i % 37), "item": items[i % len(items)],
             "quantity": 1 + i % 4, "price": round(9.5 + (i * 7) % 300, 2), "currency": "EUR"}
    p.produce("orders", key="c-%03d" % (i % 37), value=json.dumps(order),
              headers=[("source", b"web"), ("trace-id", ("t-%06d" % i).encode())])
    if i % 3 == 0:
        p.produce("payments", key=str(1000 + i), value=json.dumps({"order": 1000 + i, "paid": True}))
p.flush(30)
c = Consumer({"bootstrap.servers": bootstrap, "group.id": "billing", "auto.offset.reset": "earliest",
              "enable.auto.commit": False})
c.subscribe(["orders"])
read, deadline = 0, time.time() + 30
while read < 250 and time.time() < deadline:
    m = c.poll(1.0)
    if m is not None and not m.error():
        read += 1
c.commit(asynchronous=False)
c.close()
print("screenshots: orders has 600 messages; billing read %d" % read)
PY
# A trickle of orders (and reads of them) while the console renders, for rates and charts.
"$python" - "$bootstrap" <<'PY' &
import json, sys, time
from confluent_kafka import Consumer, Producer
bootstrap = sys.argv[1]
p = Producer({"bootstrap.servers": bootstrap})
c = Consumer({"bootstrap.servers": bootstrap, "group.id": "dashboard-feed", "auto.offset.reset": "latest"})
c.subscribe(["payments"])
i = 0
while True:
    p.produce("payments", key=str(i), value=json.dumps({"order": 5000 + i, "paid": i % 5 != 0}))
    p.poll(0)
    c.poll(0.2)
    i += 1
PY
trickle=$!
sleep 8 # a few metric samples before the first screen

mkdir -p "$out"
status=0
for lang in en ko; do
    for theme in light dark; do
        echo "== $lang $theme"
        # (the offscreen platform warns about window size hints; that is noise)
        if ! "$runnel" --lang "$lang" --theme "$theme" --screenshots "$out/$lang-$theme" 2> >(grep -v propagateSizeHints >&2); then
            echo "screenshots: $lang $theme failed" >&2
            status=1
        fi
    done
done
echo "screenshots in $out"
exit $status
