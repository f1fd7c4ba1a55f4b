using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class UnpauseCommand : ICommand
{
    public string Name => "unpause";
    public string Arguments => "CONTAINER [CONTAINER...]";
    public string Summary => "Unpause all processes within one or more containers";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath);

    public Task<int> RunAsync(ParsedFlags flags, CliContext context) =>
        EachContainer.RunAsync(context, flags.Arguments(1), n => context.Daemon.SendAsync(HttpMethod.Post, $"containers/{EachContainer.Escape(n)}/unpause", context.Cancellation));

}
