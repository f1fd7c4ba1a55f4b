using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bockrose.Compose.Output;

/// <summary>
/// A small deterministic YAML writer for plain data: <see cref="SortedDictionary{TKey,TValue}"/> (keys in ordinal
/// order), lists, strings, numbers, booleans and null. Strings are double-quoted only when a plain scalar would
/// read back as something else (a number, a boolean, null, a YAML indicator), so the output reads like
/// <c>docker compose config</c>'s and round-trips.
/// </summary>
internal static partial class CanonicalYaml
{
    public static string Write(SortedDictionary<string, object?> root)
    {
        var sb = new StringBuilder();
        WriteMapping(sb, root, 0);
        return sb.ToString();
    }

    private static void WriteMapping(StringBuilder sb, SortedDictionary<string, object?> map, int indent)
    {
        foreach (var (key, value) in map)
        {
            sb.Append(' ', indent).Append(Key(key)).Append(':');
            WriteValue(sb, value, indent);
        }
    }

    private static void WriteValue(StringBuilder sb, object? value, int indent)
    {
        switch (value)
        {
            case SortedDictionary<string, object?> { Count: 0 }:
                sb.Append(" {}\n");
                break;
            case SortedDictionary<string, object?> map:
                sb.Append('\n');
                WriteMapping(sb, map, indent + 2);
                break;
            case IList { Count: 0 }:
                sb.Append(" []\n");
                break;
            case IList list:
                sb.Append('\n');
                WriteSequence(sb, list, indent + 2);
                break;
            default:
                sb.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void WriteSequence(StringBuilder sb, IList list, int indent)
    {
        foreach (var item in list)
        {
            sb.Append(' ', indent).Append('-');
            if (item is SortedDictionary<string, object?> { Count: > 0 } map)
            {
                // The first key goes on the dash's line, the rest under it.
                var first = true;
                foreach (var (key, value) in map)
                {
                    if (first) sb.Append(' ');
                    else sb.Append(' ', indent + 2);
                    first = false;
                    sb.Append(Key(key)).Append(':');
                    WriteValue(sb, value, indent + 2);
                }
            }
            else
            {
                WriteValue(sb, item, indent);
            }
        }
    }

    private static string Key(string key) => NeedsQuotes(key) ? Quote(key) : key;

    /// <summary>
    /// A value as YAML. Dollars are doubled, as compose does in its <c>config</c> output, so feeding the output
    /// back to a loader yields the same values instead of interpolating them again.
    /// </summary>
    public static string Scalar(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => s.Replace("$", "$$") is var escaped && NeedsQuotes(escaped) ? Quote(escaped) : escaped,
        _ => Quote(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    private static bool NeedsQuotes(string s)
    {
        if (s.Length == 0 || s != s.Trim()) return true;
        if (s.Any(c => char.IsControl(c))) return true;
        if ("?:,[]{}#&*!|>'\"%@`".Contains(s[0])) return true;
        if (s == "-" || s.StartsWith("- ", StringComparison.Ordinal)) return true;
        if (s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':')) return true;
        var lower = s.ToLowerInvariant();
        if (lower is "null" or "~" or "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" or ".inf" or "-.inf" or "+.inf" or ".nan")
            return true;
        // Anything a YAML 1.1 or 1.2 reader could take for a number, including 1.1's sexagesimal "80:80".
        return LooksNumeric().IsMatch(s);
    }

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$")]
    private static partial Regex LooksNumeric();

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (char.IsControl(c)) sb.Append($"\\u{(int)c:x4}");
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
