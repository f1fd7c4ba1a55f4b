using System.Collections.Immutable;
using System.Net;

namespace Bock.Actors.Networks.Dns;

/// <summary>
/// A container's attachment to a network as name resolution sees it: its address there, its own names (container
/// name, short id) and its <see cref="Aliases"/> (network aliases; for a bockrose replica its service name). Replicas
/// of one service each bring the service name, which therefore resolves to all of them; a replica whose aliases are
/// withheld (not ready) still answers to its own names.
/// </summary>
public sealed record DnsEndpoint(string NetworkId, string ContainerId, IPAddress Address, ImmutableArray<string> Names)
{
    public ImmutableArray<string> Aliases { get; init; } = [];
}
