#!/usr/bin/env bash
# `bock run --rm --network none` against `podman run --rm --network none` of the same busybox image, alternated:
# medians and the ratio; and `bock run --rm` on a user network, whose difference is what network set-up costs.
# Then the memory of 50 idle containers (bockd + shims against podman's conmons) and whether 50 containers
# start in parallel without a failure. Everything runs on roots of its own under a temp dir and is removed after.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/run.sh [--help]     (as root)
  env: RUNS      timed runs per tool (default 20)        IDLE  idle containers for the memory figures (default 50)
       BOCK      the bock CLI (default: bock on PATH)    BOCKD the daemon (default: bockd next to bock, or on PATH)
       BOCK_OCI  the runtime bockd uses (default: bock-oci on PATH)
       PREFIX    a private install's bin directory (scripts/install.sh's PREFIX), searched for all three first
       PODMAN    podman (default podman)                 PODMAN_RUNTIME its OCI runtime (default runc)
  Prints median/min/max ms of `run --rm IMAGE true` per tool and the ratio bock/podman, the same run of bock on a
  user network (namespace, veth, address, DNS sockets) and what that adds, then the memory per idle
  container (PSS: shared pages split between the processes that map them) and the parallel start results.
USAGE
}
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
lib=$here/lib.sh
# shellcheck source=bench/lib.sh
. "$lib"
# shellcheck source=bench/bockd.sh
. "$here/bockd.sh"

die() { echo "run.sh: $*" >&2; exit 1; }
((EUID == 0)) || die "must run as root"
runs=${RUNS:-20}
idle=${IDLE:-50}
[[ $runs =~ ^[1-9][0-9]*$ && $idle =~ ^[1-9][0-9]*$ ]] || die "RUNS and IDLE must be positive integers"
bench_find_bock
podman_bin=${PODMAN:-podman}
command -v "$podman_bin" >/dev/null || die "podman not found: apt-get install podman"

