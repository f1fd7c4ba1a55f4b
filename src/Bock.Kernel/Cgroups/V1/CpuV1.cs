using Bock.Kernel.Spec;

namespace Bock.Kernel.Cgroups.V1;

/// <summary>v1 cpu controller: shares, CFS bandwidth, real-time bandwidth.</summary>
internal static class CpuV1
{
    public const string Shares = "cpu.shares", Quota = "cpu.cfs_quota_us", Period = "cpu.cfs_period_us",
        RtPeriod = "cpu.rt_period_us", RtRuntime = "cpu.rt_runtime_us";

    public static void Apply(string dir, CpuSpec cpu)
    {
        if (cpu.Shares is { } shares and not 0)
        {
            CgroupFiles.Write(dir, Shares, shares.ToString());
            // The kernel clamps out-of-range shares silently (to 2..262144); report it instead of running with
            // a value nobody asked for.
            var actual = CgroupFiles.Read(dir, Shares);
            if (actual != shares.ToString())
                throw new CgroupException($"{Shares}: writing {shares}: the kernel set {actual} instead (allowed range 2-262144)");
        }

        var quota = cpu.Quota ?? 0;
        string? pendingPeriod = null;
        if (cpu.Period is { } period and not 0)
        {
            try
            {
                CgroupFiles.Write(dir, Period, period.ToString());
            }
            catch (CgroupException e) when (e.Errno == CgroupNative.EINVAL && quota != 0)
            {
                // A smaller period can exceed the parent's bandwidth with the old quota: set the quota, then retry.
                pendingPeriod = period.ToString();
            }
        }
        if (quota != 0)
        {
            CgroupFiles.Write(dir, Quota, quota.ToString());
            if (pendingPeriod is not null)
                CgroupFiles.Write(dir, Period, pendingPeriod);
        }

        // The runtime must fit the period, so the period goes first.
        if (cpu.RealtimePeriod is { } rtPeriod and not 0)
            CgroupFiles.Write(dir, RtPeriod, rtPeriod.ToString());
        if (cpu.RealtimeRuntime is { } rtRuntime and not 0)
            CgroupFiles.Write(dir, RtRuntime, rtRuntime.ToString());
    }
}
