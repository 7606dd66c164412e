#!/usr/bin/env bash
# The main job: install what is missing, build, and start Runnel with its default local
# cluster "local".
#   - with a display: opens the console, which starts the agent and creates (or resumes)
#     the default cluster;
#   - without one: asks the agent for the same cluster headless and prints how to connect.
# The cluster is run by runnel-agent and outlives this script, as clusters outlive the
# console's window; `runnelctl delete-cluster --cluster-name local` removes it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/install-deps.sh"
"$here/scripts/build.sh" release

bin="$here/build/release/app"
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && -x "$bin/runnel/runnel" && -z "${RUNNEL_HEADLESS:-}" ]]; then
    exec "$bin/runnel/runnel" --create-default
fi

ctl="$bin/runnelctl/runnelctl"
if ! "$ctl" describe-cluster-v2 --cluster-name local >/dev/null 2>&1; then
    echo "runnel: creating the default local cluster" >&2
    "$ctl" create-cluster-v2 --cluster-name local --number-of-broker-nodes 3
fi
bootstrap="$("$ctl" get-bootstrap-brokers --cluster-name local --output json \
    | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["BootstrapBrokerString"])')"
cat <<MSG
Runnel local cluster "local" (headless: no display found)
  bootstrap servers : $bootstrap
  try               : kcat -b $bootstrap -L
  brokers           : $ctl list-nodes --cluster-name local
  stop and remove   : $ctl delete-cluster --cluster-name local
MSG
