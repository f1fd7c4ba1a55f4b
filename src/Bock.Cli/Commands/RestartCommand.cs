using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class RestartCommand : ICommand
{
    public string Name => "restart";
    public string Arguments => "CONTAINER [CONTAINER...]";
    public string Summary => "Restart one or more containers";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath).Value("time", 't', "Seconds to wait before killing the container", "int");

    public Task<int> RunAsync(ParsedFlags flags, CliContext context) =>
        EachContainer.RunAsync(context, flags.Arguments(1), n => context.Daemon.SendAsync(HttpMethod.Post, $"containers/{EachContainer.Escape(n)}/restart" + Query(flags), context.Cancellation));

    private static string Query(ParsedFlags flags) => flags.Int("time") is { } t ? $"?t={t}" : "";
}
