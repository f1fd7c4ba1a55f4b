using System.Collections.Immutable;
using System.Net;

namespace Bock.Actors.Networks.Dns;

/// <summary>
/// The host's resolvers, where forwarded queries go. The forwarder runs in bockd's own (host) network namespace, so
/// every nameserver of the host's resolv.conf is reachable from it, loopback ones (systemd-resolved's 127.0.0.53)
/// included, and all are kept.
/// </summary>
public static class ResolvConf
{
    public const string HostPath = "/etc/resolv.conf";

    /// <summary>Docker's choice when the host lists no nameserver.</summary>
    public static readonly ImmutableArray<IPEndPoint> Fallback =
        [new(IPAddress.Parse("8.8.8.8"), 53), new(IPAddress.Parse("8.8.4.4"), 53)];

    /// <summary>The nameservers of a resolv.conf text, port 53, in order; lines that do not parse are skipped as glibc does.</summary>
    public static ImmutableArray<IPEndPoint> Parse(string text) =>
    [
        .. text.Split('\n')
            .Select(line => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words.Length >= 2 && words[0] == "nameserver")
            .Select(words => IPAddress.TryParse(words[1], out var address) ? new IPEndPoint(address, 53) : null)
            .OfType<IPEndPoint>(),
    ];

    /// <summary>The nameservers of the file at <paramref name="path"/>, or <see cref="Fallback"/> when it has none or is missing.</summary>
    public static ImmutableArray<IPEndPoint> Load(string path = HostPath)
    {
        var found = File.Exists(path) ? Parse(File.ReadAllText(path)) : [];
        return found.IsEmpty ? Fallback : found;
    }
}
