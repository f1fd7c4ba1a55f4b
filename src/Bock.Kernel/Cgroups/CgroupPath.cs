namespace Bock.Kernel.Cgroups;

/// <summary>OCI <c>cgroupsPath</c> semantics for the cgroupfs driver, as runc applies them.</summary>
public static class CgroupPath
{
    /// <summary>Returns the cgroup's path below each hierarchy's root, without a leading slash (e.g. <c>bock/web</c>).
    /// Absolute and relative paths both sit below the root; empty means <c>/bock/&lt;containerId&gt;</c>.</summary>
    public static string Resolve(string? cgroupsPath, string containerId)
    {
        if (string.IsNullOrEmpty(cgroupsPath))
        {
            if (string.IsNullOrEmpty(containerId) || containerId.Contains('/') || containerId is "." or "..")
                throw new CgroupException($"cgroupsPath: container id \"{containerId}\" cannot name a cgroup");
            return "bock/" + containerId;
        }
        // runc's systemd driver takes "slice:prefix:name"; only the cgroupfs driver exists here, so say so
        // instead of creating a directory literally named "system.slice:docker:abc".
        if (!cgroupsPath.StartsWith('/') && cgroupsPath.Count(c => c == ':') == 2)
            throw new CgroupException($"cgroupsPath \"{cgroupsPath}\": systemd cgroups (slice:prefix:name) are not supported; use a path such as /bock/{containerId}");
        var parts = cgroupsPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            throw new CgroupException($"cgroupsPath \"{cgroupsPath}\": the root cgroup cannot be a container's cgroup");
        foreach (var part in parts)
            if (part is "." or "..")
                throw new CgroupException($"cgroupsPath \"{cgroupsPath}\": \"{part}\" is not allowed (the path must stay below the cgroup root)");
        return string.Join('/', parts);
    }
}
