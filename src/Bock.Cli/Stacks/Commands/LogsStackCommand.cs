using Bock.Cli.CommandLine;

namespace Bock.Cli.Stacks.Commands;

internal sealed class LogsStackCommand : IStackCommand
{
    public string Name => "logs";
    public string Arguments => "[SERVICE...]";
    public string Summary => "View output from containers";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("follow", 'f', "Follow log output")
        .Value("tail", 'n', "Number of lines to show from the end of the logs for each container (default \"all\")")
        .Bool("timestamps", 't', "Show timestamps")
        .Bool("no-color", null, "Produce monochrome output")
        .Bool("no-log-prefix", null, "Don't print prefix in logs");

    public static LogOptions ToOptions(ParsedFlags flags, bool terminal) =>
        new(flags.Bool("follow"), flags.Value("tail"), flags.Bool("timestamps"), terminal && !flags.Bool("no-color"), flags.Bool("no-log-prefix"));

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        var project = await context.ProjectNameAsync();
        await new ProjectLogs(context, project, flags.Positional, ToOptions(flags, context.Cli.StdoutIsTerminal)).RunAsync(context.Cancellation);
        return 0;
    }
}
