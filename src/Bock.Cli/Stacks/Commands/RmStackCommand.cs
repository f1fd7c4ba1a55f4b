using Bock.Api;
using Bock.Api.Dtos;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Stacks.Commands;

/// <summary>
/// <c>rm</c>: removes the stopped containers of the services, after asking (unless <c>-f</c>), as docker compose;
/// <c>-s</c> stops them first; <c>-v</c> removes their anonymous volumes too.
/// </summary>
internal sealed class RmStackCommand : IStackCommand
{
    public string Name => "rm";
    public string Arguments => "[SERVICE...]";
    public string Summary => "Removes stopped service containers";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("force", 'f', "Don't ask to confirm removal")
        .Bool("stop", 's', "Stop the containers, if required, before removing")
        .Bool("volumes", 'v', "Remove any anonymous volumes attached to containers");

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        var project = await context.ProjectNameAsync();
        var services = flags.Positional;
        if (flags.Bool("stop"))
        {
            var stopped = await context.StreamAsync(await context.ProjectPathAsync("stop"), new StackActionRequest { Services = services },
                BockApiJsonContext.Default.StackActionRequest, "Stopping");
            if (stopped != 0) return stopped;
        }
        var candidates = (await ProjectContainers.ListAsync(context.Daemon, project, all: true, services, context.Cancellation))
            .Where(c => ProjectContainers.State(c) != "running").Select(ProjectContainers.Name).ToList();
        if (candidates.Count == 0)
        {
            await context.Out.WriteLineAsync("No stopped containers");
            return 0;
        }
        if (!flags.Bool("force"))
        {
            await context.Out.WriteAsync($"Going to remove {string.Join(", ", candidates)}\nAre you sure? [yN] ");
            await context.Out.FlushAsync();
            var answer = Console.In.ReadLine()?.Trim().ToLowerInvariant();
            if (answer is not ("y" or "yes")) return 0;
        }
        return await context.StreamAsync(await context.ProjectPathAsync("rm"), ToRequest(flags), BockApiJsonContext.Default.StackActionRequest, "Removing");
    }

    public static StackActionRequest ToRequest(ParsedFlags flags) =>
        new() { Services = flags.Positional, Force = flags.Bool("force"), Volumes = flags.Bool("volumes") ? true : null };
}
