namespace Bock.Kernel.Cgroups;

/// <summary>How the host mounts its cgroup hierarchies.</summary>
public enum CgroupMode
{
    /// <summary>Only cgroup v1 hierarchies, one per controller or co-mounted group.</summary>
    Legacy,

    /// <summary>cgroup v1 controllers plus a cgroup2 mount at <c>unified</c> that holds processes but no
    /// controllers we use (systemd's "hybrid" layout). Limits go to v1; processes also join the v2 tree.</summary>
    Hybrid,

    /// <summary>A single cgroup2 hierarchy at the root.</summary>
    Unified,
}
