#!/usr/bin/env bash
# Builds the .deb from a configured and built tree, then checks what a user installing it
# gets: the files at their places, the dependencies, a valid desktop entry and AppStream
# metainfo, and binaries that start (runneld answers a Kafka ApiVersions request).
set -euo pipefail
build="$(cd "$1" && pwd)"
work="$(mktemp -d)"
trap '[[ -n "${broker_pid:-}" ]] && kill "$broker_pid" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1) \
    || { cat "$work/cpack.log"; fail "cpack could not build the package"; }
deb="$(ls "$work"/out/runnel_*.deb 2>/dev/null | head -1)"
[[ -n "$deb" ]] || fail "no runnel_*.deb produced"
echo "package: $(basename "$deb") ($(stat -c %s "$deb") bytes)"

contents="$(dpkg-deb -c "$deb")"
expect=(./usr/bin/runneld ./usr/bin/runnel-agent ./usr/bin/runnelctl
        ./usr/share/applications/dev.runnel.Runnel.desktop
        ./usr/share/metainfo/dev.runnel.Runnel.metainfo.xml
        ./usr/share/icons/hicolor/scalable/apps/dev.runnel.Runnel.svg
        ./usr/share/doc/runnel/LICENSE)
has_console=0
if [[ -f "$build/app/runnel/runnel" ]]; then
    expect+=(./usr/bin/runnel)
    has_console=1
fi
for f in "${expect[@]}"; do
    grep -q " $f\$" <<<"$contents" || fail "package lacks $f"
done

depends="$(dpkg-deb -f "$deb" Depends)"
echo "depends: $depends"
libs=(libssl3 libqt6core6 libzstd1 qt6-qpa-plugins libqt6sql6-sqlite)
((has_console)) && libs+=(libqt6widgets6 librdkafka1)
for lib in "${libs[@]}"; do
    grep -q "$lib" <<<"$depends" || fail "Depends does not name $lib"
done

dpkg-deb -x "$deb" "$work/root"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$work/root/usr/share/applications/dev.runnel.Runnel.desktop"
fi
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net --pedantic "$work/root/usr/share/metainfo/dev.runnel.Runnel.metainfo.xml" \
        >"$work/appstream.log" 2>&1 || { cat "$work/appstream.log"; fail "metainfo does not validate"; }
fi

bin="$work/root/usr/bin"
"$bin/runneld" --version
"$bin/runnelctl" --help >/dev/null || fail "runnelctl --help failed"
if ((has_console)); then
    QT_QPA_PLATFORM=offscreen "$bin/runnel" --version || fail "runnel --version failed"
fi

# The packaged broker starts from a fresh directory and answers a Kafka client.
port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
cat >"$work/server.properties" <<PROPS
node.id=1
listeners=PLAINTEXT://127.0.0.1:$port
log.dirs=$work/data
PROPS
"$bin/runneld" "$work/server.properties" >"$work/broker.log" 2>&1 &
broker_pid=$!
/usr/bin/python3 - "$port" <<'PY' || { cat "$work/broker.log"; fail "the packaged runneld did not answer"; }
import socket, struct, sys, time
port = int(sys.argv[1])
deadline = time.time() + 20
while True:
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        break
    except OSError:
        if time.time() > deadline:
            raise
        time.sleep(0.1)
client = b"pkg"
body = struct.pack(">hhih", 18, 0, 7, len(client)) + client   # ApiVersions v0
s.sendall(struct.pack(">i", len(body)) + body)
size = struct.unpack(">i", s.recv(4))[0]
data = b""
while len(data) < size:
    data += s.recv(size - len(data))
corr, err = struct.unpack(">ih", data[:6])
assert corr == 7 and err == 0, (corr, err)
print("packaged runneld answered ApiVersions")
PY
echo "PASS"
