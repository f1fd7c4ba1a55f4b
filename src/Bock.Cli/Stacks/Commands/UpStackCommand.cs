using System.Runtime.InteropServices;
using Bock.Api;
using Bock.Api.Dtos;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Stacks.Commands;

/// <summary>
/// <c>up</c>: POST /bock/stacks/up with its progress shown as docker compose's. Detached (<c>-d</c>, or <c>--wait</c>)
/// that is all; attached, the services' logs follow (prefixed, coloured) until Ctrl-C, which stops the stack as
/// docker compose does: gracefully, and a second Ctrl-C kills.
/// </summary>
internal sealed class UpStackCommand : IStackCommand
{
    public string Name => "up";
    public string Arguments => "[SERVICE...]";
    public string Summary => "Create and start containers";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("detach", 'd', "Detached mode: Run containers in the background")
        .Bool("build", null, "Build images before starting containers")
        .Bool("force-recreate", null, "Recreate containers even if their configuration and image haven't changed")
        .Bool("no-deps", null, "Don't start linked services")
        .List("scale", null, "Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present.", "scale")
        .Bool("wait", null, "Wait for services to be running|healthy. Implies detached mode.")
        .Value("pull", null, "Pull image before running (\"always\"|\"missing\"|\"never\") (default \"missing\")")
        .Bool("remove-orphans", null, "Remove containers for services not defined in the Compose file")
        .Value("timeout", 't', "Use this timeout in seconds for container shutdown when attached", "int")
        .Bool("no-color", null, "Produce monochrome output")
        .Bool("no-log-prefix", null, "Don't print prefix in logs")
        .Bool("timestamps", null, "Show timestamps");

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        var request = UpRequestParser.ToRequest(flags, context.Request);
        var timeout = flags.Int("timeout");
        var started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var code = await context.StreamAsync("bock/stacks/up", request, BockApiJsonContext.Default.StackUpRequest, "Running");
        if (code != 0 || flags.Bool("detach") || flags.Bool("wait")) return code;

        var project = await context.ProjectNameAsync();
        var logs = new ProjectLogs(context, project, request.Services,
            new LogOptions(Follow: true, Tail: null, flags.Bool("timestamps"), context.Cli.StdoutIsTerminal && !flags.Bool("no-color"), flags.Bool("no-log-prefix"), started, Announce: true));
        // Ctrl-C, or SIGTERM as docker compose takes it too (a service manager stopping an attached up).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
               {
                   signal.Cancel = true;
                   stop.Cancel();
               }))
        {
            // The stop must not wait on the log readers winding down: a read that is slow to notice the
            // cancellation on a loaded machine once kept an interrupted `up` from ever stopping its stack.
            var following = logs.RunAsync(stop.Token);
            await Task.WhenAny(following, Task.Delay(Timeout.Infinite, stop.Token));
            if (following.IsFaulted) await following;
        }
        return await StopAsync(context, request.Services, timeout);
    }

    /// <summary>After the first Ctrl-C: stop, and kill instead if a second one comes.</summary>
    private static async Task<int> StopAsync(StackContext context, IReadOnlyList<string> services, int? timeout)
    {
        await context.Out.WriteLineAsync("Gracefully stopping... (press Ctrl+C again to force)");
        using var again = new CancellationTokenSource();
        using var registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            again.Cancel();
        });
        var path = await context.ProjectPathAsync("stop");
        var body = new StackActionRequest { Services = services, Timeout = timeout };
        var stop = context.StreamAsync(path, body, BockApiJsonContext.Default.StackActionRequest, "Stopping", again.Token);
        try
        {
            await stop;
            return 130;
        }
        catch (OperationCanceledException) when (again.IsCancellationRequested)
        {
        }
        // The stack is busy stopping (one operation at a time): the containers are killed directly, which ends that
        // stop at once, as docker compose's second Ctrl-C does.
        var project = await context.ProjectNameAsync();
        foreach (var container in await ProjectContainers.ListAsync(context.Daemon, project, all: false, services, CancellationToken.None))
        {
            try
            {
                await context.Daemon.SendAsync(HttpMethod.Post, $"containers/{Cli.Commands.EachContainer.Escape(ProjectContainers.Id(container))}/kill", CancellationToken.None);
                await context.Out.WriteLineAsync($" Container {ProjectContainers.Name(container)}  Killed");
            }
            catch (Daemon.DaemonException)
            {
                // Exited meanwhile.
            }
        }
        return 130;
    }
}
