#!/usr/bin/env bash
# The main job: install, then run `echo "Hello, Bock!"` in a busybox container with bock-oci and check
# that it printed. The container and the temp bundle are removed on every exit path.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/main.sh [--no-install]     (as root, from anywhere)
  --no-install  skip scripts/install.sh (use the bock-oci already installed)
  env: BOCK_OCI  runtime to run the container with (default /usr/local/bin/bock-oci; BOCK_OCI=runc
                 tests the script)
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
export BOCK_OCI=${BOCK_OCI:-/usr/local/bin/bock-oci}
$install && "$repo/scripts/install.sh"
command -v "$BOCK_OCI" >/dev/null || { echo "main: $BOCK_OCI not found" >&2; exit 1; }

tmp=$(mktemp -d /tmp/bock-main.XXXXXX)
id="bock-main-$$"
cleanup() {
  "$BOCK_OCI" delete --force "$id" >/dev/null 2>&1 || true
  rm -rf -- "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$repo/scripts/busybox-bundle.sh" "$tmp/bundle" echo "Hello, Bock!"
"$BOCK_OCI" run --bundle "$tmp/bundle" "$id" </dev/null | tee "$tmp/out"
grep -qx 'Hello, Bock!' "$tmp/out" || { echo "main: the container did not print Hello, Bock!" >&2; exit 1; }
