#!/bin/sh
# Builds the libFuzzer request-decoder target with clang (the `fuzz` configure preset, in
# <source>/build/fuzz) and fuzzes it for <seconds>, starting from the committed seed corpus.
# New corpus entries go to a temporary directory, never into the source tree.
# Exit status: 0 clean, non-zero on a crash, leak, timeout or sanitizer report,
# 77 (skipped) when clang is not installed.
#
#   tests/fuzz/run-fuzz.sh <source dir> [seconds]
set -eu

src=$(cd "${1:?usage: run-fuzz.sh <source dir> [seconds]}" && pwd)
seconds=${2:-30}
build="$src/build/fuzz"
seeds="$src/tests/fuzz/corpus/request_decoder"

if ! command -v clang++ >/dev/null 2>&1; then
    echo "clang++ not found: skipping the fuzz run" >&2
    exit 77
fi

cd "$src"
cmake --preset fuzz >/dev/null
cmake --build "$build" --target fuzz_request_decoder

work=$(mktemp -d "${TMPDIR:-/tmp}/runnel-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/corpus" "$work/artifacts"

# -timeout: a single input taking over 10 s is a hang; -rss_limit_mb bounds memory per run.
status=0
"$build/tests/fuzz/fuzz_request_decoder" "$work/corpus" "$seeds" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$work/artifacts/" -print_final_stats=1 || status=$?

if [ "$status" -ne 0 ]; then
    # Keep the reproducer next to the build for whoever investigates.
    mkdir -p "$build/fuzz-artifacts"
    cp "$work"/artifacts/* "$build/fuzz-artifacts/" 2>/dev/null || true
    echo "fuzz_request_decoder failed (status $status); reproducers in $build/fuzz-artifacts" >&2
fi
exit "$status"
