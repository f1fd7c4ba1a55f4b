using Bock.Kernel.Spec;

namespace Bock.Kernel.Cgroups.V2;

/// <summary>v2 cpuset controller. Unlike v1, an empty cpuset.cpus means "inherit", so nothing is copied.</summary>
internal static class CpusetV2
{
    public const string Cpus = "cpuset.cpus", Mems = "cpuset.mems";

    public static void Apply(string dir, CpuSpec cpu)
    {
        if (!string.IsNullOrEmpty(cpu.Cpus))
            CgroupFiles.Write(dir, Cpus, cpu.Cpus);
        if (!string.IsNullOrEmpty(cpu.Mems))
            CgroupFiles.Write(dir, Mems, cpu.Mems);
    }
}
