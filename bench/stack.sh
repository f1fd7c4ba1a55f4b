#!/usr/bin/env bash
# `bockrose up -d --wait` and `bockrose down` of a 10-service busybox stack against `podman-compose up -d` and
# `podman-compose down` of the same file on podman, alternated: medians and ratios. Then the time from `kill -9` of a
# replica's process to its replacement answering on its published port (bockrose; podman-compose with
# `restart: always`, which podman may or may not honour: n/a when nothing answers within the limit).
# Everything runs on roots of its own under a temp dir and is removed after.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/stack.sh [--help]     (as root)
  env: RUNS      timed up/down cycles per tool (default 5)     KILLS  kill -9 recoveries measured (default 5)
       KILL_GAP  seconds between two kills (default 11: bockd's supervisor resets its crash-loop backoff after 10 s
                 up, so each kill is one crash's recovery; a shorter gap measures the backoff instead)
       BOCK      the bock CLI; bockrose is a symlink to it (default: bock on PATH)
       BOCKD     the daemon (default: bockd next to bock, or on PATH)   BOCK_OCI  its runtime (default: bock-oci on PATH)
       PODMAN    podman (default podman)   PODMAN_RUNTIME its OCI runtime (default runc)
       PODMAN_COMPOSE  podman-compose (default podman-compose)
       NETWORK   bridge (default: each stack gets its project network, ports published) or none (network_mode: none
                 everywhere; no recovery figure then, nothing answers on a port)
  Prints median/min/max ms of up and down per tool, the ratios bockrose/podman-compose (goal: up at most 0.33x),
  and median/min/max ms of kill -9 -> answering again (goal: under 1000 ms).
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

die() { echo "stack.sh: $*" >&2; exit 1; }
((EUID == 0)) || die "must run as root"
runs=${RUNS:-5}
kills=${KILLS:-5}
kill_gap=${KILL_GAP:-11}
network=${NETWORK:-bridge}
[[ $runs =~ ^[1-9][0-9]*$ && $kills =~ ^[0-9]+$ && $kill_gap =~ ^[0-9]+$ ]] || die "RUNS must be a positive integer, KILLS and KILL_GAP numbers"
[[ $network == bridge || $network == none ]] || die "NETWORK is bridge or none"
bench_find_bock
podman_bin=${PODMAN:-podman}
compose_bin=${PODMAN_COMPOSE:-podman-compose}
command -v "$podman_bin" >/dev/null || die "podman not found: apt-get install podman"
command -v "$compose_bin" >/dev/null || die "podman-compose not found: apt-get install podman-compose"

tmp=$(mktemp -d /tmp/bs.XXXXXX)
bockd_pid=""
cleanup() {
  set +e
  [[ -n ${bockd_pid:-} ]] && rose down -v -t 0 >/dev/null 2>&1
  bench_stop_bockd "$tmp/bock"
  podc down -t 0 >/dev/null 2>&1
  pod rm -af -t 0 >/dev/null 2>&1
  pod pod rm -af >/dev/null 2>&1
  pod network rm -f benchp_default >/dev/null 2>&1
  pod system reset -f >/dev/null 2>&1
  grep -F " $tmp/" /proc/self/mountinfo | awk '{ print $5 }' | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf -- "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# bock is one binary that is bockrose when started by that name.
mkdir -p "$tmp/bin"
ln -s "$(readlink -f "$bock_bin")" "$tmp/bin/bockrose"
rose() { "$tmp/bin/bockrose" -H "unix://$bockd_sock" -p benchs -f "$tmp/ours/compose.yaml" "$@"; }
pod_global=(--root "$tmp/podman/root" --runroot "$tmp/podman/run" --tmpdir "$tmp/podman/tmp"
  --cgroup-manager=cgroupfs --events-backend=file --runtime "${PODMAN_RUNTIME:-runc}")
pod() { "$podman_bin" "${pod_global[@]}" "$@"; }
# podman-compose passes --podman-args to every podman it runs, and --podman-run-args to `podman run`: the limits
# this host needs (run.sh has the why).
podc() {
  "$compose_bin" -p benchp -f "$tmp/podman-compose.yaml" --podman-args "${pod_global[*]}" \
    --podman-run-args "--ulimit nofile=1024:1024 --ulimit nproc=1024:1024" "$@"
}

port_base=$((20000 + RANDOM % 20000))
# compose FILE IMAGE PORT_BASE: 5 httpd services (restarted always, published) and 5 sleepers. Busybox as PID 1
# ignores SIGTERM, so every service stops with SIGKILL (and down is given -t 1): down then measures the tools, not
# a 10 s grace period per container.
write_compose() {
  local file=$1 image=$2 base=$3 i
  mkdir -p "$(dirname "$file")"
  {
    echo "services:"
    for i in 1 2 3 4 5; do
      echo "  web$i:"
      echo "    image: $image"
      echo "    command: [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/etc\"]"
      echo "    restart: always"
      echo "    stop_signal: SIGKILL"
      if [[ $network == none ]]; then echo "    network_mode: none"; else echo "    ports: [\"127.0.0.1:$((base + i)):8080\"]"; fi
    done
    for i in 1 2 3 4 5; do
      echo "  sleep$i:"
      echo "    image: $image"
      echo "    command: [\"sleep\", \"1000000\"]"
      echo "    stop_signal: SIGKILL"
      if [[ $network == none ]]; then echo "    network_mode: none"; fi
    done
  } >"$file"
}
write_compose "$tmp/ours/compose.yaml" busybox:bench "$port_base"
write_compose "$tmp/podman-compose.yaml" localhost/busybox:bench $((port_base + 100))

"$repo/scripts/busybox-bundle.sh" "$tmp/bundle" true >/dev/null
tar -C "$tmp/bundle/rootfs" -cf "$tmp/busybox.tar" .
mkdir -p "$tmp/podman"
bench_start_bockd "$tmp/bock"
bench_bock import "$tmp/busybox.tar" busybox:bench >/dev/null
pod import "$tmp/busybox.tar" localhost/busybox:bench >/dev/null 2>&1

timed() { # prints the nanoseconds the command took; fails with its output in $tmp/err
  local t0 t1
  t0=$(bench_now_ns)
  "$@" </dev/null >"$tmp/err" 2>&1 || return 1
  t1=$(bench_now_ns)
  echo $((t1 - t0))
}
up_ours() { timed rose up -d --wait; }
down_ours() { timed rose down -t 1; }
up_podman() { timed podc up -d; }
down_podman() { timed podc down -t 1; }

# One untimed cycle each: first-use costs (image unpack, network plugins) are not what is compared.
up_ours >/dev/null || die "bockrose up failed: $(cat "$tmp/err")"
down_ours >/dev/null || die "bockrose down failed: $(cat "$tmp/err")"
up_podman >/dev/null || die "podman-compose up failed: $(tail -n 20 "$tmp/err")"
down_podman >/dev/null || die "podman-compose down failed: $(tail -n 20 "$tmp/err")"

ours_up=() ours_down=() podman_up=() podman_down=()
cycle_ours() {
  ours_up+=("$(up_ours)") || die "bockrose up failed: $(cat "$tmp/err")"
  ours_down+=("$(down_ours)") || die "bockrose down failed: $(cat "$tmp/err")"
}
cycle_podman() {
  podman_up+=("$(up_podman)") || die "podman-compose up failed: $(tail -n 20 "$tmp/err")"
  podman_down+=("$(down_podman)") || die "podman-compose down failed: $(tail -n 20 "$tmp/err")"
}
for ((i = 0; i < runs; i++)); do
  if ((i % 2)); then cycle_podman; cycle_ours; else cycle_ours; cycle_podman; fi
done

row() { # label times...
  local label=$1; shift
  printf '%-32s %10s %8s %8s\n' "$label" "$(bench_ms "$(bench_median "$@")")" "$(bench_ms "$(bench_min "$@")")" "$(bench_ms "$(bench_max "$@")")"
}
echo "stack: 10 busybox services (5 httpd, 5 sleep), network $network, $runs cycles each, alternated, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, kernel $(uname -r)"
printf '%-32s %10s %8s %8s\n' step "median ms" "min ms" "max ms"
row "bockrose up -d --wait" "${ours_up[@]}"
row "podman-compose up -d" "${podman_up[@]}"
printf '%-32s %10s   (goal: at most 0.33x)\n' "up: bockrose/podman-compose" "$(bench_ratio "$(bench_median "${ours_up[@]}")" "$(bench_median "${podman_up[@]}")")"
row "bockrose down" "${ours_down[@]}"
row "podman-compose down" "${podman_down[@]}"
printf '%-32s %10s\n' "down: bockrose/podman-compose" "$(bench_ratio "$(bench_median "${ours_down[@]}")" "$(bench_median "${podman_down[@]}")")"

((kills > 0)) || exit 0
if [[ $network == none ]]; then
  echo "recovery: n/a with NETWORK=none (nothing answers on a port)"
  exit 0
fi
answers() { curl -s -o /dev/null --max-time 0.2 "http://127.0.0.1:$1/passwd"; }
# recover PID_COMMAND PORT: kill -9 of the process, then the ns until the port answers again (empty after 10 s).
recover() {
  local pid t0 t1 port=$2
  pid=$($1) || return 1
  [[ $pid =~ ^[1-9][0-9]*$ ]] || return 1
  t0=$(bench_now_ns)
  kill -9 "$pid"
  while ! answers "$port"; do
    t1=$(bench_now_ns)
    (((t1 - t0) > 10000000000)) && return 0
  done
  t1=$(bench_now_ns)
  echo $((t1 - t0))
}
ours_pid() { bench_bock inspect -f '{{.State.Pid}}' benchs-web1-1; }
podman_pid() { pod inspect -f '{{.State.Pid}}' benchp_web1_1 2>/dev/null || pod inspect -f '{{.State.Pid}}' benchp-web1-1; }
wait_answering() { local n; for n in $(seq 100); do answers "$1" && return 0; sleep 0.1; done; return 1; }

up_ours >/dev/null || die "bockrose up failed: $(cat "$tmp/err")"
wait_answering $((port_base + 1)) || die "bockrose web1 does not answer on 127.0.0.1:$((port_base + 1))"
ours_rec=()
for ((i = 0; i < kills; i++)); do
  t=$(recover ours_pid $((port_base + 1))) || die "no pid for benchs-web1-1"
  [[ -n $t ]] || die "bockrose: web1 did not answer within 10 s of kill -9"
  ours_rec+=("$t")
  sleep "$kill_gap" # a replica that stays up resets the crash-loop backoff: what is measured is one crash's recovery
done
down_ours >/dev/null || true

podman_rec=()
podman_note=""
if up_podman >/dev/null && wait_answering $((port_base + 101)); then
  t=$(recover podman_pid $((port_base + 101))) || true
  if [[ -n ${t:-} ]]; then
    podman_rec+=("$t")
    for ((i = 1; i < kills; i++)); do
      sleep "$kill_gap"
      t=$(recover podman_pid $((port_base + 101))) || break
      [[ -n $t ]] && podman_rec+=("$t")
    done
  else
    podman_note="n/a (restart: always: not back within 10 s)"
  fi
else
  podman_note="n/a (podman-compose's web1 never answered on its published port)"
fi
down_podman >/dev/null || true

echo
echo "recovery: kill -9 of web1's process -> http://127.0.0.1:PORT/ answering again, $kills kills, $kill_gap s apart"
printf '%-32s %10s %8s %8s\n' tool "median ms" "min ms" "max ms"
row "bockrose (restart: always)" "${ours_rec[@]}"
echo "  each (ms): $(for t in "${ours_rec[@]}"; do printf '%s ' "$(bench_ms "$t")"; done)"
printf '%-32s %10s\n' "" "(goal: under 1000 ms)"
if ((${#podman_rec[@]})); then
  row "podman-compose (restart: always)" "${podman_rec[@]}"
  echo "  each (ms): $(for t in "${podman_rec[@]}"; do printf '%s ' "$(bench_ms "$t")"; done)"
else printf '%-32s %s\n' "podman-compose" "$podman_note"; fi
exit 0
