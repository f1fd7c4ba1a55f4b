#!/usr/bin/env bash
# The main job: install, build the image busybox:latest with `bock-runtime build` from the Bockfile in
# examples/busybox (FROM scratch, Debian's static /bin/busybox copied into a temp copy of the context), then
# `bock run --rm busybox echo "Hello, Bock!"` and check that it printed. bock starts bockd on first use
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
