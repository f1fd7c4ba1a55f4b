using System.Net;

namespace Bock.Actors.Networks.Dns;

/// <summary>The names of reverse lookups, d.c.b.a.in-addr.arpa for a.b.c.d (RFC 1035 3.5).</summary>
public static class DnsReverseName
{
    private const string Suffix = ".in-addr.arpa";

    /// <summary>The address a full four-octet reverse name stands for; false for anything else (a partial zone, a non-number).</summary>
    public static bool TryParse(string name, out IPAddress address)
    {
        address = IPAddress.None;
        var normalized = DnsName.Normalize(name);
        if (!normalized.EndsWith(Suffix, StringComparison.Ordinal)) return false;
        var octets = normalized[..^Suffix.Length].Split('.');
        if (octets.Length != 4) return false;
        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            // Canonical decimal only: "01" or "+1" would alias another name.
            if (!byte.TryParse(octets[i], System.Globalization.NumberStyles.None, null, out var value) || value.ToString() != octets[i]) return false;
            bytes[3 - i] = value;
        }
        address = new IPAddress(bytes);
        return true;
    }

    public static string Of(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return $"{bytes[3]}.{bytes[2]}.{bytes[1]}.{bytes[0]}{Suffix}";
    }
}
