using System.Globalization;
using Bock.Actors.Networks;

namespace Bock.Host.Networks;

/// <summary>The host's IPv4 routes, except the default one and our bridges' (<c>/proc/net/route</c>): subnets a new network must avoid.</summary>
public static class HostRoutes
{
    public static IReadOnlyList<Ipv4Subnet> Read(LinkNaming naming, string path = "/proc/net/route")
    {
        if (!File.Exists(path)) return [];
        List<Ipv4Subnet> subnets = [];
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            // Our own bridges' routes are networks the directory knows already (or stale ones reconciling removes);
            // another daemon's bridges are taken like any other route.
            if (fields.Length < 8 || naming.IsOwnBridge(fields[0])) continue;
            // Destination and Mask are little-endian hex of the address in network order.
            var destination = uint.Parse(fields[1], NumberStyles.HexNumber);
            var mask = uint.Parse(fields[7], NumberStyles.HexNumber);
            if (mask == 0) continue;
            var prefix = System.Numerics.BitOperations.PopCount(mask);
            subnets.Add(Ipv4Subnet.Of(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(destination), prefix));
        }
        return subnets;
    }
}
