namespace Bock.Kernel.Cgroups;

/// <summary>The host's cgroup layout, found from mountinfo: pure v2, pure v1, or hybrid (v1 controllers plus a
/// controller-less cgroup2 at <c>unified</c>). Detect once and open a container's cgroup from it.</summary>
public sealed class CgroupLayout
{
    /// <summary>Controller names recognised among a v1 mount's super options (the rest are mount flags).</summary>
    internal static readonly IReadOnlySet<string> KnownV1Controllers = new HashSet<string>(StringComparer.Ordinal)
    {
        "cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "net_cls", "net_prio", "blkio", "perf_event",
        "hugetlb", "pids", "rdma", "misc",
    };

    private CgroupLayout(CgroupMode mode, string root, IReadOnlyList<CgroupHierarchy> v1, CgroupHierarchy? unified)
    {
        Mode = mode;
        Root = root;
        V1Hierarchies = v1;
        Unified = unified;
    }

    public CgroupMode Mode { get; }

    /// <summary>The directory that holds the hierarchies, normally /sys/fs/cgroup.</summary>
    public string Root { get; }

    /// <summary>Every v1 hierarchy under <see cref="Root"/> (empty in <see cref="CgroupMode.Unified"/>).</summary>
    public IReadOnlyList<CgroupHierarchy> V1Hierarchies { get; }

    /// <summary>The cgroup2 hierarchy: at <see cref="Root"/> when unified, at Root/unified when hybrid, else null.</summary>
    public CgroupHierarchy? Unified { get; }

    /// <summary>The v1 hierarchy that carries <paramref name="controller"/>, or null.</summary>
    public CgroupHierarchy? V1(string controller) => V1Hierarchies.FirstOrDefault(h => h.Has(controller));

    public static CgroupLayout Detect(string root = "/sys/fs/cgroup") =>
        Detect(root, File.ReadAllText("/proc/self/mountinfo"));

    /// <summary>Detects the layout from mountinfo text (tests pass a fake one naming a temporary root).</summary>
    public static CgroupLayout Detect(string root, string mountInfo)
    {
        root = root.Length > 1 ? root.TrimEnd('/') : root;
        var v1 = new List<CgroupHierarchy>();
        CgroupHierarchy? atRoot = null, hybrid = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // The last mount at a path hides earlier ones, so walk backwards and keep the first seen per mount point.
        var entries = MountInfoParser.Parse(mountInfo);
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var entry = entries[i];
            if (!seen.Add(entry.MountPoint))
                continue;
            var parent = Path.GetDirectoryName(entry.MountPoint);
            if (entry.FsType == "cgroup2")
            {
                if (entry.MountPoint == root)
                    atRoot = new CgroupHierarchy([], entry.MountPoint, entry.Root);
                else if (entry.MountPoint == Path.Combine(root, "unified"))
                    hybrid = new CgroupHierarchy([], entry.MountPoint, entry.Root);
            }
            else if (entry.FsType == "cgroup" && parent == root)
            {
                var controllers = entry.SuperOptions
                    .Where(o => KnownV1Controllers.Contains(o) || o.StartsWith("name=", StringComparison.Ordinal))
                    .ToArray();
                // A hierarchy bind-mounted twice (same controllers) is one hierarchy: keep one mount of it.
                if (controllers.Length > 0 && !v1.Any(h => h.Controllers.SequenceEqual(controllers)))
                    v1.Add(new CgroupHierarchy(controllers, entry.MountPoint, entry.Root));
            }
        }
        v1.Sort((a, b) => string.CompareOrdinal(a.MountPoint, b.MountPoint));

        if (atRoot is not null)
            return new CgroupLayout(CgroupMode.Unified, root, [], atRoot);
        if (v1.Count == 0)
            throw new CgroupException($"no cgroup hierarchy is mounted at {root} (neither cgroup2 nor cgroup v1 controllers)");
        return hybrid is not null
            ? new CgroupLayout(CgroupMode.Hybrid, root, v1, hybrid)
            : new CgroupLayout(CgroupMode.Legacy, root, v1, null);
    }

    /// <summary>The driver for one container's cgroup. <paramref name="cgroupsPath"/> is the OCI
    /// <c>linux.cgroupsPath</c>; empty means <c>/bock/&lt;containerId&gt;</c>. Nothing is created until
    /// <see cref="ICgroup.Create"/>.</summary>
    public ICgroup Open(string? cgroupsPath, string containerId)
    {
        var path = CgroupPath.Resolve(cgroupsPath, containerId);
        return Mode == CgroupMode.Unified ? new V2.CgroupV2(this, path) : new V1.CgroupV1(this, path);
    }
}
