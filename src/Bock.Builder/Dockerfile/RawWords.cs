namespace Bock.Builder.Dockerfile;

/// <summary>
/// Splits an instruction's arguments into words the way BuildKit's <c>parseWords</c> does: on whitespace outside
/// quotes, keeping the quotes and escapes in the word (they are removed later, when the word is expanded).
/// </summary>
internal static class RawWords
{
    public static IReadOnlyList<Word> Split(string text, int offset, char escape)
    {
        var words = new List<Word>();
        var word = new System.Text.StringBuilder();
        var start = -1;
        var quote = '\0';
        var blankOk = false;
        for (var pos = 0; pos < text.Length; pos++)
        {
            var ch = text[pos];
            if (start < 0)
            {
                if (char.IsWhiteSpace(ch)) continue;
                start = pos;
            }
            if (quote == '\0')
            {
                if (char.IsWhiteSpace(ch))
                {
                    if (blankOk || word.Length > 0) words.Add(new Word(word.ToString(), offset + start));
                    word.Clear();
                    start = -1;
                    blankOk = false;
                    continue;
                }
                if (ch is '\'' or '"')
                {
                    quote = ch;
                    blankOk = true;
                }
                else if (ch == escape)
                {
                    if (pos + 1 == text.Length) continue;
                    // Outside quotes an escape keeps the next character in the word, even a quote or a space.
                    word.Append(ch);
                    ch = text[++pos];
                }
                word.Append(ch);
                continue;
            }
            if (ch == quote) quote = '\0';
            else if (ch == escape && quote != '\'')
            {
                if (pos + 1 == text.Length) continue;
                word.Append(ch);
                ch = text[++pos];
            }
            word.Append(ch);
        }
        if (start >= 0 && (blankOk || word.Length > 0)) words.Add(new Word(word.ToString(), offset + start));
        return words;
    }

    /// <summary>Splits on whitespace only (BuildKit's <c>parseStringsWhitespaceDelimited</c>: FROM, EXPOSE, shell-form COPY).</summary>
    public static IReadOnlyList<Word> SplitOnWhitespace(string text, int offset)
    {
        var words = new List<Word>();
        var start = -1;
        for (var pos = 0; pos <= text.Length; pos++)
        {
            var boundary = pos == text.Length || char.IsWhiteSpace(text[pos]);
            if (boundary && start >= 0)
            {
                words.Add(new Word(text[start..pos], offset + start));
                start = -1;
            }
            else if (!boundary && start < 0) start = pos;
        }
        return words;
    }
}
