#!/usr/bin/env bash
# The main job: install, build the image busybox:latest with `bock-runtime build` from the Bockfile in
# examples/busybox (FROM scratch, Debian's static /bin/busybox copied into a temp copy of the context), then
# `bock run --rm busybox echo "Hello, Bock!"` and check that it printed; then `bockrose up -d --wait` of
# examples/stack, kill -9 of its web replica's process and the replacement timed. bock starts bockd on first use
# (log: /run/bock/bockd.log); bockd keeps running afterwards, as dockerd would.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/main.sh [--no-install]     (as root, from anywhere)
  --no-install  skip scripts/install.sh (use the bock, bockd and bock-oci already installed)
  env: BOCK  the CLI (default: bock on PATH); BOCK_RUNTIME  the builder (default: bock-runtime beside it)
USAGE
}
install=true
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  --no-install) install=false ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
$install && "$repo/scripts/install.sh"
bock=${BOCK:-$(command -v bock || echo /usr/local/bin/bock)}
[[ -x $bock ]] || { echo "main: bock not found: run scripts/install.sh" >&2; exit 1; }
runtime=${BOCK_RUNTIME:-$(dirname "$bock")/bock-runtime}
bockrose=${BOCKROSE:-$(dirname "$bock")/bockrose}
[[ -x $bockrose ]] || { echo "main: bockrose not found beside $bock: run scripts/install.sh" >&2; exit 1; }
[[ -x $runtime ]] || { echo "main: bock-runtime not found beside $bock: run scripts/install.sh" >&2; exit 1; }

tmp=$(mktemp -d /tmp/bock-main.XXXXXX)
trap 'rm -rf -- "$tmp"' EXIT
trap 'exit 130' INT TERM

# Built every time: an unchanged context is all cache hits (well under a second), and a changed Bockfile or
# busybox package rebuilds what changed.
echo "main: building busybox:latest from examples/busybox (FROM scratch, Debian's busybox-static)"
cp -a "$repo/examples/busybox" "$tmp/busybox"
cp /bin/busybox "$tmp/busybox/busybox"
"$runtime" build -t busybox:latest "$tmp/busybox"

"$bock" run --rm busybox echo "Hello, Bock!" | tee "$tmp/out"
grep -qx 'Hello, Bock!' "$tmp/out" || { echo "main: the container did not print Hello, Bock!" >&2; exit 1; }

# The example stack: a one-shot migration, then web (busybox httpd, health-checked), then a worker that crashes on
# purpose. It stays up afterwards, healing itself inside bockd, as `docker compose up -d` would leave it.
stack=("$bockrose" -f "$repo/examples/stack/compose.yaml")
echo "main: bockrose up -d --wait (examples/stack)"
"${stack[@]}" up -d --wait
"$bock" exec stack-web-1 wget -q -O - http://127.0.0.1:8080/index.html

# Healing: kill -9 web's process behind bockd's back and time its replacement.
old=$("$bock" inspect -f '{{.State.Pid}}' stack-web-1)
echo "main: kill -9 of stack-web-1's process ($old)"
kill -9 "$old"
start=$(date +%s%N)
for _ in $(seq 1 100); do
  now=$("$bock" inspect -f '{{.State.Pid}} {{.State.Running}}' stack-web-1 2>/dev/null || true)
  [[ $now == *" true" && $now != "$old "* ]] && break
  sleep 0.05
done
[[ $now == *" true" && $now != "$old "* ]] || { echo "main: stack-web-1 did not come back within 5 s" >&2; exit 1; }
echo "main: stack-web-1 is back as process ${now% *} after $(( ($(date +%s%N) - start) / 1000000 )) ms"
"${stack[@]}" ps
echo "main: the stack keeps running; remove it with: bockrose -f examples/stack/compose.yaml down -v"
