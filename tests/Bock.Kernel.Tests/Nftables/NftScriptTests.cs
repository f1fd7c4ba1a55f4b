using System.Net;
using Bock.Kernel.Nftables;
using Xunit;

namespace Bock.Kernel.Tests.Nftables;

public sealed class NftScriptTests
{
    private static readonly IPAddress Container = IPAddress.Parse("10.88.1.2");

    [Fact]
    public void Base_creates_the_table_and_chains_and_refills_only_the_base_chains()
    {
        Assert.Equal("""
            add table ip bock
            add chain ip bock prerouting { type nat hook prerouting priority dstnat; policy accept; }
            add chain ip bock output { type nat hook output priority -100; policy accept; }
            add chain ip bock postrouting { type nat hook postrouting priority srcnat; policy accept; }
            add chain ip bock forward { type filter hook forward priority filter; policy accept; }
            add chain ip bock published_ports
            add chain ip bock source_nat
            add chain ip bock isolation
            add chain ip bock other_networks
            flush chain ip bock prerouting
            flush chain ip bock output
            flush chain ip bock postrouting
            flush chain ip bock forward
            add rule ip bock prerouting fib daddr type local jump published_ports
            add rule ip bock output fib daddr type local jump published_ports
            add rule ip bock postrouting jump source_nat
            add rule ip bock forward jump isolation

            """, new NftScript("bock").Base().ToString());
    }

    [Fact]
    public void A_network_masquerades_its_subnet_out_of_other_interfaces_and_is_isolated_from_other_networks()
    {
        var script = new NftScript("bock").Network(new FirewallNetwork("n1", "bock-n1", IPNetwork.Parse("10.88.1.0/24")));
        Assert.Equal("""
            add rule ip bock source_nat ip saddr 10.88.1.0/24 oifname != "bock-n1" masquerade comment "network:n1"
            add rule ip bock source_nat ip saddr 127.0.0.0/8 oifname "bock-n1" masquerade comment "network:n1"
            add rule ip bock source_nat ip saddr 10.88.1.0/24 oifname "bock-n1" ct status dnat masquerade comment "network:n1"
            add rule ip bock isolation iifname "bock-n1" oifname != "bock-n1" jump other_networks comment "network:n1"
            add rule ip bock other_networks oifname "bock-n1" drop comment "network:n1"

            """, script.ToString());
    }

    [Fact]
    public void An_internal_network_has_no_masquerade_and_forwards_nothing_in_or_out()
    {
        var script = new NftScript("bock").Network(new FirewallNetwork("n2", "bock-n2", IPNetwork.Parse("10.88.2.0/24"), Internal: true));
        Assert.Equal("""
            add rule ip bock source_nat ip saddr 127.0.0.0/8 oifname "bock-n2" masquerade comment "network:n2"
            add rule ip bock source_nat ip saddr 10.88.2.0/24 oifname "bock-n2" ct status dnat masquerade comment "network:n2"
            add rule ip bock isolation iifname "bock-n2" oifname != "bock-n2" drop comment "network:n2"
            add rule ip bock isolation iifname != "bock-n2" oifname "bock-n2" drop comment "network:n2"
            add rule ip bock other_networks oifname "bock-n2" drop comment "network:n2"

            """, script.ToString());
    }

    [Fact]
    public void Published_ports_dnat_any_local_address_or_only_the_host_ip_given()
    {
        var script = new NftScript("bock").Ports("c1",
        [
            new PortMapping(null, 8080, PortProtocol.Tcp, Container, 80),
            new PortMapping(IPAddress.Parse("127.0.0.1"), 5353, PortProtocol.Udp, Container, 53),
            new PortMapping(IPAddress.Any, 8443, PortProtocol.Tcp, Container, 443),
        ]);
        Assert.Equal("""
            add rule ip bock published_ports tcp dport 8080 dnat to 10.88.1.2:80 comment "container:c1"
            add rule ip bock published_ports ip daddr 127.0.0.1 udp dport 5353 dnat to 10.88.1.2:53 comment "container:c1"
            add rule ip bock published_ports tcp dport 8443 dnat to 10.88.1.2:443 comment "container:c1"

            """, script.ToString());
    }

    [Fact]
    public void Deletions_name_the_rule_by_chain_and_handle()
    {
        Assert.Equal("delete rule ip bock source_nat handle 17\ndelete table ip bock\n",
            new NftScript("bock").DeleteRule("source_nat", 17).DeleteTable().ToString());
    }

