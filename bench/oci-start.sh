#!/usr/bin/env bash
# Container start latency: `run` of one busybox bundle (/bin/true) by bock-oci, crun and runc, alternated,
# medians and ratios. Each timed interval is the runtime's `run` alone (create + start + wait + destroy of a
# container whose process exits at once); the clean-up `delete` after it is not timed.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/oci-start.sh [--help]     (as root)
  env: RUNS      timed runs per runtime (default 20, at least 1)
       BOCK_OCI  bock-oci binary (default /usr/local/bin/bock-oci; BOCK_OCI=runc tests the script)
       CRUN      crun binary (default crun)     RUNC  runc binary (default runc)
  Prints a table of median/min/max start times in ms and the ratios bock-oci/crun and bock-oci/runc.
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

die() { echo "oci-start.sh: $*" >&2; exit 1; }
((EUID == 0)) || die "must run as root"
runs=${RUNS:-20}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"

names=(bock-oci crun runc)
declare -A bin=([bock-oci]=${BOCK_OCI:-/usr/local/bin/bock-oci} [crun]=${CRUN:-crun} [runc]=${RUNC:-runc})
declare -A nsenter_pid=() mode=() times=()
notes=()

tmp=$(mktemp -d /tmp/bock-bench.XXXXXX)
helper=""
cleanup() {
  local name id
  for name in "${names[@]}"; do
    [[ -d $tmp/state/$name ]] || continue
    for id in $(runtime "$name" list -q 2>/dev/null); do delete_quietly "$name" "$id"; done
  done
  if [[ -n $helper ]]; then kill "$helper" 2>/dev/null || true; wait "$helper" 2>/dev/null || true; fi
  # A run that failed half-way can leave its cgroup directories behind (seen with crun).
  find /sys/fs/cgroup -mindepth 1 -maxdepth 2 -type d -name "bench-*-$$-*" -exec rmdir {} + 2>/dev/null || true
  rm -rf -- "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs a command in the mount namespace chosen for that runtime (see the crun probe below).
in_ns() {
  local name=$1; shift
  if [[ -n ${nsenter_pid[$name]:-} ]]; then nsenter -t "${nsenter_pid[$name]}" -m -- "$@"; else "$@"; fi
}

# runtime NAME ARGS...: that runtime, in its namespace, with its global options and state root.
runtime() {
  local name=$1; shift
  # ${mode} is one option or none: left unquoted on purpose.
  # shellcheck disable=SC2086
  in_ns "$name" "${bin[$name]}" ${mode[$name]:-} --root "$tmp/state/$name" "$@"
}

# Prints the nanoseconds one `run` took. The timer runs in a fresh bash for every runtime alike, inside the
# runtime's mount namespace, so an nsenter is never part of the interval.
# shellcheck disable=SC2016 # expanded by the inner bash
timer='. "$1"; shift; err=$1; shift
t0=$(bench_now_ns); "$@" </dev/null >/dev/null 2>"$err" || exit 1; t1=$(bench_now_ns)
echo $((t1 - t0))'
timed_run() {
  local name=$1 id=$2
  # shellcheck disable=SC2086
  in_ns "$name" bash -c "$timer" timer "$lib" "$tmp/err" \
    "${bin[$name]}" ${mode[$name]:-} --root "$tmp/state/$name" run --bundle "$tmp/bundle" "$id"
}
delete_quietly() {
  runtime "$1" delete --force "$2" >/dev/null 2>&1 || true
}
try_run() { # name id -> status; leaves stderr in $tmp/err
  timed_run "$1" "$2" >/dev/null || { delete_quietly "$1" "$2"; return 1; }
  delete_quietly "$1" "$2"
}

"$repo/scripts/busybox-bundle.sh" "$tmp/bundle" /bin/true >/dev/null

active=()
for name in "${names[@]}"; do
  if ! command -v "${bin[$name]}" >/dev/null 2>&1; then
    notes+=("$name: ${bin[$name]} not found, not measured")
    continue
  fi
  mkdir -p "$tmp/state/$name"
  if try_run "$name" "bench-$name-$$-probe"; then active+=("$name"); continue; fi
  if [[ $name == crun ]] && grep -q 'hybrid mode' "$tmp/err"; then
    # crun 1.8 refuses a v1/v2 hybrid layout, even with --cgroup-manager=disabled. It runs (with v1
    # cgroups) when the cgroup2 mount at /sys/fs/cgroup/unified is hidden: do that in a private mount
    # namespace held by a sleeping helper, so the host's mounts are untouched and nothing outlives us.
    mode[crun]=--cgroup-manager=disabled
    if try_run crun "bench-crun-$$-probe-nocg"; then
      active+=(crun); notes+=("crun: runs with --cgroup-manager=disabled (no cgroups) here; runc and bock-oci with cgroups")
      continue
    fi
    mode[crun]=""
    unshare -m --propagation private sh -c \
      'mount -t tmpfs bock-bench-hide-cgroup2 /sys/fs/cgroup/unified && exec sleep 1000000' &
    helper=$!
    for _ in $(seq 100); do
      grep -q bock-bench-hide-cgroup2 "/proc/$helper/mountinfo" 2>/dev/null && break
      sleep 0.02
    done
    nsenter_pid[crun]=$helper
    if try_run crun "bench-crun-$$-probe-hidden"; then
      active+=(crun)
      notes+=("crun: refuses this hybrid cgroup layout, also with --cgroup-manager=disabled; measured in a private mount namespace with /sys/fs/cgroup/unified hidden, so crun uses v1 cgroups only (runc and bock-oci see the real hybrid layout)")
      continue
    fi
  fi
  notes+=("$name: cannot run the bundle here, not measured: $(head -c 300 "$tmp/err" | tr '\n' ' ')")
done
((${#active[@]})) || die "no runtime could run the bundle"

for ((i = 0; i < runs; i++)); do
  # Rotate the order every round so no runtime always runs right after another one's clean-up.
  n=${#active[@]}
  for ((k = 0; k < n; k++)); do
    name=${active[$(((i + k) % n))]}
    id="bench-$name-$$-$i"
    ns=$(timed_run "$name" "$id") || { delete_quietly "$name" "$id"; die "$name run failed: $(cat "$tmp/err")"; }
    delete_quietly "$name" "$id"
    times[$name]+="$ns "
  done
done

declare -A med=()
label() {
  if [[ $1 == bock-oci && $(basename "${bin[$1]}") != bock-oci ]]; then echo "bock-oci (=${bin[$1]})"; else echo "$1"; fi
}
echo "oci-start: run of a busybox /bin/true bundle, $runs runs each, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, kernel $(uname -r)"
printf '%-22s %10s %8s %8s  %s\n' runtime "median ms" "min ms" "max ms" version
for name in "${names[@]}"; do
  [[ -n ${times[$name]:-} ]] || { printf '%-22s %10s\n' "$(label "$name")" "-"; continue; }
  read -ra t <<<"${times[$name]}"
  med[$name]=$(bench_median "${t[@]}")
  printf '%-22s %10s %8s %8s  %s\n' "$(label "$name")" "$(bench_ms "${med[$name]}")" \
    "$(bench_ms "$(bench_min "${t[@]}")")" "$(bench_ms "$(bench_max "${t[@]}")")" \
    "$("${bin[$name]}" --version 2>/dev/null | head -n1)"
done
printf '%-22s %10s\n' "bock-oci/crun" "$(bench_ratio "${med[bock-oci]:-}" "${med[crun]:-}")"
printf '%-22s %10s\n' "bock-oci/runc" "$(bench_ratio "${med[bock-oci]:-}" "${med[runc]:-}")"
for note in "${notes[@]}"; do echo "note: $note"; done
