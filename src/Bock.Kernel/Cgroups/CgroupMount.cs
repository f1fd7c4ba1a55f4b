namespace Bock.Kernel.Cgroups;

/// <summary>One bind mount that gives a container its own cgroup view at /sys/fs/cgroup (runc's layout:
/// a tmpfs at /sys/fs/cgroup, then one bind per hierarchy).</summary>
/// <param name="Source">The host directory of the container's cgroup in this hierarchy.</param>
/// <param name="Target">Where it goes, relative to the container's /sys/fs/cgroup: "" for a v2 host (the whole
/// mount), <c>cpu,cpuacct</c>, <c>memory</c>, <c>unified</c>... on v1 and hybrid hosts.</param>
/// <param name="Symlinks">Names to create next to <paramref name="Target"/> as symlinks to it, for co-mounted
/// controllers (<c>cpu</c> and <c>cpuacct</c> → <c>cpu,cpuacct</c>).</param>
public sealed record CgroupMount(string Source, string Target, IReadOnlyList<string> Symlinks);