    [Theory]
    [InlineData(0, 80, "host port 0 is not in 1-65535")]
    [InlineData(65536, 80, "host port 65536 is not in 1-65535")]
    [InlineData(8080, 0, "container port 0 is not in 1-65535")]
    [InlineData(8080, 70000, "container port 70000 is not in 1-65535")]
    public void A_port_out_of_range_is_refused_before_any_line_is_written(int hostPort, int containerPort, string reason)
    {
        var script = new NftScript("bock");
        var error = Assert.Throws<ArgumentException>(() => script.Ports("c1",
            [new PortMapping(null, 8081, PortProtocol.Tcp, Container, 81), new PortMapping(null, hostPort, PortProtocol.Tcp, Container, containerPort)]));
        Assert.Contains(reason, error.Message);
        Assert.Contains("container c1", error.Message);
        Assert.True(script.IsEmpty);
    }

    [Fact]
    public void Protocols_other_than_tcp_and_udp_are_refused()
    {
        Assert.Equal(PortProtocol.Udp, PortMapping.ParseProtocol("udp"));
        Assert.Contains("'sctp' cannot be published: only tcp and udp",
            Assert.Throws<ArgumentException>(() => PortMapping.ParseProtocol("sctp")).Message);
        var script = new NftScript("bock");
        Assert.Contains("protocol 7 is neither tcp nor udp",
            Assert.Throws<ArgumentException>(() => script.Ports("c1", [new PortMapping(null, 80, (PortProtocol)7, Container, 80)])).Message);
        Assert.True(script.IsEmpty);
    }

    [Fact]
    public void Addresses_that_are_not_ipv4_and_a_port_published_twice_are_refused()
    {
        var script = new NftScript("bock");
        Assert.Contains("host address ::1 is not IPv4", Assert.Throws<ArgumentException>(() =>
            script.Ports("c1", [new PortMapping(IPAddress.IPv6Loopback, 80, PortProtocol.Tcp, Container, 80)])).Message);
        Assert.Contains("container address 0.0.0.0", Assert.Throws<ArgumentException>(() =>
            script.Ports("c1", [new PortMapping(null, 80, PortProtocol.Tcp, IPAddress.Any, 80)])).Message);
        Assert.Contains("host port 8080/tcp is published twice", Assert.Throws<ArgumentException>(() => script.Ports("c1",
            [new PortMapping(null, 8080, PortProtocol.Tcp, Container, 80), new PortMapping(IPAddress.Any, 8080, PortProtocol.Tcp, Container, 81)])).Message);
        Assert.Contains("not IPv4", Assert.Throws<ArgumentException>(() =>
            script.Network(new FirewallNetwork("n1", "br0", IPNetwork.Parse("fd00::/64")))).Message);
        Assert.True(script.IsEmpty);
    }

    [Theory]
    [InlineData("br\"0")]
    [InlineData("a-name-of-16-chr")]
    [InlineData("..")]
    [InlineData("")]
    public void Bridge_names_that_could_not_be_an_interface_or_would_break_the_quoting_are_refused(string bridge)
    {
        Assert.Contains("is not a valid bridge name", Assert.Throws<ArgumentException>(() =>
            new NftScript("bock").Network(new FirewallNetwork("n1", bridge, IPNetwork.Parse("10.0.0.0/24")))).Message);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("x\"; flush ruleset; \"")]
    [InlineData("-leading-dash")]
    public void Owner_ids_that_would_break_the_comment_are_refused(string id)
    {
        Assert.Contains("is not a valid network or container id", Assert.Throws<ArgumentException>(() => FirewallOwner.Container(id)).Message);
        Assert.Null(FirewallOwner.FromComment("container:" + id));
    }

    [Fact]
    public void Comments_name_their_owner_and_foreign_comments_name_none()
    {
        Assert.Equal(FirewallOwner.Network("n1"), FirewallOwner.FromComment("network:n1"));
        Assert.Equal(FirewallOwner.Container("c1"), FirewallOwner.FromComment("container:c1"));
        Assert.NotEqual(FirewallOwner.Network("x"), FirewallOwner.Container("x"));
        Assert.Null(FirewallOwner.FromComment("someone else's rule"));
        Assert.Null(FirewallOwner.FromComment(null));
    }
}
