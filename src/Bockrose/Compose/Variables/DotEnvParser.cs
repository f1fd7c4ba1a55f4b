using System.Text;

namespace Bockrose.Compose.Variables;

/// <summary>
/// Parses <c>.env</c> files the way compose does: <c>KEY=VALUE</c> (or <c>KEY: VALUE</c>), an optional <c>export </c>
/// prefix, <c>#</c> comment lines and inline comments after whitespace in unquoted values, single-quoted values kept
/// literally, double-quoted values with <c>\n \t \r \" \\ \$</c> escapes, both quoted kinds spanning lines, and
/// <c>${VAR}</c> interpolation in unquoted and double-quoted values. A bare <c>KEY</c> takes its value from the
/// environment, when set there.
/// </summary>
internal static class DotEnvParser
{
    /// <param name="lookup">The environment consulted first when a value refers to a variable.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text, string displayPath, Func<string, string?> lookup)
    {
        var result = new List<KeyValuePair<string, string>>();
        var defined = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Resolve(string name) => lookup(name) ?? defined.GetValueOrDefault(name);

        var src = text.Replace("\r\n", "\n");
        var pos = 0;
        var line = 1;
        while (pos < src.Length)
        {
            var lineStart = line;
            var eol = src.IndexOf('\n', pos);
            if (eol < 0) eol = src.Length;
            // rawStart indexes the text itself, so a quoted value can run past this line.
            var rawStart = pos;
            while (rawStart < eol && src[rawStart] is ' ' or '\t') rawStart++;
            if (src.AsSpan(rawStart, eol - rawStart).StartsWith("export ", StringComparison.Ordinal))
            {
                rawStart += 7;
                while (rawStart < eol && src[rawStart] is ' ' or '\t') rawStart++;
            }
            var raw = src[rawStart..eol];
            if (raw.Length == 0 || raw[0] == '#')
            {
                pos = eol + 1;
                line++;
                continue;
            }

            var sep = raw.IndexOfAny(['=', ':']);
            var key = (sep < 0 ? raw : raw[..sep]).Trim();
            if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '#'))
                throw new ComposeException(new SourceLocation(displayPath, lineStart, 1),
                    $"invalid variable name \"{key}\" in env file");
            if (sep < 0)
            {
                if (lookup(key) is { } fromEnv) Add(key, fromEnv);
                pos = eol + 1;
                line++;
                continue;
            }

            var valueStart = rawStart + sep + 1;
            while (valueStart < src.Length && src[valueStart] is ' ' or '\t') valueStart++;

            string value;
            int consumedTo;
            if (valueStart < src.Length && src[valueStart] is '\'' or '"')
            {
                var quote = src[valueStart];
                var close = FindClosingQuote(src, valueStart + 1, quote);
                if (close < 0)
                    throw new ComposeException(new SourceLocation(displayPath, lineStart, 1),
                        $"unterminated quoted value for {key} in env file");
                var body = src[(valueStart + 1)..close];
                value = quote == '\'' ? body : Interpolate(Unescape(body), Resolve, displayPath, lineStart);
                var after = src.IndexOf('\n', close);
                consumedTo = after < 0 ? src.Length : after;
            }
            else
            {
                var rest = src[valueStart..eol];
                var comment = InlineComment(rest);
                value = Interpolate((comment < 0 ? rest : rest[..comment]).TrimEnd(), Resolve, displayPath, lineStart);
                consumedTo = eol;
            }
            Add(key, value);
            line += src[pos..Math.Min(consumedTo, src.Length)].Count(c => c == '\n') + 1;
            pos = consumedTo + 1;
        }
        return result;

        void Add(string key, string value)
        {
            result.RemoveAll(kv => kv.Key == key);
            result.Add(new(key, value));
            defined[key] = value;
        }
    }

    private static int FindClosingQuote(string src, int from, char quote)
    {
        for (var i = from; i < src.Length; i++)
        {
            if (quote == '"' && src[i] == '\\') { i++; continue; }
            if (src[i] == quote) return i;
        }
        return -1;
    }

    private static int InlineComment(string value)
    {
        for (var i = 1; i < value.Length; i++)
            if (value[i] == '#' && char.IsWhiteSpace(value[i - 1])) return i;
        return value.StartsWith('#') ? 0 : -1;
    }

    private static string Unescape(string body)
    {
        var sb = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\' || i + 1 == body.Length) { sb.Append(body[i]); continue; }
            var n = body[++i];
            switch (n)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                // Kept as $$ so the interpolation that follows yields a literal dollar.
                case '$': sb.Append("$$"); break;
                default: sb.Append('\\').Append(n); break;
            }
        }
        return sb.ToString();
    }

    private static string Interpolate(string value, Func<string, string?> lookup, string displayPath, int line)
    {
        try
        {
            return Interpolator.Interpolate(value, lookup);
        }
        catch (InterpolationException e)
        {
            throw new ComposeException(new SourceLocation(displayPath, line, 1), e.Message);
        }
    }
}
