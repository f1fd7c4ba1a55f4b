using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Output;

namespace Bock.Cli.Commands;

internal sealed class HistoryCommand(string name = "history") : ICommand
{
    public string Name => name;
    public string Arguments => "IMAGE";
    public string Summary => "Show the history of an image";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("no-trunc", null, "Don't truncate output")
        .Bool("quiet", 'q', "Only show image IDs")
        .Value("format", null, "Format output using a custom template");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var image = flags.Arguments(1, 1)[0];
        var history = await context.Daemon.GetJsonAsync($"images/{EachContainer.EscapeImage(image)}/history", context.Cancellation);
        var noTrunc = flags.Bool("no-trunc");
        var rows = history.EnumerateArray().Select(h =>
        {
            var id = h.GetProperty("Id").GetString() ?? "<missing>";
            if (!noTrunc && id.StartsWith("sha256:")) id = id[7..19];
            var createdBy = h.TryGetProperty("CreatedBy", out var c) ? c.GetString() ?? "" : "";
            if (!noTrunc && createdBy.Length > 45) createdBy = createdBy[..44] + "…";
            return new RowBuilder()
                .Add("ID", id)
                .Add("CreatedSince", Units.Ago(DateTimeOffset.FromUnixTimeSeconds(h.GetProperty("Created").GetInt64())))
                .Add("CreatedBy", createdBy)
                .Add("Size", Units.HumanSize(h.GetProperty("Size").GetInt64()))
                .Add("Comment", h.TryGetProperty("Comment", out var m) ? m.GetString() ?? "" : "")
                .Build();
        }).ToList();
        if (flags.Bool("quiet"))
        {
            foreach (var row in rows) await context.Out.WriteLineAsync(row.GetProperty("ID").GetString());
            return 0;
        }
        Listing.Write(context.Out, rows, flags.Value("format"),
            [("IMAGE", "ID"), ("CREATED", "CreatedSince"), ("CREATED BY", "CreatedBy"), ("SIZE", "Size"), ("COMMENT", "Comment")]);
        return 0;
    }
}
