using System.Net;
using Bock.Actors.Networks;

namespace Bock.Actors.Tests.Networks;

public sealed class AddressPoolTests
{
    private static AddressPool Pool(string subnet = "172.18.0.0/24", string? gateway = null) =>
        new(Ipv4Subnet.Parse(subnet), gateway is null ? null : IPAddress.Parse(gateway));

    [Fact]
    public void Two_hundred_containers_get_distinct_addresses_never_the_gateway_and_all_come_back()
    {
        var pool = Pool();
        var given = Enumerable.Range(0, 200).Select(_ => pool.Allocate()).ToList();
        Assert.Equal(200, given.Distinct().Count());
        Assert.DoesNotContain(IPAddress.Parse("172.18.0.1"), given);
        Assert.All(given, a => Assert.True(pool.Subnet.Contains(a)));
        Assert.Equal(IPAddress.Parse("172.18.0.2"), given[0]);
        foreach (var address in given) Assert.True(pool.Release(address));
        Assert.Empty(pool.InUse);
    }

    [Fact]
    public void A_released_address_is_the_next_one_handed_out()
    {
        var pool = Pool();
        var first = pool.Allocate();
        var second = pool.Allocate();
        pool.Release(first);
        Assert.Equal(first, pool.Allocate());
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void An_exhausted_subnet_says_so()
    {
        var pool = Pool("10.9.0.0/29"); // .1 gateway, .2–.6 for containers, .7 broadcast
        for (var i = 0; i < 5; i++) pool.Allocate();
        var error = Assert.Throws<InvalidOperationException>(() => pool.Allocate());
        Assert.Contains("no free address left in 10.9.0.0/29", error.Message);
    }

    [Theory]
    [InlineData("172.18.0.9", null)]
    [InlineData("172.18.0.1", "is the gateway")]
    [InlineData("172.18.0.0", "not a usable address")]
    [InlineData("172.18.0.255", "not a usable address")]
    [InlineData("10.0.0.5", "not a usable address")]
    public void A_wanted_address_is_given_or_refused_with_the_reason(string wanted, string? why)
    {
        var pool = Pool();
        if (why is null)
        {
            Assert.Equal(IPAddress.Parse(wanted), pool.Allocate(IPAddress.Parse(wanted)));
            Assert.Contains("already in use", Assert.Throws<InvalidOperationException>(() => pool.Allocate(IPAddress.Parse(wanted))).Message);
        }
        else
        {
            Assert.Contains(why, Assert.Throws<InvalidOperationException>(() => pool.Allocate(IPAddress.Parse(wanted))).Message);
        }
    }

    [Fact]
    public void Restored_addresses_are_not_handed_out_again()
    {
        var pool = Pool();
        pool.Restore([IPAddress.Parse("172.18.0.2"), IPAddress.Parse("172.18.0.4")]);
        Assert.Equal(IPAddress.Parse("172.18.0.3"), pool.Allocate());
        Assert.Equal(IPAddress.Parse("172.18.0.5"), pool.Allocate());
    }

    [Fact]
    public void A_gateway_outside_the_subnet_or_a_subnet_too_small_is_refused()
    {
        Assert.Throws<FormatException>(() => Pool("172.18.0.0/24", "172.19.0.1"));
        Assert.Throws<FormatException>(() => Pool("172.18.0.0/31"));
        Assert.Equal(IPAddress.Parse("172.18.0.254"), Pool("172.18.0.0/24", "172.18.0.254").Gateway);
    }
}
