using System.Collections.Immutable;
using System.Net;

namespace Bock.Actors.Networks.Dns;

/// <summary>
/// What the endpoints of one network answer: name → addresses (sorted, so that rotation starts from a stable order)
/// and address → the endpoint that holds it. Updated endpoint by endpoint, so that scaling a service to hundreds of
/// replicas costs each change a few dictionary operations rather than a rebuild.
/// </summary>
internal sealed record DnsNetworkIndex(
    ImmutableDictionary<string, ImmutableArray<IPAddress>> Names,
    ImmutableDictionary<uint, DnsEndpoint> Owners)
{
    public static readonly DnsNetworkIndex Empty = new(
        ImmutableDictionary<string, ImmutableArray<IPAddress>>.Empty, ImmutableDictionary<uint, DnsEndpoint>.Empty);

    /// <summary>The lookup keys of an endpoint's names then aliases, first (canonical) name first.</summary>
    public static IEnumerable<string> KeysOf(DnsEndpoint endpoint) =>
        endpoint.Names.Concat(endpoint.Aliases).Select(DnsName.Normalize).Where(name => name.Length > 0).Distinct();

    /// <remarks>The caller has removed any endpoint holding the same address (see <see cref="DnsNameTable.WithEndpoint"/>).</remarks>
    public DnsNetworkIndex With(DnsEndpoint endpoint)
    {
        var names = Names;
        var number = Ipv4Subnet.ToNumber(endpoint.Address);
        foreach (var key in KeysOf(endpoint))
        {
            var addresses = names.GetValueOrDefault(key, []);
            var at = 0;
            while (at < addresses.Length && Ipv4Subnet.ToNumber(addresses[at]) < number) at++;
            names = names.SetItem(key, addresses.Insert(at, endpoint.Address));
        }
        return new DnsNetworkIndex(names, Owners.SetItem(number, endpoint));
    }

    public DnsNetworkIndex Without(DnsEndpoint endpoint)
    {
        var names = Names;
        foreach (var key in KeysOf(endpoint))
        {
            if (!names.TryGetValue(key, out var addresses)) continue;
            addresses = addresses.Remove(endpoint.Address);
            names = addresses.IsEmpty ? names.Remove(key) : names.SetItem(key, addresses);
        }
        return new DnsNetworkIndex(names, Owners.Remove(Ipv4Subnet.ToNumber(endpoint.Address)));
    }
}
