using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Hosting;
using Bock.Actors.Containers;
using Bock.Actors.Kernel;
using Bock.Host.Api;
using Bock.Host.Events;
using Bock.Host.Networks;
using static Bock.Actors.Containers.ContainerProtocol;
using static Bock.Host.Containers.ContainerDirectoryProtocol;

namespace Bock.Host.Containers;

/// <summary>
/// The container endpoints' work: asks the supervisor and the directory, and maps their typed replies onto Docker's
/// status codes (404 unknown, 409 illegal now, 304 already so, 500 the runtime failed).
/// </summary>
public sealed partial class ContainerService(
    IRequiredActor<ContainerSupervisor> supervisor,
    IRequiredActor<ContainerDirectory> directory,
    ActorSystem system,
    BundleWriter bundles,
    ContainerNetworking networking,
    DaemonOptions options)
{
    /// <summary>Longer than the actors' own kernel timeout, so that their explanation arrives before ours.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(75);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly BundleWriter _bundles = bundles;

    /// <summary>
    /// Waiters for condition=removed, by container id: the actor's destroy event comes before bockd has taken the
    /// bundle, mounts and network away, so they are told by <see cref="RemoveAsync"/> once all of it is gone.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _removals = new(StringComparer.Ordinal);

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex ValidName();

    public async Task<IResult> CreateAsync(string? name, ContainerCreateRequest request, CancellationToken ct)
    {
        name = name?.TrimStart('/');
        if (!string.IsNullOrEmpty(name) && !ValidName().IsMatch(name))
            return ApiResults.BadRequest($"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        if (string.IsNullOrEmpty(request.Image))
            return ApiResults.BadRequest("Config cannot be empty in order to create a container: Image is required");
        RestartPolicy policy;
        try
        {
            policy = ToPolicy(request.HostConfig?.RestartPolicy);
        }
        catch (FormatException e)
        {
            return ApiResults.BadRequest(e.Message);
        }
        var id = RandomNumberGenerator.GetHexString(64, lowercase: true);
        name = string.IsNullOrEmpty(name) ? "bock_" + id[..12] : name;
        // An absolute path is a bundle or rootfs directory used in place, networked as its config.json says.
        var fromPath = Path.IsPathFullyQualified(request.Image);
        NetworkPlan plan;
        string? netns;
        try
        {
            plan = fromPath ? new NetworkPlan(NetworkPlanKind.None, "none", [], null) : NetworkPlan.From(request);
            netns = plan.Kind switch
            {
                NetworkPlanKind.Bridge => networking.NetnsPath(id),
                NetworkPlanKind.Container => await SharedNetnsAsync(plan.JoinContainer!, ct),
                _ => null,
            };
        }
        catch (FormatException e)
        {
            return ApiResults.BadRequest(e.Message);
        }
        catch (FileNotFoundException e)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, e.Message);
        }
        ContainerRecord record;
        try
        {
            record = fromPath
                ? _bundles.WriteFromPath(id, name, request, policy)
                : await _bundles.WriteFromImageAsync(id, name, request, policy, plan, netns, ct);
        }
        catch (FileNotFoundException e)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, e.Message);
        }
        catch (FormatException e)
        {
            return ApiResults.BadRequest(e.Message);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return ApiResults.ServerError($"creating the container's root failed: {e.Message}");
        }
        try
        {
            if (plan.Kind == NetworkPlanKind.Bridge) record = record with { Ports = PortPlanner.Plan(request, []) };
        }
        catch (FormatException e)
        {
            _bundles.Remove(id);
            _bundles.RemoveAnonymousVolumes(record);
            return ApiResults.BadRequest(e.Message);
        }
        var directoryRef = await directory.GetAsync(ct);
        switch (await directoryRef.Ask<object>(new ReserveName(record), AskTimeout, ct))
        {
            case NameInUse inUse:
                _bundles.Remove(id);
                _bundles.RemoveAnonymousVolumes(record);
                return ApiResults.Conflict($"Conflict. The container name \"/{inUse.Name}\" is already in use by container \"{inUse.ExistingId}\". You have to remove (or rename) that container to be able to reuse that name.");
            case PortInUse portInUse:
                _bundles.Remove(id);
                _bundles.RemoveAnonymousVolumes(record);
                return ApiResults.Conflict(portInUse.Reason);
        }
        if (!fromPath)
        {
            var (refused, endpoints) = await NetworkAsync(record, plan, request, ct);
            if (refused is not null)
            {
                directoryRef.Tell(new ReleaseName(id));
                _bundles.Remove(id);
                _bundles.RemoveAnonymousVolumes(record);
                return refused;
            }
            record = record with { Endpoints = endpoints };
        }
        var reply = await AskSupervisorAsync(new CreateContainer(new ContainerSpec(id, record.BundlePath, policy) { HealthCheck = record.HealthCheck }), ct);
        if (reply is ContainerCreated)
            return TypedResults.Json(new ContainerCreateResponse(id, []), BockApiJsonContext.Default.ContainerCreateResponse, statusCode: StatusCodes.Status201Created);
        directoryRef.Tell(new ReleaseName(id));
        await networking.DetachAsync(id, record.Endpoints, record.NetnsPath, CancellationToken.None);
        _bundles.Remove(id);
        _bundles.RemoveAnonymousVolumes(record);
        return reply is CommandFailed failed ? ApiResults.ServerError(failed.Reason) : Unexpected(reply);
    }

    /// <summary>
    /// Attaches a bridged container to its networks and writes its hosts and resolv.conf; the endpoints go into its
    /// record (an ask only when there are any: create is on run's critical path). Refused is the error to answer, with
    /// nothing of the network side left then.
    /// </summary>
    private async Task<(IResult? Refused, IReadOnlyList<Bock.Actors.Networks.NetworkEndpoint> Endpoints)> NetworkAsync(
        ContainerRecord record, NetworkPlan plan, ContainerCreateRequest request, CancellationToken ct)
    {
        if (plan.Kind == NetworkPlanKind.Host) return (null, []);
        IReadOnlyList<Bock.Actors.Networks.NetworkEndpoint> endpoints = [];
        try
        {
            if (plan.Kind == NetworkPlanKind.Bridge)
                endpoints = await networking.AttachAsync(record.Id, record.Name, plan, ct);
            var host = request.HostConfig;
            var embeddedDns = endpoints.Count > 0 && plan.Mode != Bock.Actors.Networks.NetworkDirectory.DefaultNetworkName;
            await File.WriteAllTextAsync(Path.Combine(record.BundlePath, "hosts"), NetworkFiles.Hosts(record.Hostname, endpoints, host?.ExtraHosts ?? []), ct);
            await File.WriteAllTextAsync(Path.Combine(record.BundlePath, "resolv.conf"),
                NetworkFiles.ResolvConf(embeddedDns, host?.Dns ?? [], host?.DnsSearch ?? [], host?.DnsOptions ?? [],
                    File.Exists("/etc/resolv.conf") ? await File.ReadAllTextAsync("/etc/resolv.conf", ct) : ""), ct);
            if (endpoints.Count > 0)
                await (await directory.GetAsync(ct)).Ask<EndpointsSet>(new SetEndpoints(record.Id, endpoints), AskTimeout, ct);
            return (null, endpoints);
        }
        catch (NetworkAttachException e)
        {
            return (NetworkService.ToResult(e.Failure, e.Message), []);
        }
        catch (FormatException e)
        {
            await networking.DetachAsync(record.Id, endpoints, record.NetnsPath, CancellationToken.None);
            return (ApiResults.BadRequest(e.Message), []);
        }
    }

    /// <summary><c>--network container:NAME</c>: the namespace of that container, which must have one of bockd's making.</summary>
    private async Task<string> SharedNetnsAsync(string idOrName, CancellationToken ct)
    {
        if (await ResolveAsync(idOrName, ct) is not { } other)
            throw new FileNotFoundException($"No such container: {idOrName}");
        return other.NetnsPath ?? throw new FormatException($"cannot join the network of container {idOrName}: it has no network namespace of bockd's making (network mode {other.NetworkMode})");
    }

    public Task<IResult> StartAsync(string idOrName, CancellationToken ct) => WithContainerAsync(idOrName, async c =>
    {
        (await directory.GetAsync(ct)).Tell(new ResetRestartCount(c.Id));
        return await AskSupervisorAsync(new StartContainer(c.Id), ct) switch
        {
            ContainerStarted => TypedResults.NoContent(),
            CommandRejected { Status: ContainerStatus.Running or ContainerStatus.Paused } => TypedResults.StatusCode(StatusCodes.Status304NotModified),
            var other => Failure(idOrName, other),
        };
    }, ct);

    public Task<IResult> StopAsync(string idOrName, int? seconds, CancellationToken ct) => WithContainerAsync(idOrName, async c =>
        await StopContainerAsync(c, seconds, ct) switch
        {
            ContainerStopped or ContainerRestarting => TypedResults.NoContent(), // stopping a restarting container cancels the restart
            CommandRejected => TypedResults.StatusCode(StatusCodes.Status304NotModified),
            var other => Failure(idOrName, other),
        }, ct);

    public Task<IResult> RestartAsync(string idOrName, int? seconds, CancellationToken ct) => WithContainerAsync(idOrName, async c =>
    {
        var stopped = await StopContainerAsync(c, seconds, ct);
        if (stopped is not (ContainerStopped or ContainerRestarting or CommandRejected))
            return Failure(idOrName, stopped);
        return await StartAsync(c.Id, ct);
    }, ct);

    public Task<IResult> KillAsync(string idOrName, string? signalText, CancellationToken ct)
    {
        if (!SignalNames.TryParse(signalText, out var signal))
            return Task.FromResult(ApiResults.BadRequest($"Invalid signal: {signalText}"));
        return WithContainerAsync(idOrName, async c => await AskSupervisorAsync(new KillContainer(c.Id, signal), ct) switch
        {
            ContainerKilled => TypedResults.NoContent(),
            CommandRejected or ContainerRestarting => ApiResults.Conflict($"Container {c.Id} is not running"),
            var other => Failure(idOrName, other),
        }, ct);
    }

    /// <summary>
    /// docker wait with Docker's conditions: <c>not-running</c> (the default: answered at once for an exited
    /// container), <c>next-exit</c>, and <c>removed</c> (what <c>run --rm</c> waits for, so that the CLI returns only
    /// once the container and everything of it is gone). The status line and headers go out before the wait, as
    /// dockerd sends them: docker's CLI returns from its wait request only when they arrive, and starts the container
    /// (docker run, docker start -a) after that.
    /// </summary>
    public async Task WaitAsync(string idOrName, HttpContext context)
    {
        var ct = context.RequestAborted;
        var condition = context.Request.Query["condition"].ToString() is { Length: > 0 } asked ? asked : "not-running";
        if (condition is not ("not-running" or "next-exit" or "removed"))
        {
            await ApiResults.BadRequest($"invalid condition: \"{condition}\"").ExecuteAsync(context);
            return;
        }
        if (await ResolveAsync(idOrName, ct) is not { } c)
        {
            await ApiResults.NoSuchContainer(idOrName).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(ct);
        await context.Response.Body.FlushAsync(ct);
        var exitCode = await WaitForExitAsync(c.Id, ct, condition);
        var response = exitCode is { } code ? new WaitResponse(code) : new WaitResponse(0, new WaitError($"No such container: {idOrName}"));
        await System.Text.Json.JsonSerializer.SerializeAsync(context.Response.Body, response, BockApiJsonContext.Default.WaitResponse, ct);
    }

    /// <param name="removeVolumes">rm -v: the container's anonymous volumes go with it.</param>
    /// <param name="diedForGood">
    /// The container has died and nothing will start it again (AutoRemove after its death, restart policy "no"): its
    /// bundle (overlay, snapshot) is removed while the runtime deletes the container, not after. Its processes are
    /// gone, so nothing uses its root filesystem; should the runtime's delete fail, the container stays listed
    /// without its files (a later rm finishes it).
    /// </param>
    public Task<IResult> RemoveAsync(string idOrName, bool force, CancellationToken ct, bool removeVolumes = false, bool diedForGood = false) => WithContainerAsync(idOrName, async c =>
    {
        var bundleRemoval = diedForGood && c is { State: "exited", RestartPolicy.Kind: RestartPolicyKind.No }
            ? Task.Run(() => _bundles.Remove(c.Id), CancellationToken.None)
            : null;
        // A forced removal kills first; a container between restarts is held back by the kill, then removed once its
        // actor is back, exited.
        for (var attempt = 0; attempt < 300; attempt++)
        {
            switch (await AskSupervisorAsync(new RemoveContainer(c.Id), ct))
            {
                case ContainerRemoved:
                    await networking.DetachAsync(c.Id, c.Endpoints, c.NetnsPath, CancellationToken.None);
                    if (bundleRemoval is not null) await bundleRemoval;
                    else _bundles.Remove(c.Id);
                    // Only a container with anonymous volumes asks who else mounts them (run --rm's path stays one ask shorter).
                    if (removeVolumes && c.AnonymousVolumes.Count > 0)
                        _bundles.RemoveAnonymousVolumes(c, (await ListAsync(CancellationToken.None)).Where(o => o.Id != c.Id).SelectMany(o => o.Volumes).ToHashSet(StringComparer.Ordinal));
                    if (_removals.TryRemove(c.Id, out var removal)) removal.TrySetResult();
                    return TypedResults.NoContent();
                case CommandRejected { Status: ContainerStatus.Running or ContainerStatus.Paused } when force:
                    if (await AskSupervisorAsync(new KillContainer(c.Id, 9), ct) is ContainerKilled)
                        await WaitForExitAsync(c.Id, ct);
                    break;
                case ContainerRestarting when force:
                    await AskSupervisorAsync(new KillContainer(c.Id, 9), ct);
                    await Task.Delay(RetryDelay, ct);
                    break;
                case CommandRejected or ContainerRestarting:
                    return ApiResults.Conflict($"You cannot remove a {c.State} container {c.Id}. Stop the container before attempting removal or force remove");
                case var other:
                    return Failure(idOrName, other);
            }
        }
        return ApiResults.ServerError($"container {c.Id} could not be removed: it would not stay stopped");
    }, ct);

    public async Task SetEndpointsAsync(string id, IReadOnlyList<Bock.Actors.Networks.NetworkEndpoint> endpoints, CancellationToken ct) =>
        await (await directory.GetAsync(ct)).Ask<EndpointsSet>(new SetEndpoints(id, endpoints), AskTimeout, ct);

    public async Task<IReadOnlyList<ContainerRecord>> ListAsync(CancellationToken ct) =>
        (await (await directory.GetAsync(ct)).Ask<ContainerList>(ListContainers.Instance, AskTimeout, ct)).Containers;

    public async Task<ContainerRecord?> ResolveAsync(string idOrName, CancellationToken ct) =>
        await (await directory.GetAsync(ct)).Ask<object>(new ResolveContainer(idOrName), AskTimeout, ct) as ContainerRecord;

    /// <summary>What only the container's actor knows (pid, health log); null when not needed or no answer comes soon.</summary>
    public async Task<ContainerStateSnapshot?> SnapshotAsync(ContainerRecord c, CancellationToken ct)
    {
        // Only a running container has a pid, only one with a health check a log; and between restarts no actor
        // answers at all: asking then would only wait out the timeout.
        var needed = c.State is "running" or "paused" || c.HealthCheck?.Command is not null && c.State != "restarting";
        if (!needed) return null;
        try
        {
            return await AskSupervisorAsync(new GetContainerState(c.Id), ct, TimeSpan.FromSeconds(2)) as ContainerStateSnapshot;
        }
        catch (AskTimeoutException)
        {
            return null; // an actor between incarnations does not answer
        }
    }

    /// <summary>The shim's json-file log, in the bundle directory.</summary>
    public static string LogPath(ContainerRecord c) => ShimPaths.LogFile(c.BundlePath, c.Id);

    /// <summary>
    /// True once the container's actor answers that it has stopped: a command sent to an actor while it fails (its
    /// process just died) is lost, so a removal right after a death waits for this first.
    /// </summary>
    public async Task<bool> HasSettledAsync(string id, CancellationToken ct)
    {
        try
        {
            return await AskSupervisorAsync(new GetContainerState(id), ct, TimeSpan.FromSeconds(1)) is ContainerStateSnapshot { Status: ContainerStatus.Exited } or ContainerNotFound;
        }
        catch (AskTimeoutException)
        {
            return false;
        }
    }

    private async Task<object> StopContainerAsync(ContainerRecord c, int? seconds, CancellationToken ct)
    {
        // The request's t, else the container's own --stop-timeout, else the actors' default.
        var grace = (seconds ?? c.StopTimeout) is { } s and >= 0 ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
        if (c.State == "running" && SignalNames.TryParse(c.StopSignal, out var signal) && c.StopSignal is not null && signal != 15)
            return await StopWithSignalAsync(c, signal, grace ?? TimeSpan.FromSeconds(10), ct);
        return await AskSupervisorAsync(new StopContainer(c.Id, grace), ct, AskTimeout + (grace ?? TimeSpan.FromSeconds(10)));
    }

    /// <summary>
    /// docker stop of a container with its own stop signal (the image's STOPSIGNAL, --stop-signal): that signal, then
    /// SIGKILL after the grace period. Both are kills to the actor, so, like a stop, no restart policy undoes them.
    /// </summary>
    private async Task<object> StopWithSignalAsync(ContainerRecord c, int signal, TimeSpan grace, CancellationToken ct)
    {
        var killed = await AskSupervisorAsync(new KillContainer(c.Id, signal), ct);
        if (killed is not ContainerKilled) return killed;
        var exited = WaitForExitAsync(c.Id, ct);
        if (await Task.WhenAny(exited, Task.Delay(grace, ct)) != exited)
            await AskSupervisorAsync(new KillContainer(c.Id, 9), ct);
        return new ContainerStopped(c.Id, await exited ?? 137);
    }

    /// <summary>
    /// The exit code, or null if the container went away. Waits on the directory's events rather than on the
    /// container's actor: a WaitContainer that reaches an actor as it fails (its process just died) is lost, and an
    /// actor between restarts has nobody to answer.
    /// </summary>
    private async Task<int?> WaitForExitAsync(string id, CancellationToken ct, string condition = "not-running")
    {
        var events = Channel.CreateUnbounded<ContainerEventSeen>();
        var sink = system.ActorOf(EventSink.Props(events.Writer));
        try
        {
            // Subscribed first, then the state read: an exit falls in one or the other, never between.
            await (await directory.GetAsync(ct)).Ask<Subscribed>(new Subscribe(sink), AskTimeout, ct);
            var removal = condition == "removed" ? _removals.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)) : null;
            if (await ResolveAsync(id, ct) is not { } container) return null;
            if (condition == "not-running" && container.State == "exited") return container.ExitCode;
            var exitCode = container.ExitCode;
            // No timeout: a container may run for months; the client's disconnect cancels.
            await foreach (var seen in events.Reader.ReadAllAsync(ct))
            {
                if (seen.Event.ContainerId != id) continue;
                if (seen.Event.Action == ContainerAction.Die)
                {
                    exitCode = seen.Event.ExitCode ?? 0;
                    if (condition != "removed") return exitCode;
                }
                if (seen.Event.Action != ContainerAction.Destroy) continue;
                if (removal is null) return null;
                try
                {
                    await removal.Task.WaitAsync(AskTimeout, ct);
                }
                catch (TimeoutException)
                {
                    // Removed by someone that does not say so; the container is gone either way.
                }
                return exitCode;
            }
            return null;
        }
        finally
        {
            system.Stop(sink);
        }
    }

    private async Task<IResult> WithContainerAsync(string idOrName, Func<ContainerRecord, Task<IResult>> action, CancellationToken ct)
    {
        if (await ResolveAsync(idOrName, ct) is not { } container)
            return ApiResults.NoSuchContainer(idOrName);
        try
        {
            return await action(container);
        }
        catch (AskTimeoutException)
        {
            return ApiResults.ServerError($"container {container.Id}: no answer from its actor within {AskTimeout.TotalSeconds:0}s");
        }
    }

    private async Task<object> AskSupervisorAsync(object message, CancellationToken ct, TimeSpan? timeout = null) =>
        await (await supervisor.GetAsync(ct)).Ask<object>(message, timeout ?? AskTimeout, ct);

    private static IResult Failure(string idOrName, object reply) => reply switch
    {
        ContainerNotFound => ApiResults.NoSuchContainer(idOrName),
        CommandRejected rejected => ApiResults.Conflict(rejected.Reason),
        ContainerRestarting => ApiResults.Conflict($"Container {idOrName} is restarting, wait until the container is running"),
        CommandFailed failed => ApiResults.ServerError(failed.Reason),
        _ => Unexpected(reply),
    };

    private static IResult Unexpected(object reply) => ApiResults.ServerError($"unexpected reply {reply.GetType().Name}");

    private static RestartPolicy ToPolicy(RestartPolicyDto? dto)
    {
        if (dto is null) return RestartPolicy.No;
        if (dto.MaximumRetryCount < 0)
            throw new FormatException("invalid restart policy: maximum retry count can't be negative");
        var name = dto.Name ?? "";
        // Docker takes a count with on-failure only; Bock with always too, swarm's bounded "any" (deploy.restart_policy).
        if (dto.MaximumRetryCount > 0 && name is not ("on-failure" or "always"))
            throw new FormatException($"invalid restart policy: maximum retry count can only be used with 'on-failure' (or 'always', Bock's bounded 'any')");
        if (dto.Delay is < 0 || dto.Window is < 0)
            throw new FormatException("invalid restart policy: delay and window can't be negative");
        return RestartPolicy.Parse(dto.MaximumRetryCount > 0 ? $"{name}:{dto.MaximumRetryCount}" : name) with
        {
            Delay = dto.Delay is { } delay ? TimeSpan.FromTicks(delay / 100) : null,
            // A zero window is swarmkit's "every restart counts".
            Window = dto.Window is > 0 and var window ? TimeSpan.FromTicks(window / 100) : null,
        };
    }
}
