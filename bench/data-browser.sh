#!/usr/bin/env bash
# The console's message browser and search on a large topic: time to the first page and
# resident memory when opening it, and full-topic search throughput next to kcat reading
# the same topic to /dev/null in the same run. See bench/README.md.
#
# Environment (all optional):
#   BUILD_DIR          build tree with runnel_data_bench and runneld (default: build/dev;
#                      both are built there if missing)
#   RUNNELD            runneld binary (default: $BUILD_DIR/app/runneld/runneld)
#   BENCH_RECORDS      records in the topic (default 10000000)
#   BENCH_PARTITIONS   partitions (default 8)
#   BENCH_VALUE_BYTES  value size (default 100; keys are "key-<n>")
#   BENCH_REPEATS      search and kcat runs, alternating; medians reported (default 3)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py=/usr/bin/python3
[[ -x $py ]] || py=python3

build="${BUILD_DIR:-$here/build/dev}"
records="${BENCH_RECORDS:-10000000}"
partitions="${BENCH_PARTITIONS:-8}"
value_bytes="${BENCH_VALUE_BYTES:-100}"
repeats="${BENCH_REPEATS:-3}"
driver="$build/bench/data/runnel_data_bench"
runneld="${RUNNELD:-$build/app/runneld/runneld}"
command -v kcat >/dev/null || { echo "bench: kcat is needed for the reference" >&2; exit 1; }
if [[ ! -x $driver || ! -x $runneld ]]; then
    echo "bench: building runnel_data_bench and runneld in $build" >&2
    cmake --build "$build" -j2 --target runnel_data_bench runneld >&2
fi

work="$(mktemp -d /tmp/runnel-databench.XXXXXX)"
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
for _ in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || { cat "$work/runneld.log" >&2; exit 1; }
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done
bootstrap="127.0.0.1:$port"
results="$work/results.txt"
: >"$results"
quiet() { grep -v '^%\|XDG_RUNTIME_DIR\|propagateSizeHints' || true; }

echo "bench: filling topic big with $records records of $value_bytes bytes over $partitions partitions" >&2
QT_QPA_PLATFORM=offscreen "$driver" produce "$bootstrap" big "$partitions" "$records" "$value_bytes" 2>&1 | quiet >>"$results"
echo "bench: opening the topic in the browser" >&2
QT_QPA_PLATFORM=offscreen "$driver" open "$bootstrap" big 2>&1 | quiet >>"$results"
# A key in the middle of the topic: the search must read everything to be complete.
needle="key-$((records / 2 + 7))"
for rep in $(seq 1 "$repeats"); do
    echo "bench: search $rep/$repeats (key contains $needle), then kcat" >&2
    QT_QPA_PLATFORM=offscreen "$driver" search "$bootstrap" big "$needle" 2>&1 | quiet >>"$results"
    start=$(date +%s.%N)
    kcat -b "$bootstrap" -C -t big -o beginning -e -q >/dev/null 2>"$work/kcat.err"
    end=$(date +%s.%N)
    echo "RESULT phase=kcat seconds=$($py -c "print('%.2f' % ($end - $start))") records=$records" >>"$results"
done

"$py" - "$results" <<'PY'
import statistics, sys
rows = []
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        rows.append(dict(f.split("=", 1) for f in line.split()[1:]))
    else:
        sys.stderr.write(line)
by = lambda phase: [r for r in rows if r["phase"] == phase]
produce, opened, search, kcat = by("produce")[0], by("open")[0], by("search"), by("kcat")
n = int(produce["records"])
print("topic: %d records, filled in %s s through KafkaService::produce" % (n, produce["seconds"]))
print()
print("open in the message browser (MessagesPage, offscreen):")
print("  rows shown                      %s" % opened["rows"])
print("  first page, cold (new client)   %s ms" % opened["first_page_ms"])
print("  first page, warm (reopen)       %s ms" % opened["warm_first_page_ms"])
print("  50 jumps to random rows         avg %s ms, worst %s ms" % (opened["jump_avg_ms"], opened["jump_worst_ms"]))
print("  rows cached after the jumps     %s (%s pages)" % (opened["cached_records"], opened["cached_pages"]))
print("  resident memory                 %s MB before open, %s MB at first page, %s MB after jumps, peak %s MB"
      % (opened["rss_before_mb"], opened["rss_first_page_mb"], opened["rss_after_jumps_mb"], opened["hwm_mb"]))
print("  GUI thread worst lateness       %s ms" % opened["gui_worst_late_ms"])
print()
srate = statistics.median(float(r["records_per_s"]) for r in search)
ssec = statistics.median(float(r["seconds"]) for r in search)
ksec = statistics.median(float(r["seconds"]) for r in kcat)
krate = n / ksec
print("full-topic search (key contains, %d runs, medians) vs kcat -C -e to /dev/null:" % len(search))
for r in search:
    print("  search: scanned %s of %s, %s match(es), %s s, %s rec/s, peak RSS %s MB, GUI worst late %s ms"
          % (r["scanned"], r["total"], r["matched"], r["seconds"], r["records_per_s"], r["hwm_mb"], r["gui_worst_late_ms"]))
for r in kcat:
    print("  kcat:   %s s" % r["seconds"])
print("  search %.2f s = %.0f rec/s; kcat %.2f s = %.0f rec/s; ratio %.2f" % (ssec, srate, ksec, krate, srate / krate))
print()
peak = max([float(opened["hwm_mb"])] + [float(r["hwm_mb"]) for r in search])
verdicts = [
    ("first page < 300 ms", float(opened["first_page_ms"]) < 300, "%s ms" % opened["first_page_ms"]),
    ("console memory < 300 MB", peak < 300, "%.1f MB peak" % peak),
    ("search >= 0.5 x kcat", srate / krate >= 0.5, "%.2f x" % (srate / krate)),
    ("every search complete", all(r["scanned"] == r["total"] and int(r["matched"]) >= 1 for r in search), ""),
]
print("targets:")
for name, ok, value in verdicts:
    print("  %-26s %-6s %s" % (name, "met" if ok else "MISSED", value))
PY
