using System.Text;

namespace Bock.Builder.Bockfile;

/// <summary>
/// The builder's variable substitution, with the forms a Dockerfile has: <c>$v</c>, <c>${v}</c>, <c>${v:-w}</c>,
/// <c>${v-w}</c>, <c>${v:+w}</c>, <c>${v+w}</c>, <c>${v:?message}</c>, <c>${v?message}</c>; the word may itself hold
/// substitutions. <c>\$</c> is a literal dollar; every other backslash is kept (YAML already did the quoting a
/// Dockerfile does with quotes and backslashes). An unset <c>$v</c> is empty, as in a Dockerfile.
/// </summary>
internal static class VariableSubstitution
{
    public static string Expand(SpecScalar scalar, Func<string, string?> lookup) => Expand(scalar.Value, lookup, scalar);

    public static string Expand(string text, Func<string, string?> lookup, SpecNode at)
    {
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] == '$')
            {
                result.Append('$');
                i += 2;
            }
            else if (c == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                i = Braced(text, i, lookup, at, result);
            }
            else if (c == '$' && i + 1 < text.Length && IsNameStart(text[i + 1]))
            {
                var end = NameEnd(text, i + 1);
                result.Append(lookup(text[(i + 1)..end]) ?? "");
                i = end;
            }
            else
            {
                result.Append(c);
                i++;
            }
        }
        return result.ToString();
    }

    /// <summary>Expands the <c>${…}</c> at <paramref name="start"/> and returns the index after its closing brace.</summary>
    private static int Braced(string text, int start, Func<string, string?> lookup, SpecNode at, StringBuilder result)
    {
        var close = MatchingBrace(text, start + 2) ?? throw at.Error($"unterminated '${{' in '{text}'");
        var body = text[(start + 2)..close];
        if (body.Length == 0 || !IsNameStart(body[0])) throw at.Error($"bad substitution '${{{body}}}'");
        var nameEnd = NameEnd(body, 0);
        var name = body[..nameEnd];
        var value = lookup(name);
        var rest = body[nameEnd..];
        if (rest.Length == 0)
        {
            result.Append(value ?? "");
            return close + 1;
        }

        var colon = rest[0] == ':';
        var op = colon ? (rest.Length > 1 ? rest[1] : '\0') : rest[0];
        if (op is not ('-' or '+' or '?'))
            throw at.Error($"unsupported substitution '${{{body}}}': the forms are ${{v}}, ${{v:-w}}, ${{v-w}}, ${{v:+w}}, ${{v+w}}, ${{v:?message}}, ${{v?message}}");
        var word = rest[(colon ? 2 : 1)..];
        // With a colon an empty value counts as unset, as in the shell.
        var set = value is not null && (!colon || value.Length > 0);
        switch (op)
        {
            case '-':
                result.Append(set ? value : Expand(word, lookup, at));
                break;
            case '+':
                if (set) result.Append(Expand(word, lookup, at));
                break;
            default:
                if (!set) throw at.Error($"{name}: {(word.Length > 0 ? Expand(word, lookup, at) : colon ? "is not set or is empty" : "is not set")}");
                result.Append(value);
                break;
        }
        return close + 1;
    }

    private static int? MatchingBrace(string text, int from)
    {
        var depth = 0;
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length) { i++; continue; }
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{') { depth++; i++; continue; }
            if (text[i] != '}') continue;
            if (depth == 0) return i;
            depth--;
        }
        return null;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static int NameEnd(string text, int from)
    {
        var end = from;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_')) end++;
        return end;
    }
}
