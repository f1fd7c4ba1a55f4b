using System.Net;
using Bock.Kernel.Native;

namespace Bock.Kernel.Netlink;

/// <summary>
/// Links, addresses and routes in one network namespace, over rtnetlink (what `ip link`, `ip addr` and `ip route`
/// do, without the `ip` program). Works on the namespace of its socket: <see cref="Open"/> for the caller's,
/// <see cref="OpenIn"/> for another one. A refused request throws a <see cref="KernelException"/> naming the link.
/// </summary>
public sealed class Rtnetlink(NetlinkSocket socket) : IDisposable
{
    private const int ENODEV = 19;

    public static Rtnetlink Open() => new(NetlinkSocket.Open());

    public static Rtnetlink OpenIn(int netnsFd) => new(NetlinkSocket.OpenIn(netnsFd));

    public void CreateBridge(string name) => socket.Request(LinkMessages.NewBridge(name), $"create bridge '{name}'");

    public void CreateVethPair(string name, string peerName) =>
        socket.Request(LinkMessages.NewVethPair(name, peerName), $"create veth pair '{name}'/'{peerName}'");

    /// <summary>A veth pair whose peer is made directly in the namespace <paramref name="peerNetnsFd"/> refers to.</summary>
    public void CreateVethPair(string name, string peerName, int peerNetnsFd) =>
        socket.Request(LinkMessages.NewVethPair(name, peerName, peerNetnsFd), $"create veth pair '{name}'/'{peerName}' (peer in netns fd {peerNetnsFd})");

    /// <summary>Deletes a link; for a veth end its peer goes too, wherever it is.</summary>
    public void DeleteLink(string name) => socket.Request(LinkMessages.Delete(name), $"delete link '{name}'");

    public void SetUp(string name) => socket.Request(LinkMessages.SetUp(name), $"set link '{name}' up");

    public bool LinkExists(string name)
    {
        try
        {
            LinkIndex(name);
            return true;
        }
        catch (KernelException e) when (e.Errno == ENODEV)
        {
            return false;
        }
    }

    /// <summary>The ifindex of <paramref name="name"/> in this socket's namespace.</summary>
    public int LinkIndex(string name)
    {
        var index = 0;
        socket.Request(LinkMessages.Get(name), $"find link '{name}'", reply => index = LinkMessages.IndexOf(reply));
        return index;
    }

    public void AddAddress(string name, IPAddress address, int prefixLength) =>
        socket.Request(AddressMessages.NewIPv4(LinkIndex(name), address, prefixLength),
            $"add address {address}/{prefixLength} to '{name}'");

    /// <summary>Attaches <paramref name="name"/> (e.g. a veth end) to the bridge <paramref name="bridgeName"/>.</summary>
    public void SetMaster(string name, string bridgeName) =>
        socket.Request(LinkMessages.SetMaster(name, LinkIndex(bridgeName)), $"attach '{name}' to bridge '{bridgeName}'");

    /// <summary>Moves <paramref name="name"/> into the network namespace <paramref name="netnsFd"/> refers to.</summary>
    public void MoveToNamespace(string name, int netnsFd) =>
        socket.Request(LinkMessages.MoveToNamespace(name, netnsFd), $"move link '{name}' to netns fd {netnsFd}");

    /// <summary>Renames a link, e.g. a veth end to <c>eth0</c> once it is inside the container's namespace. It must be down.</summary>
    public void Rename(string name, string newName) =>
        socket.Request(LinkMessages.Rename(LinkIndex(name), newName), $"rename link '{name}' to '{newName}'");

    public void SetHardwareAddress(string name, ReadOnlySpan<byte> mac) =>
        socket.Request(LinkMessages.SetHardwareAddress(name, mac), $"set the MAC address of '{name}' to {Convert.ToHexString(mac)}");

    /// <summary>Hairpin mode of a bridge port (the host end of a container's veth).</summary>
    public void SetHairpin(string name, bool on) =>
        socket.Request(LinkMessages.SetHairpin(LinkIndex(name), on), $"set hairpin mode of bridge port '{name}'");

    public void AddDefaultRoute(IPAddress gateway) =>
        socket.Request(RouteMessages.NewDefaultIPv4(gateway), $"add default route via {gateway}");

    public void Dispose() => socket.Dispose();
}
