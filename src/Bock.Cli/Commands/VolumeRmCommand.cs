using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class VolumeRmCommand : ICommand
{
    public string Name => "rm";
    public string Arguments => "VOLUME [VOLUME...]";
    public string Summary => "Remove one or more volumes";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath).Bool("force", 'f', "Force the removal of one or more volumes");

    public Task<int> RunAsync(ParsedFlags flags, CliContext context) =>
        EachContainer.RunAsync(context, flags.Arguments(1), n => context.Daemon.SendAsync(HttpMethod.Delete,
            $"volumes/{EachContainer.Escape(n)}?force={(flags.Bool("force") ? "true" : "false")}", context.Cancellation));
}
