using System.Text;
using System.Text.RegularExpressions;

namespace Bock.Builder.Context;

/// <summary>
/// One pattern of a <c>.dockerignore</c>/<c>.bockignore</c>, compiled as moby/patternmatcher compiles it: Go's
/// <c>filepath.Match</c> syntax (<c>*</c> and <c>?</c> never cross a <c>/</c>, <c>[…]</c> classes, <c>\</c> escapes)
/// plus <c>**</c> for any number of directories. Like moby, a pattern without wildcards is compared as a string, one
/// ending in <c>/**</c> as a prefix and one starting with <c>**</c> as a suffix (so <c>**.go</c> matches every
/// <c>.go</c> file and <c>**file</c> every path ending in <c>file</c>), the rest as a regex.
/// </summary>
public sealed record IgnorePattern
{
    private readonly MatchKind _kind;
    private readonly Regex? _regex;

    private IgnorePattern(string text, bool isException, MatchKind kind, Regex? regex)
    {
        Text = text;
        IsException = isException;
        _kind = kind;
        _regex = regex;
    }

    /// <summary>The cleaned pattern, without its <c>!</c>.</summary>
    public string Text { get; }

    /// <summary>A <c>!pattern</c>: a path it matches is included again.</summary>
    public bool IsException { get; }

    /// <summary>Parses one pattern; a malformed one (<c>[a</c>, <c>[]</c>, a trailing <c>\</c>, a lone <c>!</c>) is a <see cref="FormatException"/>.</summary>
    public static IgnorePattern Parse(string pattern)
    {
        pattern = pattern.Trim();
        var isException = pattern.StartsWith('!');
        if (isException) pattern = pattern[1..].Trim();
        if (pattern.Length == 0) throw new FormatException(isException ? "illegal exclusion pattern: \"!\"" : "empty pattern");
        pattern = Normalize(pattern);
        GoMatchSyntax.Validate(pattern);
        var (kind, regex) = Compile(pattern);
        try
        {
            // No options: case-sensitive matching needs no culture, and the options overload makes NativeAOT keep the
            // NonBacktracking engine (~0.4 MB of the bock CLI, which links this matcher).
            return new IgnorePattern(pattern, isException, kind, regex is null ? null : new Regex(regex));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"syntax error in pattern \"{pattern}\": {e.Message}", e);
        }
    }

    /// <summary>Whether the path itself (not its parents: see <see cref="IgnoreMatcher"/>) matches.</summary>
    public bool Matches(string path) => _kind switch
    {
        MatchKind.Exact => path == Text,
        MatchKind.Prefix => path.StartsWith(Text[..^2], StringComparison.Ordinal),
        MatchKind.Suffix => path.EndsWith(Text[2..], StringComparison.Ordinal) || (Text[2..].StartsWith('/') && path == Text[3..]),
        _ => _regex!.IsMatch(path),
    };

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

    // moby's compile: the kind starts as exact and becomes prefix, suffix or regex as wildcards show up.
    private static (MatchKind Kind, string? Regex) Compile(string pattern)
    {
        var regex = new StringBuilder("^");
        var kind = MatchKind.Exact;
        for (var i = 0; i < pattern.Length; i++)
        {
            var start = i;
            var ch = pattern[i];
            if (ch == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/') i++;
                if (i + 1 == pattern.Length)
                {
                    if (kind == MatchKind.Exact) kind = MatchKind.Prefix;
                    else
                    {
                        regex.Append(".*");
                        kind = MatchKind.Regex;
                    }
                }
                else
                {
                    regex.Append("(.*/)?");
                    kind = MatchKind.Regex;
                }
                if (start == 0) kind = MatchKind.Suffix;
            }
            else if (ch == '*')
            {
                regex.Append("[^/]*");
                kind = MatchKind.Regex;
            }
            else if (ch == '?')
            {
                regex.Append("[^/]");
                kind = MatchKind.Regex;
            }
            else if (".+()|{}$".Contains(ch)) regex.Append('\\').Append(ch);
            else if (ch == '\\')
            {
                if (i + 1 < pattern.Length)
                {
                    regex.Append('\\').Append(pattern[++i]);
                    kind = MatchKind.Regex;
                }
                else regex.Append(@"\\");
            }
            else if (ch is '[' or ']')
            {
                regex.Append(ch);
                kind = MatchKind.Regex;
            }
            else regex.Append(ch);
        }
        return kind == MatchKind.Regex ? (kind, regex.Append('$').ToString()) : (kind, null);
    }

    private enum MatchKind { Exact, Prefix, Suffix, Regex }
}
