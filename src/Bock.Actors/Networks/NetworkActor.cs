using System.Net;
using Akka.Actor;
using Bock.Actors.Kernel;
using static Bock.Actors.Networks.NetworkProtocol;

namespace Bock.Actors.Networks;

/// <summary>
/// One bridge network: owns its IPAM (<see cref="AddressPool"/>), its endpoints and its bridge. Kernel work goes to
/// the kernel pool and is awaited in order (ReceiveAsync), so two attachments never race for an address. The
/// bridge is made (or found again after a restart) before any other message is handled; the outcome goes to the
/// parent <see cref="NetworkDirectory"/>.
/// </summary>
public sealed class NetworkActor : ReceiveActor, IWithUnboundedStash
{
    private static readonly TimeSpan KernelTimeout = TimeSpan.FromSeconds(30);

    private readonly NetworkConfig _config;
    private readonly IActorRef _kernel;
    private readonly LinkNaming _naming;
    private readonly IActorRef? _dns;
    private readonly AddressPool _pool;
    private readonly Dictionary<string, NetworkEndpoint> _endpoints = new(StringComparer.Ordinal);

    /// <param name="dns">The embedded DNS, told every endpoint of a user-defined network; none on the default one, as in Docker.</param>
    public NetworkActor(NetworkConfig config, IActorRef kernel, IReadOnlyList<NetworkEndpoint> restored, LinkNaming naming, IActorRef? dns = null)
    {
        _config = config;
        _naming = naming;
        _dns = config.IsDefault ? null : dns;
        _kernel = kernel;
        _pool = new AddressPool(config.Subnet, config.Gateway);
        foreach (var endpoint in restored)
        {
            _pool.Allocate(endpoint.Address);
            _endpoints[endpoint.ContainerId] = endpoint;
        }
        ReceiveAsync<Initialize>(async _ => await InitializeAsync());
        ReceiveAny(_ => Stash.Stash());
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(NetworkConfig config, IActorRef kernel, IReadOnlyList<NetworkEndpoint> restored, LinkNaming naming, IActorRef? dns = null) =>
        Akka.Actor.Props.Create(() => new NetworkActor(config, kernel, restored, naming, dns));

    /// <summary>Told to the parent once the bridge is there; <see cref="Failed"/> (and the actor stops) if it cannot be made.</summary>
    public sealed record Ready(NetworkConfig Network);

    public sealed record Failed(NetworkConfig Network, string Reason);

    /// <summary>From the parent: remove the bridge unless endpoints remain; answered to the parent with <see cref="Deleted"/> or the failure.</summary>
    public sealed record Delete(IActorRef ReplyTo);

    public sealed record Deleted(NetworkConfig Network, IActorRef ReplyTo);

    public sealed record DeleteRefused(NetworkCommandFailed Failure, IActorRef ReplyTo);

    private sealed record Initialize
    {
        public static readonly Initialize Instance = new();
    }

    protected override void PreStart() => Self.Tell(Initialize.Instance);

    private async Task InitializeAsync()
    {
        if (await AskKernel(new KernelProtocol.CreateBridge(_config.Bridge, Forward: !_config.Internal)) is { } error)
        {
            Context.Parent.Tell(new Failed(_config, $"creating bridge {_config.BridgeName} failed: {error}"));
            Context.Stop(Self);
            return;
        }
        if (await AskKernel(new KernelProtocol.AddNetworkRules(FirewallNetwork())) is { } rulesError)
        {
            await AskKernel(new KernelProtocol.DeleteBridge(_config.BridgeName));
            Context.Parent.Tell(new Failed(_config, $"adding the nftables rules of network {_config.Name} failed: {rulesError}"));
            Context.Stop(Self);
            return;
        }
        foreach (var endpoint in _endpoints.Values) _dns?.Tell(DnsEndpointOf(endpoint));
        Context.Parent.Tell(new Ready(_config));
        Become(Serving);
        Stash.UnstashAll();
    }

    private void Serving()
    {
        Receive<InspectNetwork>(_ => Sender.Tell(State()));
        ReceiveAsync<ConnectContainer>(ConnectAsync);
        ReceiveAsync<DisconnectContainer>(DisconnectAsync);
        ReceiveAsync<Delete>(DeleteAsync);
    }

    private NetworkState State() => new(_config, [.. _endpoints.Values.OrderBy(e => e.ContainerName, StringComparer.Ordinal)]);

    private async Task ConnectAsync(ConnectContainer connect)
    {
        var sender = Sender;
        if (_endpoints.ContainsKey(connect.ContainerId))
        {
            sender.Tell(new NetworkCommandFailed(NetworkFailure.Conflict, $"endpoint with name {connect.ContainerName} already exists in network {_config.Name}"));
            return;
        }
        IPAddress address;
        try
        {
            address = connect.Address is { } wanted ? _pool.Allocate(wanted) : _pool.Allocate();
        }
        catch (InvalidOperationException e)
        {
            sender.Tell(new NetworkCommandFailed(connect.Address is null ? NetworkFailure.Conflict : NetworkFailure.Invalid, $"network {_config.Name}: {e.Message}"));
            return;
        }
        var hostLink = _naming.HostLink(connect.ContainerId, _config.Id);
        var endpoint = new NetworkEndpoint(_config.Id, connect.ContainerId, connect.ContainerName, address, _config.Subnet.PrefixLength, _config.Gateway,
            connect.MacAddress ?? MacFor(address), connect.Aliases, hostLink, connect.InterfaceName);
        var gateway = connect.DefaultRoute && !_config.Internal ? _config.Gateway : null;
        var kernelEndpoint = new EndpointConfig(connect.ContainerId, connect.NetnsPath, _config.BridgeName, hostLink,
            connect.InterfaceName, address, _config.Subnet.PrefixLength, endpoint.MacAddress, gateway);
        if (await AskKernel(new KernelProtocol.ConnectEndpoint(kernelEndpoint)) is { } error)
        {
            _pool.Release(address);
            sender.Tell(new NetworkCommandFailed(NetworkFailure.Kernel, $"attaching to network {_config.Name} failed: {error}"));
            return;
        }
        _endpoints[connect.ContainerId] = endpoint;
        _dns?.Tell(DnsEndpointOf(endpoint));
        sender.Tell(new ContainerConnected(endpoint, _config));
    }

    private async Task DisconnectAsync(DisconnectContainer disconnect)
    {
        var sender = Sender;
        if (!_endpoints.TryGetValue(disconnect.ContainerId, out var endpoint))
        {
            sender.Tell(new NetworkCommandFailed(NetworkFailure.NotFound, $"container {disconnect.ContainerId} is not connected to network {_config.Name}"));
            return;
        }
        if (await AskKernel(new KernelProtocol.DisconnectEndpoint(disconnect.ContainerId, endpoint.HostLink)) is { } error)
        {
            sender.Tell(new NetworkCommandFailed(NetworkFailure.Kernel, $"detaching from network {_config.Name} failed: {error}"));
            return;
        }
        _endpoints.Remove(disconnect.ContainerId);
        _pool.Release(endpoint.Address);
        _dns?.Tell(new Dns.DnsResponderProtocol.RemoveEndpoint(_config.Id, disconnect.ContainerId));
        sender.Tell(new ContainerDisconnected(_config.Id, disconnect.ContainerId));
    }

    private async Task DeleteAsync(Delete delete)
    {
        if (_endpoints.Count > 0)
        {
            Sender.Tell(new DeleteRefused(new NetworkCommandFailed(NetworkFailure.Conflict,
                $"error while removing network: network {_config.Name} id {_config.Id} has active endpoints ({string.Join(", ", _endpoints.Values.Select(e => e.ContainerName))})"),
                delete.ReplyTo));
            return;
        }
        if (await AskKernel(new KernelProtocol.RemoveNetworkRules(_config.Id)) is { } rulesError)
        {
            Sender.Tell(new DeleteRefused(new NetworkCommandFailed(NetworkFailure.Kernel, $"removing the nftables rules of {_config.Name} failed: {rulesError}"), delete.ReplyTo));
            return;
        }
        _dns?.Tell(new Dns.DnsResponderProtocol.RemoveNetwork(_config.Id));
        if (await AskKernel(new KernelProtocol.DeleteBridge(_config.BridgeName)) is { } error)
        {
            Sender.Tell(new DeleteRefused(new NetworkCommandFailed(NetworkFailure.Kernel, $"removing bridge {_config.BridgeName} failed: {error}"), delete.ReplyTo));
            return;
        }
        Sender.Tell(new Deleted(_config, delete.ReplyTo));
        Context.Stop(Self);
    }

    private Bock.Kernel.Nftables.FirewallNetwork FirewallNetwork() =>
        new(_config.Id, _config.BridgeName, System.Net.IPNetwork.Parse(_config.Subnet.ToString()), _config.Internal);

    /// <summary>The names a container answers to on this network: its name and short id, then its aliases.</summary>
    private static Dns.DnsResponderProtocol.SetEndpoint DnsEndpointOf(NetworkEndpoint e)
    {
        string[] own = [e.ContainerName, e.ContainerId[..Math.Min(12, e.ContainerId.Length)]];
        return new(new Dns.DnsEndpoint(e.NetworkId, e.ContainerId, e.Address, [.. own])
        {
            Aliases = [.. e.Aliases.Where(a => !own.Contains(a, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase)],
        });
    }

    /// <summary>Null when the kernel did it, else why not.</summary>
    private async Task<string?> AskKernel(KernelProtocol.KernelCommand command)
    {
        try
        {
            return await _kernel.Ask<object>(command, KernelTimeout) switch
            {
                KernelProtocol.OperationCompleted => null,
                KernelProtocol.OperationFailed failed => failed.Reason,
                var other => $"unexpected reply {other}",
            };
        }
        catch (AskTimeoutException)
        {
            return $"the kernel pool did not answer within {KernelTimeout.TotalSeconds} s";
        }
    }

    /// <summary>Docker's MAC scheme: 02:42 (locally administered) and the IPv4 address.</summary>
    public static string MacFor(IPAddress address) =>
        "02:42:" + string.Join(':', address.GetAddressBytes().Select(b => b.ToString("x2")));
}
