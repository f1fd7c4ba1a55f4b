#!/usr/bin/env bash
# Makes an OCI bundle (rootfs + config.json) from Debian's static /bin/busybox (package busybox-static).
# The config is the runtime's own `spec` default when the runtime can produce one, so the bundle matches
# what runc/bock-oci users get; otherwise the same defaults are written here.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/busybox-bundle.sh [--force] DIR [ARGS...]
  Makes DIR/rootfs (busybox + one symlink per applet, /etc/passwd, /etc/group, empty proc sys dev tmp)
  and DIR/config.json (runtime-spec defaults, process.terminal=false, process.args=ARGS, default: sh).
  --force   replace an existing DIR/rootfs and DIR/config.json
  env: BOCK_OCI  runtime whose `spec` command writes the default config (default: bock-oci; falls back
                 to built-in runc defaults when it is missing or fails)
       BUSYBOX   static busybox binary to use (default: /bin/busybox)
USAGE
}

force=false
while (($#)); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -f|--force) force=true; shift ;;
    --) shift; break ;;
    -*) echo "busybox-bundle.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) break ;;
  esac
done
(($#)) || { usage >&2; exit 2; }
dir=$1; shift
(($#)) || set -- sh

busybox=${BUSYBOX:-/bin/busybox}
oci=${BOCK_OCI:-bock-oci}

die() { echo "busybox-bundle.sh: $*" >&2; exit 1; }
[[ -x $busybox ]] || die "$busybox not found: apt-get install busybox-static (or run scripts/install.sh)"
# A dynamic busybox (package `busybox`) would need the host's libc inside the rootfs.
if ldd "$busybox" >/dev/null 2>&1; then die "$busybox is dynamically linked: install busybox-static"; fi
command -v jq >/dev/null || die "jq not found: apt-get install jq"

mkdir -p "$dir"
if [[ -e $dir/rootfs || -e $dir/config.json ]]; then
  $force || die "$dir already holds a bundle (use --force to replace it)"
  rm -rf -- "$dir/rootfs" "$dir/config.json"
fi

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT

rootfs=$dir/rootfs
mkdir -p "$rootfs"/{bin,etc,proc,sys,dev,tmp,root,usr}
chmod 1777 "$rootfs/tmp"
chmod 0700 "$rootfs/root"
cp "$busybox" "$rootfs/bin/busybox"
chmod 0755 "$rootfs/bin/busybox"
# Every applet lives in /bin; the other usual PATH directories point there (merged /usr layout).
while read -r applet; do
  [[ -n $applet && $applet != busybox ]] || continue
  ln -sf busybox "$rootfs/bin/$applet"
done < <("$busybox" --list)
ln -s bin "$rootfs/sbin"
ln -s ../bin "$rootfs/usr/bin"
ln -s ../bin "$rootfs/usr/sbin"

cat >"$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat >"$rootfs/etc/group" <<'GROUP'
root:x:0:
nobody:x:65534:
GROUP

args_json=$(jq -cn '$ARGS.positional' --args -- "$@")

spec=$tmp/config.json
if command -v "$oci" >/dev/null 2>&1 && (cd "$tmp" && "$oci" spec) >/dev/null 2>&1 && jq -e . "$spec" >/dev/null 2>&1; then
  :
else
  # runc 1.1's `runc spec` defaults, so a bundle looks the same whichever way it was made.
  jq -n '{
    ociVersion: "1.0.2-dev",
    process: {
      terminal: false, user: {uid: 0, gid: 0}, args: ["sh"],
      env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
      cwd: "/",
      capabilities: ( ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"] as $c
        | {bounding: $c, effective: $c, permitted: $c, ambient: $c} ),
      rlimits: [{type: "RLIMIT_NOFILE", hard: 1024, soft: 1024}],
      noNewPrivileges: true
    },
    root: {path: "rootfs", readonly: true},
    hostname: "bock",
    mounts: [
      {destination: "/proc", type: "proc", source: "proc"},
      {destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]},
      {destination: "/dev/pts", type: "devpts", source: "devpts", options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
      {destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
      {destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]},
      {destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]},
      {destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "noexec", "nodev", "relatime", "ro"]}
    ],
    linux: {
      resources: {devices: [{allow: false, access: "rwm"}]},
      namespaces: [{type: "pid"}, {type: "network"}, {type: "ipc"}, {type: "uts"}, {type: "mount"}],
      maskedPaths: ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"],
      readonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
    }
  }' >"$spec"
fi

jq --argjson args "$args_json" '.process.terminal = false | .process.args = $args | .root.path = "rootfs"' \
  "$spec" >"$dir/config.json"
