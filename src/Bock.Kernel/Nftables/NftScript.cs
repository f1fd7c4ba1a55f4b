using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Bock.Kernel.Nftables;

/// <summary>
/// The text of one nft transaction on <c>table ip TABLE</c>. Every input is checked before a line is written, so a
/// refused network or port never reaches nft, and nft applies a script all or nothing.
/// </summary>
/// <remarks>
/// Layout: the four base chains hold only fixed jumps and are flushed and re-filled by every script, so they are
/// always right and never grow. Owner rules live in regular chains, each with its owner's comment:
/// <c>published_ports</c> (DNAT, entered for local destinations from prerouting and from output: the host's own
/// connections, 127.0.0.1 included), <c>source_nat</c> (masquerade), <c>isolation</c> and <c>other_networks</c>
/// (Docker's two-stage isolation: a packet leaving one bridge for another interface is dropped if that interface is
/// another of our bridges; each rule names only its own network's bridge, so it can go with its network).
/// </remarks>
internal sealed partial class NftScript
{
    public const string Prerouting = "prerouting", Output = "output", Postrouting = "postrouting", Forward = "forward";
    public const string PublishedPorts = "published_ports", SourceNat = "source_nat", Isolation = "isolation", OtherNetworks = "other_networks";

    public static readonly IReadOnlySet<string> BaseChains = new HashSet<string> { Prerouting, Output, Postrouting, Forward };

    private readonly string _table;
    private readonly StringBuilder _text = new();

    public NftScript(string table)
    {
        if (!TablePattern().IsMatch(table))
            throw new ArgumentException($"'{table}' is not a valid nftables table name", nameof(table));
        _table = table;
    }

    public bool IsEmpty => _text.Length == 0;

    /// <summary>The table, its chains and the base chains' jumps; idempotent.</summary>
    public NftScript Base()
    {
        Line($"add table ip {_table}");
        // "dstnat" is not accepted for the output hook by nft 1.0.6, hence -100 (the same value).
        Line($"add chain ip {_table} {Prerouting} {{ type nat hook prerouting priority dstnat; policy accept; }}");
        Line($"add chain ip {_table} {Output} {{ type nat hook output priority -100; policy accept; }}");
        Line($"add chain ip {_table} {Postrouting} {{ type nat hook postrouting priority srcnat; policy accept; }}");
        Line($"add chain ip {_table} {Forward} {{ type filter hook forward priority filter; policy accept; }}");
        foreach (var chain in new[] { PublishedPorts, SourceNat, Isolation, OtherNetworks })
            Line($"add chain ip {_table} {chain}");
        foreach (var chain in new[] { Prerouting, Output, Postrouting, Forward })
            Line($"flush chain ip {_table} {chain}");
        Rule(Prerouting, "fib daddr type local jump " + PublishedPorts);
        Rule(Output, "fib daddr type local jump " + PublishedPorts);
        Rule(Postrouting, "jump " + SourceNat);
        Rule(Forward, "jump " + Isolation);
        return this;
    }

    public NftScript Network(FirewallNetwork network)
    {
        var owner = FirewallOwner.Network(network.Id);
        var bridge = Quoted(CheckBridge(network.Bridge));
        if (network.Subnet.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"network {network.Id}: subnet {network.Subnet} is not IPv4", nameof(network));

        if (!network.Internal)
            Rule(SourceNat, $"ip saddr {network.Subnet} oifname != {bridge} masquerade", owner);
        // A published port reached at 127.0.0.1 is DNATed in output but keeps its source 127.0.0.1 (allowed to
        // leave through the bridge by route_localnet): masquerade it, or the container would answer to its own lo.
        Rule(SourceNat, $"ip saddr 127.0.0.0/8 oifname {bridge} masquerade", owner);
        // Hairpin: a container reaching a published port (its own or a neighbour's) through a host address is
        // DNATed back into its own bridge; unmasqueraded, the answer would go to it directly, past our conntrack.
        // Its own port also needs bridge hairpin mode on its veth when br_netfilter is loaded (the frame is bridged).
        Rule(SourceNat, $"ip saddr {network.Subnet} oifname {bridge} ct status dnat masquerade", owner);
        if (network.Internal)
        {
            Rule(Isolation, $"iifname {bridge} oifname != {bridge} drop", owner);
            Rule(Isolation, $"iifname != {bridge} oifname {bridge} drop", owner);
        }
        else
        {
            Rule(Isolation, $"iifname {bridge} oifname != {bridge} jump {OtherNetworks}", owner);
        }
        Rule(OtherNetworks, $"oifname {bridge} drop", owner);
        return this;
    }

