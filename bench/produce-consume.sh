#!/usr/bin/env bash
# Produce/consume throughput of runneld against librdkafka's mock cluster, same client,
# same settings, same run. See bench/README.md.
#
# Environment (all optional):
#   RUNNELD           runneld binary (default: build/release/app/runneld/runneld, built if missing)
#   BENCH_REPEATS     runs per target and record size; the median is reported (default 3)
#   BENCH_PARTITIONS  partitions per topic (default 16)
#   BENCH_N_100       records for 100-byte records (default 480000 = 30,000 per partition)
#   BENCH_N_1024      records for 1 KiB records (default 56000 = 3,500 per partition)
#   BENCH_ACKS, BENCH_LINGER_MS, BENCH_BATCH_NUM, BENCH_BATCH_BYTES  producer settings
#                     (default 1, 5, 10000, 1000000)
# The defaults keep every mock partition below its pruning limits (100k message sets,
# 5 MiB), so the mock still holds every record when the consumer reads from the start.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py=/usr/bin/python3
[[ -x $py ]] || py=python3

repeats="${BENCH_REPEATS:-3}"
partitions="${BENCH_PARTITIONS:-16}"
n100="${BENCH_N_100:-480000}"
n1024="${BENCH_N_1024:-56000}"
acks="${BENCH_ACKS:-1}"
linger="${BENCH_LINGER_MS:-5}"
batch_num="${BENCH_BATCH_NUM:-10000}"
batch_bytes="${BENCH_BATCH_BYTES:-1000000}"

# --- build the client ---------------------------------------------------------------
outdir="$here/build/bench"
mkdir -p "$outdir"
bench="$outdir/rdkafka_bench"
if [[ ! -x $bench || $here/bench/rdkafka_bench.c -nt $bench ]]; then
    gcc -O2 -Wall -Wextra -o "$bench" "$here/bench/rdkafka_bench.c" -lrdkafka -lpthread
fi

# --- runneld ----------------------------------------------------------------------------
runneld="${RUNNELD:-$here/build/release/app/runneld/runneld}"
if [[ ! -x $runneld ]]; then
    echo "bench: building the release runneld" >&2
    bash "$here/scripts/build.sh" release
fi
[[ -x $runneld ]] || { echo "bench: $runneld not found" >&2; exit 1; }

work="$(mktemp -d /tmp/runnel-bench.XXXXXX)"
pid=""
cleanup() {
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port="$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$work/data"
cat >"$work/server.properties" <<PROPS
node.id=1
listeners=PLAINTEXT://127.0.0.1:$port
log.dirs=$work/data
PROPS
"$runneld" "$work/server.properties" 2>"$work/runneld.log" &
pid=$!
ready=""
for _ in $(seq 1 200); do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then ready=1; break; fi
    sleep 0.1
done
if [[ -z $ready ]]; then
    echo "bench: runneld did not start; its log:" >&2
    cat "$work/runneld.log" >&2
    exit 1
fi
sleep 1
rss_kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$pid/status"; }
idle_rss="$(rss_kb VmRSS)"

# --- runs ---------------------------------------------------------------------------------
results="$work/results.txt"
: >"$results"
run() { # target size n rep
    local target=$1 size=$2 n=$3 rep=$4 brokers label
    if [[ $target == mock ]]; then brokers=mock; else brokers="127.0.0.1:$port"; fi
    if ! timeout 300 "$bench" -b "$brokers" -T "$target" -t "bench-$size-$rep-$target" -n "$n" -s "$size" \
            -p "$partitions" -a "$acks" -l "$linger" -B "$batch_num" -S "$batch_bytes" \
            >>"$results" 2>"$work/last.err"; then
        echo "bench: $target run failed (size $size):" >&2
        cat "$work/last.err" >&2
        [[ $target == runneld ]] && { echo "--- runneld log (tail) ---" >&2; tail -50 "$work/runneld.log" >&2; }
        exit 1
    fi
    grep -v '^RESULT' "$work/last.err" | sed 's/^/  /' >&2 || true
}
echo "bench: runneld $runneld (pid $pid, 127.0.0.1:$port), $repeats runs per cell, $partitions partitions," \
     "acks=$acks linger.ms=$linger batch.num.messages=$batch_num batch.size=$batch_bytes" >&2
for size in 100 1024; do
    if [[ $size == 100 ]]; then n=$n100; else n=$n1024; fi
    for rep in $(seq 1 "$repeats"); do
        for target in mock runneld; do
            run "$target" "$size" "$n" "$rep"
        done
    done
done
peak_rss="$(rss_kb VmHWM)"
now_rss="$(rss_kb VmRSS)"

# --- report ---------------------------------------------------------------------------
"$py" - "$results" "$idle_rss" "$peak_rss" "$now_rss" <<'PY'
import statistics, sys
path, idle, peak, now = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rows = {}
for line in open(path):
    if not line.startswith("RESULT "):
        continue
    kv = dict(f.split("=", 1) for f in line.split()[1:])
    rows.setdefault((kv["target"], int(kv["size"])), []).append(kv)
med = lambda runs, k: statistics.median(float(r[k]) for r in runs)
hdr = "%-8s %6s %9s %10s %12s %10s %12s %9s %9s" % (
    "target", "size", "records", "prod MB/s", "prod rec/s", "cons MB/s", "cons rec/s", "prod x", "cons x")
print(hdr)
print("-" * len(hdr))
verdicts = []
for size in (100, 1024):
    mock = rows.get(("mock", size))
    for target in ("mock", "runneld"):
        runs = rows.get((target, size))
        if not runs:
            continue
        pr, cr = "", ""
        if target == "runneld" and mock:
            p = med(runs, "produce_mbps") / med(mock, "produce_mbps")
            c = med(runs, "consume_mbps") / med(mock, "consume_mbps")
            pr, cr = "%.2f" % p, "%.2f" % c
            verdicts.append(("produce %d B >= mock" % size, p >= 1.0, "%.2fx" % p))
            verdicts.append(("consume %d B >= mock" % size, c >= 1.0, "%.2fx" % c))
        print("%-8s %6d %9s %10.1f %12.0f %10.1f %12.0f %9s %9s" % (
            target, size, runs[0]["records"], med(runs, "produce_mbps"), med(runs, "produce_rps"),
            med(runs, "consume_mbps"), med(runs, "consume_rps"), pr, cr))
print("(medians of %d runs; x = runneld / mock)" % len(next(iter(rows.values()))))
print()
print("runneld resident memory: idle VmRSS %.1f MB, peak VmHWM %.1f MB (VmRSS now %.1f MB)"
      % (idle / 1024, peak / 1024, now / 1024))
verdicts.append(("idle RSS < 30 MB", idle < 30 * 1024, "%.1f MB" % (idle / 1024)))
verdicts.append(("peak RSS < 300 MB", peak < 300 * 1024, "%.1f MB" % (peak / 1024)))
print()
print("targets:")
for name, ok, value in verdicts:
    print("  %-22s %-6s %s" % (name, "met" if ok else "MISSED", value))
PY
