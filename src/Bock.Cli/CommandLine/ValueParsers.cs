using System.Globalization;
using System.Text.RegularExpressions;

namespace Bock.Cli.CommandLine;

/// <summary>Docker's value syntaxes: sizes (<c>512m</c>), CPUs (<c>1.5</c>), Go durations (<c>1m30s</c>), ulimits.</summary>
internal static partial class ValueParsers
{
    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex DurationPart();

    /// <summary>go-units RAMInBytes: binary multiples, suffix case-insensitive, optional b/ib (<c>64m</c>, <c>1GiB</c>).</summary>
    public static long Bytes(string text, string flag)
    {
        var match = SizePattern().Match(text.Trim());
        if (!match.Success)
            throw new UsageException($"invalid argument \"{text}\" for \"--{flag}\" flag: invalid size: '{text}'");
        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var multiplier = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "k" => 1L << 10,
            "m" => 1L << 20,
            "g" => 1L << 30,
            "t" => 1L << 40,
            "p" => 1L << 50,
            _ => 1L,
        };
        return (long)(number * multiplier);
    }

    /// <summary><c>--cpus 1.5</c> as NanoCpus (1.5e9).</summary>
    public static long NanoCpus(string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var cpus) || cpus < 0 || double.IsInfinity(cpus))
            throw new UsageException($"invalid argument \"{text}\" for \"--cpus\" flag: failed to parse {text} as a rational number");
        return (long)Math.Round(cpus * 1e9);
    }

    /// <summary>A Go duration (<c>30s</c>, <c>1m30s</c>, <c>250ms</c>) in nanoseconds; a bare 0 is allowed.</summary>
    public static long DurationNanos(string text, string flag)
    {
        if (text == "0") return 0;
        var position = 0;
        double nanos = 0;
        foreach (Match part in DurationPart().Matches(text))
        {
            if (part.Index != position) break;
            position += part.Length;
            var value = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            nanos += value * part.Groups[2].Value switch
            {
                "ns" => 1,
                "us" or "µs" => 1e3,
                "ms" => 1e6,
                "s" => 1e9,
                "m" => 60e9,
                _ => 3600e9,
            };
        }
        if (position != text.Length || text.Length == 0)
            throw new UsageException($"invalid argument \"{text}\" for \"--{flag}\" flag: time: invalid duration \"{text}\"");
        return (long)nanos;
    }

    /// <summary><c>name=soft[:hard]</c>; a missing hard limit equals the soft one.</summary>
    public static Api.Dtos.UlimitDto Ulimit(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0) throw new UsageException($"invalid argument \"{text}\" for \"--ulimit\" flag: invalid ulimit argument: {text}");
        var name = text[..eq];
        var limits = text[(eq + 1)..].Split(':');
        if (limits.Length > 2 || !long.TryParse(limits[0], out var soft))
            throw new UsageException($"invalid argument \"{text}\" for \"--ulimit\" flag: invalid ulimit argument: {text}");
        var hard = soft;
        if (limits.Length == 2 && !long.TryParse(limits[1], out hard))
            throw new UsageException($"invalid argument \"{text}\" for \"--ulimit\" flag: invalid ulimit argument: {text}");
        if (soft > hard)
            throw new UsageException($"invalid argument \"{text}\" for \"--ulimit\" flag: ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}");
        return new Api.Dtos.UlimitDto { Name = name, Soft = soft, Hard = hard };
    }
}
