using System.Collections.Immutable;
using System.Net;

namespace Bock.Actors.Networks.Dns;

/// <summary>How the responder answers and forwards.</summary>
public sealed record DnsResponderSettings
{
    /// <summary>Where names that are not ours go, tried in order.</summary>
    public required ImmutableArray<IPEndPoint> Upstreams { get; init; }

    /// <summary>How long one upstream may take before the next is tried; SERVFAIL when none answered.</summary>
    public TimeSpan ForwardTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// TTL of our answers. Zero, because answers must follow restarts and scaling at once and some clients (nginx,
    /// the JVM) cache by TTL; glibc and musl do not cache, so this costs them nothing. Docker uses 600.
    /// </summary>
    public uint Ttl { get; init; }

    /// <summary>Forwarded queries one container may have in flight; more get SERVFAIL so a flood cannot exhaust sockets.</summary>
    public int MaxForwardsInFlight { get; init; } = 256;

    /// <summary>TCP connections one container may hold open; more are closed at once.</summary>
    public int MaxTcpConnections { get; init; } = 32;

    /// <summary>A TCP connection with no query for this long is closed (RFC 7766 6.2.3 suggests seconds).</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Forwarding to the host's resolvers as listed in /etc/resolv.conf now.</summary>
    public static DnsResponderSettings FromHost() => new() { Upstreams = ResolvConf.Load() };
}
