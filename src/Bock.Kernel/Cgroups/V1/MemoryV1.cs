using Bock.Kernel.Spec;

namespace Bock.Kernel.Cgroups.V1;

/// <summary>v1 memory controller: limit, reservation, memory+swap, swappiness, OOM killer.</summary>
internal static class MemoryV1
{
    public const string Limit = "memory.limit_in_bytes", SoftLimit = "memory.soft_limit_in_bytes",
        SwapLimit = "memory.memsw.limit_in_bytes", Swappiness = "memory.swappiness", OomControl = "memory.oom_control",
        Usage = "memory.usage_in_bytes", MaxUsage = "memory.max_usage_in_bytes";

    public static void Apply(string dir, MemorySpec memory, List<string> warnings)
    {
        // OCI, like runc's internal config, uses 0 for "not set".
        var limit = memory.Limit ?? 0;
        var swap = memory.Swap ?? 0;
        var hasSwapFile = CgroupFiles.Exists(dir, SwapLimit);

        // Memory set to unlimited with swap unset means "both unlimited", else the old memsw value would cap it.
        if (limit == -1 && swap == 0 && hasSwapFile)
            swap = -1;
        if (swap != 0 && !hasSwapFile)
        {
            warnings.Add($"memory.swap {swap} ignored: the kernel has no swap accounting ({SwapLimit} missing; boot with swapaccount=1)");
            swap = 0;
        }
        if (swap != 0 && limit != 0 && swap != -1 && limit != -1 && swap < limit)
            throw new CgroupException($"memory.swap {swap} is below memory.limit {limit}: OCI swap is memory+swap and must be >= the limit");

        // The kernel keeps memory.limit <= memsw.limit at every step, so the order depends on the direction:
        // when memsw grows past the current limit, raise memsw first; otherwise lower the limit first.
        if (limit != 0 && swap != 0)
        {
            var current = ulong.TryParse(CgroupFiles.Read(dir, Limit), out var value) ? value : ulong.MaxValue;
            if (swap == -1 || current < (ulong)swap)
            {
                WriteSwap(dir, swap);
                WriteLimit(dir, limit);
                WriteRest(dir, memory, warnings);
                return;
            }
        }
        WriteLimit(dir, limit);
        WriteSwap(dir, swap);
        WriteRest(dir, memory, warnings);
    }

    private static void WriteRest(string dir, MemorySpec memory, List<string> warnings)
    {
        if (memory.Kernel is not null and not 0)
            warnings.Add("memory.kernel ignored: kernel memory limits are deprecated and not applied");
        if (memory.Reservation is { } reservation and not 0)
            CgroupFiles.Write(dir, SoftLimit, reservation.ToString());
        if (memory.Swappiness is { } swappiness)
        {
            if (swappiness > 100)
                throw new CgroupException($"{Swappiness}: writing {swappiness}: must be between 0 and 100");
            CgroupFiles.Write(dir, Swappiness, swappiness.ToString());
        }
        if (memory.DisableOomKiller == true)
            CgroupFiles.Write(dir, OomControl, "1");
    }

    private static void WriteLimit(string dir, long limit)
    {
        if (limit == 0)
            return;
        try
        {
            CgroupFiles.Write(dir, Limit, limit.ToString());
        }
        catch (CgroupException e) when (e.Errno == CgroupNative.EBUSY)
        {
            // EBUSY here means the cgroup already uses more than the new limit and could not reclaim it.
            var usage = CgroupFiles.TryRead(dir, Usage) ?? "?";
            var peak = CgroupFiles.TryRead(dir, MaxUsage) ?? "?";
            throw new CgroupException($"{e.Message}; the cgroup uses {usage} bytes now (peak {peak}), more than the new limit", e.Errno);
        }
    }

    private static void WriteSwap(string dir, long swap)
    {
        if (swap != 0)
            CgroupFiles.Write(dir, SwapLimit, swap.ToString());
    }

    public static long OomKills(string dir) => CgroupFiles.ReadKey(dir, OomControl, "oom_kill") ?? 0;
}
