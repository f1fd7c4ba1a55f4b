using System.Net;
using Bock.Actors.Networks.Dns;

namespace Bock.Actors.Tests.Networks.Dns;

public sealed class DnsNameTableTests
{
    private static DnsEndpoint Endpoint(string network, string container, string address, params string[] names) =>
        new(network, container, IPAddress.Parse(address), [.. names]);

    private static readonly DnsNameTable Table = DnsNameTable.Empty
        .WithEndpoint(Endpoint("front", "c1", "172.18.0.2", "web", "c1c1c1c1c1c1", "www"))
        .WithEndpoint(Endpoint("front", "c2", "172.18.0.3", "proxy"))
        .WithEndpoint(Endpoint("back", "c2", "172.19.0.2", "proxy"))
        .WithEndpoint(Endpoint("back", "c3", "172.19.0.3", "db"));

    [Fact]
    public void A_container_sees_the_names_of_its_networks_and_only_those()
    {
        Assert.Equal([IPAddress.Parse("172.18.0.2")], Table.Lookup("c1", "web").ToArray());
        Assert.Empty(Table.Lookup("c1", "db"));
        Assert.Equal([IPAddress.Parse("172.19.0.3")], Table.Lookup("c2", "db").ToArray());
        Assert.Empty(Table.Lookup("c3", "web"));
        Assert.Empty(Table.Lookup("stranger", "web"));
    }

    [Fact]
    public void A_container_on_two_networks_is_found_at_the_addresses_each_asker_can_reach()
    {
        Assert.Equal([IPAddress.Parse("172.18.0.3")], Table.Lookup("c1", "proxy").ToArray());
        Assert.Equal([IPAddress.Parse("172.19.0.2")], Table.Lookup("c3", "proxy").ToArray());
        Assert.Equal([IPAddress.Parse("172.18.0.3"), IPAddress.Parse("172.19.0.2")], Table.Lookup("c2", "proxy").ToArray());
    }

    [Fact]
    public void Names_match_in_any_case_with_or_without_the_trailing_dot_but_not_with_a_search_suffix()
    {
        Assert.NotEmpty(Table.Lookup("c1", "WEB"));
        Assert.NotEmpty(Table.Lookup("c1", "web."));
        Assert.NotEmpty(Table.Lookup("c1", "C1C1C1C1C1C1"));
        Assert.Empty(Table.Lookup("c1", "web.example.com"));
        Assert.Empty(Table.Lookup("c1", "we"));
    }

    [Fact]
    public void A_service_name_resolves_to_every_replica_and_follows_scaling()
    {
        var table = DnsNameTable.Empty;
        for (var i = 2; i <= 4; i++) table = table.WithEndpoint(Endpoint("stack", $"api-{i}", $"10.0.0.{i}", "api", $"stack-api-{i}"));
        table = table.WithEndpoint(Endpoint("stack", "client", "10.0.0.9", "client"));
        Assert.Equal(["10.0.0.2", "10.0.0.3", "10.0.0.4"], table.Lookup("client", "api").Select(a => a.ToString()));

        table = table.WithoutEndpoint("stack", "api-3");

        Assert.Equal(["10.0.0.2", "10.0.0.4"], table.Lookup("client", "api").Select(a => a.ToString()));
        Assert.Empty(table.Lookup("client", "stack-api-3"));
    }

    [Fact]
    public void A_restarted_container_is_found_at_its_new_address_only()
    {
        var table = Table.WithEndpoint(Endpoint("front", "c1", "172.18.0.9", "web"));
        Assert.Equal([IPAddress.Parse("172.18.0.9")], table.Lookup("c2", "web").ToArray());
        Assert.Empty(table.Lookup("c2", "www"));
    }

    [Fact]
    public void Removing_a_network_or_a_container_takes_its_names_and_its_scope()
    {
        var withoutBack = Table.WithoutNetwork("back");
        Assert.Empty(withoutBack.Lookup("c2", "db"));
        Assert.Empty(withoutBack.NetworksOf("c3"));
        Assert.Equal(["front"], withoutBack.NetworksOf("c2"));

        var withoutC2 = Table.WithoutContainer("c2");
        Assert.Empty(withoutC2.Lookup("c1", "proxy"));
        Assert.Empty(withoutC2.NetworksOf("c2"));
        Assert.Same(withoutC2, withoutC2.WithoutEndpoint("front", "c2"));
    }

    [Fact]
    public void An_address_another_container_holds_on_that_network_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Table.WithEndpoint(Endpoint("front", "c9", "172.18.0.2", "intruder")));
        Assert.Contains("held by container c1", error.Message);
        Assert.NotEmpty(Table.WithEndpoint(Endpoint("back", "c9", "172.18.0.2", "elsewhere")).Lookup("c3", "elsewhere"));
    }

    [Fact]
    public void A_reverse_lookup_names_the_holder_by_its_first_name_within_the_askers_scope()
    {
        Assert.Equal("web", Table.ReverseLookup("c1", IPAddress.Parse("172.18.0.2")));
        Assert.Equal("db", Table.ReverseLookup("c2", IPAddress.Parse("172.19.0.3")));
        Assert.Null(Table.ReverseLookup("c1", IPAddress.Parse("172.19.0.3")));
        Assert.Null(Table.WithoutEndpoint("front", "c1").ReverseLookup("c2", IPAddress.Parse("172.18.0.2")));
    }

    [Fact]
    public void An_IPv6_address_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Table.WithEndpoint(new DnsEndpoint("front", "c9", IPAddress.IPv6Loopback, ["x"])));
    }

    [Fact]
    public void A_replica_whose_aliases_are_withheld_keeps_its_own_names_and_gets_the_alias_back_when_served()
    {
        DnsEndpoint Replica(string id, string address) =>
            new DnsEndpoint("stack", id, IPAddress.Parse(address), [$"stack-api-{id}"]) { Aliases = ["api"] };
        var table = DnsNameTable.Empty.WithEndpoint(Replica("1", "10.0.0.2")).WithEndpoint(Replica("2", "10.0.0.3"))
            .WithEndpoint(Endpoint("stack", "client", "10.0.0.9", "client"));

        var withheld = table.WithAliasesServed("2", false);
        Assert.Equal([IPAddress.Parse("10.0.0.2")], withheld.Lookup("client", "api").ToArray());
        Assert.Equal([IPAddress.Parse("10.0.0.3")], withheld.Lookup("client", "stack-api-2").ToArray());
        Assert.False(withheld.ServesAliasesOf("2"));

        // A new endpoint meanwhile (a restart with another address) stays withheld; removing it leaves no trace.
        var moved = withheld.WithEndpoint(Replica("2", "10.0.0.4"));
        Assert.Equal([IPAddress.Parse("10.0.0.2")], moved.Lookup("client", "api").ToArray());
        Assert.Equal([IPAddress.Parse("10.0.0.2"), IPAddress.Parse("10.0.0.4")], moved.WithAliasesServed("2", true).Lookup("client", "api").ToArray());
        Assert.Equal([IPAddress.Parse("10.0.0.2")], moved.WithoutEndpoint("stack", "2").WithAliasesServed("2", true).Lookup("client", "api").ToArray());

        // Withholding a container that has no endpoint yet (before its first start) applies once it gets one.
        var early = table.WithAliasesServed("3", false).WithEndpoint(Replica("3", "10.0.0.5"));
        Assert.DoesNotContain(IPAddress.Parse("10.0.0.5"), early.Lookup("client", "api"));
        Assert.Same(early, early.WithAliasesServed("3", false));
    }
}
