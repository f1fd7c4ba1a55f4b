using Bock.Cli.CommandLine;
using Bock.Cli.Commands;
using Bock.Cli.Output;

namespace Bock.Cli.Stacks.Commands;

/// <summary><c>top</c>: each running container's processes, under its name, as docker compose prints them.</summary>
internal sealed class TopStackCommand : IStackCommand
{
    public string Name => "top";
    public string Arguments => "[SERVICES...]";
    public string Summary => "Display the running processes";

    public FlagSet Flags(string commandPath) => new(commandPath);

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        var project = await context.ProjectNameAsync();
        var containers = await ProjectContainers.ListAsync(context.Daemon, project, all: false, flags.Positional, context.Cancellation);
        var first = true;
        foreach (var container in containers)
        {
            var top = await context.Daemon.GetJsonAsync($"containers/{EachContainer.Escape(ProjectContainers.Id(container))}/top", context.Cancellation);
            if (!first) await context.Out.WriteLineAsync();
            first = false;
            await context.Out.WriteLineAsync(ProjectContainers.Name(container));
            var table = new Table(top.GetProperty("Titles").EnumerateArray().Select(t => t.GetString()!).ToArray());
            foreach (var process in top.GetProperty("Processes").EnumerateArray())
                table.Add(process.EnumerateArray().Select(c => c.GetString() ?? "").ToArray());
            table.Write(context.Out);
        }
        return 0;
    }
}
