using Akka.Actor;
using Akka.Hosting;
using Bock.Actors.Kernel;
using System.Collections.Concurrent;
using Bock.Actors.Networks;
using Bock.Actors.Networks.Dns;
using static Bock.Actors.Networks.NetworkProtocol;

namespace Bock.Host.Networks;

/// <summary>
/// A container's network side: its namespace (<c>&lt;run-root&gt;/netns/&lt;id&gt;</c>, made by the kernel pool before
/// the container's process exists, kept across its restarts), its endpoints on each network, and removing all of
/// it again. A failure half way takes back what was made.
/// </summary>
public sealed class ContainerNetworking(IRequiredActor<KernelPool> kernel, IRequiredActor<NetworkDirectory> networks,
    IRequiredActor<DnsResponder> dns, DaemonOptions options)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(45);

    /// <summary>Containers whose namespace has the embedded DNS's sockets (made once, on the first user-defined network).</summary>
    private readonly ConcurrentDictionary<string, bool> _dnsServed = new(StringComparer.Ordinal);

    public string NetnsPath(string containerId) => Path.Combine(options.RunRoot, "netns", containerId);

    /// <summary>Makes the namespace and attaches it to each network of the plan (eth0, eth1, …, in order).</summary>
    /// <exception cref="NetworkAttachException">Why not, with nothing left behind.</exception>
    public async Task<IReadOnlyList<NetworkEndpoint>> AttachAsync(string containerId, string containerName, NetworkPlan plan, CancellationToken ct)
    {
        var netns = NetnsPath(containerId);
        var pool = await kernel.GetAsync(ct);
        if (await pool.Ask<object>(new KernelProtocol.CreateSandbox(containerId, netns), AskTimeout, ct) is KernelProtocol.OperationFailed failed)
            throw new NetworkAttachException(NetworkFailure.Kernel, $"creating the network namespace failed: {failed.Reason}");
        List<NetworkEndpoint> endpoints = [];
        try
        {
            var directory = await networks.GetAsync(ct);
            foreach (var (request, index) in plan.Networks.Select((r, i) => (r, i)))
            {
                var connect = new ConnectContainer(request.NameOrId, containerId, containerName, netns, $"eth{index}",
                    request.Address, request.MacAddress, request.Aliases, DefaultRoute: index == 0);
                switch (await directory.Ask<object>(connect, AskTimeout, ct))
                {
                    case ContainerConnected connected:
                        endpoints.Add(connected.Endpoint);
                        if (!connected.Network.IsDefault) await ServeDnsAsync(containerId, netns, ct);
                        break;
                    case NetworkCommandFailed refused:
                        throw new NetworkAttachException(refused.Failure, refused.Reason);
                    case var other:
                        throw new NetworkAttachException(NetworkFailure.Kernel, $"unexpected reply {other}");
                }
            }
            return endpoints;
        }
        catch
        {
            await DetachAsync(containerId, endpoints, netns, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Leaves every network and removes the namespace. Best effort: a removal must not stop half way.</summary>
    public async Task DetachAsync(string containerId, IReadOnlyList<NetworkEndpoint> endpoints, string? netnsPath, CancellationToken ct)
    {
        if (_dnsServed.TryRemove(containerId, out _))
            await (await dns.GetAsync(ct)).Ask<object>(new DnsResponderProtocol.UnregisterSockets(containerId), AskTimeout, ct);
        var directory = await networks.GetAsync(ct);
        foreach (var endpoint in endpoints)
        {
            try
            {
                await directory.Ask<object>(new DisconnectContainer(endpoint.NetworkId, containerId), AskTimeout, ct);
            }
            catch (AskTimeoutException)
            {
                // Reconciling at the next start removes what is left.
            }
        }
        if (netnsPath is null) return;
        var pool = await kernel.GetAsync(ct);
        await pool.Ask<object>(new KernelProtocol.DeleteSandbox(containerId, netnsPath), AskTimeout, ct);
    }

    /// <summary><c>network connect</c> of an existing container: the next free ethN in its namespace.</summary>
    public async Task<object> ConnectAsync(string containerId, string containerName, string netnsPath, IReadOnlyList<NetworkEndpoint> existing,
        NetworkRequest request, CancellationToken ct)
    {
        var taken = existing.Select(e => e.InterfaceName).ToHashSet(StringComparer.Ordinal);
        var index = Enumerable.Range(0, 64).First(i => !taken.Contains($"eth{i}"));
        var connect = new ConnectContainer(request.NameOrId, containerId, containerName, netnsPath, $"eth{index}",
            request.Address, request.MacAddress, request.Aliases, DefaultRoute: existing.Count == 0);
        var reply = await (await networks.GetAsync(ct)).Ask<object>(connect, AskTimeout, ct);
        if (reply is ContainerConnected { Network.IsDefault: false })
        {
            try
            {
                await ServeDnsAsync(containerId, netnsPath, ct);
            }
            catch (NetworkAttachException e)
            {
                await DisconnectAsync(((ContainerConnected)reply).Network.Id, containerId, CancellationToken.None);
                return new NetworkCommandFailed(e.Failure, e.Message);
            }
        }
        return reply;
    }

    /// <summary>After a daemon restart: the embedded DNS's sockets again for each container on a user-defined network.</summary>
    public async Task RestoreDnsAsync(IEnumerable<(string ContainerId, string NetnsPath)> containers, CancellationToken ct)
    {
        foreach (var (containerId, netnsPath) in containers)
            await ServeDnsAsync(containerId, netnsPath, ct);
    }

    /// <summary>Binds 127.0.0.11:53 in the container's namespace (through the kernel pool) and hands the sockets to the responder.</summary>
    private async Task ServeDnsAsync(string containerId, string netnsPath, CancellationToken ct)
    {
        if (!_dnsServed.TryAdd(containerId, true)) return;
        var pool = await kernel.GetAsync(ct);
        switch (await pool.Ask<object>(new KernelProtocol.OpenDnsSockets(containerId, netnsPath), AskTimeout, ct))
        {
            case KernelProtocol.DnsSocketsOpened { Sockets: { } sockets }:
                await (await dns.GetAsync(ct)).Ask<object>(new DnsResponderProtocol.RegisterSockets(containerId, sockets.Udp, sockets.Tcp), AskTimeout, ct);
                break;
            case KernelProtocol.DnsSocketsOpened:
                break; // a recording kernel: no namespace to serve in
            case KernelProtocol.OperationFailed failed:
                _dnsServed.TryRemove(containerId, out _);
                throw new NetworkAttachException(NetworkFailure.Kernel, $"the embedded DNS cannot listen in the container's namespace: {failed.Reason}");
        }
    }

    /// <summary>Whether the embedded DNS answers the container's aliases (its own names always answer).</summary>
    public async Task ServeAliasesAsync(string containerId, bool served, CancellationToken ct) =>
        await (await dns.GetAsync(ct)).Ask<DnsResponderProtocol.AliasesServedSet>(new DnsResponderProtocol.SetAliasesServed(containerId, served), AskTimeout, ct);

    public async Task<object> DisconnectAsync(string networkId, string containerId, CancellationToken ct) =>
        await (await networks.GetAsync(ct)).Ask<object>(new DisconnectContainer(networkId, containerId), AskTimeout, ct);
}

/// <summary>A container could not be attached to its networks; <see cref="Failure"/> says which status code fits.</summary>
public sealed class NetworkAttachException(NetworkFailure failure, string message) : Exception(message)
{
    public NetworkFailure Failure { get; } = failure;
}
