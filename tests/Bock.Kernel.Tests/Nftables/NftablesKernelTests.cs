using System.Net;
using System.Net.Sockets;
using Bock.Kernel.Nftables;
using Bock.Kernel.Tests.Netlink;
using Xunit;
using static Bock.Kernel.Tests.Nftables.NatLab;

namespace Bock.Kernel.Tests.Nftables;

/// <summary>
/// The real nft and kernel, only inside throwaway namespaces (see <see cref="NatLab"/>), never the host's ruleset:
/// the firewall is always given the lab's namespace path.
/// </summary>
[Trait("Category", "Privileged")]
public sealed class NftablesKernelTests
{
    private static readonly IPAddress Loopback = IPAddress.Loopback;

    private static FirewallNetwork Network(int n, bool @internal = false) => new($"n{n}", BridgeName(n), Subnet(n), @internal);

    private static PortMapping Tcp(int hostPort, int containerPort, int n = 1, IPAddress? hostIp = null) =>
        new(hostIp, hostPort, PortProtocol.Tcp, ContainerAddress(n), containerPort);

    [Fact]
    public void A_network_and_its_ports_round_trip_and_leave_no_table_behind()
    {
        using var lab = new NatLab(forwarding: false);
        lab.AddContainer(1);
        var firewall = new NftablesFirewall(netnsPath: lab.HostPath);
        Assert.Equal("0", lab.Sysctl("net.ipv4.ip_forward"));

        firewall.AddNetwork(Network(1));
        firewall.PublishPorts("c1", [Tcp(8080, 80), new PortMapping(Loopback, 5353, PortProtocol.Udp, ContainerAddress(1), 53)]);

        Assert.Equal(new HashSet<FirewallOwner> { FirewallOwner.Network("n1"), FirewallOwner.Container("c1") }, firewall.Owners());
        Assert.Equal("1", lab.Sysctl($"net.ipv4.conf.{BridgeName(1)}.route_localnet"));
        Assert.Equal("1", lab.Sysctl("net.ipv4.ip_forward"));
        var listing = lab.Nft("list", "table", "ip", "bock");
        Assert.Contains("fib daddr type local jump published_ports", listing);
        Assert.Contains("tcp dport 8080 dnat to 10.88.1.2:80 comment \"container:c1\"", listing);
        Assert.Contains("ip daddr 127.0.0.1 udp dport 5353 dnat to 10.88.1.2:53 comment \"container:c1\"", listing);
        Assert.Contains("ip saddr 10.88.1.0/24 oifname != \"bock-n1\" masquerade comment \"network:n1\"", listing);
        Assert.Contains("ip saddr 127.0.0.0/8 oifname \"bock-n1\" masquerade comment \"network:n1\"", listing);

        // Publishing again replaces (a restarted bockd re-applies), and the base chains keep one jump each.
        firewall.PublishPorts("c1", [Tcp(8080, 80)]);
        firewall.AddNetwork(Network(1));
        listing = lab.Nft("list", "table", "ip", "bock");
        Assert.Single(Occurrences(listing, "comment \"container:c1\""));
        Assert.Equal(5, Occurrences(listing, "comment \"network:n1\"").Count);
        Assert.Equal(2, Occurrences(listing, "jump published_ports").Count);

        firewall.UnpublishPorts("c1");
        Assert.Equal(new HashSet<FirewallOwner> { FirewallOwner.Network("n1") }, firewall.Owners());
        firewall.RemoveNetwork("n1");
        Assert.Empty(firewall.Owners());
        Assert.Equal("", lab.Nft("list", "ruleset"));
    }

