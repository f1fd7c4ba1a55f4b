using System.Globalization;
using System.Text;

namespace Bockrose.Compose.Normalization;

/// <summary>
/// Durations as compose writes them (Go's <c>time.ParseDuration</c>: <c>1m30s</c>, <c>1.5h</c>, <c>500ms</c>,
/// <c>10us</c>) and printed back the way Go prints them (<c>1m30s</c>, <c>1h0m0s</c>), so <c>config</c> output
/// matches compose's.
/// </summary>
internal static class GoDuration
{
    private static readonly (string Unit, double Ticks)[] Units =
    [
        ("ns", 0.01), ("us", 10), ("µs", 10), ("ms", TimeSpan.TicksPerMillisecond), ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text.Trim();
        if (s.Length == 0) return false;
        var negative = s[0] == '-';
        if (s[0] is '-' or '+') s = s[1..];
        if (s == "0") return true;
        double ticks = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++;
            if (start == i || !double.TryParse(s[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return false;
            var unitStart = i;
            while (i < s.Length && !char.IsDigit(s[i]) && s[i] != '.') i++;
            var unit = s[unitStart..i];
            var match = Units.FirstOrDefault(u => u.Unit == unit);
            if (match.Unit is null) return false;
            ticks += number * match.Ticks;
        }
        value = TimeSpan.FromTicks((long)Math.Round(negative ? -ticks : ticks));
        return true;
    }

    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero) return "0s";
        var sb = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            sb.Append('-');
            value = value.Negate();
        }
        if (value < TimeSpan.FromSeconds(1))
        {
            var ticks = value.Ticks;
            if (ticks % TimeSpan.TicksPerMillisecond == 0) return sb.Append(ticks / TimeSpan.TicksPerMillisecond).Append("ms").ToString();
            if (ticks >= TimeSpan.TicksPerMillisecond) return sb.Append(Fraction(ticks, TimeSpan.TicksPerMillisecond)).Append("ms").ToString();
            return sb.Append(Fraction(ticks, 10)).Append("µs").ToString();
        }
        var hours = (long)value.TotalHours;
        var minutes = value.Minutes;
        var seconds = Fraction(value.Ticks % TimeSpan.TicksPerMinute, TimeSpan.TicksPerSecond);
        if (hours > 0) sb.Append(hours).Append('h').Append(minutes).Append('m');
        else if (minutes > 0) sb.Append(minutes).Append('m');
        return sb.Append(seconds).Append('s').ToString();
    }

    private static string Fraction(long ticks, long unit) =>
        ((decimal)ticks / unit).ToString("0.#########", CultureInfo.InvariantCulture);
}
