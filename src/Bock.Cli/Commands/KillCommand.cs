using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class KillCommand : ICommand
{
    public string Name => "kill";
    public string Arguments => "CONTAINER [CONTAINER...]";
    public string Summary => "Kill one or more running containers";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath).Value("signal", 's', "Signal to send to the container");

    public Task<int> RunAsync(ParsedFlags flags, CliContext context) =>
        EachContainer.RunAsync(context, flags.Arguments(1), n => context.Daemon.SendAsync(HttpMethod.Post, $"containers/{EachContainer.Escape(n)}/kill" + Query(flags), context.Cancellation));

    private static string Query(ParsedFlags flags) => flags.Value("signal") is { } s ? $"?signal={Uri.EscapeDataString(s)}" : "";
}
