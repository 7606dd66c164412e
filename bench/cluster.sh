#!/usr/bin/env bash
# The replicated-cluster benchmarks (issue 3): RF=3 acks=all throughput, end-to-end latency
# at a fixed rate and failover time of a 3-broker runneld cluster, each next to the single
# broker, librdkafka's mock cluster and the disk measured in the same run. See
# bench/README.md ("cluster.sh"). The work is done by bench/cluster.py.
#
# Environment (all optional):
#   RUNNELD               runneld binary (default: build/release/app/runneld/runneld, else
#                         build/dev/app/runneld/runneld; the release build is made if neither exists)
#   BENCH_REPEATS         throughput runs per target and record size, median reported (default 2)
#   BENCH_PARTITIONS      partitions of the throughput topics (default 16)
#   BENCH_N_1024, BENCH_N_100  records per throughput run (default 200000 and 1000000)
#   BENCH_LINGER_MS, BENCH_BATCH_NUM, BENCH_BATCH_BYTES  producer settings (5, 10000, 1000000)
#   BENCH_LAT_RATES, BENCH_LAT_SECONDS, BENCH_LAT_PARTITIONS, BENCH_LAT_LINGER_MS
#                         the latency runs (default 10 and 1 MB/s, 5 s each, 3 partitions, linger.ms=0;
#                         the first rate is the one the target is checked at)
#   BENCH_LAT_TARGETS     latency runs to make (default: mock acks1 single cluster cluster-l5;
#                         also cluster-acks1: the cluster with acks=1, replication without waiting for syncs)
#   BENCH_FAILOVER_ROUNDS kills per cluster setting (default 3)
#   BENCH_FAST_SESSION_MS broker.session.timeout.ms of the second failover cluster (default 1000)
#   BENCH_DD_MB           MiB dd writes to measure the disk (default 512)
#   BENCH_CLUSTER_PROPS   extra server.properties lines (space-separated key=value) for the cluster brokers
#   BENCH_SKIP            space-separated phases to leave out: throughput latency failover
#   BENCH_KEEP_TMP=1      keep the scratch directory of a failed run
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py=/usr/bin/python3 # Debian's, with python3-confluent-kafka
[[ -x $py ]] || py=python3

outdir="$here/build/bench"
mkdir -p "$outdir"
bench="$outdir/rdkafka_bench"
if [[ ! -x $bench || $here/bench/rdkafka_bench.c -nt $bench ]]; then
    gcc -O2 -Wall -Wextra -o "$bench" "$here/bench/rdkafka_bench.c" -lrdkafka -lpthread
fi

runneld="${RUNNELD:-}"
if [[ -z $runneld ]]; then
    for candidate in "$here/build/release/app/runneld/runneld" "$here/build/dev/app/runneld/runneld"; do
        if [[ -x $candidate ]]; then runneld=$candidate; break; fi
    done
fi
if [[ -z $runneld ]]; then
    echo "bench: building the release runneld" >&2
    bash "$here/scripts/build.sh" release
    runneld="$here/build/release/app/runneld/runneld"
fi
[[ -x $runneld ]] || { echo "bench: $runneld is not an executable runneld (set RUNNELD)" >&2; exit 1; }
command -v dd >/dev/null || { echo "bench: dd (coreutils) is needed to measure the disk" >&2; exit 1; }

echo "bench: runneld $runneld, client $bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec "$py" "$here/bench/cluster.py" "$runneld" "$bench"
