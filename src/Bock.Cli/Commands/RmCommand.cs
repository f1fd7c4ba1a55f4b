using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class RmCommand : ICommand
{
    public string Name => "rm";
    public string Arguments => "CONTAINER [CONTAINER...]";
    public string Summary => "Remove one or more containers";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("force", 'f', "Force the removal of a running container (uses SIGKILL)")
        .Bool("volumes", 'v', "Remove anonymous volumes associated with the container");

    public Task<int> RunAsync(ParsedFlags flags, CliContext context) =>
        EachContainer.RunAsync(context, flags.Arguments(1), n => context.Daemon.SendAsync(HttpMethod.Delete,
            $"containers/{EachContainer.Escape(n)}?force={Lower(flags.Bool("force"))}&v={Lower(flags.Bool("volumes"))}", context.Cancellation));

    private static string Lower(bool value) => value ? "true" : "false";
}
