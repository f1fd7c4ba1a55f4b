using System.Net;
using Bock.Kernel.Nftables;
using Xunit;

namespace Bock.Kernel.Tests.Nftables;

/// <summary>The firewall's choices (which handles go, when the table goes) against a fake nft.</summary>
public sealed class NftablesFirewallTests
{
    private readonly FakeNftCommand _nft = new();
    private readonly List<string> _preparedBridges = [];
    private readonly NftablesFirewall _firewall;

    public NftablesFirewallTests() => _firewall = new NftablesFirewall(_nft, _preparedBridges.Add, "bock");

    private static string Base => new NftScript("bock").Base().ToString();

    [Fact]
    public void Adding_a_network_prepares_its_bridge_and_replaces_the_rules_it_had_in_one_script()
    {
        _nft.Listing = FakeNftCommand.ListingOf(("forward", 2, null), ("source_nat", 7, "network:n1"), ("other_networks", 9, "network:n1"),
            ("source_nat", 8, "network:n2"));
        var network = new FirewallNetwork("n1", "bock-n1", IPNetwork.Parse("10.88.1.0/24"));

        _firewall.AddNetwork(network);

        Assert.Equal(["bock-n1"], _preparedBridges);
        Assert.Equal([Base + "delete rule ip bock source_nat handle 7\ndelete rule ip bock other_networks handle 9\n"
            + new NftScript("bock").Network(network)], _nft.Scripts);
    }

    [Fact]
    public void Publishing_into_a_missing_table_creates_it_first()
    {
        var ports = new[] { new PortMapping(null, 8080, PortProtocol.Tcp, IPAddress.Parse("10.88.1.2"), 80) };
        _firewall.PublishPorts("c1", ports);
        Assert.Equal([Base + new NftScript("bock").Ports("c1", ports)], _nft.Scripts);
    }

    [Fact]
    public void Removing_an_owner_deletes_its_rules_by_handle_and_keeps_the_others()
    {
        _nft.Listing = FakeNftCommand.ListingOf(("prerouting", 1, null), ("published_ports", 10, "container:c1"),
            ("published_ports", 11, "container:c2"), ("published_ports", 12, "container:c1"));
        _firewall.UnpublishPorts("c1");
        Assert.Equal([Base + "delete rule ip bock published_ports handle 10\ndelete rule ip bock published_ports handle 12\n"], _nft.Scripts);
    }

    [Fact]
    public void Removing_the_last_owner_deletes_the_table_and_removing_an_absent_one_does_nothing()
    {
        _nft.Listing = FakeNftCommand.ListingOf(("postrouting", 1, null), ("source_nat", 5, "network:n1"));
        _firewall.RemoveNetwork("n2");
        Assert.Empty(_nft.Scripts);
        _firewall.RemoveNetwork("n1");
        Assert.Equal(["delete table ip bock\n"], _nft.Scripts);

        _nft.Listing = null;
        _firewall.RemoveNetwork("n1");
        Assert.Single(_nft.Scripts);
    }

    [Fact]
    public void Reconcile_removes_dead_owners_and_ownerless_rules_outside_the_base_chains()
    {
        _nft.Listing = FakeNftCommand.ListingOf(("forward", 1, null), ("source_nat", 5, "network:live"), ("source_nat", 6, "network:dead"),
            ("published_ports", 7, "container:gone"), ("isolation", 8, "hand-made"), ("published_ports", 9, "container:alive"));

        var dead = _firewall.Reconcile(new HashSet<FirewallOwner> { FirewallOwner.Network("live"), FirewallOwner.Container("alive") });

        Assert.Equal(new HashSet<FirewallOwner> { FirewallOwner.Network("dead"), FirewallOwner.Container("gone") }, dead);
        Assert.Equal([Base + "delete rule ip bock source_nat handle 6\ndelete rule ip bock published_ports handle 7\ndelete rule ip bock isolation handle 8\n"],
            _nft.Scripts);
    }

    [Fact]
    public void Reconcile_with_no_live_owner_deletes_the_table_and_without_a_table_does_nothing()
    {
        _firewall.Reconcile(new HashSet<FirewallOwner>());
        Assert.Empty(_nft.Scripts);
        _nft.Listing = FakeNftCommand.ListingOf(("forward", 1, null), ("source_nat", 5, "network:n1"));
        Assert.Equal(new HashSet<FirewallOwner> { FirewallOwner.Network("n1") }, _firewall.Reconcile(new HashSet<FirewallOwner>()));
        Assert.Equal(["delete table ip bock\n"], _nft.Scripts);
    }

    [Fact]
    public void Bad_input_reaches_neither_the_bridge_nor_nft()
    {
        Assert.Throws<ArgumentException>(() => _firewall.AddNetwork(new FirewallNetwork("n1", "bad name", IPNetwork.Parse("10.0.0.0/24"))));
        Assert.Throws<ArgumentException>(() => _firewall.PublishPorts("c1", [new PortMapping(null, 0, PortProtocol.Tcp, IPAddress.Parse("10.0.0.2"), 80)]));
        Assert.Throws<ArgumentException>(() => new NftablesFirewall(table: "bad table"));
        Assert.Empty(_preparedBridges);
        Assert.Empty(_nft.Scripts);
    }

    [Fact]
    public void The_recording_fake_keeps_what_each_owner_was_given_and_reconciles_the_same_way()
    {
        var fake = new RecordingNetworkFirewall();
        fake.AddNetwork(new FirewallNetwork("n1", "br1", IPNetwork.Parse("10.0.0.0/24")));
        fake.PublishPorts("c1", [new PortMapping(null, 80, PortProtocol.Tcp, IPAddress.Parse("10.0.0.2"), 80)]);
        fake.PublishPorts("c2", []);
        Assert.Equal(new HashSet<FirewallOwner> { FirewallOwner.Container("c2") },
            fake.Reconcile(new HashSet<FirewallOwner> { FirewallOwner.Network("n1"), FirewallOwner.Container("c1") }));
        Assert.Equal(["AddNetwork n1", "PublishPorts c1", "PublishPorts c2", "Reconcile"], fake.Calls);
        Assert.Equal(["c1"], fake.Ports.Keys);
    }
}
