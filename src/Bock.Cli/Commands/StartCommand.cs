using Bock.Cli.CommandLine;
using Bock.Cli.Io;

namespace Bock.Cli.Commands;

internal sealed class StartCommand : ICommand
{
    public string Name => "start";
    public string Arguments => "CONTAINER [CONTAINER...]";
    public string Summary => "Start one or more stopped containers";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("attach", 'a', "Attach STDOUT/STDERR and forward signals")
        .Bool("interactive", 'i', "Attach container's STDIN");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var names = flags.Arguments(1);
        if (!flags.Bool("attach") && !flags.Bool("interactive"))
            return await EachContainer.RunAsync(context, names, n =>
                context.Daemon.SendAsync(HttpMethod.Post, $"containers/{EachContainer.Escape(n)}/start", context.Cancellation));
        if (names.Count > 1) throw new UsageException("you cannot start and attach multiple containers at once");
        var daemon = context.Daemon;
        var escaped = EachContainer.Escape(names[0]);
        var inspect = await daemon.GetJsonAsync($"containers/{escaped}/json", context.Cancellation);
        var config = inspect.GetProperty("Config");
        var tty = config.TryGetProperty("Tty", out var t) && t.GetBoolean();
        var stdin = flags.Bool("interactive") && config.TryGetProperty("OpenStdin", out var o) && o.GetBoolean();
        await using var connection = await daemon.HijackAsync($"containers/{escaped}/attach?stream=1&stdout=1&stderr=1{(stdin ? "&stdin=1" : "")}", null, context.Cancellation);
        var id = inspect.GetProperty("Id").GetString()!;
        var wait = ContainerWaiter.WaitAsync(daemon, id, CancellationToken.None);
        await daemon.SendAsync(HttpMethod.Post, $"containers/{escaped}/start", context.Cancellation);
        using var forward = SignalForwarder.Forward(daemon, escaped, enabled: !tty);
        await new AttachedSession(connection, tty, stdin,
            (rows, columns) => daemon.SendAsync(HttpMethod.Post, $"containers/{escaped}/resize?h={rows}&w={columns}")).RunUntilAsync(wait);
        return await wait;
    }
}
