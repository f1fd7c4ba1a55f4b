using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Bock.Kernel.Netlink;

/// <summary>RTM_NEWADDR: an ifaddrmsg, then IFA_LOCAL and IFA_ADDRESS (equal on a non-point-to-point link, as `ip addr add` sends).</summary>
internal static class AddressMessages
{
    private const int IfAddrMsgSize = 8;

    public static byte[] NewIPv4(int linkIndex, IPAddress address, int prefixLength)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork) throw new ArgumentException($"{address} is not IPv4", nameof(address));
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, 32);
        var writer = new NetlinkMessageWriter(RouteNetlink.RTM_NEWADDR,
            RouteNetlink.NLM_F_REQUEST | RouteNetlink.NLM_F_ACK | RouteNetlink.NLM_F_CREATE | RouteNetlink.NLM_F_EXCL);
        var ifaddr = writer.Reserve(IfAddrMsgSize);
        ifaddr[0] = RouteNetlink.AF_INET;
        ifaddr[1] = (byte)prefixLength;
        ifaddr[3] = RouteNetlink.RT_SCOPE_UNIVERSE;
        BinaryPrimitives.WriteInt32LittleEndian(ifaddr[4..], linkIndex);
        var bytes = address.GetAddressBytes(); // network order, as the kernel wants it
        writer.Attribute(RouteNetlink.IFA_LOCAL, bytes);
        writer.Attribute(RouteNetlink.IFA_ADDRESS, bytes);
        return writer.ToArray();
    }
}
