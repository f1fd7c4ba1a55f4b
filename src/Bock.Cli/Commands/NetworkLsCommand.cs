using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Output;

namespace Bock.Cli.Commands;

internal sealed class NetworkLsCommand : ICommand
{
    public string Name => "ls";
    public string Arguments => "";
    public string Summary => "List networks";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("quiet", 'q', "Only display network IDs")
        .Bool("no-trunc", null, "Do not truncate the output")
        .Value("format", null, "Format output using a custom template");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        flags.Arguments(0, 0);
        var answer = await context.Daemon.GetJsonAsync("networks", context.Cancellation);
        var networks = answer.ValueKind == JsonValueKind.Array ? answer.EnumerateArray().ToList() : [];
        string Id(JsonElement n) => n.GetProperty("Id").GetString() is { } id && !flags.Bool("no-trunc") ? id[..Math.Min(12, id.Length)] : n.GetProperty("Id").GetString()!;
        if (flags.Bool("quiet"))
        {
            foreach (var network in networks) await context.Out.WriteLineAsync(Id(network));
            return 0;
        }
        var rows = networks.Select(network => new RowBuilder()
            .Add("ID", Id(network))
            .Add("Name", network.GetProperty("Name").GetString()!)
            .Add("Driver", network.GetProperty("Driver").GetString() ?? "")
            .Add("Scope", network.TryGetProperty("Scope", out var s) ? s.GetString() ?? "local" : "local")
            .Add("Internal", network.TryGetProperty("Internal", out var i) && i.GetBoolean() ? "true" : "false")
            .Build()).ToList();
        Listing.Write(context.Out, rows, flags.Value("format"), [("NETWORK ID", "ID"), ("NAME", "Name"), ("DRIVER", "Driver"), ("SCOPE", "Scope")]);
        return 0;
    }
}
