using Bock.Kernel.Cgroups;

namespace Bock.Kernel.Tests.Cgroups;

/// <summary>A temporary directory laid out like a host's /sys/fs/cgroup, with mountinfo text naming it. Plain files
/// stand in for interface files; <see cref="Kernel"/> plays the kernel's part of populating a new cgroup.</summary>
internal sealed class FakeCgroupHost : IDisposable
{
    /// <summary>v1 hierarchies as this machine mounts them, except cpu and cpuacct co-mounted (as most distros do)
    /// so that co-mounting is covered.</summary>
    private static readonly (string Dir, string Options)[] V1Mounts =
    [
        ("blkio", "rw,blkio"), ("cpu,cpuacct", "rw,cpu,cpuacct"), ("cpuset", "rw,cpuset"), ("devices", "rw,devices"),
        ("freezer", "rw,freezer"), ("memory", "rw,memory"), ("pids", "rw,pids"), ("systemd", "rw,xattr,name=systemd"),
    ];

    private static readonly Dictionary<string, string> V1Files = new(StringComparer.Ordinal)
    {
        ["memory.limit_in_bytes"] = "9223372036854771712", ["memory.soft_limit_in_bytes"] = "9223372036854771712",
        ["memory.memsw.limit_in_bytes"] = "9223372036854771712", ["memory.swappiness"] = "60",
        ["memory.oom_control"] = "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n", ["memory.usage_in_bytes"] = "0",
        ["memory.max_usage_in_bytes"] = "0",
        ["cpu.shares"] = "1024", ["cpu.cfs_quota_us"] = "-1", ["cpu.cfs_period_us"] = "100000",
        ["cpu.rt_period_us"] = "1000000", ["cpu.rt_runtime_us"] = "0", ["cpuacct.usage"] = "0",
        ["cpuset.cpus"] = "", ["cpuset.mems"] = "", ["pids.max"] = "max", ["pids.current"] = "0",
        ["devices.allow"] = "", ["devices.deny"] = "", ["freezer.state"] = "THAWED",
    };

    private static readonly Dictionary<string, string> V2Files = new(StringComparer.Ordinal)
    {
        ["cgroup.controllers"] = "cpuset cpu io memory hugetlb pids", ["cgroup.subtree_control"] = "",
        ["cgroup.freeze"] = "0", ["cgroup.events"] = "populated 0\nfrozen 0\n", ["cgroup.kill"] = "",
        ["memory.max"] = "max", ["memory.low"] = "0", ["memory.swap.max"] = "max", ["memory.current"] = "0",
        ["memory.events"] = "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n", ["cpu.weight"] = "100",
        ["cpu.max"] = "max 100000", ["cpu.stat"] = "usage_usec 0\nuser_usec 0\nsystem_usec 0\n",
        ["cpuset.cpus"] = "", ["cpuset.mems"] = "", ["pids.max"] = "max", ["pids.current"] = "0",
    };

    private FakeCgroupHost(CgroupMode mode)
    {
        Mode = mode;
        Root = Path.Combine(Path.GetTempPath(), "bock-cgtest-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        var lines = new List<string> { "24 1 0:22 / /sys rw,nosuid - sysfs sysfs rw" };
        var id = 30;
        if (mode == CgroupMode.Unified)
        {
            lines.Add($"{id} 24 0:27 / {Root} rw,nosuid - cgroup2 cgroup2 rw,nsdelegate");
            Populate(Root, V2Files);
            Write("cgroup.controllers", "cpuset cpu io memory hugetlb pids");
        }
        else
        {
            lines.Add($"{id} 24 0:26 / {Root} rw - tmpfs tmpfs rw,mode=755");
            foreach (var (dir, options) in V1Mounts)
            {
                lines.Add($"{++id} 30 0:{id} / {Root}/{dir} rw,relatime shared:{id} - cgroup cgroup {options}");
                Populate(Path.Combine(Root, dir), HierarchyFiles(dir));
            }
            Write("cpuset/cpuset.cpus", "0-1");
            Write("cpuset/cpuset.mems", "0");
            if (mode == CgroupMode.Hybrid)
            {
                lines.Add($"{++id} 30 0:{id} / {Root}/unified rw,relatime - cgroup2 cgroup2 rw");
                Populate(Path.Combine(Root, "unified"), new() { ["cgroup.controllers"] = "", ["cgroup.subtree_control"] = "" });
            }
        }
        MountInfo = string.Join('\n', lines) + "\n";
    }

    public CgroupMode Mode { get; }

    public string Root { get; }

    public string MountInfo { get; }

    public CgroupLayout Layout => CgroupLayout.Detect(Root, MountInfo);

    public static FakeCgroupHost Legacy() => new(CgroupMode.Legacy);

    public static FakeCgroupHost Hybrid() => new(CgroupMode.Hybrid);

    public static FakeCgroupHost Unified() => new(CgroupMode.Unified);

    /// <summary>Creates the directories of <paramref name="cgroupPath"/> (every level) with the interface files the
    /// kernel would show, in every hierarchy.</summary>
    public void Kernel(string cgroupPath)
    {
        List<(string Dir, Dictionary<string, string> Files)> hierarchies = Mode == CgroupMode.Unified
            ? [("", V2Files)]
            : V1Mounts.Select(m => (m.Dir, HierarchyFiles(m.Dir))).ToList();
        foreach (var (hierarchy, files) in hierarchies)
        {
            var dir = Path.Combine(Root, hierarchy);
            foreach (var part in cgroupPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                dir = Path.Combine(dir, part);
                if (!Directory.Exists(dir))
                    Populate(dir, files);
            }
        }
        if (Mode == CgroupMode.Hybrid)
        {
            var dir = Path.Combine(Root, "unified");
            foreach (var part in cgroupPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                dir = Path.Combine(dir, part);
                if (!Directory.Exists(dir))
                    Populate(dir, new() { ["cgroup.procs"] = "" });
            }
        }
    }

    public void Write(string relative, string content) => File.WriteAllText(Path.Combine(Root, relative), content);

    public string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    public bool Has(string relative) => Path.Exists(Path.Combine(Root, relative));

    public void Delete(string relative) => File.Delete(Path.Combine(Root, relative));

    /// <summary>Journal paths made relative to the root, for readable assertions.</summary>
    public List<string> Relative(IEnumerable<(string Path, string Value)> journal) =>
        journal.Select(w => $"{Path.GetRelativePath(Root, w.Path)}={w.Value}").ToList();

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static Dictionary<string, string> HierarchyFiles(string dir)
    {
        var prefixes = dir == "cpu,cpuacct" ? new[] { "cpu.", "cpuacct." } : [dir + "."];
        var files = V1Files.Where(f => prefixes.Any(p => f.Key.StartsWith(p, StringComparison.Ordinal)))
            .ToDictionary(f => f.Key, f => f.Value);
        files["cgroup.procs"] = "";
        files["tasks"] = "";
        return files;
    }

    private static void Populate(string dir, Dictionary<string, string> files)
    {
        Directory.CreateDirectory(dir);
        foreach (var (name, content) in files)
            File.WriteAllText(Path.Combine(dir, name), content);
        if (!files.ContainsKey("cgroup.procs"))
            File.WriteAllText(Path.Combine(dir, "cgroup.procs"), "");
    }
}
