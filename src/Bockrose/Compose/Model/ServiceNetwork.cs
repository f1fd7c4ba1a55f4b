using System.Collections.Immutable;

namespace Bockrose.Compose.Model;

/// <summary>A service's attachment to a network; null in <see cref="Service.Networks"/> when nothing is configured.</summary>
public sealed record ServiceNetwork(
    ImmutableArray<string> Aliases,
    string? Ipv4Address,
    string? Ipv6Address,
    int? Priority);
