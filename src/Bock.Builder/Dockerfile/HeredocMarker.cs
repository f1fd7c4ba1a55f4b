using System.Text.RegularExpressions;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// A <c>&lt;&lt;EOF</c> word. <c>&lt;&lt;-</c> strips leading tabs (<see cref="Chomp"/>); a delimiter with any quote
/// in it (<c>&lt;&lt;"EOF"</c>, <c>&lt;&lt;'EOF'</c>) turns expansion off, as in a POSIX shell.
/// </summary>
internal sealed partial record HeredocMarker(string Name, bool Expand, bool Chomp)
{
    /// <summary>
    /// The marker a word is, or null. Blanks may follow <c>&lt;&lt;</c> (<c>&lt;&lt; EOF</c>, as BuildKit's lexer
    /// joins them); an escaped quote (<c>eo\'f</c>) is part of the name and does not stop expansion; an unclosed quote
    /// is an error (<see cref="FormatException"/>).
    /// </summary>
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
            // Two words ("<<EOF sh") are not a marker.
            if (char.IsWhiteSpace(ch)) return null;
            if (ch == '\\' && i + 1 < rest.Length) ch = rest[++i];
            name.Append(ch);
        }
        if (quote != '\0') throw new FormatException($"invalid heredoc {word}: unclosed quote");
        return name.Length == 0 ? null : new HeredocMarker(name.ToString(), !quoted, match.Groups[2].Value == "-");
    }

    /// <summary>Whether a word is a well-formed marker (a malformed one was already reported where the line was read).</summary>
    public static bool IsMarker(string word)
    {
        try
        {
            return Parse(word) is not null;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The body as the builder uses it: with <see cref="Chomp"/>, every line's leading tabs removed.</summary>
    public string Body(string raw) => Chomp ? LeadingTabs().Replace(raw, "") : raw;

    [GeneratedRegex(@"^(\d*)<<(-?)\s*([^<]*)$")]
    private static partial Regex Pattern();

    [GeneratedRegex("^\t+", RegexOptions.Multiline)]
    private static partial Regex LeadingTabs();
}
