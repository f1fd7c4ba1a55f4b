using System.Text.Json;

namespace Bock.Cli.Output;

/// <summary>
/// Prints rows either as Docker's default table (<paramref name="columns"/>: header and row field) or through a
/// user's <c>--format</c> template (a <c>table</c> template gets a header too).
/// </summary>
internal static class Listing
{
    public static void Write(TextWriter output, IReadOnlyList<JsonElement> rows, string? format, IReadOnlyList<(string Header, string Field)> columns)
    {
        if (format is { Length: > 0 } && format != "table")
        {
            var template = new GoTemplate(format);
            if (template.IsTable) output.WriteLine(template.Header());
            foreach (var row in rows) output.WriteLine(template.Render(row));
            return;
        }
        var table = new Table(columns.Select(c => c.Header).ToArray());
        foreach (var row in rows)
            table.Add(columns.Select(c => row.TryGetProperty(c.Field, out var v) ? v.GetString() ?? "" : "").ToArray());
        table.Write(output);
    }
}
