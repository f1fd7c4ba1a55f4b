#!/usr/bin/env bash
# Container-to-container TCP throughput over a Bock user network, against the same transfer between two network
# namespaces on a hand-made veth+bridge and over the host's loopback. The same static sender/receiver
# (bench/tools/tcpblast.c, timed by the sender) on every path, alternated; medians in MB/s and the ratios.
# Everything runs on roots and namespaces of its own and is removed after.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/net.sh [--help]     (as root)
  env: RUNS  transfers per path (default 5)      MB  MiB per transfer (default 2000)
       BOCK, BOCKD, BOCK_OCI as for bench/run.sh
  Each transfer is `tcpblast SERVER 5001 MB` into a `tcpblast -l 5001` that discards it; the sender times it from
  connect to the receiver's close, so starting the client (bock exec, ip netns exec) is not in the figure.
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

die() { echo "net.sh: $*" >&2; exit 1; }
((EUID == 0)) || die "must run as root"
runs=${RUNS:-5}
mb=${MB:-2000}
[[ $runs =~ ^[1-9][0-9]*$ && $mb =~ ^[1-9][0-9]*$ ]] || die "RUNS and MB must be positive integers"
bench_find_bock
command -v clang >/dev/null || die "clang not found: apt-get install clang"

tmp=$(mktemp -d /tmp/bn.XXXXXX)
tag=$(basename "$tmp" | tr -dc 'a-z0-9' | tail -c 4)
ns_host=bn-h-$tag ns_a=bn-a-$tag ns_b=bn-b-$tag
bockd_pid="" server_pids=()
cleanup() {
  set +e
  bench_stop_bockd "$tmp/bock"
  ((${#server_pids[@]})) && kill "${server_pids[@]}" 2>/dev/null
  for ns in "$ns_a" "$ns_b" "$ns_host"; do ip netns del "$ns" 2>/dev/null; done
  grep -F " $tmp/" /proc/self/mountinfo | awk '{ print $5 }' | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf -- "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bock() { bench_bock "$@"; }
blast=$tmp/tcpblast
clang -O2 -static -o "$blast" "$here/tools/tcpblast.c" || die "building tcpblast failed"

# Ours: two containers on a user network.
"$repo/scripts/busybox-bundle.sh" "$tmp/bundle" true >/dev/null
tar -C "$tmp/bundle/rootfs" -cf "$tmp/busybox.tar" .
bench_start_bockd "$tmp/bock"
bock import "$tmp/busybox.tar" busybox:bench >/dev/null
bock network create benchnet >/dev/null
bock run -d --name srv --network benchnet -v "$blast:/tcpblast:ro" busybox:bench /tcpblast -l 5001 >/dev/null
bock run -d --name cli --network benchnet -v "$blast:/tcpblast:ro" busybox:bench sleep 1000000 >/dev/null
srv_ip=$(bock inspect -f '{{(index .NetworkSettings.Networks "benchnet").IPAddress}}' srv)

# Hand-made: a bridge in a namespace standing for the host, a veth from it into each of two namespaces.
for ns in "$ns_host" "$ns_a" "$ns_b"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip -n "$ns_host" link add br0 type bridge
ip -n "$ns_host" link set br0 up
i=2
for ns in "$ns_a" "$ns_b"; do
  ip -n "$ns_host" link add "v$i" type veth peer name eth0 netns "$ns"
  ip -n "$ns_host" link set "v$i" master br0 up
  ip -n "$ns" addr add "10.250.0.$i/24" dev eth0
  ip -n "$ns" link set eth0 up
  i=$((i + 1))
done
ip netns exec "$ns_b" "$blast" -l 5001 >/dev/null 2>&1 &
server_pids+=($!)
# Loopback: the same server on the host's 127.0.0.1.
port=$(( (RANDOM % 20000) + 30000 ))
"$blast" -l "$port" >/dev/null 2>&1 &
server_pids+=($!)
sleep 0.5

rate() { # MB/s of one transfer, as the sender measured it
  "$@" 2>"$tmp/err" || die "$* failed: $(cat "$tmp/err")"
}
ours() { rate bench_bock exec cli /tcpblast "$srv_ip" 5001 "$mb"; }
handmade() { rate ip netns exec "$ns_a" "$blast" 10.250.0.3 5001 "$mb"; }
loopback() { rate "$blast" 127.0.0.1 "$port" "$mb"; }

ours >/dev/null; handmade >/dev/null; loopback >/dev/null # warm-up
o=() h=() l=()
for ((r = 0; r < runs; r++)); do
  o+=("$(ours)"); h+=("$(handmade)"); l+=("$(loopback)")
done
o_med=$(bench_median "${o[@]}") h_med=$(bench_median "${h[@]}") l_med=$(bench_median "${l[@]}")
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%\n", (a / b - 1) * 100 }'; }

echo "net: $mb MiB per transfer, $runs transfers per path, alternated, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, kernel $(uname -r)"
printf '%-34s %10s %10s %10s\n' path "median MB/s" "min" "max"
printf '%-34s %10s %10s %10s\n' "bock user network (bridge, nft)" "$o_med" "$(bench_min "${o[@]}")" "$(bench_max "${o[@]}")"
printf '%-34s %10s %10s %10s\n' "hand-made veth+bridge" "$h_med" "$(bench_min "${h[@]}")" "$(bench_max "${h[@]}")"
printf '%-34s %10s %10s %10s\n' "host loopback" "$l_med" "$(bench_min "${l[@]}")" "$(bench_max "${l[@]}")"
printf '%-34s %10s   (goal: within 10%% of the hand-made bridge)\n' "bock vs hand-made" "$(pct "$o_med" "$h_med")"
printf '%-34s %10s\n' "bock vs loopback" "$(pct "$o_med" "$l_med")"
