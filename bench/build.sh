#!/usr/bin/env bash
# The same multi-step Dockerfile (FROM a busybox image imported from Debian's busybox-static; RUN, COPY and ENV
# steps) built by bockd's POST /build and by `buildah bud`, alternated: cold (no cache: nocache=1 / --no-cache) and
# fully cached (the same build again; buildah with --layers, its cache), medians and ratios. Roots of their own under a temp dir, removed after.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/build.sh [--help]     (as root)
  env: RUNS     timed builds per tool and mode (default 7)
       BOCK     the bock CLI (default: bock on PATH)     BOCKD the daemon (default: bockd next to bock, or on PATH)
       BOCK_OCI the runtime bockd uses (default: bock-oci on PATH)
       BUILDAH  buildah (default buildah)                BUILDAH_DRIVER its storage driver (default overlay)
  Prints median/min/max ms per tool for a cold and a fully cached build, and the ratios bock/buildah.
USAGE
}
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
# shellcheck source=bench/bockd.sh
. "$here/bockd.sh"

die() { echo "build.sh: $*" >&2; exit 1; }
((EUID == 0)) || die "must run as root"
runs=${RUNS:-7}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
bench_find_bock
buildah_bin=${BUILDAH:-buildah}
command -v "$buildah_bin" >/dev/null || die "buildah not found: apt-get install buildah"
command -v curl >/dev/null || die "curl not found"

tmp=$(mktemp -d /tmp/bb.XXXXXX)
bockd_pid=""
cleanup() {
  set +e
  bench_stop_bockd "$tmp/bock"
  bah rm -a >/dev/null 2>&1
  grep -F " $tmp/" /proc/self/mountinfo | awk '{ print $5 }' | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf -- "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# buildah on roots of its own; chroot isolation works here without user namespaces or a network set-up.
bah() {
  "$buildah_bin" --root "$tmp/buildah/root" --runroot "$tmp/buildah/run" --storage-driver "${BUILDAH_DRIVER:-overlay}" "$@"
}

"$repo/scripts/busybox-bundle.sh" "$tmp/bundle" true >/dev/null
tar -C "$tmp/bundle/rootfs" -cf "$tmp/busybox.tar" .

ctx=$tmp/context
mkdir -p "$ctx/app"
for i in $(seq 1 50); do head -c 4096 /dev/urandom | base64 >"$ctx/app/file$i.txt"; done
printf 'config=1\n' >"$ctx/app.conf"
cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM localhost/busybox:bench
ENV APP_HOME=/opt/app
WORKDIR /opt/app
RUN mkdir -p /opt/app/data && echo built > /opt/app/data/stamp
COPY app/ /opt/app/files/
COPY app.conf /etc/app.conf
RUN cat /opt/app/files/*.txt | wc -c > /opt/app/data/size && sha256sum /etc/app.conf > /opt/app/data/conf.sum
ENV MODE=production
RUN ls -R /opt/app > /opt/app/data/listing
CMD ["cat", "/opt/app/data/size"]
DOCKERFILE
tar -C "$ctx" -cf "$tmp/context.tar" .

mkdir -p "$tmp/buildah"
bench_start_bockd "$tmp/bock"
bench_bock import "$tmp/busybox.tar" localhost/busybox:bench >/dev/null
bah from --name imp scratch >/dev/null
mnt=$(bah mount imp)
tar -C "$mnt" -xf "$tmp/busybox.tar"
bah umount imp >/dev/null
bah commit -q imp localhost/busybox:bench >/dev/null
bah rm imp >/dev/null

bock_build() { # $1: extra query; fails with the error line in $tmp/err
  local out
  out=$(curl -sS --unix-socket "$bockd_sock" -X POST -H 'Content-Type: application/x-tar' \
    --data-binary @"$tmp/context.tar" "http://bock/build?t=bench:latest$1")
  if grep -q '"errorDetail"' <<<"$out"; then echo "$out" | tail -n 3 >"$tmp/err"; return 1; fi
}
buildah_build() { # $@: extra flags
  bah bud --isolation chroot --layers -q "$@" -t bench:latest "$ctx" >/dev/null 2>"$tmp/err"
}

timed() {
  local t0 t1
  t0=$(bench_now_ns)
  "$@" || { echo "failed: $*: $(cat "$tmp/err")" >&2; return 1; }
  t1=$(bench_now_ns)
  echo $((t1 - t0))
}

# Warm up both (and fill both caches).
bock_build "" || die "bock build failed: $(cat "$tmp/err")"
buildah_build || die "buildah bud failed: $(cat "$tmp/err")"

declare -a bock_cold bah_cold bock_cached bah_cached
for ((i = 0; i < runs; i++)); do
  bock_cold+=("$(timed bock_build "&nocache=1")")
  bah_cold+=("$(timed buildah_build --no-cache)")
  bock_cached+=("$(timed bock_build "")")
  bah_cached+=("$(timed buildah_build)")
done

report() { # label, then nanoseconds
  local label=$1; shift
  local ms=()
  for v in "$@"; do ms+=("$(bench_ms "$v")"); done
  printf '%-22s median %8s ms   min %8s   max %8s\n' "$label" "$(bench_median "${ms[@]}")" "$(bench_min "${ms[@]}")" "$(bench_max "${ms[@]}")"
}
echo "build of a 9-step Dockerfile ($runs runs each, alternated)"
report "bock cold" "${bock_cold[@]}"
report "buildah cold" "${bah_cold[@]}"
report "bock cached" "${bock_cached[@]}"
report "buildah cached" "${bah_cached[@]}"
echo "cold   bock/buildah: $(bench_ratio "$(bench_median "${bock_cold[@]}")" "$(bench_median "${bah_cold[@]}")")"
echo "cached bock/buildah: $(bench_ratio "$(bench_median "${bock_cached[@]}")" "$(bench_median "${bah_cached[@]}")")"
