using Bock.Kernel.Spec;

namespace Bock.Kernel.Cgroups.V1;

/// <summary>The cgroup v1 driver (also used on hybrid hosts, where the process additionally joins the
/// controller-less v2 tree at <c>unified</c> so that tools reading /proc/PID/cgroup's "0::" line see it).</summary>
internal sealed class CgroupV1 : ICgroup
{
    private const int SigKill = 9;
    private static readonly TimeSpan DefaultFreezeTimeout = TimeSpan.FromSeconds(5);

    private readonly CgroupLayout _layout;
    private readonly string? _unifiedDir;

    public CgroupV1(CgroupLayout layout, string path)
    {
        _layout = layout;
        Path = path;
        _unifiedDir = layout.Unified is { } unified ? System.IO.Path.Combine(unified.MountPoint, path) : null;
    }

    public CgroupMode Mode => _layout.Mode;

    public string Path { get; }

    public bool Exists => Directory.Exists(MainDir);

    /// <summary>The directory used to list processes: freezer first, because KillAll freezes through it.</summary>
    private string MainDir =>
        Dir(_layout.V1("freezer") ?? _layout.V1("pids") ?? _layout.V1("memory") ?? _layout.V1Hierarchies[0]);

    private string Dir(CgroupHierarchy hierarchy) => System.IO.Path.Combine(hierarchy.MountPoint, Path);

    private string DirFor(string controller) =>
        _layout.V1(controller) is { } h ? Dir(h) : throw new CgroupException($"the {controller} cgroup controller is not mounted under {_layout.Root}");

    public void Create(ResourcesSpec? resources = null)
    {
        foreach (var hierarchy in _layout.V1Hierarchies)
        {
            var cpuset = hierarchy.Has("cpuset");
            CgroupTree.CreateLevels(hierarchy.MountPoint, Path,
                cpuset ? (parent, dir, _) => CpusetV1.InheritIfEmpty(parent, dir) : null);
        }
        if (_layout.Unified is { } unified)
            CgroupTree.CreateLevels(unified.MountPoint, Path);
    }

    public IReadOnlyList<string> Apply(ResourcesSpec resources)
    {
        var warnings = new List<string>();
        if (resources.Unified is { Count: > 0 })
            throw new CgroupException($"linux.resources.unified can only be applied on a cgroup v2 host (this one is {_layout.Mode})");
        // cpuset before the others: nothing depends on it, and a bad cpu list should fail before limits change.
        if (resources.Cpu is { } cpu)
        {
            if (!string.IsNullOrEmpty(cpu.Cpus) || !string.IsNullOrEmpty(cpu.Mems))
                CpusetV1.Apply(DirFor("cpuset"), cpu);
            if (cpu.Shares is not null and not 0 || cpu.Quota is not null and not 0 || cpu.Period is not null and not 0
                || cpu.RealtimePeriod is not null and not 0 || cpu.RealtimeRuntime is not null and not 0)
                CpuV1.Apply(DirFor("cpu"), cpu);
        }
        if (resources.Memory is { } memory)
            MemoryV1.Apply(DirFor("memory"), memory, warnings);
        if (resources.Pids is { } pids)
            PidsV1.Apply(DirFor("pids"), pids);
        if (resources.Devices is { } devices)
            DevicesV1.Apply(DirFor("devices"), devices);
        return warnings;
    }

    public void AddProcess(int pid)
    {
        foreach (var hierarchy in _layout.V1Hierarchies)
            CgroupFiles.Write(Dir(hierarchy), "cgroup.procs", pid.ToString());
        if (_unifiedDir is not null)
            CgroupFiles.Write(_unifiedDir, "cgroup.procs", pid.ToString());
    }

    /// <remarks>Writing "0" to <c>tasks</c> moves the writing thread only. The controller-less cgroup2 mount of a hybrid
    /// host is not joined this way (it has no <c>tasks</c>, and <c>cgroup.procs</c> would take the lock we avoid): it
    /// carries no limits, and the container's processes stay where the runtime was there.</remarks>
    public bool TryJoinCallingThread()
    {
        foreach (var hierarchy in _layout.V1Hierarchies)
            CgroupFiles.Write(Dir(hierarchy), "tasks", "0");
        return true;
    }

