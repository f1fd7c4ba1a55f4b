using Bock.Kernel.Cgroups;
using Bock.Kernel.Spec;
using Xunit;

namespace Bock.Kernel.Tests.Cgroups;

/// <summary>The v2 driver on a real cgroup2 tree. On this hybrid host that is /sys/fs/cgroup/unified, which has no
/// controllers we use, so only the core v2 features run for real here (create, join, freeze, kill, destroy); the
/// v2 limits are covered by <see cref="CgroupV2DriverTests"/> and by <see cref="CgroupHostTests"/> on a v2 host.</summary>
[Trait("Category", "Privileged")]
public sealed class CgroupV2HostTests
{
    /// <summary>The cgroup2 mount seen as a pure v2 layout, or null on a pure v1 host (nothing to exercise there).</summary>
    private static CgroupLayout? V2Layout() =>
        CgroupLayout.Detect().Unified is { } unified ? CgroupLayout.Detect(unified.MountPoint) : null;

    [Fact]
    public void Freeze_thaw_kill_and_destroy_on_cgroup2()
    {
        if (V2Layout() is not { } layout)
            return;
        using var host = new HostCgroup(layout: layout);
        var sleep = host.Start("/bin/sleep", "30");
        host.Cgroup.Create();
        host.Cgroup.AddProcess(sleep.Id);

        Assert.Equal(CgroupMode.Unified, host.Cgroup.Mode);
        Assert.Equal([sleep.Id], host.Cgroup.Processes());
        Assert.Contains($"0::/{host.Name}\n", File.ReadAllText($"/proc/{sleep.Id}/cgroup"));

        host.Cgroup.Freeze();
        Assert.True(host.Cgroup.IsFrozen);
        Assert.Equal("1", host.Read("", "cgroup.freeze"));
        host.Cgroup.Thaw();
        Assert.False(host.Cgroup.IsFrozen);

        host.Cgroup.KillAll(9);
        Assert.True(sleep.WaitForExit(5000));
        Assert.Equal(137, sleep.ExitCode);
        host.Cgroup.Destroy();
        host.Cgroup.Destroy();
        Assert.Empty(host.Leftovers());
    }

    [Fact]
    public void A_controller_the_hierarchy_lacks_is_named()
    {
        if (V2Layout() is not { } layout || layout.Unified!.MountPoint == "/sys/fs/cgroup")
            return;   // only a hybrid host's unified tree is known to lack pids
        using var host = new HostCgroup(layout: layout);

        var e = Assert.Throws<CgroupException>(() => host.Cgroup.Create(new ResourcesSpec { Pids = new PidsSpec { Limit = 5 } }));

        Assert.Contains("pids: not offered by this cgroup2 hierarchy", e.Message);
    }

    [Fact]
    public void KillAll_with_sigterm_freezes_signals_and_thaws_on_cgroup2()
    {
        if (V2Layout() is not { } layout)
            return;
        using var host = new HostCgroup(layout: layout);
        var first = host.Start("/bin/sleep", "30");
        var second = host.Start("/bin/sleep", "30");
        host.Cgroup.Create();
        host.Cgroup.AddProcess(first.Id);
        host.Cgroup.AddProcess(second.Id);

        host.Cgroup.KillAll(15);

        Assert.True(first.WaitForExit(5000));
        Assert.True(second.WaitForExit(5000));
        Assert.Equal(143, first.ExitCode);
        Assert.False(host.Cgroup.IsFrozen);
        host.Cgroup.Destroy();
        Assert.Empty(host.Leftovers());
    }
}
