using System.Text;
using System.Text.RegularExpressions;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// A shell pattern as BuildKit's substitution reads it (<c>*</c>, <c>?</c>, a backslash escaping a special character;
/// no classes: <c>[</c> is literal) for the prefix/suffix removals and replacements of
/// <see cref="VariableSubstitution"/> use it: <c>${v#p}</c>, <c>${v##p}</c>, <c>${v%p}</c>, <c>${v%%p}</c>,
/// <c>${v/p/r}</c>, <c>${v//p/r}</c>.
/// </summary>
internal static class ShellPattern
{
    public static string RemovePrefix(string value, string pattern, bool longest)
    {
        var regex = Whole(pattern);
        for (var i = longest ? value.Length : 0; longest ? i >= 0 : i <= value.Length; i += longest ? -1 : 1)
            if (regex.IsMatch(value[..i])) return value[i..];
        return value;
    }

    public static string RemoveSuffix(string value, string pattern, bool longest)
    {
        var regex = Whole(pattern);
        for (var i = longest ? 0 : value.Length; longest ? i <= value.Length : i >= 0; i += longest ? 1 : -1)
            if (regex.IsMatch(value[i..])) return value[..i];
        return value;
    }

    public static string Replace(string value, string pattern, string replacement, bool all)
    {
        if (pattern.Length == 0) return value;
        var regex = new Regex(ToRegex(pattern), RegexOptions.Singleline | RegexOptions.CultureInvariant);
        var literal = replacement.Replace("$", "$$");
        return all ? regex.Replace(value, literal) : regex.Replace(value, literal, 1);
    }

    private static Regex Whole(string pattern) => new("^(?:" + ToRegex(pattern) + ")$", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            switch (ch)
            {
                case '*': regex.Append(".*"); break;
                case '?': regex.Append('.'); break;
                case '\\':
                    // An escape must escape something: "\x" and a trailing backslash are refused, as BuildKit does.
                    if (i + 1 == pattern.Length || char.IsLetterOrDigit(pattern[i + 1]))
                        throw new SubstitutionException($"invalid escape in pattern \"{pattern}\"");
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                default: regex.Append(Regex.Escape(ch.ToString())); break;
            }
        }
        return regex.ToString();
    }
}
