using System.Net;
using System.Net.Sockets;

namespace Bock.Actors.Networks;

/// <summary>An IPv4 subnet in CIDR form (<c>172.18.0.0/16</c>), normalised to its network address.</summary>
public sealed record Ipv4Subnet
{
    private Ipv4Subnet(uint network, int prefixLength)
    {
        Network = network;
        PrefixLength = prefixLength;
    }

    /// <summary>The network address as a host-order number (172.18.0.0 is 0xAC120000).</summary>
    public uint Network { get; }

    public int PrefixLength { get; }

    public uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);
    public uint Broadcast => Network | ~Mask;

    /// <summary>Addresses a container may get: all but the network and broadcast addresses (a /31 or /32 has none).</summary>
    public long UsableCount => PrefixLength >= 31 ? 0 : (1L << (32 - PrefixLength)) - 2;

    /// <exception cref="FormatException">Not <c>a.b.c.d/n</c>, or host bits set (Docker refuses those too).</exception>
    public static Ipv4Subnet Parse(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(text[..slash], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(text[(slash + 1)..], out var prefix) || prefix is < 0 or > 32)
            throw new FormatException($"invalid subnet {text}: expected an IPv4 CIDR such as 172.18.0.0/16");
        var value = ToNumber(address);
        var subnet = new Ipv4Subnet(value & (prefix == 0 ? 0 : uint.MaxValue << (32 - prefix)), prefix);
        if (subnet.Network != value)
            throw new FormatException($"invalid subnet {text}: it has host bits set (the network is {subnet})");
        return subnet;
    }

    public static Ipv4Subnet Of(uint network, int prefixLength) => Parse($"{ToAddress(network)}/{prefixLength}");

    public bool Contains(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork && (ToNumber(address) & Mask) == Network;

    public bool Overlaps(Ipv4Subnet other) => (Network & other.Mask) == other.Network || (other.Network & Mask) == Network;

    public override string ToString() => $"{ToAddress(Network)}/{PrefixLength}";

    public static uint ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }

    public static IPAddress ToAddress(uint value) => new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
