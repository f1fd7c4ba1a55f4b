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

    public void Create() =>
        // Each parent must delegate the controllers before its child can use them; the leaf itself delegates
        // nothing so that it can hold the container's processes.
        CgroupTree.CreateLevels(_hierarchy.MountPoint, Path, (parent, _, _) => EnableControllers(parent));

    private static void EnableControllers(string dir)
    {
        var available = Split(CgroupFiles.TryRead(dir, "cgroup.controllers"));
        var enabled = Split(CgroupFiles.TryRead(dir, "cgroup.subtree_control"));
        var missing = Controllers.Where(c => available.Contains(c) && !enabled.Contains(c)).ToArray();
        if (missing.Length == 0)
            return;
        try
        {
            CgroupFiles.Write(dir, "cgroup.subtree_control", string.Join(' ', missing.Select(c => "+" + c)));
        }
        catch (CgroupException e) when (e.Errno == CgroupNative.EBUSY)
        {
            var pids = CgroupFiles.ReadPids(dir);
            throw new CgroupException(
                $"{e.Message}: {dir} holds processes ({string.Join(' ', pids.Take(10))}) and so cannot enable controllers "
                + "for child cgroups (cgroup v2 \"no internal processes\" rule); move them into a leaf cgroup first", e.Errno);
        }
        catch (CgroupException)
        {
            // One controller can fail alone (e.g. cpu while a real-time task exists): enable the others one by one
            // and let Apply report what it cannot write.
            foreach (var controller in missing)
            {
                try
                {
                    CgroupFiles.Write(dir, "cgroup.subtree_control", "+" + controller);
                }
                catch (CgroupException)
                {
                }
            }
        }
    }

    public IReadOnlyList<string> Apply(ResourcesSpec resources)
    {
        var warnings = new List<string>();
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
