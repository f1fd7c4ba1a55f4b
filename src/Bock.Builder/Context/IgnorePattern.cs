using System.Text;
using System.Text.RegularExpressions;

namespace Bock.Builder.Context;

/// <summary>
/// One pattern of a <c>.dockerignore</c>/<c>.bockignore</c>, compiled to a regex as moby/patternmatcher does: Go's
/// <c>filepath.Match</c> syntax (<c>*</c> and <c>?</c> never cross a <c>/</c>, <c>[…]</c> classes, <c>\</c> escapes)
/// plus <c>**</c>, which matches any number of directories (zero included); a leading <c>!</c> makes it an exception.
/// </summary>
public sealed record IgnorePattern
{
    private readonly Regex _regex;

    private IgnorePattern(string text, bool exclusion, Regex regex)
    {
        Text = text;
        IsException = exclusion;
        _regex = regex;
    }

    /// <summary>The cleaned pattern, without its <c>!</c>.</summary>
    public string Text { get; }

    /// <summary>A <c>!pattern</c>: a path it matches is included again.</summary>
    public bool IsException { get; }

    public static IgnorePattern Parse(string pattern)
    {
        pattern = pattern.Trim();
        var exclusion = pattern.StartsWith('!');
        if (exclusion) pattern = pattern[1..].Trim();
        if (pattern.Length == 0) throw new FormatException(exclusion ? "illegal exclusion pattern: \"!\"" : "empty pattern");
        pattern = Normalize(pattern);
        return new IgnorePattern(pattern, exclusion, new Regex(ToRegex(pattern), RegexOptions.CultureInvariant));
    }

    /// <summary>Whether the path itself (not its parents: see <see cref="IgnoreMatcher"/>) matches.</summary>
    public bool Matches(string path) => _regex.IsMatch(path);

    /// <summary>Go's <c>filepath.Clean</c>, then relative to the context root: <c>./a</c>, <c>/a</c> and <c>a/</c> are all <c>a</c>.</summary>
    internal static string Normalize(string path)
    {
        var rooted = path.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
            else if (part != ".." || !rooted) parts.Add(part);
        }
        var cleaned = string.Join('/', parts);
        return cleaned.Length == 0 ? (rooted ? "/" : ".") : cleaned;
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            switch (ch)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    // "**/" is "**": eat the slash.
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/') i++;
                    // At the end "**" matches everything; elsewhere any number of whole directories, even none.
                    regex.Append(i + 1 == pattern.Length ? ".*" : "(.*/)?");
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var end = ClassEnd(pattern, i);
                    regex.Append(ClassToRegex(pattern[(i + 1)..end]));
                    i = end;
                    break;
                case '\\':
                    regex.Append(i + 1 < pattern.Length ? Regex.Escape(pattern[++i].ToString()) : @"\\");
                    break;
                default:
                    regex.Append(Regex.Escape(ch.ToString()));
                    break;
            }
        }
        return regex.Append('$').ToString();
    }

    // The index of the ']' closing the class opened at start; Go refuses an unclosed class as a bad pattern.
    private static int ClassEnd(string pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^') i++;
        for (var first = true; i < pattern.Length; i++, first = false)
        {
            if (pattern[i] == '\\') i++;
            else if (pattern[i] == ']' && !first) return i;
        }
        throw new FormatException($"syntax error in pattern \"{pattern}\": unclosed [");
    }

    private static string ClassToRegex(string body)
    {
        var result = new StringBuilder("[");
        var i = 0;
        if (body.StartsWith('^'))
        {
            result.Append('^');
            i = 1;
        }
        for (; i < body.Length; i++)
        {
            var ch = body[i];
            if (ch == '\\' && i + 1 < body.Length) ch = body[++i];
            else if (ch == '-' && i > 0 && i + 1 < body.Length)
            {
                result.Append('-');
                continue;
            }
            result.Append(ch is '\\' or ']' or '[' or '^' or '-' ? "\\" + ch : ch.ToString());
        }
        // Like moby, the class goes into the regex as is (so a negated class can match '/', unlike filepath.Match).
        return result.Append(']').ToString();
    }
}
