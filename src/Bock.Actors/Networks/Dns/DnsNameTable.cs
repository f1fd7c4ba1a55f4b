using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace Bock.Actors.Networks.Dns;

/// <summary>
/// Who answers to which name, as an immutable value: each change returns a new table, so the socket loops read a
/// consistent snapshot without locks while the responder actor replaces it. The endpoints are the source of truth;
/// two indexes are derived from them (per network: name → addresses and address → endpoint; per container: the
/// networks it is on), and each change updates only what that endpoint touches. A lookup is scoped to the networks
/// of the asking container. Containers whose aliases are withheld (a bockrose replica that is not ready) are indexed
/// under their own names only, whatever endpoints they get meanwhile.
/// </summary>
public sealed class DnsNameTable
{
    public static readonly DnsNameTable Empty = new(
        ImmutableDictionary<string, ImmutableDictionary<string, DnsEndpoint>>.Empty,
        ImmutableDictionary<string, DnsNetworkIndex>.Empty,
        ImmutableDictionary<string, ImmutableHashSet<string>>.Empty,
        ImmutableHashSet<string>.Empty);

    // network → container → endpoint
    private readonly ImmutableDictionary<string, ImmutableDictionary<string, DnsEndpoint>> _endpoints;
    // network → its index: normalised name → addresses, and address → endpoint for reverse lookups
    private readonly ImmutableDictionary<string, DnsNetworkIndex> _indexes;
    // container → networks it has an endpoint on
    private readonly ImmutableDictionary<string, ImmutableHashSet<string>> _networksOf;
    // containers whose aliases are not answered
    private readonly ImmutableHashSet<string> _withheld;

    private DnsNameTable(
        ImmutableDictionary<string, ImmutableDictionary<string, DnsEndpoint>> endpoints,
        ImmutableDictionary<string, DnsNetworkIndex> indexes,
        ImmutableDictionary<string, ImmutableHashSet<string>> networksOf,
        ImmutableHashSet<string> withheld)
    {
        _endpoints = endpoints;
        _indexes = indexes;
        _networksOf = networksOf;
        _withheld = withheld;
    }

    public IEnumerable<DnsEndpoint> Endpoints => _endpoints.Values.SelectMany(byContainer => byContainer.Values);

    /// <summary>The networks whose names <paramref name="containerId"/> sees.</summary>
    public ImmutableHashSet<string> NetworksOf(string containerId) =>
        _networksOf.GetValueOrDefault(containerId, ImmutableHashSet<string>.Empty);

    /// <summary>Adds the endpoint, or replaces the container's endpoint on that network (a restart with a new address).</summary>
    /// <exception cref="ArgumentException">The address is not IPv4, or another container holds it on that network.</exception>
    public DnsNameTable WithEndpoint(DnsEndpoint endpoint)
    {
        if (endpoint.Address.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"{endpoint.Address} is not an IPv4 address: Bock networks are IPv4 only", nameof(endpoint));
        var index = _indexes.GetValueOrDefault(endpoint.NetworkId, DnsNetworkIndex.Empty);
        if (index.Owners.TryGetValue(Ipv4Subnet.ToNumber(endpoint.Address), out var holder) && holder.ContainerId != endpoint.ContainerId)
            throw new ArgumentException(
                $"{endpoint.Address} is held by container {holder.ContainerId} on network {endpoint.NetworkId}", nameof(endpoint));
        var onNetwork = _endpoints.GetValueOrDefault(endpoint.NetworkId, ImmutableDictionary<string, DnsEndpoint>.Empty);
        if (onNetwork.TryGetValue(endpoint.ContainerId, out var previous)) index = index.Without(Indexed(previous));
        return new DnsNameTable(
            _endpoints.SetItem(endpoint.NetworkId, onNetwork.SetItem(endpoint.ContainerId, endpoint)),
            _indexes.SetItem(endpoint.NetworkId, index.With(Indexed(endpoint))),
            _networksOf.SetItem(endpoint.ContainerId, NetworksOf(endpoint.ContainerId).Add(endpoint.NetworkId)),
            _withheld);
    }

    /// <summary>Whether the container's aliases are answered (by default they are); its own names always are.</summary>
    public bool ServesAliasesOf(string containerId) => !_withheld.Contains(containerId);

