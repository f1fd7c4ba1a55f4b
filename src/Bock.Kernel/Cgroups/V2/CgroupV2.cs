using Bock.Kernel.Spec;

namespace Bock.Kernel.Cgroups.V2;

/// <summary>The cgroup v2 driver. Two v2 rules shape it: a controller is usable in a cgroup only if every ancestor
/// lists it in cgroup.subtree_control, and (below the root) a cgroup that delegates controllers to children
/// cannot hold processes itself ("no internal processes").</summary>
internal sealed class CgroupV2 : ICgroup
{
    /// <summary>The controllers our limits need; others (io, hugetlb...) are left as the host set them.</summary>
    internal static readonly string[] Controllers = ["cpu", "cpuset", "memory", "pids"];

    private const int SigKill = 9;
    private static readonly TimeSpan DefaultFreezeTimeout = TimeSpan.FromSeconds(5);

    private readonly CgroupHierarchy _hierarchy;
    private readonly string _dir;

    public CgroupV2(CgroupLayout layout, string path)
    {
        _hierarchy = layout.Unified ?? throw new CgroupException("no cgroup2 hierarchy detected");
        Path = path;
        _dir = System.IO.Path.Combine(_hierarchy.MountPoint, path);
    }

    public CgroupMode Mode => CgroupMode.Unified;

    public string Path { get; }

    public bool Exists => Directory.Exists(_dir);

    public void Create(ResourcesSpec? resources = null)
    {
        var needed = resources is null ? new HashSet<string>() : RequiredControllers.For(resources);
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        // Each parent must delegate the controllers before its child can use them; the leaf itself delegates
        // nothing so that it can hold the container's processes.
        CgroupTree.CreateLevels(_hierarchy.MountPoint, Path, (parent, dir, _) =>
        {
            EnableControllers(parent, problems);
            CheckType(dir, needed);
        });
        if (needed.Count == 0)
            return;
        var missing = MissingControllers(needed);
        if (missing.Count > 0)
            throw new CgroupException($"{_dir}: {ControllersUnavailable(missing, problems)}");
    }

    /// <summary>runc's handling of a cgroup that is not a plain domain: a "domain invalid" cgroup (created below a
    /// parent that holds processes) can still serve thread-aware controllers once made threaded; domain controllers
    /// (memory, io, hugetlb) cannot be used there at all.</summary>
    private static void CheckType(string dir, IReadOnlySet<string> needed)
    {
        var type = CgroupFiles.TryRead(dir, "cgroup.type");
        if (type is null or "domain")
            return;
        var domain = needed.Where(RequiredControllers.Domain.Contains).ToArray();
        if (domain.Length > 0)
            throw new CgroupException($"{dir}: cgroup.type is \"{type}\", which cannot use the {string.Join(", ", domain)} controller (only plain domain cgroups can; \"domain invalid\" means its parent holds processes: cgroup v2 \"no internal processes\" rule)");
        if (type == "domain invalid")
            CgroupFiles.Write(dir, "cgroup.type", "threaded");
    }

    private static void EnableControllers(string dir, Dictionary<string, string> problems)
    {
        var available = Split(CgroupFiles.TryRead(dir, "cgroup.controllers"));
        var enabled = Split(CgroupFiles.TryRead(dir, "cgroup.subtree_control"));
        var missing = Controllers.Where(c => available.Contains(c) && !enabled.Contains(c)).ToArray();
        if (missing.Length == 0)
            return;
        try
        {
            CgroupFiles.Write(dir, "cgroup.subtree_control", string.Join(' ', missing.Select(c => "+" + c)));
            return;
        }
        catch (CgroupException)
        {
        }
        // One controller can fail alone (e.g. cpu while a real-time task exists): enable them one by one. Like runc,
        // a failure is not fatal here: it only matters if the container's resources need that controller.
        foreach (var controller in missing)
        {
            try
            {
                CgroupFiles.Write(dir, "cgroup.subtree_control", "+" + controller);
            }
            catch (CgroupException e)
            {
                problems[controller] = e.Errno == CgroupNative.EBUSY
                    ? $"{dir} holds processes ({string.Join(' ', CgroupFiles.ReadPids(dir).Take(10))}) and so cannot enable {controller} for its children (cgroup v2 \"no internal processes\" rule; move them into a leaf cgroup)"
                    : e.Message;
            }
        }
    }

    private List<string> MissingControllers(IReadOnlySet<string> needed)
    {
        var available = Split(CgroupFiles.TryRead(_dir, "cgroup.controllers"));
        return needed.Where(c => !available.Contains(c)).Order(StringComparer.Ordinal).ToList();
    }

    private string ControllersUnavailable(IReadOnlyList<string> missing, IReadOnlyDictionary<string, string> problems)
    {
        var onHost = Split(CgroupFiles.TryRead(_hierarchy.MountPoint, "cgroup.controllers"));
        var reasons = missing.Select(c =>
            problems.TryGetValue(c, out var why) ? why
            : !onHost.Contains(c) ? $"{c}: not offered by this cgroup2 hierarchy (bound to a v1 hierarchy, or not in the kernel)"
            : $"{c}: not enabled in an ancestor's cgroup.subtree_control");
        return $"the {string.Join(", ", missing)} controller(s) are not available: {string.Join("; ", reasons)}";
    }

