using System.Text;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// Reads the leading <c>--flag</c> words of an instruction's arguments as BuildKit's <c>extractBuilderFlags</c> does:
/// words that start with <c>--</c>, quotes and backslashes honoured inside them, up to the first other word
/// (or a lone <c>--</c>). Returns where the rest starts.
/// </summary>
internal static class BuilderFlagReader
{
    public static (IReadOnlyList<BuilderFlag> Flags, int RestStart) Read(string text, int offset)
    {
        var words = new List<(string Text, int Start)>();
        var pos = 0;
        while (true)
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
            if (pos >= text.Length - 1 || text[pos] != '-' || text[pos + 1] != '-') break;
            var start = pos;
            var word = new StringBuilder();
            var quote = '\0';
            for (; pos < text.Length; pos++)
            {
                var ch = text[pos];
                if (quote == '\0' && char.IsWhiteSpace(ch)) break;
                if (quote == '\0' && ch is '\'' or '"')
                {
                    quote = ch;
                    continue;
                }
                if (quote != '\0' && ch == quote)
                {
                    quote = '\0';
                    continue;
                }
                if (ch == '\\' && pos + 1 < text.Length) ch = text[++pos];
                word.Append(ch);
            }
            if (word.ToString() == "--") break;
            words.Add((word.ToString(), offset + start));
        }
        var flags = words.Select(w =>
        {
            var body = w.Text[2..];
            var equals = body.IndexOf('=');
            return equals < 0 ? new BuilderFlag(body, null, w.Start) : new BuilderFlag(body[..equals], body[(equals + 1)..], w.Start);
        }).ToList();
        return (flags, Math.Min(pos, text.Length));
    }
}