    /// <summary>The table with the container's aliases answered or withheld, on every network it is on now or later.</summary>
    public DnsNameTable WithAliasesServed(string containerId, bool served)
    {
        if (served == ServesAliasesOf(containerId)) return this;
        var withheld = served ? _withheld.Remove(containerId) : _withheld.Add(containerId);
        var indexes = _indexes;
        foreach (var network in NetworksOf(containerId))
        {
            var endpoint = _endpoints[network][containerId];
            var before = served ? endpoint with { Aliases = [] } : endpoint;
            var after = served ? endpoint : endpoint with { Aliases = [] };
            indexes = indexes.SetItem(network, indexes[network].Without(before).With(after));
        }
        return new DnsNameTable(_endpoints, indexes, _networksOf, withheld);
    }

    /// <summary>The endpoint as the indexes hold it: without its aliases while they are withheld.</summary>
    private DnsEndpoint Indexed(DnsEndpoint endpoint) =>
        _withheld.Contains(endpoint.ContainerId) ? endpoint with { Aliases = [] } : endpoint;

    /// <summary>The table without that container's endpoint on that network; the same table if it had none.</summary>
    public DnsNameTable WithoutEndpoint(string networkId, string containerId)
    {
        if (!_endpoints.TryGetValue(networkId, out var onNetwork) || !onNetwork.TryGetValue(containerId, out var endpoint)) return this;
        onNetwork = onNetwork.Remove(containerId);
        var networks = NetworksOf(containerId).Remove(networkId);
        return new DnsNameTable(
            onNetwork.IsEmpty ? _endpoints.Remove(networkId) : _endpoints.SetItem(networkId, onNetwork),
            onNetwork.IsEmpty ? _indexes.Remove(networkId) : _indexes.SetItem(networkId, _indexes[networkId].Without(Indexed(endpoint))),
            networks.IsEmpty ? _networksOf.Remove(containerId) : _networksOf.SetItem(containerId, networks),
            _withheld);
    }

    /// <summary>The table without that container's endpoints on any network.</summary>
    public DnsNameTable WithoutContainer(string containerId) =>
        NetworksOf(containerId).Aggregate(this, (table, network) => table.WithoutEndpoint(network, containerId));

    /// <summary>The table without that network and every endpoint on it.</summary>
    public DnsNameTable WithoutNetwork(string networkId) =>
        _endpoints.TryGetValue(networkId, out var onNetwork)
            ? onNetwork.Keys.Aggregate(this, (table, container) => table.WithoutEndpoint(networkId, container))
            : this;

    /// <summary>
    /// The addresses <paramref name="name"/> has on the networks of <paramref name="containerId"/> (case-insensitive,
    /// trailing dot optional), without duplicates and sorted; empty when the name is not ours for that container.
    /// </summary>
    public ImmutableArray<IPAddress> Lookup(string containerId, string name)
    {
        if (!_networksOf.TryGetValue(containerId, out var networks)) return [];
        var key = DnsName.Normalize(name);
        ImmutableArray<IPAddress> found = [];
        var several = false;
        foreach (var network in networks)
        {
            if (!_indexes[network].Names.TryGetValue(key, out var addresses)) continue;
            several |= !found.IsEmpty;
            found = found.AddRange(addresses);
        }
        return several ? [.. found.Distinct().OrderBy(Ipv4Subnet.ToNumber)] : found;
    }

    /// <summary>
    /// The canonical name of the container at <paramref name="address"/> on a network of <paramref name="containerId"/>
    /// (a reverse lookup), or null. On several networks, the one whose id sorts first decides, so the answer is stable.
    /// </summary>
    public string? ReverseLookup(string containerId, IPAddress address)
    {
        if (!_networksOf.TryGetValue(containerId, out var networks) || address.AddressFamily != AddressFamily.InterNetwork) return null;
        var key = Ipv4Subnet.ToNumber(address);
        return networks.Order(StringComparer.Ordinal)
            .Select(network => _indexes[network].Owners.GetValueOrDefault(key))
            .Select(owner => owner is null ? null : DnsNetworkIndex.KeysOf(owner).FirstOrDefault())
            .FirstOrDefault(name => name is not null);
    }
}