    public IReadOnlyList<int> Processes() => CgroupTree.Pids(MainDir);

    public void Freeze(TimeSpan? timeout = null) => FreezerV1.Freeze(DirFor("freezer"), timeout ?? DefaultFreezeTimeout);

    public void Thaw() => FreezerV1.Thaw(DirFor("freezer"));

    public bool IsFrozen => _layout.V1("freezer") is { } h && FreezerV1.IsFrozen(Dir(h));

    public long OomKillCount() => _layout.V1("memory") is { } h ? MemoryV1.OomKills(Dir(h)) : 0;

    public void KillAll(int signal)
    {
        if (!Exists)
            return;
        // Frozen, the processes cannot fork children we would miss; a SIGKILL is delivered on thaw.
        var freezer = _layout.V1("freezer") is not null;
        var wasFrozen = freezer && IsFrozen;
        if (freezer && !wasFrozen)
        {
            try
            {
                Freeze();
            }
            catch (CgroupException)
            {
                // A task stuck in the kernel can keep the cgroup from freezing (Freeze thawed it again); signal
                // anyway, as runc does: a missed fork is better than not killing at all.
                freezer = false;
            }
        }
        try
        {
            CgroupTree.Signal(Processes(), signal);
        }
        finally
        {
            // A SIGKILLed process must be thawed to die; other signals restore the state we found.
            if (freezer && (!wasFrozen || signal == SigKill))
                Thaw();
        }
    }

    public void Destroy()
    {
        var failures = new List<string>();
        var mountPoints = _layout.V1Hierarchies.Select(h => h.MountPoint).ToList();
        if (_layout.Unified is { } unified)
            mountPoints.Add(unified.MountPoint);
        // Try every hierarchy even after a failure, so one busy hierarchy does not leave the others behind.
        foreach (var mountPoint in mountPoints)
        {
            try
            {
                CgroupTree.Remove(System.IO.Path.Combine(mountPoint, Path));
                CgroupTree.RemoveEmptyParents(mountPoint, Path);
            }
            catch (CgroupException e)
            {
                failures.Add(e.Message);
            }
        }
        if (failures.Count > 0)
            throw new CgroupException($"destroying cgroup {Path}: {string.Join("; ", failures)}");
    }

    public IReadOnlyList<CgroupMount> Mounts()
    {
        var mounts = new List<CgroupMount>();
        foreach (var hierarchy in _layout.V1Hierarchies)
        {
            var target = System.IO.Path.GetFileName(hierarchy.MountPoint);
            var links = hierarchy.Controllers.Where(c => c != target && !c.StartsWith("name=", StringComparison.Ordinal)).ToArray();
            mounts.Add(new CgroupMount(Dir(hierarchy), target, links.Length > 0 && hierarchy.Controllers.Count > 1 ? links : []));
        }
        if (_unifiedDir is not null)
            mounts.Add(new CgroupMount(_unifiedDir, "unified", []));
        return mounts;
    }

    public CgroupStats Stats()
    {
        var memory = _layout.V1("memory") is { } m ? Dir(m) : null;
        var pids = _layout.V1("pids") is { } p ? Dir(p) : null;
        var cpuacct = _layout.V1("cpuacct") is { } c ? Dir(c) : null;
        return new CgroupStats(
            MemoryUsageBytes: memory is null ? null : CgroupFiles.ParseLimit(CgroupFiles.TryRead(memory, MemoryV1.Usage)),
            MemoryLimitBytes: memory is null ? null : CgroupFiles.ParseLimit(CgroupFiles.TryRead(memory, MemoryV1.Limit)),
            PidsCurrent: pids is null ? null : CgroupFiles.ParseLimit(CgroupFiles.TryRead(pids, PidsV1.Current)),
            PidsLimit: pids is null ? null : CgroupFiles.ParseLimit(CgroupFiles.TryRead(pids, PidsV1.Max)),
            CpuUsageNanoseconds: cpuacct is null ? null : CgroupFiles.ParseLimit(CgroupFiles.TryRead(cpuacct, "cpuacct.usage")),
            OomKills: OomKillCount());
    }
}
