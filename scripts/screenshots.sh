#!/usr/bin/env bash
# Renders every main screen of the console to PNG, in English and Korean, light and dark:
#   scripts/screenshots.sh OUTDIR [BUILD_DIR]      (BUILD_DIR defaults to build/dev)
# Uses the real runnel-agent and a real one-broker cluster ("demo"), all isolated in a
# temporary RUNNEL_HOME, socket, port range and settings folder, removed at the end.
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
cleanup() {
    if [[ -f "$tmp/home/agent.lock" ]]; then
        pid="$(head -n1 "$tmp/home/agent.lock")"
        if [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null; then
            for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

"$ctl" create-cluster-v2 --cluster-name demo >/dev/null
# Some history for the overview's operations and the audit log.
"$ctl" reboot-broker --cluster-name demo --broker-ids 1 >/dev/null
"$ctl" create-cluster-v2 --cluster-name demo >/dev/null 2>&1 || true # a refused call, audited

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
