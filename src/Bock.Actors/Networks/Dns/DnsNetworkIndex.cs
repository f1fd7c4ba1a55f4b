using System.Collections.Immutable;
using System.Net;

namespace Bock.Actors.Networks.Dns;

/// <summary>What the endpoints of one network answer: names → addresses, and address → canonical name for PTR.</summary>
internal sealed record DnsNetworkIndex(
    ImmutableDictionary<string, ImmutableArray<IPAddress>> Names,
    ImmutableDictionary<uint, string> Canonical)
{
    /// <summary>An endpoint's first name is its canonical one (the container name), the answer to a reverse lookup.</summary>
    public static DnsNetworkIndex Of(IEnumerable<DnsEndpoint> endpoints)
    {
        var all = endpoints.ToList();
        var names = all
            .SelectMany(e => e.Names.Select(DnsName.Normalize).Where(n => n.Length > 0).Distinct().Select(n => (Name: n, e.Address)))
            .GroupBy(pair => pair.Name)
            .ToImmutableDictionary(g => g.Key, g => Sorted(g.Select(pair => pair.Address).Distinct()));
        var canonical = all
            .Where(e => e.Names.Any(n => DnsName.Normalize(n).Length > 0))
            .GroupBy(e => Ipv4Subnet.ToNumber(e.Address))
            .ToImmutableDictionary(g => g.Key, g => DnsName.Normalize(g.OrderBy(e => e.ContainerId, StringComparer.Ordinal).First().Names
                .First(n => DnsName.Normalize(n).Length > 0)));
        return new DnsNetworkIndex(names, canonical);
    }

    public static ImmutableArray<IPAddress> Sorted(IEnumerable<IPAddress> addresses) => [.. addresses.OrderBy(Ipv4Subnet.ToNumber)];
}
