using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class StopCommand : ICommand
{
    public string Name => "stop";
    public string Arguments => "CONTAINER [CONTAINER...]";
    public string Summary => "Stop one or more running containers";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath).Value("time", 't', "Seconds to wait before killing the container", "int").Value("signal", 's', "Signal to send to the container");

    public Task<int> RunAsync(ParsedFlags flags, CliContext context) =>
        EachContainer.RunAsync(context, flags.Arguments(1), n => context.Daemon.SendAsync(HttpMethod.Post, $"containers/{EachContainer.Escape(n)}/stop" + Query(flags), context.Cancellation));

    private static string Query(ParsedFlags flags) => (flags.Int("time") is { } t ? $"?t={t}" : "?") + (flags.Value("signal") is { } s ? $"&signal={Uri.EscapeDataString(s)}" : "");
}