# Short: a shim's socket is <run-root>/shims/<64-hex id>/attach.sock, and unix socket paths end at 107 bytes.
tmp=$(mktemp -d /tmp/bb.XXXXXX)
bockd_sock=$tmp/bock/run/bock.sock
bockd_pid=""
cleanup() {
  set +e
  bench_stop_bockd "$tmp/bock"
  pod rm -af -t 0 >/dev/null 2>&1
  pod system reset -f >/dev/null 2>&1
  # Whatever either tool left mounted under our roots (nothing, when all went well).
  grep -F " $tmp/" /proc/self/mountinfo | awk '{ print $5 }' | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf -- "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bock() { bench_bock "$@"; }
# Podman on roots of its own; this machine needs cgroupfs, file events, rlimits within the hard limits and runc
# (crun refuses cgroup v1 hybrid hosts).
pod() {
  "$podman_bin" --root "$tmp/podman/root" --runroot "$tmp/podman/run" --tmpdir "$tmp/podman/tmp" \
    --cgroup-manager=cgroupfs --events-backend=file --runtime "${PODMAN_RUNTIME:-runc}" "$@"
}
pod_run_flags=(--network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

# One image, from Debian's busybox-static, imported into both.
"$repo/scripts/busybox-bundle.sh" "$tmp/bundle" true >/dev/null
tar -C "$tmp/bundle/rootfs" -cf "$tmp/busybox.tar" .

mkdir -p "$tmp/podman"
bench_start_bockd "$tmp/bock"
bock import "$tmp/busybox.tar" busybox:bench >/dev/null
bock network create benchnet >/dev/null
pod import "$tmp/busybox.tar" localhost/busybox:bench >/dev/null

timed() { # prints the nanoseconds the command took; fails with its stderr in $tmp/err
  local t0 t1
  t0=$(bench_now_ns)
  "$@" </dev/null >/dev/null 2>"$tmp/err" || return 1
  t1=$(bench_now_ns)
  echo $((t1 - t0))
}
run_bock() { timed bock run --rm --network none busybox:bench true; }
run_bock_net() { timed bock run --rm --network benchnet busybox:bench true; }
run_podman() { timed pod run --rm "${pod_run_flags[@]}" localhost/busybox:bench true; }

run_bock >/dev/null || die "bock run failed: $(cat "$tmp/err")"
run_bock_net >/dev/null || die "bock run --network failed: $(cat "$tmp/err")"
run_podman >/dev/null || die "podman run failed: $(cat "$tmp/err")"
bock_times=() podman_times=() net_times=()
for ((i = 0; i < runs; i++)); do
  if ((i % 2)); then
    podman_times+=("$(run_podman)") || die "podman run failed: $(cat "$tmp/err")"
    bock_times+=("$(run_bock)") || die "bock run failed: $(cat "$tmp/err")"
  else
    bock_times+=("$(run_bock)") || die "bock run failed: $(cat "$tmp/err")"
    podman_times+=("$(run_podman)") || die "podman run failed: $(cat "$tmp/err")"
  fi
  net_times+=("$(run_bock_net)") || die "bock run --network failed: $(cat "$tmp/err")"
done
bock_med=$(bench_median "${bock_times[@]}")
podman_med=$(bench_median "${podman_times[@]}")
net_med=$(bench_median "${net_times[@]}")

echo "run: \`run --rm busybox true\`, $runs runs each, alternated, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, kernel $(uname -r)"
printf '%-28s %10s %8s %8s\n' tool "median ms" "min ms" "max ms"
printf '%-28s %10s %8s %8s\n' "bock --network none" "$(bench_ms "$bock_med")" "$(bench_ms "$(bench_min "${bock_times[@]}")")" "$(bench_ms "$(bench_max "${bock_times[@]}")")"
printf '%-28s %10s %8s %8s\n' "podman --network none" "$(bench_ms "$podman_med")" "$(bench_ms "$(bench_min "${podman_times[@]}")")" "$(bench_ms "$(bench_max "${podman_times[@]}")")"
printf '%-28s %10s   (goal: at most 0.33x)\n' "bock/podman" "$(bench_ratio "$bock_med" "$podman_med")"
printf '%-28s %10s %8s %8s\n' "bock --network benchnet" "$(bench_ms "$net_med")" "$(bench_ms "$(bench_min "${net_times[@]}")")" "$(bench_ms "$(bench_max "${net_times[@]}")")"
printf '%-28s %10s ms   (goal: under 20 ms)\n' "network set-up adds" "$(awk -v a="$net_med" -v b="$bock_med" 'BEGIN { printf "%.2f", (a - b) / 1e6 }')"

# Memory: PSS in KiB of a set of pids (shared pages are split among the processes mapping them).
pss_kib() {
  local total=0 pid v
  for pid in "$@"; do
    v=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
pids_matching() { pgrep -f -- "$1" || true; }

bockd_before=$(pss_kib "$bockd_pid")
failures=0
start_parallel() { # tool count -> number of failed starts
  local tool=$1 n=$2
  seq "$n" | xargs -P "$n" -I{} bash -c "$tool" _ {} 2>>"$tmp/parallel.err" | grep -c FAIL || true
}
export -f bock bench_bock pod
export bock_bin podman_bin bockd_sock tmp
t0=$(bench_now_ns)
bock_failed=$(start_parallel 'bock run -d --network none --name idle-$1 busybox:bench sleep 1000000 >/dev/null || echo FAIL' "$idle")
t1=$(bench_now_ns)
sleep 1
shims=$(pids_matching "bock-oci --root $tmp/\S* shim") # one shim serves them all
bock_shims_kib=$(pss_kib $shims)
bockd_after=$(pss_kib "$bockd_pid")
t2=$(bench_now_ns)
podman_failed=$(start_parallel 'pod run -d --name idle-$1 --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 localhost/busybox:bench sleep 1000000 >/dev/null || echo FAIL' "$idle")
t3=$(bench_now_ns)
sleep 1
conmons=$(pids_matching "conmon .*$tmp/")
conmon_kib=$(pss_kib $conmons)

bock_per=$(((bockd_after - bockd_before + bock_shims_kib) / idle))
podman_per=$((conmon_kib / idle))
echo
echo "idle: $idle containers started in parallel (sleep), PSS per container"
printf '%-28s %8s KiB   (bockd grew %d KiB, %d shims: %d KiB; %d failed starts, %s ms for all)\n' "bock" "$bock_per" \
  $((bockd_after - bockd_before)) "$(wc -w <<<"$shims")" "$bock_shims_kib" "$bock_failed" "$(bench_ms $((t1 - t0)))"
printf '%-28s %8s KiB   (%d conmons: %d KiB; %d failed starts, %s ms for all)\n' "podman (conmon)" "$podman_per" \
  "$(wc -w <<<"$conmons")" "$conmon_kib" "$podman_failed" "$(bench_ms $((t3 - t2)))"
printf '%-28s %8s\n' "bock/podman" "$(bench_ratio "$bock_per" "$podman_per")"
echo "bockd itself: $bockd_after KiB PSS with $idle containers"
[[ -s $tmp/parallel.err ]] && { echo "errors from the parallel starts:"; sort "$tmp/parallel.err" | uniq -c | head -n 10; }
exit 0
