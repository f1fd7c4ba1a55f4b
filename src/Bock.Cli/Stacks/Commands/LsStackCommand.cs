using System.Text.Json;
using Bock.Api;
using Bock.Api.Dtos;
using Bock.Cli.CommandLine;
using Bock.Cli.Output;

namespace Bock.Cli.Stacks.Commands;

/// <summary><c>ls</c>: the stacks bockd manages (GET /bock/stacks); running ones only unless <c>-a</c>.</summary>
internal sealed class LsStackCommand : IStackCommand
{
    public string Name => "ls";
    public string Arguments => "";
    public string Summary => "List running compose projects";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("all", 'a', "Show all stopped Compose projects")
        .Bool("quiet", 'q', "Only display project names")
        .Value("format", null, "Format the output. Values: [table | json] (default \"table\")");

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        flags.Arguments(0, 0);
        var stacks = (await context.Daemon.GetAsync("bock/stacks", BockApiJsonContext.Default.IReadOnlyListStackSummary, context.Cancellation))
            .Where(s => flags.Bool("all") || s.Status.Contains("running", StringComparison.Ordinal))
            .OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        if (flags.Bool("quiet"))
        {
            foreach (var stack in stacks) await context.Out.WriteLineAsync(stack.Name);
            return 0;
        }
        if (flags.Value("format") == "json")
        {
            await context.Out.WriteLineAsync(JsonSerializer.Serialize<IReadOnlyList<StackSummary>>(stacks, BockApiJsonContext.Default.IReadOnlyListStackSummary));
            return 0;
        }
        var table = new Table("NAME", "STATUS", "CONFIG FILES");
        foreach (var stack in stacks) table.Add(stack.Name, stack.Status, string.Join(',', stack.ConfigFiles));
        table.Write(context.Out);
        return 0;
    }
}
