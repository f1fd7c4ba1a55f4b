using Bock.Kernel.Cgroups;
using Bock.Kernel.Spec;
using Xunit;

namespace Bock.Kernel.Tests.Cgroups;

/// <summary>The v2 driver against a fake cgroup2 tree (this machine has no v2 controllers to test it for real).</summary>
public sealed class CgroupV2DriverTests : IDisposable
{
    private readonly FakeCgroupHost _host = FakeCgroupHost.Unified();
    private readonly ICgroup _cgroup;

    public CgroupV2DriverTests()
    {
        _cgroup = _host.Layout.Open("/machine/web", "web");
        _host.Kernel("machine/web");
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Create_enables_controllers_in_every_ancestor_but_not_the_leaf()
    {
        _host.Write("machine/cgroup.subtree_control", "memory pids");
        using var journal = new WriteJournal();

        _cgroup.Create();

        Assert.Equal(["cgroup.subtree_control=+cpu +cpuset +memory +pids", "machine/cgroup.subtree_control=+cpu +cpuset"],
            _host.Relative(journal.Writes));
        Assert.Equal(CgroupMode.Unified, _cgroup.Mode);
    }

    [Fact]
    public void Create_enables_only_controllers_the_parent_has()
    {
        _host.Write("cgroup.controllers", "memory pids io");
        _host.Write("machine/cgroup.controllers", "memory pids");
        using var journal = new WriteJournal();

        _cgroup.Create();

        Assert.Equal(["cgroup.subtree_control=+memory +pids", "machine/cgroup.subtree_control=+memory +pids"],
            _host.Relative(journal.Writes));
    }

    [Fact]
    public void Create_makes_missing_levels()
    {
        using var host = FakeCgroupHost.Unified();
        var cgroup = host.Layout.Open(null, "db");
        host.Kernel("bock");   // only the parent: the leaf is ours to create

        cgroup.Create();

        Assert.True(host.Has("bock/db"));
        Assert.True(cgroup.Exists);
    }

    [Fact]
    public void Create_fails_early_when_a_needed_controller_cannot_be_had()
    {
        _host.Write("cgroup.controllers", "cpu pids");
        _host.Write("machine/web/cgroup.controllers", "cpu pids");

        var e = Assert.Throws<CgroupException>(() => _cgroup.Create(new ResourcesSpec { Memory = new MemorySpec { Limit = 1 }, Pids = new PidsSpec { Limit = 3 } }));

        Assert.Contains("memory: not offered by this cgroup2 hierarchy", e.Message);
        Assert.DoesNotContain("pids", e.Message);
    }

    [Fact]
    public void Apply_names_a_controller_that_is_not_enabled()
    {
        _host.Write("machine/web/cgroup.controllers", "memory");

        var e = Assert.Throws<CgroupException>(() => _cgroup.Apply(new ResourcesSpec { Pids = new PidsSpec { Limit = 3 }, Unified = new Dictionary<string, string> { ["cgroup.max.depth"] = "2" } }));

        Assert.Contains("pids: not enabled in an ancestor's cgroup.subtree_control", e.Message);
        Assert.Equal("max", _host.Read("machine/web/pids.max"));
    }

    [Fact]
    public void Domain_invalid_cgroup_becomes_threaded_for_thread_aware_controllers()
    {
        _host.Write("machine/web/cgroup.type", "domain invalid");

        _cgroup.Create(new ResourcesSpec { Pids = new PidsSpec { Limit = 3 } });

        Assert.Equal("threaded", _host.Read("machine/web/cgroup.type"));
    }

    [Fact]
    public void Domain_invalid_cgroup_cannot_take_memory_limits()
    {
        _host.Write("machine/web/cgroup.type", "domain invalid");

        var e = Assert.Throws<CgroupException>(() => _cgroup.Create(new ResourcesSpec { Memory = new MemorySpec { Limit = 100 } }));

        Assert.Contains("no internal processes", e.Message);
        Assert.Equal("domain invalid", _host.Read("machine/web/cgroup.type"));
    }

    [Fact]
    public void Memory_swap_is_converted_to_swap_only()
    {
        using var journal = new WriteJournal();

        var warnings = _cgroup.Apply(new ResourcesSpec { Memory = new MemorySpec { Limit = 100_000_000, Swap = 300_000_000, Reservation = 50_000_000 } });

        Assert.Empty(warnings);
        Assert.Equal(["machine/web/memory.swap.max=200000000", "machine/web/memory.max=100000000", "machine/web/memory.low=50000000"],
            _host.Relative(journal.Writes));
    }

    [Fact]
    public void Unlimited_memory_means_unlimited_swap()
    {
        _cgroup.Apply(new ResourcesSpec { Memory = new MemorySpec { Limit = -1 } });

        Assert.Equal("max", _host.Read("machine/web/memory.max"));
        Assert.Equal("max", _host.Read("machine/web/memory.swap.max"));
    }

    [Theory]
    [InlineData(100, 0, 0)]
    [InlineData(100, -1, -1)]
    [InlineData(-1, 0, -1)]
    [InlineData(100, 100, 0)]
    [InlineData(100, 250, 150)]
    public void Swap_conversion(long memory, long memorySwap, long expected) =>
        Assert.Equal(expected, Bock.Kernel.Cgroups.V2.MemoryV2.SwapOnly(memorySwap, memory));

    [Fact]
    public void Swap_without_a_limit_or_below_it_is_rejected()
    {
        Assert.Throws<CgroupException>(() => _cgroup.Apply(new ResourcesSpec { Memory = new MemorySpec { Swap = 100 } }));
        Assert.Throws<CgroupException>(() => _cgroup.Apply(new ResourcesSpec { Memory = new MemorySpec { Limit = 200, Swap = 100 } }));
    }

    [Fact]
    public void Settings_v2_lacks_are_warnings()
    {
        _host.Delete("machine/web/memory.swap.max");

        var warnings = _cgroup.Apply(new ResourcesSpec
        {
            Memory = new MemorySpec { Limit = 100, Swap = 200, Swappiness = 10, DisableOomKiller = true },
            Devices = [new DeviceCgroupRuleSpec { Allow = false, Access = "rwm" }],
        });

        Assert.Equal(4, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("devices") && w.Contains("not enforced"));
        Assert.Equal("100", _host.Read("machine/web/memory.max"));
    }

    [Theory]
    [InlineData(2UL, "1")]
    [InlineData(1024UL, "39")]
    [InlineData(262144UL, "10000")]
    public void Cpu_shares_become_weight(ulong shares, string weight)
    {
        _cgroup.Apply(new ResourcesSpec { Cpu = new CpuSpec { Shares = shares } });
        Assert.Equal(weight, _host.Read("machine/web/cpu.weight"));
    }

    [Theory]
    [InlineData(50_000L, 100_000UL, "50000 100000")]
    [InlineData(-1L, 100_000UL, "max 100000")]
    [InlineData(25_000L, 0UL, "25000")]
    [InlineData(0L, 20_000UL, "max 20000")]
    public void Cpu_max_is_quota_and_period(long quota, ulong period, string expected)
    {
        _cgroup.Apply(new ResourcesSpec { Cpu = new CpuSpec { Quota = quota, Period = period } });
        Assert.Equal(expected, _host.Read("machine/web/cpu.max"));
    }

    [Fact]
    public void Cpuset_and_pids()
    {
        _cgroup.Apply(new ResourcesSpec { Cpu = new CpuSpec { Cpus = "0-1", Mems = "0" }, Pids = new PidsSpec { Limit = 0 } });

        Assert.Equal("0-1", _host.Read("machine/web/cpuset.cpus"));
        Assert.Equal("0", _host.Read("machine/web/cpuset.mems"));
        Assert.Equal("max", _host.Read("machine/web/pids.max"));
    }

    [Fact]
    public void Realtime_is_refused() =>
        Assert.Throws<CgroupException>(() => _cgroup.Apply(new ResourcesSpec { Cpu = new CpuSpec { RealtimeRuntime = 100 } }));

    [Fact]
    public void Unified_values_are_written_verbatim_last()
    {
        using var journal = new WriteJournal();

        _cgroup.Apply(new ResourcesSpec
        {
            Memory = new MemorySpec { Limit = 1000 },
            Unified = new Dictionary<string, string> { ["memory.max"] = "2000", ["pids.max"] = "7" },
        });

        Assert.Equal(["machine/web/memory.max=1000", "machine/web/memory.max=2000", "machine/web/pids.max=7"],
            _host.Relative(journal.Writes));
    }

    [Theory]
    [InlineData("../cgroup.procs")]
    [InlineData("sub/memory.max")]
    [InlineData("..")]
    [InlineData("")]
    public void Unified_keys_cannot_leave_the_cgroup(string key)
    {
        using var journal = new WriteJournal();
        Assert.Throws<CgroupException>(() => _cgroup.Apply(new ResourcesSpec { Unified = new Dictionary<string, string> { ["pids.max"] = "1", [key] = "1" } }));
        Assert.Empty(journal.Writes);
    }

    [Fact]
    public void Unified_key_without_a_file_names_the_controller()
    {
        var e = Assert.Throws<CgroupException>(() => _cgroup.Apply(new ResourcesSpec { Unified = new Dictionary<string, string> { ["io.max"] = "8:0 rbps=1" } }));
        Assert.Contains("io.max: writing 8:0 rbps=1", e.Message);
        Assert.Contains("io controller", e.Message);
    }

    [Fact]
    public void AddProcess_writes_cgroup_procs()
    {
        _cgroup.AddProcess(77);
        Assert.Equal("77", _host.Read("machine/web/cgroup.procs"));
    }

    [Fact]
    public void Freeze_writes_cgroup_freeze_and_waits_for_the_event()
    {
        _host.Write("machine/web/cgroup.events", "populated 1\nfrozen 1\n");

        _cgroup.Freeze();

        Assert.Equal("1", _host.Read("machine/web/cgroup.freeze"));
        Assert.True(_cgroup.IsFrozen);
        _cgroup.Thaw();
        Assert.Equal("0", _host.Read("machine/web/cgroup.freeze"));
    }

    [Fact]
    public void Freeze_that_never_completes_times_out_and_thaws()
    {
        var e = Assert.Throws<CgroupException>(() => _cgroup.Freeze(TimeSpan.FromMilliseconds(50)));

        Assert.Contains("cgroup.freeze", e.Message);
        Assert.Equal("0", _host.Read("machine/web/cgroup.freeze"));
    }

    [Fact]
    public void KillAll_with_sigkill_uses_cgroup_kill()
    {
        using var journal = new WriteJournal();

        _cgroup.KillAll(9);

        Assert.Equal(["machine/web/cgroup.kill=1"], _host.Relative(journal.Writes));
    }

    [Fact]
    public void Oom_kills_and_stats()
    {
        _host.Write("machine/web/memory.events", "low 0\nhigh 0\nmax 4\noom 2\noom_kill 2\n");
        _host.Write("machine/web/memory.current", "8192");
        _host.Write("machine/web/pids.current", "3");
        _host.Write("machine/web/pids.max", "10");
        _host.Write("machine/web/cpu.stat", "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n");

        Assert.Equal(2, _cgroup.OomKillCount());
        Assert.Equal(new CgroupStats(8192, null, 3, 10, 1_500_000, 2), _cgroup.Stats());
    }

    [Fact]
    public void Mount_is_the_whole_cgroup_directory() =>
        Assert.Equal([new CgroupMount(Path.Combine(_host.Root, "machine/web"), "", [])], _cgroup.Mounts().ToArray(),
            (a, b) => a.Source == b.Source && a.Target == b.Target && a.Symlinks.Count == b.Symlinks.Count);

    [Fact]
    public void Destroy_removes_the_tree_and_is_idempotent()
    {
        using var host = FakeCgroupHost.Unified();
        var cgroup = host.Layout.Open(null, "db");
        host.Kernel("bock");
        cgroup.Create();
        Directory.CreateDirectory(Path.Combine(host.Root, "bock/db/init"));

        cgroup.Destroy();
        cgroup.Destroy();

        Assert.False(host.Has("bock/db"));
        Assert.True(host.Has("bock"));
    }
}
