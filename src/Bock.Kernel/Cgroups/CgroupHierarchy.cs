namespace Bock.Kernel.Cgroups;

/// <summary>One mounted cgroup hierarchy.</summary>
/// <param name="Controllers">v1: the controllers co-mounted here (e.g. <c>cpu</c>, <c>cpuacct</c>) or a named
/// hierarchy (<c>name=systemd</c>); v2: empty (see cgroup.controllers).</param>
/// <param name="MountPoint">Where the hierarchy is visible, e.g. <c>/sys/fs/cgroup/cpu,cpuacct</c>.</param>
/// <param name="MountRoot">The cgroup that appears at the mount point, "/" on a host; in a container without a
/// cgroup namespace it is the container's own cgroup. /proc/PID/cgroup paths are relative to the hierarchy's
/// real root, so they are mapped to directories by stripping this prefix.</param>
public sealed record CgroupHierarchy(IReadOnlyList<string> Controllers, string MountPoint, string MountRoot)
{
    public bool Has(string controller) => Controllers.Contains(controller);

    /// <summary>The directory of the cgroup that /proc/PID/cgroup names <paramref name="cgroupPath"/>, or null when
    /// it lies outside what this mount shows.</summary>
    public string? DirectoryOf(string cgroupPath)
    {
        var root = MountRoot.TrimEnd('/');
        if (root.Length > 0 && cgroupPath != root && !cgroupPath.StartsWith(root + "/", StringComparison.Ordinal))
            return null;
        var relative = cgroupPath[root.Length..].TrimStart('/');
        return relative.Length == 0 ? MountPoint : Path.Combine(MountPoint, relative);
    }
}
