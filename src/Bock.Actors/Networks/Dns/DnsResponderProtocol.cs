using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace Bock.Actors.Networks.Dns;

/// <summary>
/// Messages of the <see cref="DnsResponder"/>. Every command is acknowledged once it is in effect: after
/// <see cref="EndpointSet"/> the next query already sees the new address.
/// </summary>
public static class DnsResponderProtocol
{
    // Commands.

    /// <summary>
    /// Serve the resolver sockets of <paramref name="ContainerId"/>: <paramref name="Udp"/> a bound datagram socket and
    /// <paramref name="Tcp"/> a bound stream socket (the responder makes it listen), both at 127.0.0.11:53 in the
    /// container's network namespace. The responder owns them from now on and disposes them on unregistering, on a new
    /// registration for the same container (the same sockets again are a no-op), and when it stops. Replied with <see cref="SocketsRegistered"/>, or
    /// <see cref="DnsCommandRejected"/> for sockets of the wrong kind (which are then disposed too).
    /// </summary>
    public sealed record RegisterSockets(string ContainerId, Socket Udp, Socket? Tcp);

    /// <summary>Stop serving that container and close its sockets; replied with <see cref="SocketsUnregistered"/> (also when none were registered).</summary>
    public sealed record UnregisterSockets(string ContainerId);

    /// <summary>Add or replace a container's names and address on one network; replied with <see cref="EndpointSet"/> or <see cref="DnsCommandRejected"/>.</summary>
    public sealed record SetEndpoint(DnsEndpoint Endpoint);

    /// <summary>Replied with <see cref="EndpointRemoved"/> (also when there was none).</summary>
    public sealed record RemoveEndpoint(string NetworkId, string ContainerId);

    /// <summary>All of a container's endpoints, as when it stops or is removed; replied with <see cref="ContainerEndpointsRemoved"/>.</summary>
    public sealed record RemoveContainerEndpoints(string ContainerId);

    /// <summary>A network and every name on it; replied with <see cref="NetworkRemoved"/>.</summary>
    public sealed record RemoveNetwork(string NetworkId);

    /// <summary>
    /// Answer the container's aliases (a bockrose replica's service name) or withhold them, as readiness decides;
    /// kept across its endpoints' changes until the container's sockets are unregistered. Replied with <see cref="AliasesServedSet"/>.
    /// </summary>
    public sealed record SetAliasesServed(string ContainerId, bool Served);

    /// <summary>Where unknown names go from now on; replied with <see cref="UpstreamsSet"/>.</summary>
    public sealed record SetUpstreams(ImmutableArray<IPEndPoint> Upstreams);

    // Queries.

    /// <summary>Replied with <see cref="NameTable"/>.</summary>
    public sealed record GetNameTable
    {
        public static readonly GetNameTable Instance = new();
    }

    public sealed record NameTable(DnsNameTable Table);

    // Replies.

    public sealed record SocketsRegistered(string ContainerId);

    public sealed record SocketsUnregistered(string ContainerId);

    public sealed record EndpointSet(DnsEndpoint Endpoint);

    public sealed record EndpointRemoved(string NetworkId, string ContainerId);

    public sealed record ContainerEndpointsRemoved(string ContainerId);

    public sealed record NetworkRemoved(string NetworkId);

    public sealed record AliasesServedSet(string ContainerId, bool Served);

    public sealed record UpstreamsSet(ImmutableArray<IPEndPoint> Upstreams);

    public sealed record DnsCommandRejected(object Command, string Reason);
}
