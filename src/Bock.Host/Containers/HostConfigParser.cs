using Bock.Kernel.Spec;

namespace Bock.Host.Containers;

/// <summary>
/// Reads a create request's HostConfig into the runtime spec's terms, rejecting what is invalid with one clear line
/// (a <see cref="FormatException"/>) before anything is made. Docker's messages where Docker has one.
/// </summary>
public static class HostConfigParser
{
    private const long MinimumMemory = 6 * 1024 * 1024;
    private const ulong CpuPeriod = 100_000;

    private static readonly HashSet<string> BindModes = new(StringComparer.Ordinal)
    {
        "ro", "rw", "z", "Z", "nocopy", "consistent", "cached", "delegated",
        "private", "rprivate", "shared", "rshared", "slave", "rslave",
    };

    private static readonly HashSet<string> Propagations = new(StringComparer.Ordinal) { "private", "rprivate", "shared", "rshared", "slave", "rslave" };

    private static readonly HashSet<string> UlimitNames = new(StringComparer.Ordinal)
    {
        "as", "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack",
    };

    /// <summary>Binds, then Mounts, then Tmpfs; two mounts on one path are an error.</summary>
    public static IReadOnlyList<MountRequest> Mounts(HostConfigDto? host)
    {
        var mounts = new List<MountRequest>();
        foreach (var bind in host?.Binds ?? []) mounts.Add(ParseBind(bind));
        foreach (var mount in host?.Mounts ?? []) mounts.Add(ParseMount(mount));
        foreach (var (path, options) in host?.Tmpfs ?? new Dictionary<string, string>())
            mounts.Add(new MountRequest(MountKind.Tmpfs, null, Target(path, $"invalid tmpfs mount '{path}'"), false, SplitOptions(options)));
        if (mounts.GroupBy(m => m.Target).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            throw new FormatException($"Duplicate mount point: {duplicate.Key}");
        return mounts;
    }

    /// <summary><c>/host:/ctr[:mode]</c>, <c>volume:/ctr[:mode]</c>, <c>/ctr</c> or <c>/ctr:mode</c>.</summary>
    public static MountRequest ParseBind(string spec)
    {
        var error = $"invalid volume specification: '{spec}'";
        var parts = spec.Split(':');
        string? source;
        string target;
        var mode = "";
        switch (parts.Length)
        {
            case 1:
                (source, target) = (null, parts[0]);
                break;
            case 2 when !parts[1].StartsWith('/'):
                (source, target, mode) = (null, parts[0], parts[1]);
                break;
            case 2:
                (source, target) = (parts[0], parts[1]);
                break;
            case 3:
                (source, target, mode) = (parts[0], parts[1], parts[2]);
                break;
            default:
                throw new FormatException(error);
        }
        if (source is "") throw new FormatException(error);
        target = Target(target, error);
        var modes = mode.Length == 0 ? [] : mode.Split(',');
        if (modes.FirstOrDefault(m => !BindModes.Contains(m)) is { } bad)
            throw new FormatException($"{error}: invalid mode: {bad}");
        var readOnly = modes.Contains("ro");
        var propagation = modes.Where(Propagations.Contains).ToList();
        if (source is null) return new MountRequest(MountKind.Volume, null, target, readOnly, []);
        if (source.StartsWith('/')) return new MountRequest(MountKind.Bind, Path.GetFullPath(source), target, readOnly, propagation);
        if (!Volumes.VolumeStore.IsValidName(source))
            throw new FormatException($"{error}: \"{source}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
        return new MountRequest(MountKind.Volume, source, target, readOnly, []);
    }

    private static MountRequest ParseMount(MountDto mount)
    {
        var type = mount.Type ?? "";
        var target = Target(mount.Target ?? "", $"invalid mount config for type \"{type}\": invalid mount path: '{mount.Target}' mount path must be absolute");
        switch (type)
        {
            case "bind":
                if (string.IsNullOrEmpty(mount.Source) || !mount.Source.StartsWith('/'))
                    throw new FormatException($"invalid mount config for type \"bind\": invalid mount path: '{mount.Source}' mount path must be absolute");
                return new MountRequest(MountKind.Bind, Path.GetFullPath(mount.Source), target, mount.ReadOnly, []);
            case "volume":
                if (!string.IsNullOrEmpty(mount.Source) && !Volumes.VolumeStore.IsValidName(mount.Source))
                    throw new FormatException($"invalid mount config for type \"volume\": invalid volume name '{mount.Source}'");
                return new MountRequest(MountKind.Volume, string.IsNullOrEmpty(mount.Source) ? null : mount.Source, target, mount.ReadOnly, []);
            case "tmpfs":
                if (!string.IsNullOrEmpty(mount.Source))
                    throw new FormatException("invalid mount config for type \"tmpfs\": source must not be specified");
                var options = new List<string>();
                if (mount.TmpfsOptions?.SizeBytes is > 0 and var size) options.Add($"size={size}");
                if (mount.TmpfsOptions?.Mode is > 0 and var mode) options.Add($"mode={Convert.ToString(mode, 8)}");
                return new MountRequest(MountKind.Tmpfs, null, target, mount.ReadOnly, options);
            default:
                throw new FormatException($"invalid mount config: mount type unknown: \"{type}\" (bind, volume and tmpfs are supported)");
        }
    }

    private static string Target(string path, string error)
    {
        if (!path.StartsWith('/')) throw new FormatException($"{error}: mount path must be absolute");
        var full = Path.GetFullPath(path);
        if (full == "/") throw new FormatException($"{error}: invalid mount config: destination can't be '/'");
        return full;
    }

    private static List<string> SplitOptions(string? options) =>
        [.. (options ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>Memory, swap, CPUs and pids in OCI terms (memory.swap is memory plus swap, as runc takes it).</summary>
    public static ResourcesSpec Resources(HostConfigDto? host, ResourcesSpec defaults)
    {
        if (host is null) return defaults;
        if (host.Memory < 0) throw new FormatException($"invalid memory limit {host.Memory}: must not be negative");
        if (host.Memory is > 0 and < MinimumMemory) throw new FormatException("Minimum memory limit allowed is 6MB");
        if (host.MemorySwap > 0 && host.Memory == 0) throw new FormatException("You should always set the Memory limit when using Memoryswap limit, see usage");
        if (host.MemorySwap > 0 && host.MemorySwap < host.Memory) throw new FormatException("Minimum memoryswap limit should be larger than memory limit, see usage");
        if (host.MemorySwap < -1) throw new FormatException($"invalid memory swap limit {host.MemorySwap}");
        var cpus = Environment.ProcessorCount;
        if (host.NanoCpus < 0 || host.NanoCpus > cpus * 1_000_000_000L)
            throw new FormatException($"Range of CPUs is from 0.01 to {cpus}.00, as there are only {cpus} CPUs available");
        if (host.CpuShares < 0) throw new FormatException($"invalid CPU shares {host.CpuShares}: must not be negative");
        MemorySpec? memory = host.Memory > 0 ? new MemorySpec
        {
            Limit = host.Memory,
            // Docker's default: as much swap as memory.
            Swap = host.MemorySwap switch { -1 => -1, > 0 => host.MemorySwap, _ => 2 * host.Memory },
        } : null;
        CpuSpec? cpu = host.NanoCpus > 0 || host.CpuShares > 0 ? new CpuSpec
        {
            Quota = host.NanoCpus > 0 ? (long)(host.NanoCpus * (long)CpuPeriod / 1_000_000_000) : null,
            Period = host.NanoCpus > 0 ? CpuPeriod : null,
            Shares = host.CpuShares > 0 ? (ulong)host.CpuShares : null,
        } : null;
        PidsSpec? pids = host.PidsLimit is > 0 and var limit ? new PidsSpec { Limit = limit } : null;
        return defaults with { Memory = memory, Cpu = cpu, Pids = pids };
    }

    /// <summary>The request's ulimits; the others are inherited from bockd, as Docker's containers inherit dockerd's.</summary>
    public static IReadOnlyList<RlimitSpec>? Rlimits(HostConfigDto? host)
    {
        var limits = new Dictionary<string, RlimitSpec>(StringComparer.Ordinal);
        foreach (var ulimit in host?.Ulimits ?? [])
        {
            var name = ulimit.Name.ToLowerInvariant();
            if (!UlimitNames.Contains(name)) throw new FormatException($"invalid ulimit type: {ulimit.Name}");
            if (ulimit.Soft > ulimit.Hard && ulimit.Hard >= 0)
                throw new FormatException($"ulimit soft limit must be less than or equal to hard limit: {ulimit.Soft} > {ulimit.Hard}");
            static ulong Value(long v) => v < 0 ? ulong.MaxValue : (ulong)v; // -1: unlimited
            limits["RLIMIT_" + name.ToUpperInvariant()] = new RlimitSpec { Type = "RLIMIT_" + name.ToUpperInvariant(), Soft = Value(ulimit.Soft), Hard = Value(ulimit.Hard) };
        }
        return limits.Count > 0 ? [.. limits.Values] : null;
    }

    /// <summary>
    /// SecurityOpt: <c>no-new-privileges[=true|false]</c>, <c>seccomp=unconfined|&lt;profile JSON or file&gt;</c>
    /// (docker CLI sends a profile file's content); apparmor and label options are accepted and have no effect here.
    /// A null profile and not unconfined means Docker's default.
    /// </summary>
    public static (bool NoNewPrivileges, SeccompProfile? Profile, bool Unconfined) Security(HostConfigDto? host)
    {
        var noNewPrivileges = false;
        SeccompProfile? profile = null;
        var unconfined = false;
        foreach (var option in host?.SecurityOpt ?? [])
        {
            var separator = option.IndexOfAny(['=', ':']);
            var (key, value) = separator > 0 ? (option[..separator], option[(separator + 1)..]) : (option, "");
            switch (key)
            {
                case "no-new-privileges":
                    if (value is "") noNewPrivileges = true;
                    else if (bool.TryParse(value, out var enabled)) noNewPrivileges = enabled;
                    else throw new FormatException($"invalid --security-opt: {option}");
                    break;
                case "seccomp" when value == "unconfined":
                    (profile, unconfined) = (null, true);
                    break;
                case "seccomp" when value.TrimStart().StartsWith('{'):
                    (profile, unconfined) = (DockerSeccomp.Parse(value, "from the request"), false);
                    break;
                case "seccomp" when value.Length > 0:
                    if (!File.Exists(value)) throw new FormatException($"opening seccomp profile ({value}) failed: no such file");
                    (profile, unconfined) = (DockerSeccomp.Parse(File.ReadAllText(value), value), false);
                    break;
                case "apparmor" or "label" or "systempaths" when value.Length > 0:
                    break;
                default:
                    throw new FormatException($"invalid --security-opt: {option}");
            }
        }
        return (noNewPrivileges, profile, unconfined);
    }
}
