#!/usr/bin/env bash
# Time to write one build layer: our LayerDiffWriter (tar + sha256 diff id + gzip Fastest + sha256 digest + fsync
# into the blob store) against `tar --sort=name -c | gzip -1 > file && sync file`, on a tree of FILES small files
# plus one BIG_MB file of incompressible-ish data. Alternating rounds after a warm-up; medians, min/max, ratio.
#   bench/layer-write.sh            # RUNS=9 FILES=5000 BIG_MB=50
#   RUNS=15 bench/layer-write.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
RUNS=${RUNS:-9}
FILES=${FILES:-5000}
BIG_MB=${BIG_MB:-50}

die() { echo "layer-write.sh: $*" >&2; exit 1; }
command -v dotnet >/dev/null || die "dotnet not found"

work=$(mktemp -d /tmp/bock-layer-write.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM

echo "building the driver (bench/tools/layer-write)..." >&2
dotnet build "$here/tools/layer-write/LayerWriteBench.csproj" -c Release -o "$work/bin" -v quiet -nologo >/dev/null \
  || die "building the driver failed"

tree="$work/tree"
mkdir -p "$tree"
# FILES small files (100-1100 bytes, text) in 50 directories, and one big file: half random, half text, so gzip
# has work of both kinds.
for ((d = 0; d < 50; d++)); do mkdir -p "$tree/d$d"; done
awk -v n="$FILES" -v root="$tree" 'BEGIN {
  for (i = 0; i < n; i++) {
    f = root "/d" (i % 50) "/f" i; size = 100 + (i * 37) % 1000; s = ""
    while (length(s) < size) s = s "line " i " of a small file, " length(s) "\n"
    printf "%s", substr(s, 1, size) > f; close(f)
  } }'
half=$((BIG_MB / 2))
{ head -c $((half << 20)) /dev/urandom; { seq 1 100000000 || true; } | head -c $(((BIG_MB - half) << 20)); } >"$tree/big.bin"
echo "tree: $FILES small files + ${BIG_MB} MB file ($(du -sh "$tree" | cut -f1))" >&2

ours() { "$work/bin/LayerWriteBench" "$tree" "$work/store" 1700000000; }
theirs() {
  local t0 t1
  t0=$(bench_now_ns)
  tar --sort=name -C "$tree" -cf - . | gzip -1 >"$work/theirs.tar.gz"
  sync "$work/theirs.tar.gz"
  t1=$(bench_now_ns)
  echo $((t1 - t0))
}

ours >/dev/null
theirs >/dev/null
our_ns=() their_ns=()
for ((r = 0; r < RUNS; r++)); do
  if ((r % 2)); then
    their_ns+=("$(theirs)")
    read -r ns size _ < <(ours); our_ns+=("$ns")
  else
    read -r ns size _ < <(ours); our_ns+=("$ns")
    their_ns+=("$(theirs)")
  fi
done
their_size=$(stat -c %s "$work/theirs.tar.gz")

ours_med=$(bench_median "${our_ns[@]}")
theirs_med=$(bench_median "${their_ns[@]}")
printf '%-32s %10s %10s %10s %12s\n' "writer" "median ms" "min ms" "max ms" "blob bytes"
printf '%-32s %10s %10s %10s %12s\n' "LayerDiffWriter (gzip Fastest)" "$(bench_ms "$ours_med")" \
  "$(bench_ms "$(bench_min "${our_ns[@]}")")" "$(bench_ms "$(bench_max "${our_ns[@]}")")" "$size"
printf '%-32s %10s %10s %10s %12s\n' "tar --sort=name | gzip -1" "$(bench_ms "$theirs_med")" \
  "$(bench_ms "$(bench_min "${their_ns[@]}")")" "$(bench_ms "$(bench_max "${their_ns[@]}")")" "$their_size"
echo "ratio ours/tar|gzip (medians): $(bench_ratio "$ours_med" "$theirs_med"), runs: $RUNS"
# where our time goes: the tar alone (walk, read, headers), no hashing, compression or disk write
tar_ns=()
for ((r = 0; r < RUNS; r++)); do read -r ns tar_size _ < <(TAR_ONLY=1 ours); tar_ns+=("$ns"); done
echo "of which the uncompressed tar alone ($tar_size bytes): median $(bench_ms "$(bench_median "${tar_ns[@]}")") ms"
