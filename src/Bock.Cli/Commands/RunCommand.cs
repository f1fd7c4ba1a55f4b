using Bock.Api;
using Bock.Cli.CommandLine;
using Bock.Cli.Daemon;
using Bock.Cli.Io;

namespace Bock.Cli.Commands;

/// <summary>
/// create + attach + start + wait, in Docker's order: attached before start so no output is missed, the wait set up
/// before start so a short-lived container's exit is not missed either. Exit codes as Docker's: the container's, or
/// 125 when the daemon failed, 126 when the command cannot be invoked, 127 when it is not found.
/// </summary>
internal sealed class RunCommand : ICommand
{
    public string Name => "run";
    public string Arguments => "IMAGE [COMMAND] [ARG...]";
    public string Summary => "Create and run a new container from an image";

    public FlagSet Flags(string commandPath) => ContainerOptions.Declare(new FlagSet(commandPath, stopAtFirstPositional: true))
        .Bool("detach", 'd', "Run container in background and print container ID")
        .Bool("sig-proxy", null, "Proxy received signals to the process (default true)");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var request = ContainerOptions.ToRequest(flags, flags.Arguments(1));
        var detach = flags.Bool("detach");
        if (request.Tty && request.OpenStdin && !context.StdinIsTerminal)
        {
            await context.Error.WriteLineAsync("the input device is not a TTY");
            return 1;
        }
        if (!detach) request = request with { AttachStdout = true, AttachStderr = true };
        string id;
        try
        {
            id = (await ContainerCreator.CreateAsync(context, request, flags.Value("name"), flags.Value("pull"), flags.Value("platform"))).Id;
        }
        catch (DaemonException e)
        {
            // bock-oci resolves the command when it creates the container (as runc does), so "not found" comes here.
            await context.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
            return StartFailureExitCode(e.Message);
        }
        catch (Output.JsonMessageException e)
        {
            await context.Error.WriteLineAsync(e.Message); // the pull failed: the registry and the cause
            return 125;
        }
        var daemon = context.Daemon;
        var escaped = EachContainer.Escape(id);
        if (detach)
        {
            if (await StartAsync(context, id, request.HostConfig!.AutoRemove) is { } failed) return failed;
            await context.Out.WriteLineAsync(id);
            return 0;
        }
        var stdin = request.OpenStdin;
        HijackedStream connection;
        try
        {
            connection = await daemon.HijackAsync($"containers/{escaped}/attach?stream=1&stdout=1&stderr=1{(stdin ? "&stdin=1" : "")}", null, context.Cancellation);
        }
        catch (DaemonException e)
        {
            await context.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
            await RemoveQuietlyAsync(daemon, escaped, request.HostConfig!.AutoRemove);
            return 125;
        }
        await using (connection)
        {
            // From here Ctrl-C belongs to the container (sig-proxy): nothing below is cancelled by it.
            // With --rm the daemon removes the container once it has died; as docker's CLI, we return only then.
            var wait = ContainerWaiter.WaitAsync(daemon, id, CancellationToken.None, request.HostConfig!.AutoRemove ? "removed" : null);
            if (await StartAsync(context, id, request.HostConfig!.AutoRemove) is { } failed) return failed;
            using var forward = SignalForwarder.Forward(daemon, escaped, enabled: !request.Tty && flags.Value("sig-proxy") != "false");
            var session = new AttachedSession(connection, request.Tty, stdin,
                (rows, columns) => daemon.SendAsync(HttpMethod.Post, $"containers/{escaped}/resize?h={rows}&w={columns}"));
            await session.RunUntilAsync(wait);
            return await wait;
        }
    }

    /// <summary>
    /// Null when started; else the exit code for the failure, with the container removed under --rm (it never ran,
    /// so the daemon's own removal on death does not apply).
    /// </summary>
    private static async Task<int?> StartAsync(CliContext context, string id, bool autoRemove)
    {
        try
        {
            await context.Daemon.SendAsync(HttpMethod.Post, $"containers/{EachContainer.Escape(id)}/start", context.Cancellation);
            return null;
        }
        catch (DaemonException e)
        {
            await context.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
            await RemoveQuietlyAsync(context.Daemon, EachContainer.Escape(id), autoRemove);
            return StartFailureExitCode(e.Message);
        }
    }

    /// <summary>
    /// Docker's mapping of a command that could not be run: 127 not found, 126 cannot be invoked; any other daemon
    /// error is 125. Only the runtime's exec errors count (<c>exec: "x": …</c>): a missing image or bind source is 125.
    /// </summary>
    internal static int StartFailureExitCode(string message)
    {
        var exec = message.IndexOf("exec: ", StringComparison.Ordinal);
        if (exec < 0) return 125;
        var lower = message[exec..].ToLowerInvariant();
        if (lower.Contains("not found") || lower.Contains("no such file")) return 127;
        if (lower.Contains("permission denied") || lower.Contains("not executable") || lower.Contains("exec format error")) return 126;
        return 125;
    }

    private static async Task RemoveQuietlyAsync(DaemonClient daemon, string escapedId, bool autoRemove)
    {
        if (!autoRemove) return;
        try
        {
            await daemon.SendAsync(HttpMethod.Delete, $"containers/{escapedId}?force=true&v=true");
        }
        catch (DaemonException)
        {
            // Already gone: the daemon's AutoRemove got there first.
        }
    }
}
