using System.Net;
using Bock.Actors.Networks;

namespace Bock.Actors.Tests.Networks;

public sealed class Ipv4SubnetTests
{
    [Theory]
    [InlineData("172.18.0.0/16", "172.18.0.0/16", 65534L)]
    [InlineData("10.0.0.0/8", "10.0.0.0/8", 16777214L)]
    [InlineData("192.168.5.0/24", "192.168.5.0/24", 254L)]
    public void Parses_cidr(string text, string normalised, long usable)
    {
        var subnet = Ipv4Subnet.Parse(text);
        Assert.Equal(normalised, subnet.ToString());
        Assert.Equal(usable, subnet.UsableCount);
    }

    [Theory]
    [InlineData("172.18.0.1/16", "host bits set")]
    [InlineData("172.18.0.0", "expected an IPv4 CIDR")]
    [InlineData("172.18.0.0/33", "expected an IPv4 CIDR")]
    [InlineData("fd00::/64", "expected an IPv4 CIDR")]
    [InlineData("bridge/16", "expected an IPv4 CIDR")]
    public void Refuses_what_is_not_a_subnet(string text, string why) =>
        Assert.Contains(why, Assert.Throws<FormatException>(() => Ipv4Subnet.Parse(text)).Message);

    [Theory]
    [InlineData("172.18.0.0/16", "172.18.5.0/24", true)]
    [InlineData("172.18.5.0/24", "172.18.0.0/16", true)]
    [InlineData("172.18.0.0/16", "172.19.0.0/16", false)]
    [InlineData("10.0.0.0/8", "10.255.255.0/24", true)]
    public void Overlap_is_symmetric(string a, string b, bool overlap)
    {
        Assert.Equal(overlap, Ipv4Subnet.Parse(a).Overlaps(Ipv4Subnet.Parse(b)));
        Assert.Equal(overlap, Ipv4Subnet.Parse(b).Overlaps(Ipv4Subnet.Parse(a)));
    }

    [Fact]
    public void Contains_checks_the_network_part()
    {
        var subnet = Ipv4Subnet.Parse("172.18.0.0/16");
        Assert.True(subnet.Contains(IPAddress.Parse("172.18.200.3")));
        Assert.False(subnet.Contains(IPAddress.Parse("172.19.0.3")));
        Assert.False(subnet.Contains(IPAddress.IPv6Loopback));
    }

    [Fact]
    public void Default_subnets_skip_taken_ranges_as_dockers_pools_do()
    {
        Assert.Equal("172.17.0.0/16", SubnetChooser.Next([]).ToString());
        Assert.Equal("172.19.0.0/16", SubnetChooser.Next([Ipv4Subnet.Parse("172.17.0.0/16"), Ipv4Subnet.Parse("172.18.3.0/24")]).ToString());
        var all172 = Enumerable.Range(17, 15).Select(n => Ipv4Subnet.Parse($"172.{n}.0.0/16")).ToList();
        Assert.Equal("192.168.0.0/20", SubnetChooser.Next(all172).ToString());
        var everything = all172.Append(Ipv4Subnet.Parse("192.168.0.0/16")).ToList();
        Assert.Throws<InvalidOperationException>(() => SubnetChooser.Next(everything));
    }
}
