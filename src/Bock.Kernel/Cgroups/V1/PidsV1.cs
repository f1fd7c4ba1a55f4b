using Bock.Kernel.Spec;

namespace Bock.Kernel.Cgroups.V1;

/// <summary>The pids controller; v1 and v2 share its files.</summary>
internal static class PidsV1
{
    public const string Max = "pids.max", Current = "pids.current";

    /// <summary>A limit of 0 or below means unlimited (runc's reading of the OCI field).</summary>
    public static void Apply(string dir, PidsSpec pids) =>
        CgroupFiles.Write(dir, Max, pids.Limit > 0 ? pids.Limit.ToString() : "max");
}
