using System.Net;
using System.Net.Sockets;

namespace Bock.Kernel.Netlink;

/// <summary>RTM_NEWROUTE: an rtmsg, then attributes.</summary>
internal static class RouteMessages
{
    private const int RtMsgSize = 12;

    /// <summary>0.0.0.0/0 via <paramref name="gateway"/> in the main table, as `ip route add default via` sends it.</summary>
    public static byte[] NewDefaultIPv4(IPAddress gateway)
    {
        if (gateway.AddressFamily != AddressFamily.InterNetwork) throw new ArgumentException($"{gateway} is not IPv4", nameof(gateway));
        var writer = new NetlinkMessageWriter(RouteNetlink.RTM_NEWROUTE,
            RouteNetlink.NLM_F_REQUEST | RouteNetlink.NLM_F_ACK | RouteNetlink.NLM_F_CREATE | RouteNetlink.NLM_F_EXCL);
        var rtmsg = writer.Reserve(RtMsgSize); // dst_len, src_len and tos 0: the default route
        rtmsg[0] = RouteNetlink.AF_INET;
        rtmsg[4] = RouteNetlink.RT_TABLE_MAIN;
        rtmsg[5] = RouteNetlink.RTPROT_BOOT;
        rtmsg[6] = RouteNetlink.RT_SCOPE_UNIVERSE;
        rtmsg[7] = RouteNetlink.RTN_UNICAST;
        writer.Attribute(RouteNetlink.RTA_GATEWAY, gateway.GetAddressBytes());
        return writer.ToArray();
    }
}
