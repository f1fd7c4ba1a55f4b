using System.Collections.Immutable;
using Bockrose.Compose.Model;

namespace Bockrose.Compose.Normalization;

/// <summary>
/// The short port syntax <c>[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]</c>, with ranges (<c>8000-8010:8000-8010</c>,
/// expanded pairwise), a published range for one target (<c>8000-8010:80</c>, kept as a range to pick from),
/// an empty published port (<c>127.0.0.1::80</c>) and bracketed IPv6 host addresses (<c>[::1]:8080:80</c>).
/// </summary>
internal static class PortSyntax
{
    public static ImmutableArray<ServicePort> Parse(string spec)
    {
        var rest = spec.Trim();
        var protocol = "tcp";
        var slash = rest.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = rest[(slash + 1)..].ToLowerInvariant();
            rest = rest[..slash];
            if (protocol is not ("tcp" or "udp" or "sctp"))
                throw new FormatException($"invalid protocol \"{protocol}\" in port \"{spec}\" (tcp, udp or sctp)");
        }

        string? hostIp = null;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            if (close < 0 || close + 1 >= rest.Length || rest[close + 1] != ':')
                throw new FormatException($"invalid IPv6 host address in port \"{spec}\"");
            hostIp = rest[1..close];
            rest = rest[(close + 2)..];
        }
        var parts = rest.Split(':');
        string? published;
        string target;
        switch (parts.Length)
        {
            case 1 when hostIp is null:
                published = null;
                target = parts[0];
                break;
            case 2:
                published = parts[0];
                target = parts[1];
                break;
            case 3 when hostIp is null:
                hostIp = parts[0];
                published = parts[1];
                target = parts[2];
                break;
            default:
                throw new FormatException($"invalid port \"{spec}\": expected [HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]");
        }
        if (published?.Length == 0) published = null;
        if (hostIp?.Length == 0) hostIp = null;

        var (targetLow, targetHigh) = Range(target, spec);
        if (published is null)
            return [.. Enumerable.Range(targetLow, targetHigh - targetLow + 1).Select(t => new ServicePort(t, null, hostIp, protocol, "ingress", null, null))];

        var (publishedLow, publishedHigh) = Range(published, spec);
        if (targetLow == targetHigh)
            return [new ServicePort(targetLow, published, hostIp, protocol, "ingress", null, null)];
        if (publishedHigh - publishedLow != targetHigh - targetLow)
            throw new FormatException($"port \"{spec}\": the published range and the container range differ in length");
        return [.. Enumerable.Range(0, targetHigh - targetLow + 1)
            .Select(i => new ServicePort(targetLow + i, (publishedLow + i).ToString(), hostIp, protocol, "ingress", null, null))];
    }

    private static (int Low, int High) Range(string text, string spec)
    {
        var dash = text.IndexOf('-');
        var low = Port(dash < 0 ? text : text[..dash], spec);
        var high = dash < 0 ? low : Port(text[(dash + 1)..], spec);
        if (high < low) throw new FormatException($"port \"{spec}\": range {text} ends before it starts");
        return (low, high);
    }

    public static int Port(string text, string spec) =>
        int.TryParse(text, out var port) && port is > 0 and <= 65535
            ? port
            : throw new FormatException($"invalid port \"{text}\" in \"{spec}\" (1 to 65535)");
}
