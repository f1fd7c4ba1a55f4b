using System.Globalization;
using System.Text.RegularExpressions;

namespace Bock.Builder.Dockerfile;

/// <summary>Go's <c>time.ParseDuration</c> syntax (<c>30s</c>, <c>1m30s</c>, <c>1.5h</c>, <c>300ms</c>), which HEALTHCHECK's flags use.</summary>
internal static partial class GoDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text == "0") return true;
        var match = Pattern().Match(text);
        if (!match.Success) return false;
        double ticks = 0;
        foreach (Capture part in match.Groups[1].Captures)
        {
            var unit = Unit().Match(part.Value);
            var number = double.Parse(part.Value[..unit.Index], CultureInfo.InvariantCulture);
            ticks += number * unit.Value switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
        }
        duration = TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }

    [GeneratedRegex(@"^((?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"(ns|us|µs|μs|ms|s|m|h)$")]
    private static partial Regex Unit();
}
