using Akka.Actor;
using Bock.Actors.Kernel;
using Bock.Actors.Networks;
using Bock.Host.Containers;
using Bock.Kernel.Nftables;

namespace Bock.Host.Networks;

/// <summary>
/// At start-up, what a killed daemon left of networking and no record claims goes: namespaces of containers that
/// are gone, veths of endpoints nobody holds, bridges of networks that were never saved, nftables rules of owners
/// no longer alive. Queued on the kernel pool
/// before any new work for the same keys.
/// </summary>
public static class NetworkReconciler
{
    public static void Reconcile(INetworkKernel kernel, IActorRef pool, LinkNaming naming, IReadOnlyList<NetworkConfig> networks,
        IReadOnlyList<ContainerRecord> containers, string netnsDirectory)
    {
        var liveContainers = containers.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        if (Directory.Exists(netnsDirectory))
            foreach (var path in Directory.EnumerateFiles(netnsDirectory).Where(p => !liveContainers.Contains(Path.GetFileName(p))))
                pool.Tell(new KernelProtocol.DeleteSandbox(Path.GetFileName(path), path));
        var liveLinks = containers.SelectMany(c => c.Endpoints).Select(e => e.HostLink).ToHashSet(StringComparer.Ordinal);
        foreach (var link in kernel.Links(naming.HostLinkPrefix).Where(l => !liveLinks.Contains(l)))
            pool.Tell(new KernelProtocol.DisconnectEndpoint(link, link));
        var liveBridges = networks.Select(n => n.BridgeName).ToHashSet(StringComparer.Ordinal);
        foreach (var bridge in kernel.Links(naming.BridgePrefix).Where(b => !liveBridges.Contains(b)))
            pool.Tell(new KernelProtocol.DeleteBridge(bridge));
        // Rules of networks that are gone and ports of containers that no longer run; running ones keep theirs.
        var liveOwners = networks.Select(n => FirewallOwner.Network(n.Id))
            .Concat(containers.Where(c => c.Ports.Count > 0 && c.State is "running" or "paused").Select(c => FirewallOwner.Container(c.Id)))
            .ToHashSet();
        pool.Tell(new KernelProtocol.ReconcileFirewall(liveOwners));
    }
}
