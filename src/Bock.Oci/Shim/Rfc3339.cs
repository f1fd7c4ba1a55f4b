using System.Globalization;

namespace Bock.Oci.Shim;

/// <summary>Timestamps as Docker writes them (RFC 3339, UTC, sub-second digits): .NET's clock has 100 ns ticks, so 7 digits.</summary>
public static class Rfc3339
{
    public static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
