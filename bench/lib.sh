# shellcheck shell=bash
# Shared helpers for the bench/ scripts. Source it: `. "$(dirname "$0")/lib.sh"`.
# Pure bash + awk; nothing here starts or leaves processes behind.

# Wall clock in nanoseconds. Bash 5's $EPOCHREALTIME costs no fork; `date +%s%N` forks and execs,
# which adds ~1 ms to every interval: too much when a container start takes a few ms.
bench_now_ns() {
  if [[ -n ${EPOCHREALTIME:-} ]]; then
    local t=${EPOCHREALTIME/[.,]/}
    echo "${t}000"
  else
    date +%s%N
  fi
}

# Median of the numbers given as arguments (mean of the middle two for an even count).
bench_median() {
  (($#)) || { echo "bench_median: no numbers" >&2; return 1; }
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Smallest and largest of the numbers given as arguments.
bench_min() { printf '%s\n' "$@" | sort -g | head -n1; }
bench_max() { printf '%s\n' "$@" | sort -g | tail -n1; }

# Nanoseconds to milliseconds with two decimals: bench_ms 12345678 -> 12.35
bench_ms() { awk -v ns="$1" 'BEGIN { printf "%.2f\n", ns / 1e6 }'; }

# Ratio a/b with two decimals and an "x": bench_ratio 3 2 -> 1.50x ("n/a" when either side is missing).
bench_ratio() {
  if [[ -z ${1:-} || -z ${2:-} ]]; then echo "n/a"; return; fi
  awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2fx\n", a / b }'
}
