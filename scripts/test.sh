#!/usr/bin/env bash
# The test command: install (build included), then every test project of Bock.sln, privileged tests
# included (CI runs as root). Last line: "N passed, N failed, N skipped". Exit 0 only when the install and
# every test run succeeded and no test failed.
#
# Each test project runs on its own: with `dotnet test Bock.sln`, a fixed trx LogFileName is overwritten by
# each project in turn, and LogFilePrefix names files by the second, which parallel projects can share.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/test.sh [--no-install]     (as root, from anywhere)
  --no-install  skip scripts/install.sh (use the existing Release build)
  env: TEST_RESULTS_DIR      where the .trx files and logs go (default: <repo>/TestResults)
       TEST_HANG_TIMEOUT     a test host silent this long is killed (default 20m)
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
results=${TEST_RESULTS_DIR:-$repo/TestResults}
cd "$repo"

passed=0 failed=0 skipped=0 run_failed=0
failed_names=()
summary() {
  if ((${#failed_names[@]})); then
    echo "failed tests:"
    printf '  %s\n' "${failed_names[@]}"
  fi
  echo "$passed passed, $failed failed, $skipped skipped"
}

if $install && ! scripts/install.sh; then
  echo "test: scripts/install.sh failed, no tests ran"
  summary
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$results"
rm -f "$results"/*.trx "$results"/*.log
# Folders named by a GUID are the blame collector's (sequence files) from an earlier run.
find "$results" -mindepth 1 -maxdepth 1 -type d -regextype egrep \
  -regex '.*/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' -exec rm -rf {} +

mapfile -t projects < <(dotnet sln Bock.sln list | sed 's#\\#/#g' | grep -E '^tests/.*\.Tests\.csproj$' | sort)
((${#projects[@]})) || echo "test: Bock.sln has no test projects"

xml_unescape() { sed -e 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&#x[dDaA];/ /g; s/&amp;/\&/g'; }
# attr NAME: the value of attribute NAME in the element on stdin.
attr() { grep -o " $1=\"[^\"]*\"" | head -n1 | sed -e "s/^ $1=\"//; s/\"\$//" | xml_unescape; }

for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  start=$SECONDS
  rc=0
  dotnet test "$project" -c Release --no-build \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --blame-hang-timeout "${TEST_HANG_TIMEOUT:-20m}" --blame-hang-dump-type none \
    >"$results/$name.log" 2>&1 || rc=$?

  p=0 f=0 s=0
  if [[ -f $results/$name.trx ]]; then
    while IFS= read -r element; do
      outcome=$(attr outcome <<<"$element")
      case "$outcome" in
        Passed) p=$((p + 1)) ;;
        NotExecuted) s=$((s + 1)) ;;
        *) f=$((f + 1)); failed_names+=("$(attr testName <<<"$element") [$outcome]") ;;
      esac
    done < <(grep -o '<UnitTestResult [^>]*>' "$results/$name.trx" || true)
  fi
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  echo "test: $name: $p passed, $f failed, $s skipped ($((SECONDS - start))s)"

  # A non-zero exit with no failed test, or no results file, means the run itself broke (crash, hang, load).
  if ((rc != 0 && f == 0)) || [[ ! -f $results/$name.trx ]]; then
    run_failed=1
    echo "test: $name: test run failed (exit $rc), last lines of $results/$name.log:"
    tail -n 30 "$results/$name.log" | sed 's/^/  | /'
  elif ((f > 0)); then
    # Messages of the failed tests, as dotnet test printed them.
    grep -A 12 -E '^\s+Failed ' "$results/$name.log" | head -n 80 | sed 's/^/  | /' || true
  fi
done

summary
((failed == 0 && run_failed == 0))
