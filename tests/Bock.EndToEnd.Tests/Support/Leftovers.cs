namespace Bock.EndToEnd.Tests.Support;

/// <summary>
/// What a removed container must not leave: a mount, a bundle, an active snapshot, a cgroup. Mounts, bundles and
/// snapshots are looked for under the daemon's own directory; cgroups are host-wide, so they are compared with a
/// <see cref="CgroupsNow"/> taken before the test acted.
/// </summary>
public static class Leftovers
{
    public static IReadOnlySet<string> CgroupsNow() =>
        Directory.GetDirectories("/sys/fs/cgroup").Select(c => Path.Combine(c, "bock")).Where(Directory.Exists)
            .SelectMany(Directory.GetDirectories).ToHashSet();

    public static void AssertNone(BockDaemon daemon, IReadOnlyList<string> liveIds, IReadOnlySet<string> cgroupsBefore)
    {
        bool Live(string path) => liveIds.Any(path.Contains);
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
            .Where(m => m.StartsWith(daemon.Directory) && !Live(m)).ToList();
        Assert.True(mounts.Count == 0, "mounts left: " + string.Join(", ", mounts));
        var containers = Path.Combine(daemon.Root, "containers");
        var bundles = Directory.Exists(containers) ? Directory.GetDirectories(containers).Where(d => !Live(d)).ToList() : [];
        Assert.True(bundles.Count == 0, "bundles left: " + string.Join(", ", bundles));
        var active = Path.Combine(daemon.Root, "snapshots", "active");
        var snapshots = Directory.Exists(active) ? Directory.GetDirectories(active).Where(d => !Live(d)).ToList() : [];
        Assert.True(snapshots.Count == 0, "active snapshots left: " + string.Join(", ", snapshots));
        var cgroups = CgroupsNow().Except(cgroupsBefore).Where(d => !Live(d)).ToList();
        Assert.True(cgroups.Count == 0, "cgroups left: " + string.Join(", ", cgroups));
    }
}
