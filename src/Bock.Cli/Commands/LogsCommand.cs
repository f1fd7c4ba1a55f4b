using Bock.Cli.CommandLine;
using Bock.Cli.Io;

namespace Bock.Cli.Commands;

internal sealed class LogsCommand : ICommand
{
    public string Name => "logs";
    public string Arguments => "CONTAINER";
    public string Summary => "Fetch the logs of a container";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("follow", 'f', "Follow log output")
        .Value("tail", 'n', "Number of lines to show from the end of the logs (default \"all\")")
        .Bool("timestamps", 't', "Show timestamps")
        .Value("since", null, "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)")
        .Value("until", null, "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var name = EachContainer.Escape(flags.Arguments(1, 1)[0]);
        var daemon = context.Daemon;
        var inspect = await daemon.GetJsonAsync($"containers/{name}/json", context.Cancellation);
        var tty = inspect.GetProperty("Config").TryGetProperty("Tty", out var t) && t.GetBoolean();
        var query = $"containers/{name}/logs?stdout=1&stderr=1&follow={(flags.Bool("follow") ? 1 : 0)}&timestamps={(flags.Bool("timestamps") ? 1 : 0)}" +
                    (flags.Value("tail") is { } tail ? $"&tail={Uri.EscapeDataString(tail)}" : "") +
                    (flags.Value("since") is { } since ? $"&since={Timestamps.ToUnix(since, "since")}" : "") +
                    (flags.Value("until") is { } until ? $"&until={Timestamps.ToUnix(until, "until")}" : "");
        using var response = await daemon.SendAsync(HttpMethod.Get, query, null, context.Cancellation);
        await using var body = await response.Content.ReadAsStreamAsync(context.Cancellation);
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        if (tty) await StreamDemultiplexer.CopyRawAsync(body, stdout, context.Cancellation);
        else await StreamDemultiplexer.CopyAsync(body, stdout, stderr, context.Cancellation);
        return 0;
    }
}
