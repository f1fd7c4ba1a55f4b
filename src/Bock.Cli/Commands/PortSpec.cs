using Bock.Api.Dtos;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

/// <summary>
/// <c>-p [ip:][hostPort:]containerPort[/tcp|udp]</c> and <c>--expose port[/proto]</c> into Docker's ExposedPorts
/// and PortBindings ("80/tcp" → [{HostIp, HostPort}]); ranges (<c>8000-8002:80-82</c>) expand port by port.
/// </summary>
internal static class PortSpec
{
    public sealed record Parsed(IReadOnlyList<string> Exposed, IReadOnlyDictionary<string, IReadOnlyList<PortBindingDto>?> Bindings);

    public static Parsed ParseAll(IReadOnlyList<string> publish, IReadOnlyList<string> expose)
    {
        var exposed = new List<string>();
        var bindings = new Dictionary<string, List<PortBindingDto>>();
        foreach (var spec in expose)
        {
            var (ports, protocol) = SplitProtocol(spec, "expose");
            foreach (var port in Range(ports, spec, "expose")) Add(exposed, $"{port}/{protocol}");
        }
        foreach (var spec in publish)
        {
            var (body, protocol) = SplitProtocol(spec, "publish");
            // The host IP may itself hold colons only as IPv6 in brackets, which bockd does not serve.
            var parts = body.Split(':');
            var (hostIp, hostPorts, containerPorts) = parts.Length switch
            {
                1 => ("", "", parts[0]),
                2 => ("", parts[0], parts[1]),
                3 => (parts[0], parts[1], parts[2]),
                _ => throw Invalid(spec, "publish", "too many colons"),
            };
            if (hostIp.Length > 0 && (!System.Net.IPAddress.TryParse(hostIp, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork))
                throw Invalid(spec, "publish", $"invalid IPv4 address {hostIp}");
            var inside = Range(containerPorts, spec, "publish");
            var outside = hostPorts.Length == 0 ? inside.Select(_ => "").ToList() : Range(hostPorts, spec, "publish").Select(p => p.ToString()).ToList();
            if (outside.Count != inside.Count && outside.Count != 1)
                throw Invalid(spec, "publish", "the host and container port ranges differ in size");
            for (var i = 0; i < inside.Count; i++)
            {
                var key = $"{inside[i]}/{protocol}";
                Add(exposed, key);
                if (!bindings.TryGetValue(key, out var list)) bindings[key] = list = [];
                // A single host port for a container range means "one of these", as Docker reads it.
                list.Add(new PortBindingDto { HostIp = hostIp, HostPort = outside.Count == 1 && inside.Count > 1 ? outside[0] : outside[i] });
            }
        }
        return new Parsed(exposed, bindings.ToDictionary(b => b.Key, b => (IReadOnlyList<PortBindingDto>?)b.Value));
    }

    private static (string Ports, string Protocol) SplitProtocol(string spec, string flag)
    {
        var slash = spec.LastIndexOf('/');
        var protocol = slash < 0 ? "tcp" : spec[(slash + 1)..].ToLowerInvariant();
        if (protocol is not ("tcp" or "udp")) throw Invalid(spec, flag, $"invalid proto: {protocol}");
        return (slash < 0 ? spec : spec[..slash], protocol);
    }

    private static List<int> Range(string text, string spec, string flag)
    {
        var dash = text.IndexOf('-');
        var first = Port(dash < 0 ? text : text[..dash], spec, flag);
        var last = dash < 0 ? first : Port(text[(dash + 1)..], spec, flag);
        if (last < first) throw Invalid(spec, flag, $"invalid range {text}");
        return [.. Enumerable.Range(first, last - first + 1)];
    }

    private static int Port(string text, string spec, string flag) =>
        int.TryParse(text, out var port) && port is >= 1 and <= 65535 ? port : throw Invalid(spec, flag, $"invalid port {text}");

    private static void Add(List<string> list, string value)
    {
        if (!list.Contains(value)) list.Add(value);
    }

    private static UsageException Invalid(string spec, string flag, string why) =>
        new($"invalid argument \"{spec}\" for \"--{flag}\" flag: {why}");
}