    [Fact]
    public void Refused_input_and_nft_errors_apply_nothing_and_say_why()
    {
        using var lab = new NatLab();
        lab.AddContainer(1);
        var firewall = new NftablesFirewall(netnsPath: lab.HostPath);

        Assert.Throws<ArgumentException>(() => firewall.PublishPorts("c1", [Tcp(8080, 80), Tcp(65536, 80)]));
        Assert.Throws<ArgumentException>(() => firewall.PublishPorts("c1", [Tcp(0, 80)]));
        Assert.Throws<ArgumentException>(() => firewall.PublishPorts("c1", [new PortMapping(null, 53, (PortProtocol)2, ContainerAddress(1), 53)]));
        Assert.Contains("bridge 'bock-n9' does not exist",
            Assert.Throws<InvalidOperationException>(() => firewall.AddNetwork(Network(9))).Message);
        Assert.Equal("", lab.Nft("list", "ruleset"));

        // A script nft refuses half-way (a rule for a chain that does not exist) changes nothing at all.
        var script = "add table ip bock\nadd chain ip bock kept\nadd rule ip bock missing accept\n";
        Assert.StartsWith("nft refused the script", Assert.Throws<NftablesException>(() => new NftCommand("/usr/sbin/nft", lab.HostPath).Apply(script)).Message);
        Assert.Equal("", lab.Nft("list", "ruleset"));

        // A table name nft's grammar takes as a keyword: refused, with nft's own words.
        var keyworded = new NftablesFirewall(table: "masquerade", netnsPath: lab.HostPath);
        var error = Assert.Throws<NftablesException>(() => keyworded.AddNetwork(Network(1)));
        Assert.Contains("syntax error", error.NftMessage);
        Assert.Contains("syntax error", error.Message);
        Assert.Equal("", lab.Nft("list", "ruleset"));
    }

    [Fact]
    public async Task A_published_port_reaches_the_container_from_outside_and_from_the_hosts_own_loopback_until_it_is_released()
    {
        using var lab = new NatLab();
        var container = lab.AddContainer(1);
        using var server = Listen(container, 80);
        var firewall = new NftablesFirewall(netnsPath: lab.HostPath);
        Assert.Null(await TryConnect(lab.Host, new IPEndPoint(Loopback, 8080), server));

        firewall.AddNetwork(Network(1));
        firewall.PublishPorts("c1", [Tcp(8080, 80), Tcp(8081, 80, hostIp: Loopback)]);

        // From the host itself: 127.0.0.1 leaves through the bridge masqueraded to the bridge's address.
        Assert.Equal(Gateway(1), await TryConnect(lab.Host, new IPEndPoint(Loopback, 8080), server));
        Assert.Equal(Gateway(1), await TryConnect(lab.Host, new IPEndPoint(Gateway(1), 8080), server));
        // To another local address: the source is that address, which the container can answer without NAT.
        Assert.Equal(HostUplink, await TryConnect(lab.Host, new IPEndPoint(HostUplink, 8080), server));
        // Why route_localnet: without it the kernel drops the DNATed packet, whose source is still 127.0.0.1.
        lab.SetSysctl($"net.ipv4.conf.{BridgeName(1)}.route_localnet", "0");
        Assert.Null(await TryConnect(lab.Host, new IPEndPoint(Loopback, 8080), server));
        lab.SetSysctl($"net.ipv4.conf.{BridgeName(1)}.route_localnet", "1");
        Assert.Equal(Gateway(1), await TryConnect(lab.Host, new IPEndPoint(Loopback, 8080), server));
        // From another machine: prerouting DNAT, the client's own address kept.
        Assert.Equal(OutsideAddress, await TryConnect(lab.Outside, new IPEndPoint(HostUplink, 8080), server));
        // Bound to 127.0.0.1 only: from the host yes, on the uplink address no.
        Assert.Equal(Gateway(1), await TryConnect(lab.Host, new IPEndPoint(Loopback, 8081), server));
        Assert.Null(await TryConnect(lab.Outside, new IPEndPoint(HostUplink, 8081), server));

        firewall.UnpublishPorts("c1");
        Assert.Null(await TryConnect(lab.Host, new IPEndPoint(Loopback, 8080), server));
        Assert.Null(await TryConnect(lab.Outside, new IPEndPoint(HostUplink, 8080), server));
        Assert.Null(await TryConnect(lab.Host, new IPEndPoint(Loopback, 8081), server));
        firewall.RemoveNetwork("n1");
        Assert.Equal("", lab.Nft("list", "ruleset"));
    }

