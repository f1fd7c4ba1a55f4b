using System.Text;

namespace Bockrose.Compose.Normalization;

/// <summary>
/// Splits a string-form <c>command</c>/<c>entrypoint</c> into words with POSIX shell quoting (no expansion),
/// as compose does before it hands the list to the engine.
/// </summary>
internal static class ShellWords
{
    public static IReadOnlyList<string> Split(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            switch (c)
            {
                case '\\' when i + 1 < text.Length:
                    current.Append(text[++i]);
                    break;
                case '\'':
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0) throw new FormatException($"unterminated single quote in \"{text}\"");
                    current.Append(text, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    i++;
                    while (i < text.Length && text[i] != '"')
                    {
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`') i++;
                        current.Append(text[i++]);
                    }
                    if (i >= text.Length) throw new FormatException($"unterminated double quote in \"{text}\"");
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }
}
