using System.Text.RegularExpressions;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// A <c>&lt;&lt;EOF</c> word. <c>&lt;&lt;-</c> strips leading tabs (<see cref="Chomp"/>); a delimiter with any quote
/// in it (<c>&lt;&lt;"EOF"</c>, <c>&lt;&lt;'EOF'</c>) turns expansion off, as in a POSIX shell.
/// </summary>
internal sealed partial record HeredocMarker(string Name, bool Expand, bool Chomp)
{
    /// <summary>The marker a word is, or null; <c>&lt;&lt; EOF</c> (a space) is not one, as in BuildKit.</summary>
    public static HeredocMarker? Parse(string word)
    {
        var match = Pattern().Match(word);
        if (!match.Success || match.Groups[3].Value.Length == 0) return null;
        var rest = match.Groups[3].Value;
        var name = new System.Text.StringBuilder();
        var quoted = false;
        var quote = '\0';
        for (var i = 0; i < rest.Length; i++)
        {
            var ch = rest[i];
            if (quote != '\0')
            {
                if (ch == quote) quote = '\0';
                else name.Append(ch);
                continue;
            }
            if (ch is '\'' or '"')
            {
                quote = ch;
                quoted = true;
                continue;
            }
            if (char.IsWhiteSpace(ch)) return null;
            if (ch == '\\' && i + 1 < rest.Length)
            {
                quoted = true;
                ch = rest[++i];
            }
            name.Append(ch);
        }
        if (quote != '\0' || name.Length == 0) return null;
        return new HeredocMarker(name.ToString(), !quoted, match.Groups[2].Value == "-");
    }

    /// <summary>The body as the builder uses it: with <see cref="Chomp"/>, every line's leading tabs removed.</summary>
    public string Body(string raw) => Chomp ? LeadingTabs().Replace(raw, "") : raw;

    [GeneratedRegex(@"^(\d*)<<(-?)([^<]*)$")]
    private static partial Regex Pattern();

    [GeneratedRegex("^\t+", RegexOptions.Multiline)]
    private static partial Regex LeadingTabs();
}
