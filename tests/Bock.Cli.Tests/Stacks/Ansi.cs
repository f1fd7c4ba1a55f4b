using System.Text.RegularExpressions;

namespace Bock.Cli.Tests.Stacks;

/// <summary>A terminal's view of text written with escape sequences: colours dropped, cursor moves replayed.</summary>
internal static partial class Ansi
{
    [GeneratedRegex(@"\u001b\[[0-9;]*m")]
    private static partial Regex Colour();

    [GeneratedRegex(@"\u001b\[(\d*)([A-Za-z])")]
    private static partial Regex Control();

    public static string StripColours(string text) => Colour().Replace(text, "");

    /// <summary>
    /// Replays cursor up (A), down (B), erase line (2K) and carriage returns on a grid of lines: what the screen shows
    /// at the end.
    /// </summary>
    public static IReadOnlyList<string> Screen(string text)
    {
        var lines = new List<System.Text.StringBuilder> { new() };
        int row = 0, column = 0;
        text = StripColours(text);
        var i = 0;
        while (i < text.Length)
        {
            var match = Control().Match(text, i);
            var end = match.Success ? match.Index : text.Length;
            for (; i < end; i++)
            {
                var c = text[i];
                if (c == '\r') column = 0;
                else if (c == '\n')
                {
                    row++;
                    column = 0;
                    while (lines.Count <= row) lines.Add(new());
                }
                else
                {
                    var line = lines[row];
                    while (line.Length < column) line.Append(' ');
                    if (column < line.Length) line[column] = c;
                    else line.Append(c);
                    column++;
                }
            }
            if (!match.Success) break;
            var n = match.Groups[1].Value.Length > 0 ? int.Parse(match.Groups[1].Value) : 1;
            switch (match.Groups[2].Value)
            {
                case "A": row = Math.Max(0, row - n); break;
                case "B":
                    row += n;
                    while (lines.Count <= row) lines.Add(new());
                    break;
                case "K": lines[row].Clear(); break;
            }
            i = match.Index + match.Length;
        }
        return lines.Select(l => l.ToString().TrimEnd()).Where(l => l.Length > 0).ToList();
    }
}
