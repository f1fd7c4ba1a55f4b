using Bock.Kernel.Cgroups;
using Xunit;

namespace Bock.Kernel.Tests.Cgroups;

public sealed class CgroupLayoutTests
{
    /// <summary>This machine's mountinfo (a systemd hybrid host).</summary>
    private const string HybridMountInfo = """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
        37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
        38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
        39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """;

    [Fact]
    public void Hybrid_host_has_v1_controllers_and_a_unified_mount()
    {
        var layout = CgroupLayout.Detect("/sys/fs/cgroup", HybridMountInfo);

        Assert.Equal(CgroupMode.Hybrid, layout.Mode);
        Assert.Equal("/sys/fs/cgroup/unified", layout.Unified!.MountPoint);
        Assert.Equal(9, layout.V1Hierarchies.Count);
        Assert.Equal("/sys/fs/cgroup/memory", layout.V1("memory")!.MountPoint);
        Assert.Equal("/sys/fs/cgroup/cpuacct", layout.V1("cpuacct")!.MountPoint);
        Assert.Equal(["name=systemd"], layout.V1Hierarchies.Single(h => h.MountPoint.EndsWith("systemd")).Controllers);
    }

    [Fact]
    public void Pure_v1_host_with_co_mounted_controllers()
    {
        const string mountInfo = """
            25 18 0:22 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755
            26 25 0:23 / /sys/fs/cgroup/systemd rw,nosuid shared:9 - cgroup cgroup rw,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd
            29 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:10 - cgroup cgroup rw,cpu,cpuacct
            30 25 0:27 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid shared:11 - cgroup cgroup rw,net_cls,net_prio
            31 25 0:28 / /sys/fs/cgroup/memory rw,nosuid shared:12 - cgroup cgroup rw,memory
            35 25 0:26 / /sys/fs/cgroup/cpu rw,nosuid shared:10 - cgroup cgroup rw,cpu,cpuacct
            """;
        var layout = CgroupLayout.Detect("/sys/fs/cgroup", mountInfo);

        Assert.Equal(CgroupMode.Legacy, layout.Mode);
        Assert.Null(layout.Unified);
        // The same hierarchy seen at two mount points counts once.
        Assert.Equal(4, layout.V1Hierarchies.Count);
        Assert.Same(layout.V1("cpu"), layout.V1("cpuacct"));
        Assert.Equal(["cpu", "cpuacct"], layout.V1("cpu")!.Controllers);
        Assert.Equal(["net_cls", "net_prio"], layout.V1("net_prio")!.Controllers);
    }

    [Fact]
    public void Pure_v2_host()
    {
        const string mountInfo = """
            22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
            """;
        var layout = CgroupLayout.Detect("/sys/fs/cgroup", mountInfo);

        Assert.Equal(CgroupMode.Unified, layout.Mode);
        Assert.Empty(layout.V1Hierarchies);
        Assert.Equal("/sys/fs/cgroup", layout.Unified!.MountPoint);
    }

    [Fact]
    public void Container_view_keeps_mount_roots_and_maps_proc_cgroup_paths()
    {
        // Docker without a cgroup namespace: each hierarchy shows the container's own cgroup at its mount point.
        const string mountInfo = """
            700 690 0:29 /docker/abc /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory
            701 690 0:30 /docker/abc /sys/fs/cgroup/pids ro,nosuid - cgroup cgroup rw,pids
            """;
        var memory = CgroupLayout.Detect("/sys/fs/cgroup", mountInfo).V1("memory")!;

        Assert.Equal("/docker/abc", memory.MountRoot);
        Assert.Equal("/sys/fs/cgroup/memory/bock/x", memory.DirectoryOf("/docker/abc/bock/x"));
        Assert.Equal("/sys/fs/cgroup/memory", memory.DirectoryOf("/docker/abc"));
        Assert.Null(memory.DirectoryOf("/docker/abcdef"));
    }

    [Fact]
    public void Later_mounts_hide_earlier_ones_at_the_same_point()
    {
        const string mountInfo = """
            30 24 0:26 / /sys/fs/cgroup rw - tmpfs tmpfs rw
            31 30 0:27 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
            40 24 0:30 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw
            """;
        Assert.Equal(CgroupMode.Unified, CgroupLayout.Detect("/sys/fs/cgroup", mountInfo).Mode);
    }

    [Fact]
    public void Escaped_mount_points_are_decoded()
    {
        var entries = MountInfoParser.Parse(@"31 30 0:27 / /tmp/my\040cgroups/memory rw shared:3 master:1 - cgroup cgroup rw,memory");

        Assert.Equal("/tmp/my cgroups/memory", entries[0].MountPoint);
        Assert.Equal("cgroup", entries[0].FsType);
        Assert.Equal(["rw", "memory"], entries[0].SuperOptions);
    }

    [Fact]
    public void No_cgroups_mounted_is_an_error()
    {
        var e = Assert.Throws<CgroupException>(() => CgroupLayout.Detect("/sys/fs/cgroup", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"));
        Assert.Contains("no cgroup hierarchy", e.Message);
    }

    [Fact]
    public void Malformed_mountinfo_is_an_error() =>
        Assert.Throws<CgroupException>(() => MountInfoParser.Parse("31 30 0:27 / /x rw\n"));

    [Fact]
    public void Fake_trees_are_detected_in_each_layout()
    {
        using var v1 = FakeCgroupHost.Legacy();
        using var hybrid = FakeCgroupHost.Hybrid();
        using var v2 = FakeCgroupHost.Unified();

        Assert.Equal(CgroupMode.Legacy, v1.Layout.Mode);
        Assert.Equal(CgroupMode.Hybrid, hybrid.Layout.Mode);
        Assert.Equal(CgroupMode.Unified, v2.Layout.Mode);
        Assert.Equal(8, hybrid.Layout.V1Hierarchies.Count);
    }

    [Fact]
    public void This_host_is_detected_as_its_files_show()
    {
        var layout = CgroupLayout.Detect();
        var expected = File.Exists("/sys/fs/cgroup/cgroup.controllers") ? CgroupMode.Unified
            : File.Exists("/sys/fs/cgroup/unified/cgroup.controllers") ? CgroupMode.Hybrid
            : CgroupMode.Legacy;
        Assert.Equal(expected, layout.Mode);
    }
}
