using Bock.Cli.CommandLine;
using Bock.Cli.Output;

namespace Bock.Cli.Commands;

internal sealed class TopCommand : ICommand
{
    public string Name => "top";
    public string Arguments => "CONTAINER [ps OPTIONS]";
    public string Summary => "Display the running processes of a container";

    public FlagSet Flags(string commandPath) => new(commandPath, stopAtFirstPositional: true);

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var args = flags.Arguments(1);
        var query = $"containers/{EachContainer.Escape(args[0])}/top" + (args.Count > 1 ? "?ps_args=" + Uri.EscapeDataString(string.Join(' ', args.Skip(1))) : "");
        var top = await context.Daemon.GetJsonAsync(query, context.Cancellation);
        var table = new Table(top.GetProperty("Titles").EnumerateArray().Select(t => t.GetString()!).ToArray());
        foreach (var process in top.GetProperty("Processes").EnumerateArray())
            table.Add(process.EnumerateArray().Select(c => c.GetString() ?? "").ToArray());
        table.Write(context.Out);
        return 0;
    }
}
