#!/usr/bin/env bash
# Container-to-container TCP throughput over a Bock user network, against the same transfer between two network
# namespaces on a hand-made veth+bridge and over the host's loopback. The same busybox `dd | nc` on every path,
# alternated; medians in MB/s and the ratios. Everything runs on roots and namespaces of its own and is removed after.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/net.sh [--help]     (as root)
  env: RUNS  transfers per path (default 5)      MB  MiB per transfer (default 2000)
       BOCK, BOCKD, BOCK_OCI as for bench/run.sh
  Each transfer is `dd if=/dev/zero bs=1M count=MB | nc SERVER 5001` into a `nc -l` that discards it. The time of
  starting the client (bock exec, ip netns exec) is measured apart with `true` and taken off.
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

die() { echo "net.sh: $*" >&2; exit 1; }
((EUID == 0)) || die "must run as root"
runs=${RUNS:-5}
mb=${MB:-2000}
[[ $runs =~ ^[1-9][0-9]*$ && $mb =~ ^[1-9][0-9]*$ ]] || die "RUNS and MB must be positive integers"
bock_bin=${BOCK:-$(command -v bock || true)}
[[ -x $bock_bin ]] || die "bock not found: run scripts/install.sh or set BOCK"
bockd_bin=${BOCKD:-}
if [[ -z $bockd_bin ]]; then
  for candidate in "$(dirname "$(readlink -f "$bock_bin")")/bockd" /usr/local/lib/bock/bockd "$(command -v bockd || true)"; do
    [[ -x $candidate ]] && { bockd_bin=$candidate; break; }
  done
fi
[[ -x $bockd_bin ]] || die "bockd not found: set BOCKD"
oci_bin=${BOCK_OCI:-$(command -v bock-oci || true)}
[[ -x $oci_bin ]] || die "bock-oci not found: set BOCK_OCI"
busybox=/bin/busybox
[[ -x $busybox ]] || die "$busybox not found: apt-get install busybox-static"

