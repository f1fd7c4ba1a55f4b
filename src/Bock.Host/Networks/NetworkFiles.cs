using System.Text;
using Bock.Actors.Networks;

namespace Bock.Host.Networks;

/// <summary>
/// A container's /etc/hosts and /etc/resolv.conf, as Docker writes them: its own addresses under its hostname,
/// <c>--add-host</c> entries; on user-defined networks the embedded DNS (127.0.0.11), otherwise the host's
/// resolvers (loopback ones cannot be reached from the container's namespace and are dropped) or <c>--dns</c>.
/// </summary>
public static class NetworkFiles
{
    public const string EmbeddedDns = "127.0.0.11";

    /// <summary>Docker's fallback when the host has only loopback resolvers.</summary>
    private static readonly string[] FallbackDns = ["8.8.8.8", "8.8.4.4"];

    /// <exception cref="FormatException">An <c>--add-host</c> entry is not <c>name:address</c>.</exception>
    public static string Hosts(string hostname, IReadOnlyList<NetworkEndpoint> endpoints, IReadOnlyList<string> extraHosts)
    {
        var text = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        foreach (var entry in extraHosts)
        {
            var colon = entry.IndexOf(':');
            if (colon <= 0 || colon == entry.Length - 1)
                throw new FormatException($"invalid argument \"{entry}\" for \"--add-host\" flag: bad format for add-host: \"{entry}\"");
            text.Append(entry[(colon + 1)..]).Append('\t').Append(entry[..colon]).Append('\n');
        }
        if (endpoints.Count == 0) text.Append("127.0.1.1\t").Append(hostname).Append('\n');
        foreach (var endpoint in endpoints)
            text.Append(endpoint.Address).Append('\t').Append(hostname).Append('\n');
        return text.ToString();
    }

    public static string ResolvConf(bool embeddedDns, IReadOnlyList<string> dns, IReadOnlyList<string> dnsSearch, IReadOnlyList<string> dnsOptions, string hostResolvConf)
    {
        var hostLines = hostResolvConf.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#')).ToList();
        var text = new StringBuilder();
        var search = dnsSearch.Count > 0 ? dnsSearch : Values(hostLines, "search");
        if (search.Count > 0) text.Append("search ").AppendJoin(' ', search).Append('\n');
        if (embeddedDns)
        {
            // The embedded server forwards everything else to --dns or the host's resolvers.
            text.Append("nameserver ").Append(EmbeddedDns).Append('\n');
        }
        else
        {
            var servers = dns.Count > 0 ? dns : Values(hostLines, "nameserver").Where(s => !IsLoopback(s)).ToList();
            foreach (var server in servers.Count > 0 ? servers : FallbackDns) text.Append("nameserver ").Append(server).Append('\n');
        }
        var options = dnsOptions.Count > 0 ? dnsOptions : Values(hostLines, "options");
        if (embeddedDns) options = [.. options.Where(o => !o.StartsWith("ndots", StringComparison.Ordinal)), "ndots:0"];
        if (options.Count > 0) text.Append("options ").AppendJoin(' ', options).Append('\n');
        return text.ToString();
    }

    private static IReadOnlyList<string> Values(IEnumerable<string> lines, string keyword) =>
        [.. lines.Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 1 && f[0] == keyword).SelectMany(f => f[1..])];

    private static bool IsLoopback(string server) => System.Net.IPAddress.TryParse(server, out var a) && System.Net.IPAddress.IsLoopback(a);
}
