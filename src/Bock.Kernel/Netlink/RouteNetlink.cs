namespace Bock.Kernel.Netlink;

/// <summary>
/// Constants from linux/netlink.h, linux/rtnetlink.h, linux/if_link.h, linux/if_addr.h and linux/veth.h, named as
/// there so they can be checked against the headers.
/// </summary>
internal static class RouteNetlink
{
    public const int AF_UNSPEC = 0, AF_INET = 2, AF_BRIDGE = 7, AF_NETLINK = 16;
    public const int SOCK_RAW = 3, SOCK_CLOEXEC = 0x80000, NETLINK_ROUTE = 0;
    public const int SOL_NETLINK = 270, NETLINK_CAP_ACK = 10, NETLINK_EXT_ACK = 11;

    public const int NlMsgHdrSize = 16, NlMsgErrSize = 20, RtAttrSize = 4;

    public const ushort NLMSG_ERROR = 2, NLMSG_DONE = 3;
    public const ushort NLM_F_REQUEST = 0x1, NLM_F_ACK = 0x4, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400;
    public const ushort NLM_F_CAPPED = 0x100, NLM_F_ACK_TLVS = 0x200;
    public const ushort NLMSGERR_ATTR_MSG = 1;

    public const ushort RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_GETLINK = 18, RTM_SETLINK = 19, RTM_NEWADDR = 20, RTM_NEWROUTE = 24;

    public const ushort IFLA_ADDRESS = 1, IFLA_IFNAME = 3, IFLA_MASTER = 10, IFLA_LINKINFO = 18, IFLA_NET_NS_FD = 28;
    public const ushort IFLA_PROTINFO = 12, NLA_F_NESTED = 0x8000, IFLA_BRPORT_MODE = 4;
    public const ushort IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2, VETH_INFO_PEER = 1;
    public const uint IFF_UP = 0x1;

    public const ushort IFA_ADDRESS = 1, IFA_LOCAL = 2;

    public const ushort RTA_GATEWAY = 5;
    public const byte RT_TABLE_MAIN = 254, RTPROT_BOOT = 3, RT_SCOPE_UNIVERSE = 0, RTN_UNICAST = 1;
}
