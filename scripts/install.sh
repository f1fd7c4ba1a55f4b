#!/usr/bin/env bash
# Sets up a Debian 12 machine for Bock, as root, idempotently: Debian packages, the .NET 10 SDK check,
# a Release build of the solution, NativeAOT publish of the executables and their install on PATH.
# One line per phase; a failing phase prints the tail of its log and the script exits non-zero.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/install.sh [--no-build]     (as root, from anywhere)
  --no-build  only the packages and the .NET SDK check: no build, publish or install of executables
  env: PREFIX  where executables go (default /usr/local/bin; framework-dependent apps go to PREFIX/../lib/bock)
USAGE
}
build=true
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  --no-build) build=false ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=${PREFIX:-/usr/local/bin}
# Beside $prefix: /usr/local/bin -> /usr/local/lib/bock, so a private PREFIX (a worktree's) touches nothing shared.
libdir=$(dirname "$prefix")/lib/bock

# Debian packages the project, its tests and its benchmarks use.
packages=(
  runc crun podman buildah skopeo umoci docker-registry busybox-static nftables iproute2 tini dnsutils
  hyperfine jq clang zlib1g-dev apache2-utils tmux podman-compose zstd attr libcap2-bin
)

# Executables installed onto PATH: "name project kind [aliases...]".
#   aot  NativeAOT single file (dotnet publish -r linux-x64), copied to $prefix/name
#   fdd  framework-dependent app folder in $libdir/name (/usr/local/lib/bock/name), with a launcher in $prefix
executables=(
  "bock-oci src/Bock.Oci aot"
  "bock src/Bock.Cli aot bock-runtime bockrose"
  "bockd src/Bock.Host fdd"
)

log=$(mktemp -d)
trap 'rm -rf -- "$log"' EXIT
say() { printf 'install: %s\n' "$*"; }
die() { printf 'install: FAILED: %s\n' "$*" >&2; exit 1; }
# phase NAME CMD...: runs CMD with its output in a log, shown (tail) only when it fails.
phase() {
  local name=$1; shift
  local start=$SECONDS
  if "$@" >"$log/phase.log" 2>&1; then
    say "$name ok ($((SECONDS - start))s)"
  else
    local rc=$?
    tail -n 40 "$log/phase.log" >&2
    die "$name (exit $rc)"
  fi
}

((EUID == 0)) || die "must run as root"
[[ -r /etc/debian_version ]] || die "this script sets up Debian 12 only"

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q "$@"
}
if ((${#missing[@]})); then
  phase "apt packages (${missing[*]})" apt_install "${missing[@]}"
else
  say "apt packages already installed"
fi

has_sdk10() { command -v dotnet >/dev/null && dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; }
if ! has_sdk10; then
  if apt-cache show dotnet-sdk-10.0 >/dev/null 2>&1; then
    phase ".NET SDK 10 (apt dotnet-sdk-10.0)" apt_install dotnet-sdk-10.0
  fi
  has_sdk10 || die ".NET 10 SDK not found (dotnet --list-sdks) and apt has no package dotnet-sdk-10.0: add Microsoft's package feed for Debian 12 (the packages-microsoft-prod.deb from packages.microsoft.com/config/debian/12/) and rerun, or install the SDK by hand"
fi
say ".NET SDK $(dotnet --version)"

$build || exit 0
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
cd "$repo"
phase "build Bock.sln (Release)" dotnet build Bock.sln -c Release -nologo -v q

install_exe() { # name project kind aliases...
  local name=$1 project=$2 kind=$3; shift 3
  local out=$repo/out/$name
  case "$kind" in
    aot)
      dotnet publish "$project" -c Release -r linux-x64 -o "$out" -nologo -v q
      # Copy then rename, so a running binary is replaced atomically (no "text file busy").
      install -m 0755 "$out/$name" "$prefix/.$name.new" && mv -f "$prefix/.$name.new" "$prefix/$name"
      ;;
    fdd)
      dotnet publish "$project" -c Release -o "$out" -nologo -v q
      rm -rf "$libdir/$name.new" && mkdir -p "$libdir"
      cp -a "$out" "$libdir/$name.new"
      rm -rf "$libdir/$name" && mv "$libdir/$name.new" "$libdir/$name"
      ln -sfn "$libdir/$name/$name" "$prefix/$name"
      ;;
    *) echo "unknown kind $kind" >&2; return 1 ;;
  esac
  local alias
  for alias in "$@"; do ln -sfn "$name" "$prefix/$alias"; done
}
mkdir -p "$prefix"
for entry in "${executables[@]}"; do
  read -ra e <<<"$entry"
  phase "publish ${e[0]} (${e[2]}) -> $prefix/${e[0]}" install_exe "${e[@]}"
done
