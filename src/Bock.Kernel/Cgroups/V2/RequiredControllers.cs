using Bock.Kernel.Spec;

namespace Bock.Kernel.Cgroups.V2;

/// <summary>Which v2 controllers a <see cref="ResourcesSpec"/> writes to, so a missing one is reported by name
/// instead of as a missing interface file.</summary>
internal static class RequiredControllers
{
    /// <summary>Controllers that only work in domain cgroups (not in threaded subtrees); cpu and pids are thread-aware.</summary>
    public static readonly IReadOnlySet<string> Domain = new HashSet<string>(StringComparer.Ordinal) { "memory", "io", "hugetlb" };

    public static IReadOnlySet<string> For(ResourcesSpec resources)
    {
        var needed = new HashSet<string>(StringComparer.Ordinal);
        if (resources.Memory is { } m && (m.Limit is not null and not 0 || m.Reservation is not null and not 0 || m.Swap is not null and not 0))
            needed.Add("memory");
        if (resources.Cpu is { } c)
        {
            if (c.Shares is not null and not 0 || c.Quota is not null and not 0 || c.Period is not null and not 0)
                needed.Add("cpu");
            if (!string.IsNullOrEmpty(c.Cpus) || !string.IsNullOrEmpty(c.Mems))
                needed.Add("cpuset");
        }
        if (resources.Pids is not null)
            needed.Add("pids");
        foreach (var key in resources.Unified?.Keys ?? [])
        {
            // "cgroup.*" files belong to the core, not to a controller.
            var prefix = key.Split('.')[0];
            if (prefix.Length > 0 && prefix != "cgroup" && key.Contains('.'))
                needed.Add(prefix);
        }
        return needed;
    }
}
