using Bock.Kernel.Spec;

namespace Bock.Kernel.Cgroups.V1;

/// <summary>v1 cpuset controller. A new v1 cpuset starts with empty cpus and mems and refuses tasks until both are
/// set, so every level we create inherits its parent's values.</summary>
internal static class CpusetV1
{
    public const string Cpus = "cpuset.cpus", Mems = "cpuset.mems";

    public static void InheritIfEmpty(string parent, string dir)
    {
        foreach (var file in (ReadOnlySpan<string>)[Cpus, Mems])
        {
            if (!string.IsNullOrEmpty(CgroupFiles.TryRead(dir, file)))
                continue;
            var value = CgroupFiles.Read(parent, file);
            if (value.Length > 0)
                CgroupFiles.Write(dir, file, value);
        }
    }

    public static void Apply(string dir, CpuSpec cpu)
    {
        // mems first: a cpus change cannot fail for lack of memory nodes, but the kernel checks both against the parent.
        if (!string.IsNullOrEmpty(cpu.Mems))
            CgroupFiles.Write(dir, Mems, cpu.Mems);
        if (!string.IsNullOrEmpty(cpu.Cpus))
            CgroupFiles.Write(dir, Cpus, cpu.Cpus);
    }
}
