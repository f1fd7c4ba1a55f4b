using Bock.Api.Dtos;
using Bock.Kernel.Spec;

namespace Bock.Host.Containers;

/// <summary>
/// The parts of inspect's HostConfig that the bundle itself says (what bock-oci applies): memory, swap, CPUs, CPU
/// shares, the pids limit, a read-only root. Read from config.json rather than kept twice; a bundle that cannot be
/// read gives Docker's zero values.
/// </summary>
public static class BundleHostConfig
{
    public static HostConfigDto Apply(HostConfigDto config, string bundlePath)
    {
        RuntimeSpec spec;
        try
        {
            spec = SpecLoader.LoadBundle(bundlePath);
        }
        catch (Exception e) when (e is SpecException or IOException)
        {
            return config;
        }
        var resources = spec.Linux?.Resources;
        var cpu = resources?.Cpu;
        return config with
        {
            Memory = resources?.Memory?.Limit ?? 0,
            MemorySwap = resources?.Memory?.Swap ?? 0,
            // --cpus is a quota over a period; Docker reports it back as NanoCpus.
            NanoCpus = cpu is { Quota: > 0 and var quota, Period: > 0 and var period } ? (long)(quota * 1_000_000_000.0 / period) : 0,
            CpuShares = (long)(cpu?.Shares ?? 0),
            PidsLimit = resources?.Pids?.Limit is > 0 and var pids ? pids : null,
            ReadonlyRootfs = spec.Root?.Readonly == true,
        };
    }
}
