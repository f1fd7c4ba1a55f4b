using System.Net;
using Bock.Kernel.Netlink;
using Xunit;

namespace Bock.Kernel.Tests.Netlink;

/// <summary>
/// Requests byte for byte, written out from the structs and constants of linux/netlink.h, rtnetlink.h, if_link.h,
/// if_addr.h and veth.h (little-endian host order; addresses in network order).
/// </summary>
public sealed class NetlinkMessageTests
{
    // nlmsghdr: len, type, flags; seq and pid stay 0 until the socket stamps the sequence.
    private static byte[] Header(int length, ushort type, ushort flags) =>
        [(byte)length, 0, 0, 0, (byte)type, 0, (byte)flags, (byte)(flags >> 8), 0, 0, 0, 0, 0, 0, 0, 0];

    private static readonly byte[] EmptyIfInfo = new byte[16];

    [Fact]
    public void A_bridge_is_a_new_link_named_by_IFLA_IFNAME_with_kind_bridge_nested_in_IFLA_LINKINFO()
    {
        byte[] expected =
        [
            .. Header(56, 16 /* RTM_NEWLINK */, 0x605 /* REQUEST|ACK|EXCL|CREATE */),
            .. EmptyIfInfo,
            8, 0, 3, 0, (byte)'b', (byte)'r', (byte)'0', 0, // IFLA_IFNAME "br0\0"
            16, 0, 18, 0, // IFLA_LINKINFO
            11, 0, 1, 0, .. "bridge"u8, 0, 0, // IFLA_INFO_KIND "bridge\0", length unpadded, padded to 4
        ];
        Assert.Equal(expected, LinkMessages.NewBridge("br0"));
    }

    [Fact]
    public void A_veth_pair_nests_the_peer_ifinfomsg_and_name_in_VETH_INFO_PEER_inside_IFLA_INFO_DATA()
    {
        byte[] expected =
        [
            .. Header(88, 16, 0x605),
            .. EmptyIfInfo,
            7, 0, 3, 0, (byte)'v', (byte)'0', 0, 0, // IFLA_IFNAME "v0\0"
            48, 0, 18, 0, // IFLA_LINKINFO
            9, 0, 1, 0, .. "veth"u8, 0, 0, 0, 0, // IFLA_INFO_KIND "veth\0"
            32, 0, 2, 0, // IFLA_INFO_DATA
            28, 0, 1, 0, // VETH_INFO_PEER
            .. EmptyIfInfo,
            7, 0, 3, 0, (byte)'v', (byte)'1', 0, 0, // the peer's IFLA_IFNAME
        ];
        Assert.Equal(expected, LinkMessages.NewVethPair("v0", "v1"));
    }

    [Fact]
    public void Set_up_changes_only_IFF_UP_of_an_existing_link()
    {
        byte[] expected =
        [
            .. Header(44, 16, 0x5 /* REQUEST|ACK: no create */),
            0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, // ifi_flags = ifi_change = IFF_UP
            9, 0, 3, 0, .. "eth0"u8, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, LinkMessages.SetUp("eth0"));
    }

    [Fact]
    public void An_address_carries_IFA_LOCAL_and_IFA_ADDRESS_after_an_ifaddrmsg()
    {
        byte[] expected =
        [
            .. Header(40, 20 /* RTM_NEWADDR */, 0x605),
            2 /* AF_INET */, 24, 0, 0 /* RT_SCOPE_UNIVERSE */, 5, 0, 0, 0, // ifa_index 5
            8, 0, 2, 0, 10, 1, 2, 3, // IFA_LOCAL
            8, 0, 1, 0, 10, 1, 2, 3, // IFA_ADDRESS
        ];
        Assert.Equal(expected, AddressMessages.NewIPv4(5, IPAddress.Parse("10.1.2.3"), 24));
    }

    [Fact]
    public void A_default_route_is_a_zero_length_destination_in_the_main_table_via_RTA_GATEWAY()
    {
        byte[] expected =
        [
            .. Header(36, 24 /* RTM_NEWROUTE */, 0x605),
            2, 0, 0, 0, 254 /* RT_TABLE_MAIN */, 3 /* RTPROT_BOOT */, 0, 1 /* RTN_UNICAST */, 0, 0, 0, 0,
            8, 0, 5, 0, 10, 1, 2, 1, // RTA_GATEWAY
        ];
        Assert.Equal(expected, RouteMessages.NewDefaultIPv4(IPAddress.Parse("10.1.2.1")));
    }

    [Fact]
    public void A_link_name_longer_than_IFNAMSIZ_is_refused_before_the_kernel_sees_it() =>
        Assert.Throws<ArgumentException>(() => LinkMessages.NewBridge("bock-t-0123456789"));
}