    [Fact]
    public async Task Containers_reach_a_published_port_through_a_host_address_their_own_included()
    {
        using var lab = new NatLab();
        var container = lab.AddContainer(1);
        var neighbour = lab.AddContainer(1, index: 3);
        using var server = Listen(container, 80);
        var firewall = new NftablesFirewall(netnsPath: lab.HostPath);
        firewall.AddNetwork(Network(1));
        firewall.PublishPorts("c1", [Tcp(8080, 80)]);

        Assert.Equal(Gateway(1), await TryConnect(neighbour, new IPEndPoint(HostUplink, 8080), server));
        Assert.Equal(Gateway(1), await TryConnect(container, new IPEndPoint(HostUplink, 8080), server));
        firewall.UnpublishPorts("c1");
        Assert.Null(await TryConnect(neighbour, new IPEndPoint(HostUplink, 8080), server));
        firewall.RemoveNetwork("n1");
    }

    [Fact]
    public async Task A_published_udp_port_carries_datagrams_from_the_hosts_loopback()
    {
        using var lab = new NatLab();
        var container = lab.AddContainer(1);
        using var server = InNamespace.Run(container.Fd, () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        server.Bind(new IPEndPoint(IPAddress.Any, 53));
        using var client = InNamespace.Run(lab.Host.Fd, () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        var firewall = new NftablesFirewall(netnsPath: lab.HostPath);
        firewall.AddNetwork(Network(1));
        firewall.PublishPorts("c1", [new PortMapping(Loopback, 5353, PortProtocol.Udp, ContainerAddress(1), 53)]);

        await client.SendToAsync("q"u8.ToArray(), new IPEndPoint(Loopback, 5353));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var buffer = new byte[16];
        var received = await server.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        Assert.Equal(1, received.ReceivedBytes);
        Assert.Equal(Gateway(1), ((IPEndPoint)received.RemoteEndPoint).Address);
        // The answer finds its way back through conntrack to 127.0.0.1.
        await server.SendToAsync("a"u8.ToArray(), received.RemoteEndPoint);
        Assert.Equal(1, await client.ReceiveAsync(buffer, timeout.Token));
        Assert.Equal((byte)'a', buffer[0]);
        firewall.RemoveNetwork("n1");
        firewall.UnpublishPorts("c1");
        Assert.Equal("", lab.Nft("list", "ruleset"));
    }

    [Fact]
    public async Task Outbound_traffic_is_masqueraded_to_the_hosts_address_only_while_the_network_exists()
    {
        using var lab = new NatLab();
        var container = lab.AddContainer(1);
        using var server = Listen(lab.Outside, 9000);
        var target = new IPEndPoint(OutsideAddress, 9000);
        var firewall = new NftablesFirewall(netnsPath: lab.HostPath);

        // Forwarded but not masqueraded: the outside machine has no route back to 10.88.1.0/24.
        Assert.Null(await TryConnect(container, target, server));
        firewall.AddNetwork(Network(1));
        Assert.Equal(HostUplink, await TryConnect(container, target, server));
        firewall.RemoveNetwork("n1");
        Assert.Null(await TryConnect(container, target, server));
    }

    [Fact]
    public async Task Two_networks_do_not_forward_to_each_other_but_both_still_reach_outside()
    {
        using var lab = new NatLab();
        var first = lab.AddContainer(1);
        var second = lab.AddContainer(2);
        using var firstServer = Listen(first, 80);
        using var secondServer = Listen(second, 80);
        using var outsideServer = Listen(lab.Outside, 9000);
        var firewall = new NftablesFirewall(netnsPath: lab.HostPath);

        // Plain routing between the bridges, before any rule.
        Assert.Equal(ContainerAddress(1), await TryConnect(first, new IPEndPoint(ContainerAddress(2), 80), secondServer));

        firewall.AddNetwork(Network(1));
        firewall.AddNetwork(Network(2));
        Assert.Null(await TryConnect(first, new IPEndPoint(ContainerAddress(2), 80), secondServer));
        Assert.Null(await TryConnect(second, new IPEndPoint(ContainerAddress(1), 80), firstServer));
        Assert.Equal(HostUplink, await TryConnect(first, new IPEndPoint(OutsideAddress, 9000), outsideServer));
        Assert.Equal(HostUplink, await TryConnect(second, new IPEndPoint(OutsideAddress, 9000), outsideServer));

        firewall.RemoveNetwork("n2");
        firewall.RemoveNetwork("n1");
        Assert.Equal(ContainerAddress(2), await TryConnect(second, new IPEndPoint(ContainerAddress(1), 80), firstServer));
        Assert.Equal("", lab.Nft("list", "ruleset"));
    }

    [Fact]
    public async Task An_internal_network_forwards_nothing_out_or_in()
    {
        using var lab = new NatLab();
        var container = lab.AddContainer(1);
        lab.Outside.IpIn("route", "add", "10.88.0.0/16", "via", HostUplink.ToString());
        using var outsideServer = Listen(lab.Outside, 9000);
        using var containerServer = Listen(container, 80);
        var firewall = new NftablesFirewall(netnsPath: lab.HostPath);

        firewall.AddNetwork(Network(1, @internal: true));
        Assert.Null(await TryConnect(container, new IPEndPoint(OutsideAddress, 9000), outsideServer));
        Assert.Null(await TryConnect(lab.Outside, new IPEndPoint(ContainerAddress(1), 80), containerServer));

        // The same network made non-internal (re-adding replaces its rules): both ways work.
        firewall.AddNetwork(Network(1));
        Assert.Equal(HostUplink, await TryConnect(container, new IPEndPoint(OutsideAddress, 9000), outsideServer));
        Assert.Equal(OutsideAddress, await TryConnect(lab.Outside, new IPEndPoint(ContainerAddress(1), 80), containerServer));
        firewall.RemoveNetwork("n1");
    }

    [Fact]
    public void Reconcile_after_a_restart_removes_dead_owners_keeps_live_ones_and_never_touches_other_tables()
    {
        using var lab = new NatLab();
        lab.AddContainer(1);
        lab.AddContainer(2);
        // Someone else's tables: one with our table's name in another family, and rules wearing our kind of comment.
        lab.Nft("add", "table", "ip", "other");
        lab.Nft("add", "chain", "ip", "other", "input", "{ type filter hook input priority 0; policy accept; }");
        lab.Nft("add", "rule", "ip", "other", "input", "tcp", "dport", "22", "accept", "comment", "\"network:n2\"");
        lab.Nft("add", "table", "inet", "bock");
        lab.Nft("add", "chain", "inet", "bock", "published_ports");
        lab.Nft("add", "rule", "inet", "bock", "published_ports", "tcp", "dport", "80", "accept", "comment", "\"container:c2\"");
        var foreign = lab.Nft("list", "ruleset");

        var beforeRestart = new NftablesFirewall(netnsPath: lab.HostPath);
        beforeRestart.AddNetwork(Network(1));
        beforeRestart.AddNetwork(Network(2));
        beforeRestart.PublishPorts("c1", [Tcp(8080, 80)]);
        beforeRestart.PublishPorts("c2", [Tcp(8082, 80, n: 2)]);

        var afterRestart = new NftablesFirewall(netnsPath: lab.HostPath);
        var dead = afterRestart.Reconcile(new HashSet<FirewallOwner> { FirewallOwner.Network("n1"), FirewallOwner.Container("c1") });

        Assert.Equal(new HashSet<FirewallOwner> { FirewallOwner.Network("n2"), FirewallOwner.Container("c2") }, dead);
        Assert.Equal(new HashSet<FirewallOwner> { FirewallOwner.Network("n1"), FirewallOwner.Container("c1") }, afterRestart.Owners());
        var ours = lab.Nft("list", "table", "ip", "bock");
        Assert.Contains("tcp dport 8080 dnat to 10.88.1.2:80 comment \"container:c1\"", ours);
        Assert.DoesNotContain("8082", ours);
        Assert.DoesNotContain("bock-n2", ours);
        Assert.Equal(5, Occurrences(ours, "comment \"network:n1\"").Count);

        Assert.Equal(2, afterRestart.Reconcile(new HashSet<FirewallOwner>()).Count);
        Assert.Equal(foreign, lab.Nft("list", "ruleset"));
    }

    private static List<int> Occurrences(string text, string part)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
            found.Add(i);
        return found;
    }
}
