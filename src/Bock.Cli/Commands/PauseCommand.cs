using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class PauseCommand : ICommand
{
    public string Name => "pause";
    public string Arguments => "CONTAINER [CONTAINER...]";
    public string Summary => "Pause all processes within one or more containers";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath);

    public Task<int> RunAsync(ParsedFlags flags, CliContext context) =>
        EachContainer.RunAsync(context, flags.Arguments(1), n => context.Daemon.SendAsync(HttpMethod.Post, $"containers/{EachContainer.Escape(n)}/pause", context.Cancellation));

}
