using System.Text;

namespace Bockrose.Compose.Variables;

/// <summary>
/// Compose-spec variable interpolation: <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>,
/// <c>${VAR:?error}</c>, <c>${VAR?error}</c>, <c>${VAR:+replacement}</c>, <c>${VAR+replacement}</c> and <c>$$</c> for a
/// literal dollar. Defaults, errors and replacements may themselves hold variables (<c>${A:-${B}}</c>). A <c>$</c>
/// followed by anything else is kept as written, as compose does.
/// </summary>
internal static class Interpolator
{
    /// <summary>Replaces every variable in <paramref name="text"/>.</summary>
    /// <param name="lookup">The variable's value, or null when it is not set.</param>
    /// <param name="unset">Told the name of each variable used without a value and without a default.</param>
    /// <exception cref="InterpolationException">A required variable is missing, or a <c>${</c> is malformed.</exception>
    public static string Interpolate(string text, Func<string, string?> lookup, Action<string>? unset = null)
    {
        if (!text.Contains('$')) return text;
        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                output.Append(c);
                i++;
                continue;
            }
            var next = text[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i += 2;
            }
            else if (next == '{')
            {
                var end = MatchingBrace(text, i + 2);
                if (end < 0) throw new InterpolationException($"invalid interpolation format for \"{text}\": unterminated \"${{\"");
                output.Append(Braced(text[(i + 2)..end], text, lookup, unset));
                i = end + 1;
            }
            else if (IsNameStart(next))
            {
                var start = i + 1;
                var j = start;
                while (j < text.Length && IsNameChar(text[j])) j++;
                var name = text[start..j];
                var value = lookup(name);
                if (value is null) unset?.Invoke(name);
                output.Append(value);
                i = j;
            }
            else
            {
                output.Append(c);
                i++;
            }
        }
        return output.ToString();
    }

    private static string Braced(string body, string whole, Func<string, string?> lookup, Action<string>? unset)
    {
        var n = 0;
        while (n < body.Length && IsNameChar(body[n])) n++;
        var name = body[..n];
        if (name.Length == 0 || !IsNameStart(name[0]))
            throw new InterpolationException($"invalid interpolation format for \"{whole}\": \"${{{body}}}\" does not start with a variable name");
        var value = lookup(name);
        if (n == body.Length)
        {
            if (value is null) unset?.Invoke(name);
            return value ?? "";
        }

        var colon = body[n] == ':';
        var opAt = colon ? n + 1 : n;
        if (opAt >= body.Length)
            throw new InterpolationException($"invalid interpolation format for \"{whole}\": \"${{{body}}}\" has no operator after ':'");
        var op = body[opAt];
        var arg = body[(opAt + 1)..];
        // With ':', an empty value counts as unset; without it only a missing variable does.
        var missing = colon ? string.IsNullOrEmpty(value) : value is null;
        switch (op)
        {
            case '-':
                return missing ? Interpolate(arg, lookup, unset) : value!;
            case '+':
                return missing ? "" : Interpolate(arg, lookup, unset);
            case '?':
                if (!missing) return value!;
                var message = Interpolate(arg, lookup, unset);
                throw new InterpolationException(message.Length == 0
                    ? $"required variable {name} is missing a value"
                    : $"required variable {name} is missing a value: {message}");
            default:
                throw new InterpolationException($"invalid interpolation format for \"{whole}\": unknown operator \"{(colon ? ":" : "")}{op}\" in \"${{{body}}}\"");
        }
    }

    /// <summary>The index of the <c>}</c> closing a <c>${</c> whose body starts at <paramref name="from"/>, nesting counted.</summary>
    private static int MatchingBrace(string text, int from)
    {
        var depth = 1;
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                depth++;
                i++;
            }
            else if (text[i] == '}' && --depth == 0)
            {
                return i;
            }
        }
        return -1;
    }

    private static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);

    private static bool IsNameChar(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);
}
