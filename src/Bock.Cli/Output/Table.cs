namespace Bock.Cli.Output;

/// <summary>Docker's tabwriter layout: columns padded to the widest cell plus three spaces.</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void Write(TextWriter output)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Line(IReadOnlyList<string> cells) =>
            string.Concat(cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i] + 3))).TrimEnd();
        output.WriteLine(Line(headers));
        foreach (var row in _rows) output.WriteLine(Line(row));
    }
}
