using System.Globalization;

namespace Bock.Cli.Output;

/// <summary>Docker's human-readable sizes (decimal units, as go-units HumanSize) and ages ("3 minutes ago").</summary>
internal static class Units
{
    private static readonly string[] SizeUnits = ["B", "kB", "MB", "GB", "TB", "PB"];

    public static string HumanSize(double bytes)
    {
        var unit = 0;
        while (bytes >= 1000 && unit < SizeUnits.Length - 1)
        {
            bytes /= 1000;
            unit++;
        }
        return bytes.ToString(bytes < 10 && unit > 0 ? "0.##" : "0.#", CultureInfo.InvariantCulture) + SizeUnits[unit];
    }

    /// <summary>Binary units for memory (<c>docker stats</c>): "12.5MiB".</summary>
    public static string BinarySize(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var unit = 0;
        while (bytes >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }
        return bytes.ToString("0.##", CultureInfo.InvariantCulture) + units[unit];
    }

    public static string HumanDuration(TimeSpan d) => Bock.Api.HumanDuration.Of(d);

    public static string Ago(DateTimeOffset when) => HumanDuration(DateTimeOffset.UtcNow - when) + " ago";
}