    public IReadOnlyList<string> Apply(ResourcesSpec resources)
    {
        var warnings = new List<string>();
        // A controller missing here would otherwise surface as "memory.max: No such file or directory".
        var missing = MissingControllers(RequiredControllers.For(resources));
        if (missing.Count > 0)
            throw new CgroupException($"{_dir}: {ControllersUnavailable(missing, new Dictionary<string, string>())}");
        if (resources.Cpu is { } cpu)
        {
            CpusetV2.Apply(_dir, cpu);
            CpuV2.Apply(_dir, cpu);
        }
        if (resources.Memory is { } memory)
            MemoryV2.Apply(_dir, memory, warnings);
        if (resources.Pids is { } pids)
            PidsV2.Apply(_dir, pids);
        if (resources.Devices is { Count: > 0 })
            warnings.Add("linux.resources.devices not enforced: cgroup v2 device rules need an eBPF program, which bock does not load yet");
        if (resources.Unified is { Count: > 0 } unified)
            UnifiedV2.Apply(_dir, unified);
        return warnings;
    }

    /// <summary>A v2 domain cgroup takes whole processes only (cgroup.threads is for threaded subtrees).</summary>
    public bool TryJoinCallingThread() => false;

    public void AddProcess(int pid)
    {
        try
        {
            CgroupFiles.Write(_dir, "cgroup.procs", pid.ToString());
        }
        catch (CgroupException e) when (e.Errno == CgroupNative.EBUSY)
        {
            // Our cgroup became an inner node (someone made sub-cgroups with controllers, e.g. systemd inside the
            // container). Like runc's exec, join the cgroup of a process already in the container instead.
            var leaf = LeafOfExistingProcess() ?? throw new CgroupException(
                $"{e.Message}: {_dir} delegates controllers to child cgroups and so cannot hold processes (cgroup v2 \"no internal processes\" rule), and no process of the container shows a leaf to join", e.Errno);
            CgroupFiles.Write(leaf, "cgroup.procs", pid.ToString());
        }
    }

    private string? LeafOfExistingProcess()
    {
        foreach (var other in Processes())
        {
            var line = CgroupFiles.TryRead($"/proc/{other}", "cgroup")?.Split('\n').FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal));
            if (line is not null && _hierarchy.DirectoryOf(line[3..]) is { } dir && dir.StartsWith(_dir + "/", StringComparison.Ordinal))
                return dir;
        }
        return null;
    }

    public IReadOnlyList<int> Processes() => CgroupTree.Pids(_dir);

    public void Freeze(TimeSpan? timeout = null) => FreezerV2.FreezeAndWait(_dir, timeout ?? DefaultFreezeTimeout);

    public void Thaw() => FreezerV2.Thaw(_dir);

    public bool IsFrozen => FreezerV2.IsFrozen(_dir);

    public long OomKillCount() => MemoryV2.OomKills(_dir);

    public void KillAll(int signal)
    {
        if (!Exists)
            return;
        // cgroup.kill (Linux 5.14) kills the whole subtree atomically, forks included.
        if (signal == SigKill && CgroupFiles.Exists(_dir, "cgroup.kill"))
        {
            CgroupFiles.Write(_dir, "cgroup.kill", "1");
            return;
        }
        var canFreeze = CgroupFiles.Exists(_dir, FreezerV2.Freeze);
        var wasFrozen = canFreeze && IsFrozen;
        if (canFreeze && !wasFrozen)
        {
            try
            {
                Freeze();
            }
            catch (CgroupException)
            {
                // A task stuck in the kernel can keep the cgroup from freezing (Freeze thawed it again); signal
                // anyway, as runc does: a missed fork is better than not killing at all.
                canFreeze = false;
            }
        }
        try
        {
            CgroupTree.Signal(Processes(), signal);
        }
        finally
        {
            if (canFreeze && (!wasFrozen || signal == SigKill))
                Thaw();
        }
    }

    public void Destroy()
    {
        try
        {
            CgroupTree.Remove(_dir);
            CgroupTree.RemoveEmptyParents(_hierarchy.MountPoint, Path);
        }
        catch (CgroupException e)
        {
            throw new CgroupException($"destroying cgroup {Path}: {e.Message}", e.Errno);
        }
    }

    public IReadOnlyList<CgroupMount> Mounts() => [new CgroupMount(_dir, "", [])];

    public CgroupStats Stats()
    {
        var usageUsec = CgroupFiles.ReadKey(_dir, CpuV2.Stat, "usage_usec");
        return new CgroupStats(
            MemoryUsageBytes: CgroupFiles.ParseLimit(CgroupFiles.TryRead(_dir, MemoryV2.Current)),
            MemoryLimitBytes: CgroupFiles.ParseLimit(CgroupFiles.TryRead(_dir, MemoryV2.Max)),
            PidsCurrent: CgroupFiles.ParseLimit(CgroupFiles.TryRead(_dir, PidsV2.Current)),
            PidsLimit: CgroupFiles.ParseLimit(CgroupFiles.TryRead(_dir, PidsV2.Max)),
            CpuUsageNanoseconds: usageUsec * 1000,
            OomKills: OomKillCount());
    }

    private static HashSet<string> Split(string? text) =>
        new((text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
