using Akka.Routing;
using Bock.Actors.Networks;

namespace Bock.Actors.Kernel;

/// <summary>
/// Messages of the kernel pool. Every command names its container, which is also its consistent-hash key: all work
/// for one container goes to one KernelActor, in order. Each command gets exactly one reply: its typed result or
/// <see cref="OperationFailed"/>.
/// </summary>
public static class KernelProtocol
{
    public abstract record KernelCommand(string ContainerId) : IConsistentHashable
    {
        object IConsistentHashable.ConsistentHashKey => ContainerId;
    }

    public sealed record CreateContainer(string ContainerId, string BundlePath) : KernelCommand(ContainerId);

    public sealed record StartContainer(string ContainerId) : KernelCommand(ContainerId);

    public sealed record KillContainer(string ContainerId, int Signal) : KernelCommand(ContainerId);

    public sealed record PauseContainer(string ContainerId) : KernelCommand(ContainerId);

    public sealed record ResumeContainer(string ContainerId) : KernelCommand(ContainerId);

    public sealed record DeleteContainer(string ContainerId, bool Force) : KernelCommand(ContainerId);

    /// <summary>Replied with <see cref="RuntimeState"/>.</summary>
    public sealed record GetRuntimeState(string ContainerId) : KernelCommand(ContainerId);

    /// <summary>Replied with <see cref="ContainerExited"/> when the process ends, however long that takes.</summary>
    public sealed record WaitForExit(string ContainerId) : KernelCommand(ContainerId);

    /// <summary>Replied with <see cref="ExecCompleted"/> when the process ends.</summary>
    public sealed record ExecInContainer(string ContainerId, ExecRequest Request) : KernelCommand(ContainerId);

    /// <summary>Replied with <see cref="KernelThread"/>: which OS thread serves this container's work.</summary>
    public sealed record GetKernelThread(string ContainerId) : KernelCommand(ContainerId);

    /// <summary>Network work is keyed by its bridge, or by its container for the container's own namespace and links.</summary>
    public sealed record CreateBridge(BridgeConfig Bridge, bool Forward) : KernelCommand(Bridge.Name);

    public sealed record DeleteBridge(string BridgeName) : KernelCommand(BridgeName);

    public sealed record CreateSandbox(string ContainerId, string NetnsPath) : KernelCommand(ContainerId);

    public sealed record DeleteSandbox(string ContainerId, string NetnsPath) : KernelCommand(ContainerId);

    public sealed record ConnectEndpoint(EndpointConfig Endpoint) : KernelCommand(Endpoint.ContainerId);

    public sealed record DisconnectEndpoint(string ContainerId, string HostLink) : KernelCommand(ContainerId);

    public sealed record AddNetworkRules(Bock.Kernel.Nftables.FirewallNetwork Network) : KernelCommand(Network.Id);

    public sealed record RemoveNetworkRules(string NetworkId) : KernelCommand(NetworkId);

    public sealed record PublishPorts(string ContainerId, IReadOnlyList<Bock.Kernel.Nftables.PortMapping> Ports) : KernelCommand(ContainerId);

    public sealed record UnpublishPorts(string ContainerId) : KernelCommand(ContainerId);

    /// <summary>At start-up: every rule whose owner is not in <paramref name="Live"/> goes.</summary>
    public sealed record ReconcileFirewall(IReadOnlySet<Bock.Kernel.Nftables.FirewallOwner> Live) : KernelCommand("firewall");

    /// <summary>Replied with <see cref="DnsSocketsOpened"/>.</summary>
    public sealed record OpenDnsSockets(string ContainerId, string NetnsPath) : KernelCommand(ContainerId);

    public sealed record DnsSocketsOpened(string ContainerId, DnsSockets? Sockets);

    /// <summary>The reply to a command that succeeded and has nothing more to say.</summary>
    public sealed record OperationCompleted(KernelCommand Command);

    public sealed record OperationFailed(KernelCommand Command, string Reason);

    public sealed record ContainerExited(string ContainerId, ContainerExit Exit);

    public sealed record ExecCompleted(string ContainerId, ExecRequest Request, ExecResult Result);

    public sealed record KernelThread(int ManagedThreadId, string? Name);
}
