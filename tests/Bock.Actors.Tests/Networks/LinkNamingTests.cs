using Bock.Actors.Networks;

namespace Bock.Actors.Tests.Networks;

public sealed class LinkNamingTests
{
    private const string NetworkId = "5323dd926f18c110e2831668fd7ed9a59ddfd75ebfac83624d975e7f65c1af12";

    [Fact]
    public void The_standard_daemon_uses_docker_like_names_within_ifnamsiz()
    {
        var naming = LinkNaming.ForRunRoot("/run/bock/");
        Assert.Equal("bock0", naming.DefaultBridge);
        Assert.Equal("bk-5323dd926f18", naming.Bridge(NetworkId));
        var host = naming.HostLink("c1", NetworkId);
        Assert.Equal(15, host.Length);
        Assert.StartsWith("bkv", host);
        Assert.NotEqual(host, naming.HostLink("c2", NetworkId));
    }

    [Fact]
    public void Another_run_root_tags_every_name_so_neither_daemon_claims_the_others_links()
    {
        var standard = LinkNaming.Default;
        var other = LinkNaming.ForRunRoot("/tmp/be-12345678/run");
        Assert.Equal(3, other.Tag.Length);
        Assert.Equal(other, LinkNaming.ForRunRoot("/tmp/be-12345678/run"));
        var names = new[] { other.DefaultBridge, other.Bridge(NetworkId), other.HostLink("c1", NetworkId) };
        Assert.All(names, n => Assert.InRange(n.Length, 1, 15));
        Assert.All(names, n => Assert.False(standard.IsOwnBridge(n) || n.StartsWith(standard.HostLinkPrefix, StringComparison.Ordinal), n));
        Assert.True(other.IsOwnBridge(other.Bridge(NetworkId)));
        Assert.False(other.IsOwnBridge(standard.Bridge(NetworkId)));
        Assert.False(standard.HostLink("c1", NetworkId).StartsWith(other.HostLinkPrefix, StringComparison.Ordinal));
    }
}
