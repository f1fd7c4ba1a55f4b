using Bock.Kernel.Cgroups;
using Bock.Kernel.Spec;
using Xunit;

namespace Bock.Kernel.Tests.Cgroups;

/// <summary>The v1 driver against a fake v1/hybrid tree: which file gets which value, in which order.</summary>
public sealed class CgroupV1DriverTests : IDisposable
{
    private readonly FakeCgroupHost _host = FakeCgroupHost.Hybrid();
    private readonly ICgroup _cgroup;

    public CgroupV1DriverTests()
    {
        _cgroup = _host.Layout.Open(null, "web");
        _host.Kernel("bock/web");
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Create_makes_the_directory_in_every_hierarchy_including_unified()
    {
        using var host = FakeCgroupHost.Hybrid();
        // Only cpuset's levels are pre-populated: the driver must fill their cpus/mems, which needs the files.
        host.Kernel("bock");
        foreach (var dir in Directory.GetDirectories(host.Root))
            if (Path.GetFileName(dir) is not "cpuset" and not "unified")
                Directory.Delete(Path.Combine(dir, "bock"), recursive: true);
        Directory.Delete(Path.Combine(host.Root, "unified", "bock"), recursive: true);
        Directory.CreateDirectory(Path.Combine(host.Root, "cpuset/bock/a"));
        File.WriteAllText(Path.Combine(host.Root, "cpuset/bock/a/cpuset.cpus"), "");
        File.WriteAllText(Path.Combine(host.Root, "cpuset/bock/a/cpuset.mems"), "");

        var cgroup = host.Layout.Open("/bock/a", "ignored");
        cgroup.Create();

        foreach (var hierarchy in new[] { "blkio", "cpu,cpuacct", "cpuset", "devices", "freezer", "memory", "pids", "systemd", "unified" })
            Assert.True(host.Has($"{hierarchy}/bock/a"), hierarchy);
        Assert.True(cgroup.Exists);
    }

    [Fact]
    public void Create_copies_cpuset_from_the_parent_at_every_level()
    {
        using var host = FakeCgroupHost.Legacy();
        host.Kernel("bock/web");
        using var journal = new WriteJournal();

        host.Layout.Open(null, "web").Create();

        Assert.Equal(
            ["cpuset/bock/cpuset.cpus=0-1", "cpuset/bock/cpuset.mems=0", "cpuset/bock/web/cpuset.cpus=0-1", "cpuset/bock/web/cpuset.mems=0"],
            host.Relative(journal.Writes));
    }

    [Fact]
    public void Create_keeps_a_cpuset_that_is_already_set()
    {
        _host.Write("cpuset/bock/cpuset.cpus", "1");
        _host.Write("cpuset/bock/cpuset.mems", "0");
        _cgroup.Create();
        Assert.Equal("1", _host.Read("cpuset/bock/web/cpuset.cpus"));
    }

    [Fact]
    public void Memory_limits_go_to_their_files()
    {
        var warnings = _cgroup.Apply(new ResourcesSpec
        {
            Memory = new MemorySpec { Limit = 100_000_000, Reservation = 50_000_000, Swappiness = 10, DisableOomKiller = true },
        });

        Assert.Empty(warnings);
        Assert.Equal("100000000", _host.Read("memory/bock/web/memory.limit_in_bytes"));
        Assert.Equal("50000000", _host.Read("memory/bock/web/memory.soft_limit_in_bytes"));
        Assert.Equal("10", _host.Read("memory/bock/web/memory.swappiness"));
        Assert.Equal("1", _host.Read("memory/bock/web/memory.oom_control"));
        Assert.Equal("9223372036854771712", _host.Read("memory/bock/web/memory.memsw.limit_in_bytes"));
    }

    [Fact]
    public void Raising_memory_and_swap_writes_memsw_first()
    {
        _host.Write("memory/bock/web/memory.limit_in_bytes", "100000000");
        using var journal = new WriteJournal();

        _cgroup.Apply(new ResourcesSpec { Memory = new MemorySpec { Limit = 200_000_000, Swap = 400_000_000 } });

        Assert.Equal(["memory/bock/web/memory.memsw.limit_in_bytes=400000000", "memory/bock/web/memory.limit_in_bytes=200000000"],
            _host.Relative(journal.Writes));
    }

    [Fact]
    public void Lowering_memory_and_swap_writes_the_limit_first()
    {
        _host.Write("memory/bock/web/memory.limit_in_bytes", "1000000000");
        using var journal = new WriteJournal();

        _cgroup.Apply(new ResourcesSpec { Memory = new MemorySpec { Limit = 100_000_000, Swap = 200_000_000 } });

        Assert.Equal(["memory/bock/web/memory.limit_in_bytes=100000000", "memory/bock/web/memory.memsw.limit_in_bytes=200000000"],
            _host.Relative(journal.Writes));
    }

    [Fact]
    public void Unlimited_memory_also_unlimits_swap()
    {
        _host.Write("memory/bock/web/memory.limit_in_bytes", "100000000");
        _host.Write("memory/bock/web/memory.memsw.limit_in_bytes", "100000000");
        using var journal = new WriteJournal();

        _cgroup.Apply(new ResourcesSpec { Memory = new MemorySpec { Limit = -1 } });

        Assert.Equal(["memory/bock/web/memory.memsw.limit_in_bytes=-1", "memory/bock/web/memory.limit_in_bytes=-1"],
            _host.Relative(journal.Writes));
    }

    [Fact]
    public void Swap_without_kernel_swap_accounting_is_a_warning()
    {
        _host.Delete("memory/bock/web/memory.memsw.limit_in_bytes");

        var warnings = _cgroup.Apply(new ResourcesSpec { Memory = new MemorySpec { Limit = 100, Swap = 200 } });

        Assert.Contains(warnings, w => w.Contains("memory.memsw.limit_in_bytes"));
        Assert.Equal("100", _host.Read("memory/bock/web/memory.limit_in_bytes"));
    }

    [Fact]
    public void Swap_below_the_limit_is_rejected() =>
        Assert.Throws<CgroupException>(() => _cgroup.Apply(new ResourcesSpec { Memory = new MemorySpec { Limit = 200, Swap = 100 } }));

    [Fact]
    public void Swappiness_above_100_is_rejected() =>
        Assert.Throws<CgroupException>(() => _cgroup.Apply(new ResourcesSpec { Memory = new MemorySpec { Swappiness = 101 } }));

    [Fact]
    public void Cpu_values_go_to_their_files_period_before_quota()
    {
        using var journal = new WriteJournal();

        _cgroup.Apply(new ResourcesSpec
        {
            Cpu = new CpuSpec { Shares = 512, Quota = 50_000, Period = 100_000, Cpus = "1", Mems = "0", RealtimePeriod = 1_000_000, RealtimeRuntime = 950_000 },
        });

        Assert.Equal(
        [
            "cpuset/bock/web/cpuset.mems=0", "cpuset/bock/web/cpuset.cpus=1",
            "cpu,cpuacct/bock/web/cpu.shares=512", "cpu,cpuacct/bock/web/cpu.cfs_period_us=100000",
            "cpu,cpuacct/bock/web/cpu.cfs_quota_us=50000", "cpu,cpuacct/bock/web/cpu.rt_period_us=1000000",
            "cpu,cpuacct/bock/web/cpu.rt_runtime_us=950000",
        ], _host.Relative(journal.Writes));
    }

    [Theory]
    [InlineData(5, "5")]
    [InlineData(0, "max")]
    [InlineData(-1, "max")]
    public void Pids_limit(long limit, string expected)
    {
        _cgroup.Apply(new ResourcesSpec { Pids = new PidsSpec { Limit = limit } });
        Assert.Equal(expected, _host.Read("pids/bock/web/pids.max"));
    }

    [Fact]
    public void Device_rules_deny_all_then_replay_in_order()
    {
        using var journal = new WriteJournal();

        _cgroup.Apply(new ResourcesSpec
        {
            Devices =
            [
                new DeviceCgroupRuleSpec { Allow = false, Access = "rwm" },
                new DeviceCgroupRuleSpec { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" },
                new DeviceCgroupRuleSpec { Allow = true, Type = "c", Major = 136, Access = "rw" },
                new DeviceCgroupRuleSpec { Allow = false, Type = "b", Major = 8, Minor = 0 },
            ],
        });

        Assert.Equal(
        [
            "devices/bock/web/devices.deny=a", "devices/bock/web/devices.deny=a *:* rwm",
            "devices/bock/web/devices.allow=c 1:3 rwm", "devices/bock/web/devices.allow=c 136:* rw",
            "devices/bock/web/devices.deny=b 8:0 rwm",
        ], _host.Relative(journal.Writes));
    }

    [Fact]
    public void Bad_device_rule_is_rejected() =>
        Assert.Throws<CgroupException>(() => _cgroup.Apply(new ResourcesSpec { Devices = [new DeviceCgroupRuleSpec { Type = "x" }] }));

    [Fact]
    public void Unified_values_are_refused_on_v1()
    {
        var e = Assert.Throws<CgroupException>(() => _cgroup.Apply(new ResourcesSpec { Unified = new Dictionary<string, string> { ["memory.high"] = "1" } }));
        Assert.Contains("cgroup v2", e.Message);
    }

    [Fact]
    public void Write_errors_name_the_file_and_the_value()
    {
        _host.Delete("memory/bock/web/memory.limit_in_bytes");
        Directory.CreateDirectory(Path.Combine(_host.Root, "memory/bock/web/memory.limit_in_bytes"));

        var e = Assert.Throws<CgroupException>(() => _cgroup.Apply(new ResourcesSpec { Memory = new MemorySpec { Limit = 10 } }));

        Assert.StartsWith("memory.limit_in_bytes: writing 10: Is a directory", e.Message);
        Assert.Contains("memory/bock/web", e.Message);
    }

    [Fact]
    public void AddProcess_joins_every_hierarchy_and_unified()
    {
        using var journal = new WriteJournal();

        _cgroup.AddProcess(4242);

        var writes = _host.Relative(journal.Writes);
        Assert.Equal(9, writes.Count);
        Assert.All(writes, w => Assert.EndsWith("/bock/web/cgroup.procs=4242", w));
        Assert.Contains("unified/bock/web/cgroup.procs=4242", writes);
        Assert.Contains("systemd/bock/web/cgroup.procs=4242", writes);
    }

    [Fact]
    public void Processes_include_child_cgroups()
    {
        _host.Write("freezer/bock/web/cgroup.procs", "10\n11\n");
        Directory.CreateDirectory(Path.Combine(_host.Root, "freezer/bock/web/inner"));
        _host.Write("freezer/bock/web/inner/cgroup.procs", "12\n");

        Assert.Equal([10, 11, 12], _cgroup.Processes().Order());
    }

    [Fact]
    public void Freeze_and_thaw_use_freezer_state()
    {
        _cgroup.Freeze();
        Assert.Equal("FROZEN", _host.Read("freezer/bock/web/freezer.state"));
        Assert.True(_cgroup.IsFrozen);

        _cgroup.Thaw();
        Assert.Equal("THAWED", _host.Read("freezer/bock/web/freezer.state"));
        Assert.False(_cgroup.IsFrozen);
    }

    [Fact]
    public void Oom_kills_are_read_from_oom_control()
    {
        _host.Write("memory/bock/web/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n");
        Assert.Equal(3, _cgroup.OomKillCount());
    }

    [Fact]
    public void Stats_read_usage_files()
    {
        _host.Write("memory/bock/web/memory.usage_in_bytes", "4096");
        _host.Write("memory/bock/web/memory.limit_in_bytes", "1048576");
        _host.Write("pids/bock/web/pids.current", "2");
        _host.Write("cpu,cpuacct/bock/web/cpuacct.usage", "123456789");

        var stats = _cgroup.Stats();

        Assert.Equal(new CgroupStats(4096, 1048576, 2, null, 123456789, 0), stats);
    }

    [Fact]
    public void Mounts_bind_each_hierarchy_with_links_for_co_mounted_controllers()
    {
        var mounts = _cgroup.Mounts();

        var cpu = mounts.Single(m => m.Target == "cpu,cpuacct");
        Assert.Equal(Path.Combine(_host.Root, "cpu,cpuacct/bock/web"), cpu.Source);
        Assert.Equal(["cpu", "cpuacct"], cpu.Symlinks);
        Assert.Empty(mounts.Single(m => m.Target == "memory").Symlinks);
        Assert.Empty(mounts.Single(m => m.Target == "systemd").Symlinks);
        Assert.Equal(Path.Combine(_host.Root, "unified/bock/web"), mounts.Single(m => m.Target == "unified").Source);
        Assert.Equal(9, mounts.Count);
    }

    [Fact]
    public void Destroy_removes_every_directory_children_first_and_is_idempotent()
    {
        using var host = FakeCgroupHost.Hybrid();
        var cgroup = host.Layout.Open("/bock/web", "web");
        // Real cgroup directories vanish with their interface files; fake ones must be empty to rmdir, so use
        // hierarchies without cpuset to create bare directories.
        host.Kernel("bock");
        host.Write("cpuset/bock/cpuset.cpus", "0");
        host.Write("cpuset/bock/cpuset.mems", "0");
        Directory.CreateDirectory(Path.Combine(host.Root, "cpuset/bock/web"));
        host.Write("cpuset/bock/web/cpuset.cpus", "");
        host.Write("cpuset/bock/web/cpuset.mems", "");
        cgroup.Create();
        File.Delete(Path.Combine(host.Root, "cpuset/bock/web/cpuset.cpus"));
        File.Delete(Path.Combine(host.Root, "cpuset/bock/web/cpuset.mems"));
        Directory.CreateDirectory(Path.Combine(host.Root, "memory/bock/web/sub/deeper"));

        cgroup.Destroy();
        cgroup.Destroy();

        Assert.Empty(Directory.GetDirectories(host.Root, "web", SearchOption.AllDirectories));
        Assert.True(host.Has("memory/bock"));
        Assert.False(cgroup.Exists);
    }

    [Fact]
    public void Destroy_reports_a_directory_it_cannot_remove_after_trying_the_others()
    {
        using var host = FakeCgroupHost.Legacy();
        host.Kernel("bock/web");
        var cgroup = host.Layout.Open(null, "web");
        foreach (var dir in Directory.GetDirectories(host.Root))
            if (Path.GetFileName(dir) != "memory")
                foreach (var file in Directory.GetFiles(Path.Combine(dir, "bock/web")))
                    File.Delete(file);

        var e = Assert.Throws<CgroupException>(cgroup.Destroy);

        Assert.Contains("memory/bock/web: rmdir: Directory not empty", e.Message);
        Assert.False(host.Has("pids/bock/web"));
    }
}
