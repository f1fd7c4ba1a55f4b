using System.Buffers.Binary;

namespace Bock.Kernel.Netlink;

/// <summary>
/// RTM_*LINK requests: an ifinfomsg, then attributes. Links are named by IFLA_IFNAME with ifi_index 0, which the
/// kernel resolves in the socket's own namespace (if_nametoindex would use the calling thread's).
/// </summary>
internal static class LinkMessages
{
    private const int IfInfoMsgSize = 16;
    private const ushort Create = RouteNetlink.NLM_F_REQUEST | RouteNetlink.NLM_F_ACK | RouteNetlink.NLM_F_CREATE | RouteNetlink.NLM_F_EXCL;
    private const ushort Change = RouteNetlink.NLM_F_REQUEST | RouteNetlink.NLM_F_ACK;

    public static byte[] NewBridge(string name)
    {
        var writer = Begin(RouteNetlink.RTM_NEWLINK, Create, name);
        var info = writer.BeginNested(RouteNetlink.IFLA_LINKINFO);
        writer.Attribute(RouteNetlink.IFLA_INFO_KIND, "bridge");
        writer.EndNested(info);
        return writer.ToArray();
    }

    /// <param name="peerNetnsFd">Where the peer is made: created there, it never moves, and a move between namespaces
    /// costs an RCU grace period (~18 ms measured here); null keeps it beside <paramref name="name"/>.</param>
    public static byte[] NewVethPair(string name, string peerName, int? peerNetnsFd = null)
    {
        var writer = Begin(RouteNetlink.RTM_NEWLINK, Create, name);
        var info = writer.BeginNested(RouteNetlink.IFLA_LINKINFO);
        writer.Attribute(RouteNetlink.IFLA_INFO_KIND, "veth");
        var data = writer.BeginNested(RouteNetlink.IFLA_INFO_DATA);
        // VETH_INFO_PEER carries a whole ifinfomsg of its own before the peer's attributes.
        var peer = writer.BeginNested(RouteNetlink.VETH_INFO_PEER);
        writer.Reserve(IfInfoMsgSize);
        writer.Attribute(RouteNetlink.IFLA_IFNAME, peerName);
        if (peerNetnsFd is { } fd) writer.Attribute(RouteNetlink.IFLA_NET_NS_FD, (uint)fd);
        writer.EndNested(peer);
        writer.EndNested(data);
        writer.EndNested(info);
        return writer.ToArray();
    }

    public static byte[] Delete(string name) => Begin(RouteNetlink.RTM_DELLINK, Change, name).ToArray();

    public static byte[] Get(string name) => Begin(RouteNetlink.RTM_GETLINK, Change, name).ToArray();

    public static byte[] SetUp(string name) =>
        Begin(RouteNetlink.RTM_NEWLINK, Change, name, RouteNetlink.IFF_UP, RouteNetlink.IFF_UP).ToArray();

    public static byte[] SetMaster(string name, int masterIndex)
    {
        var writer = Begin(RouteNetlink.RTM_NEWLINK, Change, name);
        writer.Attribute(RouteNetlink.IFLA_MASTER, (uint)masterIndex);
        return writer.ToArray();
    }

    public static byte[] MoveToNamespace(string name, int netnsFd)
    {
        var writer = Begin(RouteNetlink.RTM_NEWLINK, Change, name);
        writer.Attribute(RouteNetlink.IFLA_NET_NS_FD, (uint)netnsFd);
        return writer.ToArray();
    }

    /// <summary>Renames the link with ifindex <paramref name="index"/>: a name cannot name the link it renames.</summary>
    public static byte[] Rename(int index, string newName)
    {
        CheckName(newName);
        var writer = new NetlinkMessageWriter(RouteNetlink.RTM_NEWLINK, Change);
        var ifinfo = writer.Reserve(IfInfoMsgSize);
        BinaryPrimitives.WriteInt32LittleEndian(ifinfo[4..], index);
        writer.Attribute(RouteNetlink.IFLA_IFNAME, newName);
        return writer.ToArray();
    }

    public static byte[] SetHardwareAddress(string name, ReadOnlySpan<byte> mac)
    {
        if (mac.Length != 6) throw new ArgumentException("a MAC address has 6 bytes", nameof(mac));
        var writer = Begin(RouteNetlink.RTM_NEWLINK, Change, name);
        writer.Attribute(RouteNetlink.IFLA_ADDRESS, mac);
        return writer.ToArray();
    }

    /// <summary>
    /// A bridge port's hairpin mode (IFLA_BRPORT_MODE in IFLA_PROTINFO, family AF_BRIDGE): a frame may leave by the
    /// port it came in, so a container reaches its own published port through the host (DNAT sends it back).
    /// </summary>
    public static byte[] SetHairpin(int index, bool on)
    {
        // RTM_SETLINK: only its AF_BRIDGE handler (the bridge's setlink) reads IFLA_PROTINFO; RTM_NEWLINK ignores it.
        var writer = new NetlinkMessageWriter(RouteNetlink.RTM_SETLINK, Change);
        var ifinfo = writer.Reserve(IfInfoMsgSize);
        ifinfo[0] = RouteNetlink.AF_BRIDGE;
        BinaryPrimitives.WriteInt32LittleEndian(ifinfo[4..], index);
        var protinfo = writer.BeginNested(RouteNetlink.IFLA_PROTINFO | RouteNetlink.NLA_F_NESTED);
        writer.Attribute(RouteNetlink.IFLA_BRPORT_MODE, [on ? (byte)1 : (byte)0]);
        writer.EndNested(protinfo);
        return writer.ToArray();
    }

    /// <summary>ifi_index of the RTM_NEWLINK the kernel answers an RTM_GETLINK with.</summary>
    public static int IndexOf(ReadOnlySpan<byte> reply) =>
        BinaryPrimitives.ReadInt32LittleEndian(reply[(RouteNetlink.NlMsgHdrSize + 4)..]);

    private static NetlinkMessageWriter Begin(ushort type, ushort flags, string name, uint ifiFlags = 0, uint ifiChange = 0)
    {
        CheckName(name);
        var writer = new NetlinkMessageWriter(type, flags);
        var ifinfo = writer.Reserve(IfInfoMsgSize); // family AF_UNSPEC, type 0, index 0
        BinaryPrimitives.WriteUInt32LittleEndian(ifinfo[8..], ifiFlags);
        BinaryPrimitives.WriteUInt32LittleEndian(ifinfo[12..], ifiChange);
        writer.Attribute(RouteNetlink.IFLA_IFNAME, name);
        return writer;
    }

    private static void CheckName(string name)
    {
        if (name.Length is 0 or > 15) throw new ArgumentException($"link name '{name}' must be 1 to 15 bytes (IFNAMSIZ)", nameof(name));
    }
}
