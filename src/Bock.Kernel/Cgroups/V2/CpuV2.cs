using Bock.Kernel.Spec;

namespace Bock.Kernel.Cgroups.V2;

/// <summary>v2 cpu controller: cpu.weight (from shares) and cpu.max.</summary>
internal static class CpuV2
{
    public const string Weight = "cpu.weight", Max = "cpu.max", Stat = "cpu.stat";

    public static void Apply(string dir, CpuSpec cpu)
    {
        if ((cpu.RealtimePeriod is not null and not 0) || (cpu.RealtimeRuntime is not null and not 0))
            throw new CgroupException("cpu.realtimePeriod/realtimeRuntime: real-time bandwidth is not supported on cgroup v2");
        if (cpu.Shares is { } shares and not 0)
            CgroupFiles.Write(dir, Weight, SharesToWeight(shares).ToString());
        var quota = cpu.Quota ?? 0;
        var period = cpu.Period ?? 0;
        if (quota != 0 || period != 0)
        {
            // "max" unless a positive quota is given; without a period the kernel keeps the current one.
            var value = quota > 0 ? quota.ToString() : "max";
            if (period != 0)
                value += " " + period;
            CgroupFiles.Write(dir, Max, value);
        }
    }

    /// <summary>Maps v1 shares [2, 262144] onto v2 weight [1, 10000] linearly (runc's and crun's formula).</summary>
    public static ulong SharesToWeight(ulong shares) =>
        shares == 0 ? 0 : 1 + ((Math.Clamp(shares, 2UL, 262144UL) - 2) * 9999) / 262142;
}
