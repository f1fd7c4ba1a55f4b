using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Output;

namespace Bock.Cli.Commands;

internal sealed class VolumeLsCommand : ICommand
{
    public string Name => "ls";
    public string Arguments => "";
    public string Summary => "List volumes";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("quiet", 'q', "Only display volume names")
        .List("filter", 'f', "Provide filter values (e.g. \"dangling=true\")", "filter")
        .Value("format", null, "Format output using a custom template");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        flags.Arguments(0, 0);
        var query = "volumes" + (flags.List("filter") is { Count: > 0 } f ? "?" + Filters.Query(f) : "");
        var answer = await context.Daemon.GetJsonAsync(query, context.Cancellation);
        var volumes = answer.TryGetProperty("Volumes", out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToList() : [];
        if (flags.Bool("quiet"))
        {
            foreach (var volume in volumes) await context.Out.WriteLineAsync(volume.GetProperty("Name").GetString());
            return 0;
        }
        var rows = volumes.Select(volume => new RowBuilder()
            .Add("Driver", volume.TryGetProperty("Driver", out var d) ? d.GetString() ?? "local" : "local")
            .Add("Name", volume.GetProperty("Name").GetString()!)
            .Add("Mountpoint", volume.TryGetProperty("Mountpoint", out var m) ? m.GetString() ?? "" : "")
            .Build()).ToList();
        Listing.Write(context.Out, rows, flags.Value("format"), [("DRIVER", "Driver"), ("VOLUME NAME", "Name")]);
        return 0;
    }
}
