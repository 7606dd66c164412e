#!/usr/bin/env bash
# The main job: install what is missing, build, and start a local broker in the
# foreground, printing how to connect. Ctrl-C stops it cleanly.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/install-deps.sh"
"$here/scripts/build.sh" release

data="${RUNNEL_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/runnel/local}"
port="${RUNNEL_PORT:-9092}"
# MSK's plaintext port when free, otherwise the next free one.
while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
mkdir -p "$data"
cat >"$data/server.properties" <<PROPS
node.id=1
listeners=PLAINTEXT://127.0.0.1:$port
log.dirs=$data/logs
PROPS
cat <<MSG
Runnel local broker
  bootstrap servers : 127.0.0.1:$port
  data              : $data/logs
  try               : kcat -b 127.0.0.1:$port -L
  stop              : Ctrl-C
MSG
exec "$here/build/release/app/runneld/runneld" "$data/server.properties"
