using Bock.Kernel.Spec;

namespace Bock.Kernel.Cgroups.V2;

/// <summary>v2 memory controller: memory.max, memory.low, memory.swap.max.</summary>
internal static class MemoryV2
{
    public const string Max = "memory.max", Low = "memory.low", SwapMax = "memory.swap.max",
        Current = "memory.current", Events = "memory.events";

    public static void Apply(string dir, MemorySpec memory, List<string> warnings)
    {
        var limit = memory.Limit ?? 0;
        var swap = SwapOnly(memory.Swap ?? 0, limit);
        if (swap != 0)
        {
            if (CgroupFiles.Exists(dir, SwapMax))
                // Swap first: memory.max alone would let the container swap the excess under the old swap limit.
                CgroupFiles.Write(dir, SwapMax, Format(swap));
            else
                warnings.Add($"memory.swap ignored: the kernel has no swap accounting ({SwapMax} missing)");
        }
        if (limit != 0)
            CgroupFiles.Write(dir, Max, Format(limit));
        if (memory.Reservation is { } reservation and not 0)
            CgroupFiles.Write(dir, Low, Format(reservation));
        if (memory.Swappiness is not null)
            warnings.Add("memory.swappiness ignored: cgroup v2 has no per-cgroup swappiness");
        if (memory.DisableOomKiller == true)
            warnings.Add("memory.disableOOMKiller ignored: cgroup v2 cannot disable the OOM killer");
        if (memory.Kernel is not null and not 0)
            warnings.Add("memory.kernel ignored: kernel memory limits are deprecated and not applied");
    }

    /// <summary>OCI swap is memory+swap (v1's memsw); v2's swap.max is swap alone, so subtract the limit
    /// (runc's ConvertMemorySwapToCgroupV2Value). 0 = unset, -1 = unlimited.</summary>
    public static long SwapOnly(long memorySwap, long memory)
    {
        if (memory == -1 && memorySwap == 0)
            return -1;
        if (memorySwap is -1 or 0)
            return memorySwap;
        if (memory is 0 or -1)
            throw new CgroupException($"{SwapMax}: swap {memorySwap} cannot be set without a memory limit");
        if (memory < 0 || memorySwap < memory)
            throw new CgroupException($"{SwapMax}: memory+swap {memorySwap} must be >= the memory limit {memory}");
        return memorySwap - memory;
    }

    private static string Format(long value) => value == -1 ? "max" : value.ToString();

    public static long OomKills(string dir) => CgroupFiles.ReadKey(dir, Events, "oom_kill") ?? 0;
}
