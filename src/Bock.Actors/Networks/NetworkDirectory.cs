using System.Net;
using System.Security.Cryptography;
using Akka.Actor;
using static Bock.Actors.Networks.NetworkProtocol;

namespace Bock.Actors.Networks;

/// <summary>
/// The parent of every <see cref="NetworkActor"/>: names and ids, subnet checks, persistence, and the default
/// network <c>bridge</c> (device <c>bock0</c> for the standard daemon, see <see cref="LinkNaming"/>), made on first start. Commands about one network are forwarded to
/// its actor, which answers the original sender.
/// </summary>
public sealed class NetworkDirectory : ReceiveActor
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public const string DefaultNetworkName = "bridge";

    /// <summary>Docker's predefined networks that are not bridges: never created, never removed.</summary>
    public static readonly IReadOnlySet<string> SpecialNetworks = new HashSet<string>(StringComparer.Ordinal) { "host", "none" };

    private readonly INetworkStore _store;
    private readonly IActorRef _kernel;
    private readonly Func<IReadOnlyList<Ipv4Subnet>> _hostRoutes;
    private readonly LinkNaming _naming;
    private readonly IActorRef? _dns;
    private readonly Dictionary<string, (NetworkConfig Config, IActorRef Actor)> _networks = new(StringComparer.Ordinal);

    /// <summary>Creates waiting for their bridge, by network id: who asked.</summary>
    private readonly Dictionary<string, IActorRef> _pending = new(StringComparer.Ordinal);

    /// <param name="hostRoutes">The host's own routed subnets, which a default subnet must not overlap.</param>
    public NetworkDirectory(INetworkStore store, IActorRef kernel, IReadOnlyList<NetworkEndpoint> restored, Func<IReadOnlyList<Ipv4Subnet>> hostRoutes,
        LinkNaming? naming = null, IActorRef? dns = null)
    {
        _naming = naming ?? LinkNaming.Default;
        _dns = dns;
        _store = store;
        _kernel = kernel;
        _hostRoutes = hostRoutes;
        var byNetwork = restored.ToLookup(e => e.NetworkId);
        foreach (var config in store.LoadAll())
            Spawn(config, [.. byNetwork[config.Id]]);
        if (!_networks.Values.Any(n => n.Config.IsDefault))
        {
            var config = NewConfig(DefaultNetworkName, SubnetChooser.Next(TakenSubnets()), null, false, new Dictionary<string, string>()) with { IsDefault = true };
            config = config with { BridgeName = _naming.DefaultBridge };
            _store.Save(config);
            Spawn(config, []);
        }

        Receive<CreateNetwork>(Create);
        Receive<RemoveNetwork>(Remove);
        Receive<ListNetworks>(_ => ListAll());
        Receive<InspectNetwork>(m => ForwardTo(m.NameOrId, m));
        Receive<ConnectContainer>(m => ForwardTo(m.NameOrId, m));
        Receive<DisconnectContainer>(m => ForwardTo(m.NameOrId, m));
        Receive<NetworkActor.Ready>(ready =>
        {
            if (_pending.Remove(ready.Network.Id, out var replyTo))
            {
                _store.Save(ready.Network);
                replyTo.Tell(new NetworkCreated(ready.Network));
            }
        });
        Receive<NetworkActor.Failed>(failed =>
        {
            _networks.Remove(failed.Network.Id);
            if (_pending.Remove(failed.Network.Id, out var replyTo))
                replyTo.Tell(new NetworkCommandFailed(NetworkFailure.Kernel, failed.Reason));
        });
        Receive<NetworkActor.Deleted>(deleted =>
        {
            _networks.Remove(deleted.Network.Id);
            _store.Delete(deleted.Network.Id);
            deleted.ReplyTo.Tell(new NetworkRemoved(deleted.Network));
        });
        Receive<NetworkActor.DeleteRefused>(refused => refused.ReplyTo.Tell(refused.Failure));
    }

    public static Props Props(INetworkStore store, IActorRef kernel, IReadOnlyList<NetworkEndpoint> restored, Func<IReadOnlyList<Ipv4Subnet>> hostRoutes,
        LinkNaming? naming = null, IActorRef? dns = null) =>
        Akka.Actor.Props.Create(() => new NetworkDirectory(store, kernel, restored, hostRoutes, naming, dns));

    private void Create(CreateNetwork create)
    {
        if (SpecialNetworks.Contains(create.Name) || _networks.Values.Any(n => n.Config.Name == create.Name))
        {
            Sender.Tell(new NetworkCommandFailed(NetworkFailure.Conflict, $"network with name {create.Name} already exists"));
            return;
        }
        NetworkConfig config;
        try
        {
            var subnet = create.Subnet is { } text ? Ipv4Subnet.Parse(text) : SubnetChooser.Next(TakenSubnets());
            if (create.Subnet is not null && _networks.Values.Select(n => n.Config).FirstOrDefault(n => n.Subnet.Overlaps(subnet)) is { } other)
            {
                Sender.Tell(new NetworkCommandFailed(NetworkFailure.Conflict, $"invalid pool request: Pool overlaps with other one on this address space ({subnet} overlaps {other.Subnet} of network {other.Name})"));
                return;
            }
            var gateway = create.Gateway is { } g ? IPAddress.TryParse(g, out var parsed) ? parsed : throw new FormatException($"invalid gateway address {g}") : null;
            config = NewConfig(create.Name, subnet, gateway, create.Internal, create.Labels);
            _ = new AddressPool(config.Subnet, config.Gateway); // checks the gateway and the subnet's size
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            Sender.Tell(new NetworkCommandFailed(e is FormatException ? NetworkFailure.Invalid : NetworkFailure.Conflict, e.Message));
            return;
        }
        _pending[config.Id] = Sender;
        Spawn(config, []);
    }

    private void Remove(RemoveNetwork remove)
    {
        if (SpecialNetworks.Contains(remove.NameOrId))
        {
            Sender.Tell(new NetworkCommandFailed(NetworkFailure.Forbidden, $"{remove.NameOrId} is a pre-defined network and cannot be removed"));
            return;
        }
        if (Find(remove.NameOrId) is not { } network)
        {
            Sender.Tell(NotFound(remove.NameOrId));
            return;
        }
        if (network.Config.IsDefault)
        {
            Sender.Tell(new NetworkCommandFailed(NetworkFailure.Forbidden, $"{network.Config.Name} is a pre-defined network and cannot be removed"));
            return;
        }
        network.Actor.Tell(new NetworkActor.Delete(Sender));
    }

    private void ListAll()
    {
        var actors = _networks.Values.Where(n => !_pending.ContainsKey(n.Config.Id)).Select(n => n.Actor).ToList();
        Task.WhenAll(actors.Select(a => a.Ask<NetworkState>(new InspectNetwork(""), AskTimeout)))
            .PipeTo(Sender, success: states => new NetworkList([.. states.OrderBy(s => s.Config.Created)]),
                failure: e => new NetworkCommandFailed(NetworkFailure.Kernel, $"listing networks failed: {e.Message}"));
    }

    private void ForwardTo(string nameOrId, object message)
    {
        if (Find(nameOrId) is { } network) network.Actor.Forward(message);
        else Sender.Tell(NotFound(nameOrId));
    }

    /// <summary>Docker's order: an exact name, an exact id, then a unique id prefix.</summary>
    private (NetworkConfig Config, IActorRef Actor)? Find(string nameOrId)
    {
        var live = _networks.Values.Where(n => !_pending.ContainsKey(n.Config.Id)).ToList();
        var byName = live.Where(n => n.Config.Name == nameOrId).ToList();
        if (byName.Count > 0) return byName[0];
        var byId = live.Where(n => n.Config.Id == nameOrId).ToList();
        if (byId.Count > 0) return byId[0];
        var prefixed = nameOrId.Length > 0 ? live.Where(n => n.Config.Id.StartsWith(nameOrId, StringComparison.Ordinal)).ToList() : [];
        return prefixed.Count == 1 ? prefixed[0] : null;
    }

    private static NetworkCommandFailed NotFound(string nameOrId) => new(NetworkFailure.NotFound, $"network {nameOrId} not found");

    private IEnumerable<Ipv4Subnet> TakenSubnets() => _networks.Values.Select(n => n.Config.Subnet).Concat(_hostRoutes());

    private NetworkConfig NewConfig(string name, Ipv4Subnet subnet, IPAddress? gateway, bool isInternal, IReadOnlyDictionary<string, string> labels)
    {
        var id = RandomNumberGenerator.GetHexString(64, lowercase: true);
        return new NetworkConfig(id, name, subnet, gateway ?? Ipv4Subnet.ToAddress(subnet.Network + 1), _naming.Bridge(id), isInternal, labels, DateTimeOffset.UtcNow);
    }

    private void Spawn(NetworkConfig config, IReadOnlyList<NetworkEndpoint> restored) =>
        _networks[config.Id] = (config, Context.ActorOf(NetworkActor.Props(config, _kernel, restored, _naming, _dns), "network-" + config.Id[..12]));
}