    public NftScript Ports(string containerId, IReadOnlyList<PortMapping> ports)
    {
        var owner = FirewallOwner.Container(containerId);
        var seen = new HashSet<(IPAddress?, int, PortProtocol)>();
        foreach (var port in ports)
        {
            CheckPort(containerId, port);
            if (!seen.Add((HostAddress(port), port.HostPort, port.Protocol)))
                throw new ArgumentException($"container {containerId}: host port {port.HostPort}/{Name(port.Protocol)}"
                    + (HostAddress(port) is { } host ? $" on {host}" : "") + " is published twice", nameof(ports));
        }
        foreach (var port in ports)
        {
            var daddr = HostAddress(port) is { } host ? $"ip daddr {host} " : "";
            Rule(PublishedPorts, $"{daddr}{Name(port.Protocol)} dport {port.HostPort} dnat to {port.ContainerIp}:{port.ContainerPort}", owner);
        }
        return this;
    }

    public NftScript DeleteRule(string chain, long handle)
    {
        Line($"delete rule ip {_table} {chain} handle {handle}");
        return this;
    }

    public NftScript DeleteTable()
    {
        Line($"delete table ip {_table}");
        return this;
    }

    public override string ToString() => _text.ToString();

    private void Rule(string chain, string rule, FirewallOwner? owner = null) =>
        Line(owner is { } o ? $"add rule ip {_table} {chain} {rule} comment {Quoted(o.Comment)}" : $"add rule ip {_table} {chain} {rule}");

    private void Line(string line) => _text.Append(line).Append('\n');

    private static string Quoted(string text) => '"' + text + '"';

    // 0.0.0.0 means "every local address", as in Docker's HostIp.
    private static IPAddress? HostAddress(PortMapping port) =>
        port.HostIp is null || port.HostIp.Equals(IPAddress.Any) ? null : port.HostIp;

    private static void CheckPort(string containerId, PortMapping port)
    {
        string? problem = null;
        if (!Enum.IsDefined(port.Protocol))
            problem = $"protocol {(int)port.Protocol} is neither tcp nor udp";
        else if (port.HostPort is < 1 or > 65535)
            problem = $"host port {port.HostPort} is not in 1-65535";
        else if (port.ContainerPort is < 1 or > 65535)
            problem = $"container port {port.ContainerPort} is not in 1-65535";
        else if (port.HostIp is { AddressFamily: not AddressFamily.InterNetwork })
            problem = $"host address {port.HostIp} is not IPv4";
        else if (port.ContainerIp.AddressFamily != AddressFamily.InterNetwork || port.ContainerIp.Equals(IPAddress.Any))
            problem = $"container address {port.ContainerIp} is not an IPv4 unicast address";
        if (problem is not null)
            throw new ArgumentException($"container {containerId}: cannot publish {Describe(port)}: {problem}", "ports");
    }

    private static string Describe(PortMapping port) =>
        $"{(port.HostIp is null ? "" : port.HostIp + ":")}{port.HostPort}:{port.ContainerPort}/{Name(port.Protocol)}";

    private static string Name(PortProtocol protocol) =>
        protocol switch { PortProtocol.Tcp => "tcp", PortProtocol.Udp => "udp", _ => ((int)protocol).ToString() };

    // Interface names are at most 15 bytes (IFNAMSIZ - 1); they are quoted in the script, so no quotes or spaces.
    private static string CheckBridge(string bridge) =>
        BridgePattern().IsMatch(bridge) && bridge is not ("." or "..") ? bridge : throw new ArgumentException($"'{bridge}' is not a valid bridge name", nameof(bridge));

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,15}$")]
    private static partial Regex BridgePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,31}$")]
    private static partial Regex TablePattern();
}
