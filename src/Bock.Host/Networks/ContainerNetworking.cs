using Akka.Actor;
using Akka.Hosting;
using Bock.Actors.Kernel;
using Bock.Actors.Networks;
using static Bock.Actors.Networks.NetworkProtocol;

namespace Bock.Host.Networks;

/// <summary>
/// A container's network side: its namespace (<c>&lt;run-root&gt;/netns/&lt;id&gt;</c>, made by the kernel pool before
/// the container's process exists, kept across its restarts), its endpoints on each network, and removing all of
/// it again. A failure half way takes back what was made.
/// </summary>
public sealed class ContainerNetworking(IRequiredActor<KernelPool> kernel, IRequiredActor<NetworkDirectory> networks, DaemonOptions options)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(45);

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
        return await (await networks.GetAsync(ct)).Ask<object>(connect, AskTimeout, ct);
    }

    public async Task<object> DisconnectAsync(string networkId, string containerId, CancellationToken ct) =>
        await (await networks.GetAsync(ct)).Ask<object>(new DisconnectContainer(networkId, containerId), AskTimeout, ct);
}

/// <summary>A container could not be attached to its networks; <see cref="Failure"/> says which status code fits.</summary>
public sealed class NetworkAttachException(NetworkFailure failure, string message) : Exception(message)
{
    public NetworkFailure Failure { get; } = failure;
}
