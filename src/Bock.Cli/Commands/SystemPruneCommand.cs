using Bock.Cli.CommandLine;
using Bock.Cli.Output;

namespace Bock.Cli.Commands;

/// <summary>Stopped containers, unused networks, then dangling (or with -a all unused) images, then with --volumes unused anonymous volumes.</summary>
internal sealed class SystemPruneCommand : ICommand
{
    public string Name => "prune";
    public string Arguments => "";
    public string Summary => "Remove unused data";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("all", 'a', "Remove all unused images not just dangling ones")
        .Bool("force", 'f', "Do not prompt for confirmation")
        .Bool("volumes", null, "Prune anonymous volumes");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        flags.Arguments(0, 0);
        if (!flags.Bool("force"))
        {
            if (!context.StdinIsTerminal) throw new UsageException("refusing to prune without --force when stdin is not a terminal");
            await context.Out.WriteAsync("WARNING! This will remove all stopped containers, networks not used by a container, unused images and, with --volumes, unused anonymous volumes.\nAre you sure you want to continue? [y/N] ");
            if (Console.ReadLine()?.Trim().ToLowerInvariant() is not ("y" or "yes")) return 0;
        }
        long reclaimed = 0;
        var containers = await context.Daemon.GetJsonViaPostAsync("containers/prune", context.Cancellation);
        reclaimed += containers.TryGetProperty("SpaceReclaimed", out var c) ? c.GetInt64() : 0;
        // Docker's system prune takes networks no container uses too (networks/prune keeps the predefined ones).
        await context.Daemon.GetJsonViaPostAsync("networks/prune", context.Cancellation);
        var images = await context.Daemon.GetJsonViaPostAsync("images/prune?" + Filters.Query([$"dangling={(flags.Bool("all") ? "false" : "true")}"]), context.Cancellation);
        reclaimed += images.TryGetProperty("SpaceReclaimed", out var i) ? i.GetInt64() : 0;
        if (flags.Bool("volumes"))
        {
            var volumes = await context.Daemon.GetJsonViaPostAsync("volumes/prune", context.Cancellation);
            reclaimed += volumes.TryGetProperty("SpaceReclaimed", out var v) ? v.GetInt64() : 0;
        }
        await context.Out.WriteLineAsync($"Total reclaimed space: {Units.HumanSize(reclaimed)}");
        return 0;
    }
}