tmp=$(mktemp -d /tmp/bn.XXXXXX)
sock=$tmp/bock/run/bock.sock
tag=$(basename "$tmp" | tr -dc 'a-z0-9' | tail -c 4)
ns_host=bn-h-$tag ns_a=bn-a-$tag ns_b=bn-b-$tag
bockd_pid="" loop_pid=""
cleanup() {
  set +e
  if [[ -S $sock ]]; then
    ids=$(bock ps -aq 2>/dev/null)
    [[ -n $ids ]] && bock rm -f $ids >/dev/null 2>&1
    bock network rm benchnet >/dev/null 2>&1
  fi
  if [[ -n $bockd_pid ]]; then kill "$bockd_pid" 2>/dev/null; wait "$bockd_pid" 2>/dev/null; fi
  [[ -n $loop_pid ]] && kill "$loop_pid" 2>/dev/null
  # The bench daemon's default bridge and nftables table (named after its run root, as bockd's LinkNaming does).
  local t
  t=$(printf '%s' "$tmp/bock/run" | sha256sum | cut -c1-3)
  ip link del "bock$t" 2>/dev/null
  nft delete table ip "bock_$t" 2>/dev/null
  for ns in "$ns_a" "$ns_b" "$ns_host"; do ip netns del "$ns" 2>/dev/null; done
  grep -F " $tmp/" /proc/self/mountinfo | awk '{ print $5 }' | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf -- "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bock() { "$bock_bin" -H "unix://$sock" "$@"; }
transfer="dd if=/dev/zero bs=1M count=$mb 2>/dev/null | nc"
server='while :; do nc -l -p 5001 >/dev/null; done'

# Ours: two containers on a user network.
"$repo/scripts/busybox-bundle.sh" "$tmp/bundle" true >/dev/null
tar -C "$tmp/bundle/rootfs" -cf "$tmp/busybox.tar" .
mkdir -p "$tmp/bock/root" "$tmp/bock/run"
setsid "$bockd_bin" --root "$tmp/bock/root" --run-root "$tmp/bock/run" --socket "$sock" --bock-oci "$oci_bin" \
  </dev/null >"$tmp/bockd.log" 2>&1 &
bockd_pid=$!
for _ in $(seq 200); do [[ -S $sock ]] && bock version >/dev/null 2>&1 && break; sleep 0.05; done
bock version >/dev/null 2>&1 || die "bockd did not come up: $(tail -n 20 "$tmp/bockd.log")"
bock import "$tmp/busybox.tar" busybox:bench >/dev/null
bock network create benchnet >/dev/null
bock run -d --name srv --network benchnet busybox:bench sh -c "$server" >/dev/null
bock run -d --name cli --network benchnet busybox:bench sleep 1000000 >/dev/null

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
ip netns exec "$ns_b" "$busybox" sh -c "$server" >/dev/null 2>&1 &
loop_pid=$!
# Loopback: the same server on the host's 127.0.0.1.
port=$(( (RANDOM % 20000) + 30000 ))
"$busybox" sh -c "while :; do $busybox nc -l -p $port >/dev/null; done" >/dev/null 2>&1 &
loop_pid="$loop_pid $!"
sleep 0.5

timed() { # nanoseconds the command took
  local t0 t1
  t0=$(bench_now_ns)
  "$@" </dev/null >/dev/null 2>"$tmp/err" || die "$* failed: $(cat "$tmp/err")"
  t1=$(bench_now_ns)
  echo $((t1 - t0))
}
ours() { timed "$bock_bin" -H "unix://$sock" exec cli sh -c "$transfer srv 5001"; }
handmade() { timed ip netns exec "$ns_a" "$busybox" sh -c "$transfer 10.250.0.3 5001"; }
loopback() { timed "$busybox" sh -c "$transfer 127.0.0.1 $port"; }
# What starting the client costs on each path, taken off its transfers.
overhead() {
  local samples=() k
  for k in 1 2 3 4 5; do samples+=("$(timed "$@")"); done
  bench_median "${samples[@]}"
}
ours_cost=$(overhead "$bock_bin" -H "unix://$sock" exec cli true)
handmade_cost=$(overhead ip netns exec "$ns_a" "$busybox" true)
loopback_cost=$(overhead "$busybox" true)

ours >/dev/null; handmade >/dev/null; loopback >/dev/null # warm-up
o=() h=() l=()
for ((r = 0; r < runs; r++)); do
  o+=($(($(ours) - ours_cost))); h+=($(($(handmade) - handmade_cost))); l+=($(($(loopback) - loopback_cost)))
done
mbps() { awk -v ns="$1" -v mb="$mb" 'BEGIN { printf "%.0f\n", mb * 1048576 / 1e6 / (ns / 1e9) }'; }
o_med=$(bench_median "${o[@]}") h_med=$(bench_median "${h[@]}") l_med=$(bench_median "${l[@]}")

echo "net: $mb MiB per transfer, $runs transfers per path, alternated, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, kernel $(uname -r)"
printf '%-34s %10s %10s\n' path "MB/s" "median s"
printf '%-34s %10s %10s\n' "bock user network (bridge, nft)" "$(mbps "$o_med")" "$(bench_ms "$o_med" | awk '{ printf "%.3f", $1 / 1000 }')"
printf '%-34s %10s %10s\n' "hand-made veth+bridge" "$(mbps "$h_med")" "$(bench_ms "$h_med" | awk '{ printf "%.3f", $1 / 1000 }')"
printf '%-34s %10s %10s\n' "host loopback" "$(mbps "$l_med")" "$(bench_ms "$l_med" | awk '{ printf "%.3f", $1 / 1000 }')"
printf '%-34s %10s   (goal: throughput within 10%%, i.e. time at most 1.11x)\n' "bock/hand-made (time)" "$(bench_ratio "$o_med" "$h_med")"
printf '%-34s %10s\n' "bock/loopback (time)" "$(bench_ratio "$o_med" "$l_med")"
printf 'client start taken off: bock exec %s ms, ip netns exec %s ms, busybox %s ms\n' \
  "$(bench_ms "$ours_cost")" "$(bench_ms "$handmade_cost")" "$(bench_ms "$loopback_cost")"
