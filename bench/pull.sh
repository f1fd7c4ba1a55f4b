#!/usr/bin/env bash
# Pull + unpack benchmark: Bock.Images vs skopeo copy + umoci unpack, against a local docker-registry.
# Builds a ~100 MB multi-layer image of random data with our own code, pushes it, then runs each side
# RUNS times (default 5) and prints medians and ratios. Needs root (umoci/ours keep owners), docker-registry,
# skopeo, umoci, dotnet. Usage: bench/pull.sh [runs] [layers] [files-per-layer] [kib-per-file]
set -euo pipefail
RUNS=${1:-5}; LAYERS=${2:-4}; FILES=${3:-800}; KIB=${4:-64}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/bock-bench-XXXXXX)
REG_PID=""
cleanup() { [ -n "$REG_PID" ] && kill "$REG_PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# --- the driver for our side: a tiny console app over Bock.Images, built Release ---
mkdir -p "$WORK/tool"
cat > "$WORK/tool/bench-tool.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable><InvariantGlobalization>true</InvariantGlobalization><TieredPGO>true</TieredPGO><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup><ProjectReference Include="$REPO/src/Bock.Images/Bock.Images.csproj" /></ItemGroup>
</Project>
EOF
cat > "$WORK/tool/Program.cs" <<'EOF'
using System.Formats.Tar;
using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Registry;
using Bock.Images.Store;

string verb = args[0];
var store = new ImageStore(args[1]);
switch (verb)
{
    case "build": // build <root> <name> <layers> <files> <kib>
    {
        int layers = int.Parse(args[3]), files = int.Parse(args[4]), kib = int.Parse(args[5]);
        var written = new List<LayerWriteResult>();
        var rng = new Random(42);
        for (int l = 0; l < layers; l++)
        {
            var tar = new MemoryStream();
            using (var w = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            {
                w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, $"layer{l}/") { Mode = (UnixFileMode)0x1ed });
                for (int f = 0; f < files; f++)
                {
                    byte[] data = new byte[kib * 1024];
                    rng.NextBytes(data.AsSpan(0, data.Length / 2)); // half random, half zeros: gzip has some work
                    w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"layer{l}/d{f % 16}/f{f}") { DataStream = new MemoryStream(data), Mode = (UnixFileMode)0x1a4 });
                }
            }
            tar.Position = 0;
            written.Add(await ImageWriter.WriteLayerAsync(store, tar));
        }
        ImageWriter.Commit(store, written, new ImageConfig(), [ImageReference.Parse(args[2])]);
        break;
    }
    case "push": // push <root> <name> <target>
    {
        using var client = new RegistryClient();
        await client.PushAsync(store, store.Resolve(args[2]), ImageReference.Parse(args[3]));
        break;
    }
    case "pull": // pull <root> <ref>
    {
        using var client = new RegistryClient();
        await client.PullAsync(store, ImageReference.Parse(args[2]));
        break;
    }
    case "unpack": // unpack <root> <ref>
        await store.UnpackAsync(store.Resolve(args[2]));
        break;
    case "pull-unpack": // pull-unpack <root> <ref>: what `bock run` does, in one process
    {
        using var client = new RegistryClient();
        await store.UnpackAsync(await client.PullAsync(store, ImageReference.Parse(args[2])));
        break;
    }
}
EOF
echo "building the driver (Release, ReadyToRun, as bockd ships)..." >&2
dotnet publish -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/tool/out" "$WORK/tool/bench-tool.csproj" -nologo -v q >/dev/null
TOOL="$WORK/tool/out/bench-tool"

# --- a private registry on 127.0.0.1 ---
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$WORK/registry.yml" <<EOF
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $WORK/registry}}
http: {addr: 127.0.0.1:$PORT}
EOF
docker-registry serve "$WORK/registry.yml" >/dev/null 2>&1 &
REG_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/v2/" >/dev/null && break; sleep 0.1; done
REF="127.0.0.1:$PORT/bench/big:1"

echo "building and pushing a ${LAYERS}-layer image (${LAYERS}x${FILES} files of ${KIB} KiB)..." >&2
"$TOOL" build "$WORK/src" localhost/bench/big:1 "$LAYERS" "$FILES" "$KIB"
"$TOOL" push "$WORK/src" localhost/bench/big:1 "$REF"
SIZE=$(du -sm "$WORK/registry" | cut -f1)
echo "registry holds ${SIZE} MB" >&2

t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
declare -a OP SP OU SU OPU
for i in $(seq "$RUNS"); do
  rm -rf "$WORK/ours" "$WORK/oci" "$WORK/bundle" "$WORK/ours2"
  OP+=("$(t "$TOOL" pull "$WORK/ours" "$REF")")
  SP+=("$(t skopeo copy --src-tls-verify=false "docker://$REF" "oci:$WORK/oci:1")")
  OU+=("$(t "$TOOL" unpack "$WORK/ours" "$REF")")
  SU+=("$(t umoci unpack --image "$WORK/oci:1" "$WORK/bundle")")
  OPU+=("$(t "$TOOL" pull-unpack "$WORK/ours2" "$REF")")
  echo "run $i: ours pull ${OP[-1]}s unpack ${OU[-1]}s (one process ${OPU[-1]}s) | skopeo ${SP[-1]}s umoci ${SU[-1]}s" >&2
done

python3 - "${OP[*]}" "${SP[*]}" "${OU[*]}" "${SU[*]}" "${OPU[*]}" <<'EOF'
import sys, statistics as st
op, sp, ou, su, opu = ([float(x) for x in a.split()] for a in sys.argv[1:6])
m = st.median
print(f"{'':22}{'ours':>9}{'peer':>9}{'ours/peer':>11}")
print(f"{'pull (vs skopeo)':22}{m(op):9.3f}{m(sp):9.3f}{m(op)/m(sp):11.2f}")
print(f"{'unpack (vs umoci)':22}{m(ou):9.3f}{m(su):9.3f}{m(ou)/m(su):11.2f}")
tot_o = m([a+b for a,b in zip(op,ou)]); tot_p = m([a+b for a,b in zip(sp,su)])
print(f"{'pull+unpack':22}{tot_o:9.3f}{tot_p:9.3f}{tot_o/tot_p:11.2f}")
print(f"{'pull+unpack, 1 proc':22}{m(opu):9.3f}{tot_p:9.3f}{m(opu)/tot_p:11.2f}")
print("medians in seconds; ratio < 1 means ours is faster")
EOF
