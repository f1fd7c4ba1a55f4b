using System.Globalization;
using System.Text.RegularExpressions;

namespace Bock.Builder.Bockfile;

/// <summary>Durations as Docker writes them (Go's form): <c>30s</c>, <c>1m30s</c>, <c>500ms</c>, <c>1.5h</c>; a unit is required.</summary>
internal static partial class Duration
{
    [GeneratedRegex(@"\G([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex Part();

    public static TimeSpan? TryParse(string text)
    {
        if (text.Length == 0) return null;
        var ticks = 0.0;
        var at = 0;
        while (at < text.Length)
        {
            var match = Part().Match(text, at);
            if (!match.Success) return null;
            var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            ticks += number * match.Groups[2].Value switch
            {
                "ns" => TimeSpan.TicksPerMicrosecond / 1000.0,
                "us" or "µs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
            at += match.Length;
        }
        return TimeSpan.FromTicks((long)Math.Round(ticks));
    }
}
