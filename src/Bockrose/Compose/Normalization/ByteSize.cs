using System.Globalization;

namespace Bockrose.Compose.Normalization;

/// <summary>Memory sizes as compose accepts them (<c>512m</c>, <c>1g</c>, <c>1.5GB</c>, plain bytes), binary multiples.</summary>
internal static class ByteSize
{
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var s = text.Trim().ToLowerInvariant();
        var i = 0;
        while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++;
        if (i == 0 || !double.TryParse(s[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return false;
        var unit = s[i..].Trim();
        if (unit.EndsWith("ib", StringComparison.Ordinal)) unit = unit[..^2];
        else if (unit.Length == 2 && unit[1] == 'b') unit = unit[..1];
        long multiplier = unit switch
        {
            "" or "b" => 1,
            "k" => 1L << 10,
            "m" => 1L << 20,
            "g" => 1L << 30,
            "t" => 1L << 40,
            "p" => 1L << 50,
            _ => -1,
        };
        if (multiplier < 0) return false;
        bytes = (long)(number * multiplier);
        return true;
    }
}
