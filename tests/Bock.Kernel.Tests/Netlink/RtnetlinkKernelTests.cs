using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Bock.Kernel.Native;
using Bock.Kernel.Netlink;
using Xunit;

namespace Bock.Kernel.Tests.Netlink;

/// <summary>The real kernel, only inside namespaces the tests create: a bridge, a veth pair across two namespaces, a route.</summary>
[Trait("Category", "Privileged")]
public sealed class RtnetlinkKernelTests
{
    private readonly string _suffix = Convert.ToHexString(Guid.NewGuid().ToByteArray()[..2]).ToLowerInvariant();

    private string Bridge => $"bock-t-b{_suffix}";
    private string Veth => $"bock-t-v{_suffix}";
    private string Peer => $"bock-t-p{_suffix}";

    [Fact]
    public async Task A_veth_on_a_bridge_with_its_peer_in_a_second_namespace_carries_tcp_over_the_default_route()
    {
        var callerNetns = File.ResolveLinkTarget("/proc/thread-self/ns/net", false)!.FullName;
        string hostName, guestName;
        using (var host = ScratchNetns.Create("h"))
        using (var guest = ScratchNetns.Create("g"))
        {
            (hostName, guestName) = (host.Name, guest.Name);
            using (var net = Rtnetlink.OpenIn(host.Fd))
            {
                net.CreateBridge(Bridge);
                net.CreateVethPair(Veth, Peer);
                net.SetMaster(Veth, Bridge);
                net.AddAddress(Bridge, IPAddress.Parse("10.250.0.1"), 24);
                // Reachable from the guest only through its default route, not its on-link /24.
                net.AddAddress(Bridge, IPAddress.Parse("10.251.0.1"), 32);
                net.SetUp(Bridge);
                net.SetUp(Veth);
                net.MoveToNamespace(Peer, guest.Fd);
                Assert.False(net.LinkExists(Peer));
                Assert.True(net.LinkExists(Veth));
            }
            Assert.Equal(callerNetns, File.ResolveLinkTarget("/proc/thread-self/ns/net", false)!.FullName);

            using (var net = Rtnetlink.OpenIn(guest.Fd))
            {
                Assert.True(net.LinkExists(Peer));
                net.AddAddress(Peer, IPAddress.Parse("10.250.0.2"), 24);
                net.SetUp(Peer);
                net.AddDefaultRoute(IPAddress.Parse("10.250.0.1"));
            }

            var routes = JsonDocument.Parse(guest.IpIn("-j", "route")).RootElement.EnumerateArray();
            Assert.Contains(routes, r => r.GetProperty("dst").GetString() == "default"
                && r.GetProperty("gateway").GetString() == "10.250.0.1" && r.GetProperty("dev").GetString() == Peer);
            var master = JsonDocument.Parse(host.IpIn("-j", "link", "show", Veth)).RootElement[0].GetProperty("master").GetString();
            Assert.Equal(Bridge, master);

            using var listener = InNamespace.Run(host.Fd, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            listener.Bind(new IPEndPoint(IPAddress.Parse("10.251.0.1"), 0));
            listener.Listen();
            using var client = InNamespace.Run(guest.Fd, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var accepting = listener.AcceptAsync(timeout.Token);
            await client.ConnectAsync(listener.LocalEndPoint!, timeout.Token);
            using var accepted = await accepting;
            await client.SendAsync("ping"u8.ToArray(), timeout.Token);
            var buffer = new byte[4];
            Assert.Equal(4, await accepted.ReceiveAsync(buffer, timeout.Token));
            Assert.Equal("ping"u8.ToArray(), buffer);
            Assert.Equal(IPAddress.Parse("10.250.0.2"), ((IPEndPoint)accepted.RemoteEndPoint!).Address);

            using (var net = Rtnetlink.OpenIn(host.Fd))
            {
                net.DeleteLink(Veth); // takes the peer in the guest with it
                net.DeleteLink(Bridge);
                Assert.False(net.LinkExists(Veth));
                Assert.False(net.LinkExists(Bridge));
            }
            Assert.Equal(["lo"], LinkNames(host));
            Assert.Equal(["lo"], LinkNames(guest));
        }

        Assert.DoesNotContain(_suffix, ScratchNetns.Ip("-o", "link"));
        var left = Directory.Exists("/run/netns") ? Directory.GetFileSystemEntries("/run/netns").Select(Path.GetFileName) : [];
        Assert.DoesNotContain(hostName, left);
        Assert.DoesNotContain(guestName, left);
    }

    [Fact]
    public void A_duplicate_name_or_an_unknown_link_is_a_KernelException_naming_it()
    {
        using var scratch = ScratchNetns.Create("e");
        using var net = Rtnetlink.OpenIn(scratch.Fd);
        net.CreateBridge(Bridge);

        var duplicate = Assert.Throws<KernelException>(() => net.CreateBridge(Bridge));
        Assert.Equal(Unistd.EEXIST, duplicate.Errno);
        Assert.Contains(Bridge, duplicate.Message);

        var missing = $"bock-t-n{_suffix}";
        foreach (var attempt in new Action[]
                 {
                     () => net.SetUp(missing),
                     () => net.DeleteLink(missing),
                     () => net.AddAddress(missing, IPAddress.Parse("10.252.0.1"), 24),
                     () => net.SetMaster(Bridge, missing),
                 })
        {
            var unknown = Assert.Throws<KernelException>(attempt);
            Assert.Equal(19 /* ENODEV */, unknown.Errno);
            Assert.Contains(missing, unknown.Message);
        }
        Assert.False(net.LinkExists(missing));
        Assert.True(net.LinkExists(Bridge));
    }

    [Fact]
    public void A_route_via_an_unreachable_gateway_is_refused_with_the_kernels_own_reason()
    {
        using var scratch = ScratchNetns.Create("r");
        using var net = Rtnetlink.OpenIn(scratch.Fd);

        var refused = Assert.Throws<KernelException>(() => net.AddDefaultRoute(IPAddress.Parse("10.253.0.1")));

        Assert.Equal(101 /* ENETUNREACH */, refused.Errno);
        Assert.Contains("add default route via 10.253.0.1", refused.Message);
        Assert.Contains("gateway", refused.Message); // the extended ack, e.g. "Nexthop has invalid gateway"
    }

    private static string[] LinkNames(ScratchNetns netns) =>
        JsonDocument.Parse(netns.IpIn("-j", "link")).RootElement.EnumerateArray()
            .Select(l => l.GetProperty("ifname").GetString()!).ToArray();
}
