#!/usr/bin/env bash
# Installs what Runnel needs to build and test on Debian 12, skipping what is present.
# Debian packages via apt-get; kafkajs (interop tests) from npm, pinned by a lock file.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(
    build-essential cmake ninja-build pkg-config git python3
    qt6-base-dev qt6-tools-dev qt6-charts-dev libqt6sql6-sqlite
    libasio-dev libssl-dev zlib1g-dev liblz4-dev libsnappy-dev libzstd-dev libsqlite3-dev
    librdkafka-dev
    kcat python3-kafka python3-confluent-kafka nodejs npm
    prometheus
    clang libclang-rt-14-dev
    xvfb xauth
    desktop-file-utils appstream
    fonts-nanum libsecret-tools
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        # nodejs from another source may already provide node and npm.
        if [[ "$p" == npm || "$p" == nodejs ]] && command -v node >/dev/null && command -v npm >/dev/null; then
            continue
        fi
        missing+=("$p")
    fi
done

if ((${#missing[@]})); then
    echo "runnel: installing ${missing[*]}" >&2
    sudo_cmd=()
    [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# kafkajs for the interop tests, exactly the locked version.
if [[ -f "$here/tests/interop/js/package-lock.json" ]]; then
    if [[ ! -d "$here/tests/interop/js/node_modules/kafkajs" ]]; then
        (cd "$here/tests/interop/js" && npm ci --no-audit --no-fund --loglevel=error)
    fi
fi
