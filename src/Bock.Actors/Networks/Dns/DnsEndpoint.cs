using System.Collections.Immutable;
using System.Net;

namespace Bock.Actors.Networks.Dns;

/// <summary>
/// A container's attachment to a network as name resolution sees it: its address there and every name it answers to
/// on that network (container name, short id, aliases, and for a bockrose replica its service name). Replicas of one
/// service each bring the service name, which therefore resolves to all of them.
/// </summary>
public sealed record DnsEndpoint(string NetworkId, string ContainerId, IPAddress Address, ImmutableArray<string> Names);
