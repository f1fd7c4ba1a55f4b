using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Output;

namespace Bock.Cli.Commands;

/// <summary>
/// <c>image prune</c>, <c>container prune</c>, <c>volume prune</c>: one POST to <c>/{kind}/prune</c>, then the
/// deleted objects and the space reclaimed. <c>-f</c> skips the confirmation, which needs a terminal.
/// </summary>
internal sealed class PruneCommand(string kind, string summary, string listField) : ICommand
{
    public string Name => "prune";
    public string Arguments => "";
    public string Summary => summary;

    public FlagSet Flags(string commandPath)
    {
        var flags = new FlagSet(commandPath)
            .Bool("force", 'f', "Do not prompt for confirmation")
            .List("filter", null, "Provide filter values (e.g. \"until=<timestamp>\")", "filter");
        return kind == "images" ? flags.Bool("all", 'a', "Remove all unused images, not just dangling ones") : flags;
    }

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        flags.Arguments(0, 0);
        if (!flags.Bool("force"))
        {
            if (!context.StdinIsTerminal) throw new UsageException("refusing to prune without --force when stdin is not a terminal");
            await context.Out.WriteAsync($"WARNING! This will remove all unused {kind}.\nAre you sure you want to continue? [y/N] ");
            if (Console.ReadLine()?.Trim().ToLowerInvariant() is not ("y" or "yes")) return 0;
        }
        var filters = flags.List("filter").ToList();
        if (kind == "images" && !flags.Bool("all")) filters.Add("dangling=true");
        if (kind == "images" && flags.Bool("all")) filters.Add("dangling=false");
        var json = await context.Daemon.GetJsonViaPostAsync($"{kind}/prune" + (filters.Count > 0 ? "?" + Filters.Query(filters) : ""), context.Cancellation);
        if (json.TryGetProperty(listField, out var deleted) && deleted.ValueKind == JsonValueKind.Array && deleted.GetArrayLength() > 0)
        {
            await context.Out.WriteLineAsync($"Deleted {kind[..1].ToUpperInvariant()}{kind[1..]}:");
            foreach (var item in deleted.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String) await context.Out.WriteLineAsync(item.GetString());
                else
                    foreach (var property in item.EnumerateObject())
                        await context.Out.WriteLineAsync($"{property.Name.ToLowerInvariant()}: {property.Value.GetString()}");
            }
            await context.Out.WriteLineAsync();
        }
        var reclaimed = json.TryGetProperty("SpaceReclaimed", out var space) ? space.GetInt64() : 0;
        await context.Out.WriteLineAsync($"Total reclaimed space: {Units.HumanSize(reclaimed)}");
        return 0;
    }
}
