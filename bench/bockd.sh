# shellcheck shell=bash
# A bockd of the bench's own for bench/ scripts. Source it after lib.sh and after defining die(); then:
#   bench_find_bock              sets bock_bin, bockd_bin, oci_bin (BOCK, BOCKD, BOCK_OCI override; PREFIX: a
#                                private install's bin directory, as scripts/install.sh's, searched before PATH)
#   bench_start_bockd DIR        starts bockd with roots under DIR (short: shim socket paths end at 107 bytes),
#                                sets bockd_pid and bockd_sock, and waits until it answers
#   bench_bock ARGS…             the bock CLI on that daemon
#   bench_stop_bockd DIR         removes its containers, networks, the daemon, its default bridge and nft table

bench_find_bock() {
  local path=$PATH
  [[ -n ${PREFIX:-} ]] && path=$PREFIX:$PATH
  bock_bin=${BOCK:-$(PATH=$path command -v bock || true)}
  [[ -x $bock_bin ]] || die "bock not found: run scripts/install.sh or set BOCK"
  bockd_bin=${BOCKD:-}
  if [[ -z $bockd_bin ]]; then
    local candidate
    for candidate in "$(dirname "$(readlink -f "$bock_bin")")/bockd" /usr/local/lib/bock/bockd "$(command -v bockd || true)"; do
      [[ -x $candidate ]] && { bockd_bin=$candidate; break; }
    done
  fi
  [[ -x $bockd_bin ]] || die "bockd not found: set BOCKD"
  oci_bin=${BOCK_OCI:-$(PATH=$path command -v bock-oci || true)}
  [[ -x $oci_bin ]] || die "bock-oci not found: set BOCK_OCI"
}

bench_bock() { "$bock_bin" -H "unix://$bockd_sock" "$@"; }

bench_start_bockd() {
  local dir=$1
  bockd_sock=$dir/run/bock.sock
  mkdir -p "$dir/root" "$dir/run"
  setsid "$bockd_bin" --root "$dir/root" --run-root "$dir/run" --socket "$bockd_sock" --bock-oci "$oci_bin" \
    </dev/null >"$dir/bockd.log" 2>&1 &
  bockd_pid=$!
  for _ in $(seq 200); do [[ -S $bockd_sock ]] && bench_bock version >/dev/null 2>&1 && break; sleep 0.05; done
  bench_bock version >/dev/null 2>&1 || die "bockd did not come up: $(tail -n 20 "$dir/bockd.log")"
}

bench_stop_bockd() {
  local dir=$1 ids networks tag
  if [[ -S ${bockd_sock:-} ]]; then
    ids=$(bench_bock ps -aq 2>/dev/null)
    [[ -n $ids ]] && bench_bock rm -f $ids >/dev/null 2>&1
    networks=$(bench_bock network ls -q --no-trunc 2>/dev/null)
    [[ -n $networks ]] && bench_bock network rm $networks >/dev/null 2>&1
  fi
  if [[ -n ${bockd_pid:-} ]]; then kill "$bockd_pid" 2>/dev/null; wait "$bockd_pid" 2>/dev/null; fi
  # Its default bridge and nftables table are named after its run root (bockd's LinkNaming) and outlive it.
  tag=$(printf '%s' "$dir/run" | sha256sum | cut -c1-3)
  ip link del "bock$tag" 2>/dev/null
  nft delete table ip "bock_$tag" 2>/dev/null
  return 0
}
