using System.Text.Json;
using Bock.Api;
using Bock.Api.Dtos;
using Bock.Cli.CommandLine;
using Bock.Cli.Commands;
using Bock.Cli.Daemon;
using Bock.Cli.Io;

namespace Bock.Cli.Stacks.Commands;

/// <summary>
/// <c>run SERVICE [CMD…]</c>: bockd creates the one-off container from the service's definition (POST
/// /bock/stacks/run), then this attaches, starts and waits for it as <c>bock run</c> does; the exit code is its.
/// </summary>
internal sealed class RunStackCommand : IStackCommand
{
    public string Name => "run";
    public string Arguments => "SERVICE [COMMAND] [ARGS...]";
    public string Summary => "Run a one-off command on a service";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath, stopAtFirstPositional: true)
        .Bool("detach", 'd', "Run container in background and print container ID")
        .Bool("rm", null, "Automatically remove the container when it exits")
        .List("env", 'e', "Set environment variables", "stringArray")
        .Value("entrypoint", null, "Override the entrypoint of the image")
        .Bool("no-deps", null, "Don't start linked services")
        .Value("user", 'u', "Run as specified username or uid")
        .Value("workdir", 'w', "Working directory inside the container")
        .Value("name", null, "Assign a name to the container")
        .Bool("no-TTY", 'T', "Disable pseudo-TTY allocation (default: auto-detected)")
        .Bool("interactive", 'i', "Keep STDIN open even if not attached (default true)");

    /// <param name="stdinIsTerminal">compose's default: a terminal for the one-off when ours is one (and no -T).</param>
    public static StackRunRequest ToRequest(ParsedFlags flags, StackRequest project, bool stdinIsTerminal)
    {
        var args = flags.Arguments(1);
        return new StackRunRequest
        {
            Project = project,
            Service = args[0],
            Command = args.Count > 1 ? args.Skip(1).ToList() : null,
            Entrypoint = flags.Value("entrypoint") is { } entrypoint ? entrypoint.Split(' ', StringSplitOptions.RemoveEmptyEntries) : null,
            Rm = flags.Bool("rm"),
            Environment = flags.Has("env") ? flags.List("env").Select(v => v.Contains('=') ? v : $"{v}={Environment.GetEnvironmentVariable(v)}").ToList() : null,
            NoDeps = flags.Bool("no-deps"),
            Name = flags.Value("name"),
            User = flags.Value("user"),
            Workdir = flags.Value("workdir"),
            Tty = stdinIsTerminal && !flags.Bool("no-TTY") && !flags.Bool("detach"),
            Interactive = flags.Value("interactive") != "false" && !flags.Bool("detach"),
        };
    }

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        var request = ToRequest(flags, context.Request, context.Cli.StdinIsTerminal);
        var daemon = context.Daemon;
        string id;
        using (var response = await daemon.SendAsync(HttpMethod.Post, "bock/stacks/run",
                   new JsonBytesContent(DaemonClient.Serialize(request, BockApiJsonContext.Default.StackRunRequest)), context.Cancellation))
        using (var created = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.Cancellation)))
            id = created.RootElement.GetProperty("Id").GetString()!;
        var escaped = EachContainer.Escape(id);
        if (flags.Bool("detach"))
        {
            await daemon.SendAsync(HttpMethod.Post, $"containers/{escaped}/start", context.Cancellation);
            await context.Out.WriteLineAsync(id);
            return 0;
        }
        // The service's definition says whether it has a terminal and stdin (tty:, stdin_open:): the container knows.
        var config = (await daemon.GetJsonAsync($"containers/{escaped}/json", context.Cancellation)).GetProperty("Config");
        var tty = config.TryGetProperty("Tty", out var t) && t.GetBoolean();
        var stdin = flags.Value("interactive") != "false" && config.TryGetProperty("OpenStdin", out var o) && o.GetBoolean();
        await using var connection = await daemon.HijackAsync($"containers/{escaped}/attach?stream=1&stdout=1&stderr=1{(stdin ? "&stdin=1" : "")}", null, context.Cancellation);
        var wait = ContainerWaiter.WaitAsync(daemon, id, CancellationToken.None, request.Rm ? "removed" : null);
        try
        {
            await daemon.SendAsync(HttpMethod.Post, $"containers/{escaped}/start", context.Cancellation);
        }
        catch (DaemonException e)
        {
            await context.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
            if (request.Rm) await RemoveQuietlyAsync(daemon, escaped);
            return RunCommand.StartFailureExitCode(e.Message);
        }
        using var forward = SignalForwarder.Forward(daemon, escaped, enabled: !tty);
        var session = new AttachedSession(connection, tty, stdin,
            (rows, columns) => daemon.SendAsync(HttpMethod.Post, $"containers/{escaped}/resize?h={rows}&w={columns}"));
        await session.RunUntilAsync(wait);
        return await wait;
    }

    private static async Task RemoveQuietlyAsync(DaemonClient daemon, string escaped)
    {
        try
        {
            await daemon.SendAsync(HttpMethod.Delete, $"containers/{escaped}?force=true&v=true");
        }
        catch (DaemonException)
        {
        }
    }
}
