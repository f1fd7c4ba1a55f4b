using System.Collections.Immutable;

namespace Bockrose.Compose.Model;

/// <summary>A top-level network. <see cref="Name"/> is the engine-side name: <c>project_key</c> unless set or external.</summary>
public sealed record NetworkDefinition(
    string Name,
    string? Driver,
    ImmutableSortedDictionary<string, string> DriverOpts,
    bool External,
    bool? Internal,
    bool? Attachable,
    bool? EnableIpv6,
    ImmutableArray<IpamPool> Ipam,
    ImmutableSortedDictionary<string, string> Labels);
