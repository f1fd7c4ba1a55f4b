using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Bock.Api.Dtos;
using Bockrose.Compose.Model;
using static Bockrose.Stacks.ServiceProtocol;

namespace Bockrose.Stacks;

/// <summary>
/// Keeps one service's replicas as the file says, beyond what Docker does: a replica removed behind its back is
/// recreated (deploy.replicas kept true), a replica whose health check fails <c>retries</c> times is restarted, a
/// crash loop is shown with its backoff. A killed replica comes back through its own restart policy (the daemon's
/// container supervisor). Waiters for a depends_on condition are answered as the container events arrive.
/// </summary>
public sealed class ServiceActor : ReceiveActor, IWithTimers
{
    /// <summary>The event action of a replica crash looping (three deaths in a row, each soon after its start).</summary>
    public const string CrashLoop = "crash_loop";

    public ITimerScheduler Timers { get; set; } = null!;

    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);
    /// <summary>The daemon's supervisor resets its backoff after this long running; so does our count of the loop.</summary>
    private static readonly TimeSpan ResetBackoffAfter = TimeSpan.FromSeconds(10);

    private readonly string _name;
    private readonly IStackRuntime _runtime;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, StackContainer> _containers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removing = new(StringComparer.Ordinal);
    /// <summary>Old replicas a rolling update stopped and keeps for a rollback: not counted, not healed.</summary>
    private readonly HashSet<string> _retiring = new(StringComparer.Ordinal);
    private readonly List<(string Condition, IActorRef ReplyTo)> _waiters = [];
    private Converge? _spec;
    private int _desired;
    private bool _stopped;
    private int _restarts;
    private int _crashStreak;
    private DateTimeOffset _lastStart = DateTimeOffset.MinValue;
    private DateTimeOffset _nextTry = DateTimeOffset.MinValue;
    private string? _failure;
    private BockProbes _probes = BockProbes.None;
    /// <summary>Probe loops running, by container id and kind (liveness, readiness).</summary>
    private readonly HashSet<(string Id, string Kind)> _probing = [];
    private readonly Dictionary<(string Id, string Kind), int> _probeFailures = [];
    private readonly HashSet<string> _ready = new(StringComparer.Ordinal);
    /// <summary>What the daemon was last told about each replica's service-name DNS (traffic); absent: not told.</summary>
    private readonly Dictionary<string, bool> _serving = new(StringComparer.Ordinal);

    private sealed record ProbeTick(string Id, string Kind);

    private sealed record ProbeResult(string Id, string Kind, bool Ok);

    public ServiceActor(string name, IStackRuntime runtime)
    {
        _name = name;
        _runtime = runtime;
        ReceiveAsync<Converge>(c => Reply(ConvergeAsync(c)));
        ReceiveAsync<Act>(a => Reply(ActAsync(a)));
        Receive<WaitFor>(w =>
        {
            _waiters.Add((w.Condition, Sender));
            AnswerWaiters();
        });
        ReceiveAsync<StackContainerEvent>(OnEventAsync);
        Receive<GetStatus>(_ => Sender.Tell(Status()));
        Receive<ProbeTick>(OnProbeTick);
        ReceiveAsync<ProbeResult>(OnProbeResultAsync);
    }

    public static Props Props(string name, IStackRuntime runtime) => Akka.Actor.Props.Create(() => new ServiceActor(name, runtime));

    private async Task Reply(Task work)
    {
        var sender = Sender;
        try
        {
            await work;
            sender.Tell(Done.Instance);
        }
        catch (Exception e)
        {
            sender.Tell(new Status.Failure(e));
        }
    }

    private async Task ConvergeAsync(Converge c)
    {
        _probes = BockProbes.Of(c.Service);
        _spec = c;
        _desired = c.Replicas;
        _stopped = false;
        _failure = null;
        var image = c.Service.Image ?? throw new StackRuntimeException($"service \"{_name}\" has neither image nor build");
        if (await _runtime.EnsureImageAsync(image, ServiceImages.PullPolicy(c.Service, c.Pull), CancellationToken.None))
            c.Progress(new StackProgress { Resource = "image", Name = image, Status = "Pulled" });
        var (request, hash) = Request(c);
        await RefreshAsync();
        var ordered = _containers.Values.OrderBy(x => x.Number).ToList();
        // Beyond the replica count: the highest numbers go (numbers may have moved in a rolling update).
        // Scaling down keeps the removed replicas' anonymous volumes, as compose does.
        foreach (var extra in ordered.Skip(c.Replicas))
            await RemoveAsync(extra, removeVolumes: false, c.Progress);
        var kept = ordered.Take(c.Replicas).ToList();
        var outdated = kept.Where(x => x.ConfigHash != hash || c.ForceRecreate).ToList();
        if (outdated.Count > 0 && c.Service.Deploy?.UpdateConfig is { } update)
            await RollAsync(outdated, update, request, hash, c.Progress);
        else
            foreach (var old in outdated)
            {
                c.Progress(Progress(old.Name, "Recreating"));
                // Its anonymous volumes outlive it and are mounted into its replacement: a database keeps its data.
                var inherited = await _runtime.AnonymousVolumesAsync(old.Id, CancellationToken.None);
                await RemoveAsync(old, removeVolumes: false, StackProtocol.NoProgress);
                await CreateAndStartAsync(old.Number, InheritedVolumes.Apply(request, inherited), hash, c.Progress);
                c.Progress(Progress(old.Name, "Recreated"));
            }
        foreach (var existing in kept.Except(outdated))
        {
            if (c.KeepExited && existing.State == "exited" && NoRestartPolicy(c.Service))
                c.Progress(Progress(existing.Name, "Exited"));
            else if (existing.State is not ("running" or "restarting" or "paused"))
            {
                c.Progress(Progress(existing.Name, "Starting"));
                await _runtime.StartContainerAsync(existing.Id, CancellationToken.None);
                _containers[existing.Id] = existing with { State = "running", Health = Starting(c.Service) };
                c.Progress(Progress(existing.Name, "Started"));
            }
            else c.Progress(Progress(existing.Name, "Running"));
        }
        while (_containers.Count < c.Replicas)
            await CreateAndStartAsync(FreeNumber(), request, hash, c.Progress);
        foreach (var running in _containers.Values.Where(x => x.State == "running")) StartProbes(running.Id);
        AnswerWaiters();
    }

    private (ContainerCreateRequest Request, string Hash) Request(Converge c)
    {
        var body = ServiceContainerMapper.Map(c.Project, c.Service, c.Service.Image!);
        var hash = ServiceConfigHash.Of(body);
        var labels = new SortedDictionary<string, string>((body.Labels ?? new Dictionary<string, string>()).ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal)
        {
            [StackLabels.Project] = c.Project.Name,
            [StackLabels.Service] = _name,
            [StackLabels.OneOff] = "False",
            [StackLabels.WorkingDir] = c.Project.WorkingDirectory,
            [StackLabels.ConfigFiles] = string.Join(',', c.ConfigFiles),
            [StackLabels.ConfigHash] = hash,
            [StackLabels.Version] = StackLabels.ComposeVersion,
            [StackLabels.DependsOn] = string.Join(',', c.Service.DependsOn.Select(d => $"{d.Key}:{d.Value.Condition}:{(d.Value.Restart ? "true" : "false")}")),
            [StackLabels.Image] = c.Service.Image!,
        };
        return (body with { Labels = labels }, hash);
    }

    private async Task<string> CreateAndStartAsync(int number, ContainerCreateRequest request, string hash, Action<StackProgress> progress)
    {
        var spec = _spec!;
        var name = spec.Service.Options.ContainerName is { } fixedName && _desired == 1 ? fixedName : $"{spec.Project.Name}-{_name}-{number}";
        progress(Progress(name, "Creating"));
        var labelled = request with
        {
            Labels = new SortedDictionary<string, string>(request.Labels!.ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal) { [StackLabels.ContainerNumber] = number.ToString(CultureInfo.InvariantCulture) },
            Hostname = request.Hostname ?? name,
        };
        var id = await _runtime.CreateContainerAsync(name, labelled, CancellationToken.None);
        _containers[id] = new StackContainer(id, name, _name, number, hash, false, "created", null, 0, 0);
        // With a readiness probe a replica takes no traffic until it has passed once.
        if (_probes.Readiness is not null) await ServeAsync(id, false);
        progress(Progress(name, "Created"));
        progress(Progress(name, "Starting"));
        await _runtime.StartContainerAsync(id, CancellationToken.None);
        _containers[id] = _containers[id] with { State = "running", Health = Starting(spec.Service) };
        progress(Progress(name, "Started"));
        return id;
    }

    private int FreeNumber()
    {
        var used = _containers.Values.Select(x => x.Number).ToHashSet();
        var n = 1;
        while (used.Contains(n)) n++;
        return n;
    }

    /// <summary>
    /// deploy.update_config on one host, batch by batch (<c>parallelism</c>, default 1; <c>delay</c> between
    /// batches): a new replica under a free number is started and must get ready (readiness probe, else health check,
    /// else running) and stay so for <c>monitor</c>; the old replica it replaces is then stopped, not removed, so that
    /// a rollback can start it again. Failures beyond <c>max_failure_ratio</c> of the replicas take
    /// <c>failure_action</c>: <c>pause</c> (compose's default) keeps what was updated and restores the failed batch's
    /// old replicas, <c>rollback</c> restores every old replica and removes every new one, <c>continue</c> keeps the
    /// failed replica and goes on. The stopped old replicas are removed once the update ends.
    /// <c>order: stop-first</c> stops the old replica before its replacement starts.
    /// </summary>
    private async Task RollAsync(IReadOnlyList<StackContainer> outdated, UpdateConfig update, ContainerCreateRequest request, string hash, Action<StackProgress> progress)
    {
        var batch = Math.Max(1, update.Parallelism ?? 1);
        var stopFirst = update.Order == "stop-first";
        var action = update.FailureAction ?? "pause";
        var tolerated = (int)Math.Floor((update.MaxFailureRatio ?? 0) * outdated.Count);
        var monitor = update.Monitor ?? TimeSpan.Zero;
        var retired = new List<StackContainer>();
        var replacements = new List<string>();
        var failures = 0;
        try
        {
            for (var i = 0; i < outdated.Count; i += batch)
            {
                if (i > 0 && update.Delay is { } delay) await Task.Delay(delay);
                for (var at = i; at < Math.Min(i + batch, outdated.Count); at++)
                {
                    var old = outdated[at];
                    progress(Progress(old.Name, "Recreating"));
                    if (stopFirst) await RetireAsync(old, retired, progress);
                    // The new replica mounts the old one's anonymous volumes (with start-first both run on them a while).
                    var inherited = await _runtime.AnonymousVolumesAsync(old.Id, CancellationToken.None);
                    var id = await CreateAndStartAsync(FreeNumber(), InheritedVolumes.Apply(request, inherited), hash, progress);
                    replacements.Add(id);
                    var name = _containers[id].Name;
                    var failure = await ReadyAsync(id, ReadyTimeout) ?? await StaysReadyAsync(id, monitor);
                    if (failure is null)
                    {
                        progress(Progress(name, "Healthy"));
                        if (!stopFirst) await RetireAsync(old, retired, progress);
                        progress(Progress(name, "Recreated"));
                        continue;
                    }
                    if (++failures <= tolerated || action == "continue")
                    {
                        _log.Warning("rolling update of {0}: the new replica {1} {2}; going on ({3} failed)", _name, name, failure, failures);
                        progress(Progress(name, "Unhealthy") with { Message = failure });
                        if (!stopFirst) await RetireAsync(old, retired, progress);
                        continue;
                    }
                    if (action == "rollback")
                    {
                        // With their own anonymous volumes; the daemon keeps those the old replicas still mount.
                        foreach (var replacement in replacements) await RemoveAsync(_containers[replacement], removeVolumes: true, StackProtocol.NoProgress);
                        foreach (var back in retired.ToList()) await ReinstateAsync(back, retired, progress);
                        throw new StackRuntimeException($"rolling update of {_name} rolled back: the new replica {name} {failure}; the old replicas are back");
                    }
                    await RemoveAsync(_containers[id], removeVolumes: true, StackProtocol.NoProgress);
                    if (retired.FirstOrDefault(r => r.Id == old.Id) is { } stopped) await ReinstateAsync(stopped, retired, progress);
                    throw new StackRuntimeException(
                        $"rolling update of {_name} paused after {at} of {outdated.Count} replicas: " +
                        $"the new replica {name} {failure}; the rest keep their old configuration (failure_action: rollback undoes it all)");
                }
            }
        }
        finally
        {
            // Their anonymous volumes went on to their replacements.
            foreach (var old in retired) await RemoveAsync(old, removeVolumes: false, progress);
        }
    }

    /// <summary>How long a new replica of a rolling update may take to get ready.</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>An old replica of a rolling update, stopped and kept aside until the update ends.</summary>
    private async Task RetireAsync(StackContainer old, List<StackContainer> retired, Action<StackProgress> progress)
    {
        _retiring.Add(old.Id);
        retired.Add(old);
        progress(Progress(old.Name, "Stopping"));
        await _runtime.StopContainerAsync(old.Id, null, CancellationToken.None);
        progress(Progress(old.Name, "Stopped"));
    }

    /// <summary>A retired replica started again (a rollback or a pause).</summary>
    private async Task ReinstateAsync(StackContainer old, List<StackContainer> retired, Action<StackProgress> progress)
    {
        await _runtime.StartContainerAsync(old.Id, CancellationToken.None);
        _retiring.Remove(old.Id);
        retired.Remove(old);
        _containers[old.Id] = old with { State = "running", Health = Starting(_spec!.Service) };
        progress(Progress(old.Name, "Restored"));
    }

    /// <summary>Null when the ready replica stays up (running, not unhealthy, not removed) for <paramref name="monitor"/>.</summary>
    private async Task<string?> StaysReadyAsync(string id, TimeSpan monitor)
    {
        var until = DateTimeOffset.UtcNow + monitor;
        while (DateTimeOffset.UtcNow < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200, Math.Max(1, (until - DateTimeOffset.UtcNow).TotalMilliseconds))));
            var now = (await _runtime.ListContainersAsync(_spec!.Project.Name, CancellationToken.None)).FirstOrDefault(x => x.Id == id);
            if (now is null) return "was removed";
            if (now.State != "running") return $"stopped within the monitor period ({now.State}, exit {now.ExitCode})";
            if (now.Health == "unhealthy") return "became unhealthy within the monitor period";
        }
        return null;
    }

    /// <summary>Null once the replica is ready, else why it is not. Polls the daemon: events wait while this runs.</summary>
    private async Task<string?> ReadyAsync(string id, TimeSpan timeout)
    {
        var readiness = _probes.Readiness;
        var until = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < until)
        {
            var now = (await _runtime.ListContainersAsync(_spec!.Project.Name, CancellationToken.None)).FirstOrDefault(x => x.Id == id);
            if (now is null) return "was removed";
            if (now.State == "exited" && NoRestartPolicy(_spec.Service)) return $"exited ({now.ExitCode})";
            if (now.Health == "unhealthy") return "is unhealthy";
            if (now.State == "running")
            {
                if (readiness is not null)
                {
                    if (await _runtime.ProbeAsync(id, readiness.Target, readiness.Timeout, CancellationToken.None)) return null;
                }
                else if (now.Health is null or "healthy") return null;
            }
            await Task.Delay(readiness?.Interval ?? TimeSpan.FromMilliseconds(200));
        }
        return $"was not ready within {timeout.TotalSeconds:0}s";
    }

    private static bool NoRestartPolicy(Service service) => service.Restart is null or "no" && service.Deploy?.RestartPolicy is null;

    private static string? Starting(Service service) => service.Healthcheck is { Disable: false, Test.Length: > 0 } and not { Test: ["NONE"] } ? "starting" : null;

    private async Task RemoveAsync(StackContainer c, bool removeVolumes, Action<StackProgress> progress)
    {
        progress(Progress(c.Name, "Removing"));
        _removing.Add(c.Id);
        await _runtime.RemoveContainerAsync(c.Id, removeVolumes, CancellationToken.None);
        _containers.Remove(c.Id);
        _retiring.Remove(c.Id);
        progress(Progress(c.Name, "Removed"));
    }

    private async Task RefreshAsync()
    {
        var listed = await _runtime.ListContainersAsync(_spec!.Project.Name, CancellationToken.None);
        _containers.Clear();
        foreach (var c in listed.Where(c => c.Service == _name && !c.OneOff))
            _containers[c.Id] = c;
    }

    private async Task ActAsync(Act a)
    {
        if (_spec is null) return;
        if (a.Action is "stop" or "down" or "rm" or "kill") _stopped = true;
        if (a.Action is "start" or "restart") _stopped = false;
        await RefreshAsync();
        foreach (var c in _containers.Values.OrderByDescending(x => x.Number).ToList())
        {
            switch (a.Action)
            {
                case "start" when c.State is not ("running" or "restarting" or "paused"):
                    a.Progress(Progress(c.Name, "Starting"));
                    await _runtime.StartContainerAsync(c.Id, CancellationToken.None);
                    a.Progress(Progress(c.Name, "Started"));
                    break;
                case "stop" or "down" when c.State is "running" or "restarting" or "paused":
                    a.Progress(Progress(c.Name, "Stopping"));
                    await _runtime.StopContainerAsync(c.Id, a.Timeout, CancellationToken.None);
                    a.Progress(Progress(c.Name, "Stopped"));
                    if (a.Action == "down") await RemoveAsync(c, a.RemoveVolumes, a.Progress);
                    break;
                case "down" or "rm":
                    await RemoveAsync(c, a.RemoveVolumes, a.Progress);
                    break;
                case "restart":
                    a.Progress(Progress(c.Name, "Restarting"));
                    await _runtime.RestartContainerAsync(c.Id, a.Timeout, CancellationToken.None);
                    a.Progress(Progress(c.Name, "Started"));
                    break;
                case "kill" when c.State is "running" or "paused":
                    await _runtime.KillContainerAsync(c.Id, a.Signal, CancellationToken.None);
                    a.Progress(Progress(c.Name, "Killed"));
                    break;
                case "pause" when c.State == "running":
                    await _runtime.PauseContainerAsync(c.Id, CancellationToken.None);
                    a.Progress(Progress(c.Name, "Paused"));
                    break;
                case "unpause" when c.State == "paused":
                    await _runtime.UnpauseContainerAsync(c.Id, CancellationToken.None);
                    a.Progress(Progress(c.Name, "Unpaused"));
                    break;
            }
        }
        if (a.Action == "down") _spec = null;
    }

    private async Task OnEventAsync(StackContainerEvent e)
    {
        var c = e.Container;
        if (c.Service != _name || c.OneOff) return;
        _containers.TryGetValue(c.Id, out var before);
        var now = DateTimeOffset.UtcNow;
        switch (e.Action)
        {
            case "destroy":
                _containers.Remove(c.Id);
                _serving.Remove(c.Id);
                _ready.Remove(c.Id);
                if (_removing.Remove(c.Id) || _stopped || _spec is null || _containers.Count >= _desired) break;
                // Removed behind our back: deploy.replicas is kept true.
                _log.Info("replica {0} of {1} was removed: recreating it", c.Name, _name);
                try
                {
                    var (request, hash) = Request(_spec);
                    await CreateAndStartAsync(_containers.Values.Any(x => x.Number == c.Number) ? FreeNumber() : c.Number, request, hash, StackProtocol.NoProgress);
                }
                catch (Exception ex)
                {
                    _failure = ex.Message;
                    _log.Warning("recreating replica {0} of {1} failed: {2}", c.Name, _name, ex.Message);
                }
                break;
            case "die" when _retiring.Contains(c.Id):
                _containers[c.Id] = c; // stopped by a rolling update on purpose
                break;
            case "die":
                _containers[c.Id] = c;
                // A replica that died proves its readiness again before it takes traffic.
                if (_probes.Readiness is not null && !_removing.Contains(c.Id))
                {
                    _ready.Remove(c.Id);
                    await ServeAsync(c.Id, false);
                }
                // A death soon after a start continues a crash loop; the daemon backs off exponentially, so do we in the status.
                _crashStreak = now - _lastStart < ResetBackoffAfter ? _crashStreak + 1 : 1;
                if (c.State == "restarting")
                {
                    // deploy.restart_policy.delay makes the daemon's wait fixed (when `restart:` does not win over it).
                    var delay = _spec is { Service: { Restart: null, Deploy.RestartPolicy.Delay: { } fixedDelay } }
                        ? fixedDelay
                        : TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, MinBackoff.Ticks << Math.Min(_crashStreak - 1, 20)));
                    _nextTry = now + delay;
                    if (_crashStreak >= 3)
                    {
                        // On the event stream too (docker events shows "crash_loop"), beside the status and the log.
                        Context.System.EventStream.Publish(new Bock.Actors.Containers.ContainerEvent(c.Id, CrashLoop) { ExitCode = c.ExitCode });
                        _log.Warning("service {0}: replica {1} is crash looping (exit {2}, {3} in a row): next try in {4:0.#}s", _name, c.Name, c.ExitCode, _crashStreak, delay.TotalSeconds);
                    }
                }
                break;
            case "start":
                _containers[c.Id] = c;
                _lastStart = now;
                _ready.Remove(c.Id);
                StartProbes(c.Id);
                if (before is { State: "exited" or "restarting" })
                {
                    _restarts++;
                    Context.Parent.Tell(new StackProtocol.ReplicaRestarted(_name));
                }
                break;
            case "health_status: unhealthy":
                _containers[c.Id] = c;
                if (_stopped || _spec is null) break;
                // Docker only reports an unhealthy container; bockrose restarts it (the check failed `retries` times).
                _log.Info("replica {0} of {1} is unhealthy: restarting it", c.Name, _name);
                try
                {
                    await _runtime.RestartContainerAsync(c.Id, _spec.Service.Options.StopGracePeriod is { } g ? (int)g.TotalSeconds : 1, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    _log.Warning("restarting unhealthy replica {0} failed: {1}", c.Name, ex.Message);
                }
                break;
            default:
                if (before is not null || !_removing.Contains(c.Id)) _containers[c.Id] = c;
                break;
        }
        AnswerWaiters();
    }

    /// <summary>Starts the container's probe loops (once each): the first tick after the probe's initial delay.</summary>
    private void StartProbes(string id)
    {
        foreach (var (kind, probe) in new[] { ("liveness", _probes.Liveness), ("readiness", _probes.Readiness) })
        {
            if (probe is null || !_probing.Add((id, kind))) continue;
            _probeFailures[(id, kind)] = 0;
            Timers.StartSingleTimer($"{id}/{kind}", new ProbeTick(id, kind), probe.InitialDelay + probe.Interval);
        }
    }

    private void OnProbeTick(ProbeTick tick)
    {
        var probe = tick.Kind == "liveness" ? _probes.Liveness : _probes.Readiness;
        if (probe is null || !_containers.TryGetValue(tick.Id, out var c) || _removing.Contains(tick.Id))
        {
            _probing.Remove((tick.Id, tick.Kind));
            return;
        }
        if (c.State != "running")
        {
            // Between incarnations or stopped: look again later, without a verdict.
            Timers.StartSingleTimer($"{tick.Id}/{tick.Kind}", tick, probe.Interval);
            return;
        }
        _runtime.ProbeAsync(tick.Id, probe.Target, probe.Timeout, CancellationToken.None)
            .ContinueWith(t => new ProbeResult(tick.Id, tick.Kind, t.IsCompletedSuccessfully && t.Result), TaskScheduler.Default)
            .PipeTo(Self);
    }

    private async Task OnProbeResultAsync(ProbeResult result)
    {
        var probe = result.Kind == "liveness" ? _probes.Liveness : _probes.Readiness;
        if (probe is null || !_containers.TryGetValue(result.Id, out var c))
        {
            _probing.Remove((result.Id, result.Kind));
            return;
        }
        var key = (result.Id, result.Kind);
        _probeFailures[key] = result.Ok ? 0 : _probeFailures.GetValueOrDefault(key) + 1;
        if (result.Kind == "readiness")
        {
            // Ready: in the service's DNS answers; not ready (failure_threshold failures in a row): out of them.
            if (result.Ok)
            {
                _ready.Add(result.Id);
                await ServeAsync(result.Id, true);
            }
            else if (_probeFailures[key] >= probe.FailureThreshold)
            {
                _ready.Remove(result.Id);
                await ServeAsync(result.Id, false);
            }
            AnswerWaiters();
        }
        else if (_probeFailures[key] >= probe.FailureThreshold && !_stopped && _spec is not null)
        {
            _probeFailures[key] = 0;
            _log.Info("replica {0} of {1} failed its liveness probe {2} times: restarting it", c.Name, _name, probe.FailureThreshold);
            try
            {
                await _runtime.RestartContainerAsync(c.Id, _spec.Service.Options.StopGracePeriod is { } g ? (int)g.TotalSeconds : 1, CancellationToken.None);
            }
            catch (Exception ex)
            {
                _log.Warning("restarting replica {0} failed: {1}", c.Name, ex.Message);
            }
        }
        Timers.StartSingleTimer($"{result.Id}/{result.Kind}", new ProbeTick(result.Id, result.Kind), probe.Interval);
    }

    /// <summary>Tells the daemon whether the replica takes traffic, when that changes (or was never said).</summary>
    private async Task ServeAsync(string id, bool serving)
    {
        if (_serving.TryGetValue(id, out var told) && told == serving) return;
        try
        {
            await _runtime.SetServingAsync(id, serving, CancellationToken.None);
            _serving[id] = serving;
            _log.Info("replica {0} of {1} is {2}", _containers.TryGetValue(id, out var c) ? c.Name : id, _name, serving ? "ready: in the service's DNS" : "not ready: out of the service's DNS");
        }
        catch (Exception e)
        {
            _log.Warning("replica {0} of {1}: the DNS could not be told: {2}", id, _name, e.Message);
        }
    }

    private void AnswerWaiters()
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            var (condition, replyTo) = _waiters[i];
            var (met, failure) = Evaluate(condition);
            if (!met && failure is null) continue;
            _waiters.RemoveAt(i);
            replyTo.Tell(met ? Done.Instance : new Status.Failure(new StackRuntimeException(failure!)));
        }
    }

    /// <summary>Whether a depends_on condition holds now (met), can no longer hold (failure), or is still pending.</summary>
    private (bool Met, string? Failure) Evaluate(string condition)
    {
        var replicas = _containers.Values.Where(c => !_removing.Contains(c.Id) && !_retiring.Contains(c.Id)).ToList();
        if (_spec is null || replicas.Count == 0) return (false, null);
        switch (condition)
        {
            case "service_healthy" when _probes.Readiness is not null:
                // Readiness, when the service has a readiness probe, is what "healthy" means to its dependants.
                // An exited replica fails the wait only if nothing will start it again (a restart is not a failure).
                if (NoRestartPolicy(_spec.Service) && replicas.FirstOrDefault(c => c.State == "exited") is { } stopped)
                    return (false, $"dependency failed to start: container {stopped.Name} exited ({stopped.ExitCode})");
                return (replicas.Count >= _desired && replicas.All(c => c.State == "running" && _ready.Contains(c.Id)), null);
            case "service_healthy":
                if (NoRestartPolicy(_spec.Service) && replicas.FirstOrDefault(c => c.State == "exited") is { } dead)
                    return (false, $"dependency failed to start: container {dead.Name} exited ({dead.ExitCode})");
                if (replicas.FirstOrDefault(c => c.State == "running" && c.Health is null) is { } unchecked_)
                    return (false, $"dependency failed to start: container {unchecked_.Name} has no healthcheck configured");
                return (replicas.Count >= _desired && replicas.All(c => c.Health == "healthy"), null);
            case "service_completed_successfully":
                if (replicas.FirstOrDefault(c => c.State == "exited" && c.ExitCode != 0) is { } failed)
                    return (false, $"service \"{_name}\" didn't complete successfully: exit {failed.ExitCode}");
                return (replicas.All(c => c.State == "exited"), null);
            default:
                return (replicas.Any(c => c.State is "running" or "exited" or "restarting" or "paused"), null);
        }
    }

    private ServiceStatus Status()
    {
        var replicas = _containers.Values.Where(c => !_removing.Contains(c.Id) && !_retiring.Contains(c.Id)).OrderBy(c => c.Number).ToList();
        var running = replicas.Count(c => c.State is "running" or "paused");
        var oneShot = _spec?.Service.Restart is null or "no" && _spec?.Service.Deploy?.RestartPolicy is null;
        var now = DateTimeOffset.UtcNow;
        var state =
            _failure is { } f ? $"failed: {f}" :
            _stopped || _spec is null ? "stopped" :
            replicas.Any(c => c.State == "restarting") ? $"backoff (next try in {Math.Max(0, Math.Ceiling((_nextTry - now).TotalSeconds)):0}s)" :
            oneShot && replicas.Count > 0 && replicas.All(c => c.State == "exited") ?
                (replicas.All(c => c.ExitCode == 0) ? "completed" : $"failed: exit {replicas.First(c => c.ExitCode != 0).ExitCode}") :
            replicas.Any(c => c.Health == "starting") || running < _desired ? "starting" :
            "running";
        var health = _probes.Readiness is not null && replicas.Count > 0
            ? replicas.All(c => _ready.Contains(c.Id)) ? "ready" : "not ready"
            : replicas.Where(c => c.Health is not null).Select(c => c.Health!).ToList() is { Count: > 0 } h
            ? h.All(x => x == "healthy") ? "healthy" : h.Contains("unhealthy") ? "unhealthy" : "starting"
            : null;
        return new ServiceStatus
        {
            Name = _name,
            Desired = _spec is null ? 0 : _desired,
            Running = running,
            Health = health,
            Restarts = _restarts,
            State = state,
            ContainerIds = [.. replicas.Select(c => c.Id)],
        };
    }

    private static StackProgress Progress(string name, string status) => new() { Resource = "container", Name = name, Status = status };
}
