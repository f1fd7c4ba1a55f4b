using System.Globalization;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

/// <summary><c>--since</c>/<c>--until</c>: an RFC 3339 time, a Unix time, or a Go duration back from now.</summary>
internal static class Timestamps
{
    public static string ToUnix(string text, string flag)
    {
        if (long.TryParse(text, out var unix)) return unix.ToString(CultureInfo.InvariantCulture);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nanos = ValueParsers.DurationNanos(text, flag);
        return (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - nanos / 1_000_000_000).ToString(CultureInfo.InvariantCulture);
    }
}
