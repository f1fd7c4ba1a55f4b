using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Bock.Actors.Kernel;
using static Bock.Actors.Containers.ContainerProtocol;

namespace Bock.Actors.Containers;

/// <summary>
/// Owns one container. Its behaviours mirror the status (created → running ⇄ paused → exited → removed); every
/// privileged step is a message to the kernel pool, awaited inside the handler so that commands apply one at a time.
/// The process's exit arrives as a message; an exit nobody asked for throws, so that the supervisor's strategy — the
/// restart policy — decides. Each incarnation starts by asking the runtime what exists: a new container is created,
/// a running one is adopted, and a stopped one is run again if the supervisor still allows it (a restart).
/// </summary>
public sealed class ContainerActor : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private readonly ContainerSpec _spec;
    private readonly IActorRef _kernel;
    private readonly IActorRef _supervisor;
    private readonly IActorRef? _creator;
    private readonly ContainerSettings _settings;
    private readonly List<IActorRef> _exitWaiters = [];
    private readonly List<IActorRef> _stopRequesters = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private string _lastFailure = "";
    private ContainerStatus _status = ContainerStatus.Created;
    private ContainerExit? _lastExit;
    private int _pid;
    private int _run;
    private bool _manuallyStopped;
    private IActorRef? _healthMonitor;
    private HealthReport? _health;
    private bool _reportMissedExit;

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    private string Id => _spec.Id;

    public ContainerActor(ContainerSpec spec, IActorRef kernel, IActorRef supervisor, IActorRef? creator, ContainerSettings settings,
        ContainerExit? lastExit = null, bool reportMissedExit = false)
    {
        _lastExit = lastExit;
        _reportMissedExit = reportMissedExit;
        _spec = spec;
        _kernel = kernel;
        _supervisor = supervisor;
        _creator = creator;
        _settings = settings;
        ReceiveAsync<Initialize>(_ => InitializeAsync());
        ReceiveAny(_ => Stash.Stash());
    }

    /// <param name="creator">Told the outcome when this actor creates the container (not when it adopts one).</param>
    /// <param name="lastExit">The exit an earlier actor saw, for an actor that adopts an exited container.</param>
    /// <param name="reportMissedExit">
    /// Adopting after a daemon restart a container last seen running: if it has stopped since, its exit is read from
    /// the runtime and reported, and the policy decides on that exit code.
    /// </param>
    public static Props Props(ContainerSpec spec, IActorRef kernel, IActorRef supervisor, IActorRef? creator, ContainerSettings settings,
        ContainerExit? lastExit = null, bool reportMissedExit = false) =>
        Akka.Actor.Props.Create(() => new ContainerActor(spec, kernel, supervisor, creator, settings, lastExit, reportMissedExit));

    protected override void PreStart() => Self.Tell(Initialize.Instance);

    private async Task InitializeAsync()
    {
        var state = await Kernel<RuntimeState>(new KernelProtocol.GetRuntimeState(Id));
        if (state is null)
        {
            Forget(new CommandFailed(Id, new CreateContainer(_spec), "the kernel pool did not answer"));
            return;
        }
        _pid = state.Pid;
        // Under a policy the same props make every incarnation: only the first (no restarts yet) adopts.
        if (state.Status == RuntimeStatus.Stopped && _reportMissedExit && !await IsRestartAsync())
        {
            if (await ReportMissedExitAsync())
                throw new ContainerExitedException(Id, _lastExit!); // the policy's restart, counted like any other
            BecomeExited();
            Stash.UnstashAll();
            return;
        }
        if (state.Status == RuntimeStatus.Stopped || await IsRestartAsync())
        {
            var permission = await _supervisor.Ask<RestartPermission>(new MayRestart(Id), _settings.KernelTimeout);
            if (_spec.RestartPolicy.Kind != RestartPolicyKind.No && permission.Allowed)
            {
                Publish(ContainerAction.Restart);
                if (await RunAgainAsync(exists: state.Status != RuntimeStatus.Absent) is { } reason)
                    throw new ContainerRestartFailedException(Id, reason);
                Stash.UnstashAll();
                return;
            }
        }
        switch (state.Status)
        {
            case RuntimeStatus.Absent when _creator is null:
                Forget(null); // an adopted container that was removed meanwhile
                return;
            case RuntimeStatus.Absent:
                if (await Kernel<KernelProtocol.OperationCompleted>(new KernelProtocol.CreateContainer(Id, _spec.BundlePath)) is null)
                {
                    Forget(new CommandFailed(Id, new CreateContainer(_spec), _lastFailure));
                    return;
                }
                Publish(ContainerAction.Create);
                _creator.Tell(new ContainerCreated(Id));
                BecomeCreated();
                break;
            case RuntimeStatus.Creating or RuntimeStatus.Created:
                BecomeCreated();
                break;
            case RuntimeStatus.Running:
                BecomeRunning();
                break;
            case RuntimeStatus.Paused:
                BecomeRunning();
                BecomePaused();
                break;
            case RuntimeStatus.Stopped:
                BecomeExited();
                break;
        }
        Stash.UnstashAll();
    }

    /// <summary>
    /// The container died while no daemon watched: its exit (the shim's exit record) is reported as a die. Returns
    /// whether the policy restarts after that exit code.
    /// </summary>
    private async Task<bool> ReportMissedExitAsync()
    {
        _reportMissedExit = false; // once: a later incarnation is a restart, not an adoption
        var exited = await Kernel<KernelProtocol.ContainerExited>(new KernelProtocol.WaitForExit(Id));
        var exit = exited?.Exit ?? new ContainerExit(255);
        _lastExit = exit;
        Context.System.EventStream.Publish(new ContainerEvent(Id, ContainerAction.Die) { ExitCode = exit.ExitCode });
        if (exit.OomKilled) Publish(ContainerAction.Oom);
        _supervisor.Tell(new ContainerDied(Id, exit.ExitCode, exit.OomKilled));
        return _spec.RestartPolicy.RestartsAfter(exit.ExitCode);
    }

    /// <summary>
    /// Whether the policy's BackoffSupervisor made this actor to replace a failed one. Usually the runtime says so (the
    /// container is stopped), but a restart that failed half-way leaves it absent or created.
    /// </summary>
    private async Task<bool> IsRestartAsync()
    {
        if (_spec.RestartPolicy.Kind == RestartPolicyKind.No)
            return false;
        var count = await Context.Parent.Ask<BackoffSupervisor.RestartCount>(BackoffSupervisor.GetRestartCount.Instance, _settings.KernelTimeout);
        return count.Count > 0;
    }

    // Behaviours, one per status.

    private void BecomeCreated()
    {
        _status = ContainerStatus.Created;
        Become(() =>
        {
            ReceiveAsync<StartContainer>(StartAsync);
            ReceiveAsync<RemoveContainer>(RemoveAsync);
            CommonQueries();
        });
    }

    private void BecomeRunning()
    {
        _status = ContainerStatus.Running;
        _manuallyStopped = false;
        _kernel.Tell(new KernelProtocol.WaitForExit(Id));
        StartHealthMonitor();
        Become(Running);
    }

    private void Running()
    {
        ReceiveAsync<StopContainer>(StopAsync);
        ReceiveAsync<KillContainer>(KillAsync);
        ReceiveAsync<PauseContainer>(async pause =>
        {
            if (await Kernel<KernelProtocol.OperationCompleted>(new KernelProtocol.PauseContainer(Id), pause) is null) return;
            Publish(ContainerAction.Pause);
            StopHealthMonitor(); // an exec into a frozen cgroup would hang until its timeout
            Sender.Tell(new ContainerPaused(Id));
            BecomePaused();
        });
        ExitHandling();
        CommonQueries();
    }

    private void BecomePaused()
    {
        _status = ContainerStatus.Paused;
        Become(() =>
        {
            ReceiveAsync<UnpauseContainer>(async unpause =>
            {
                if (await Kernel<KernelProtocol.OperationCompleted>(new KernelProtocol.ResumeContainer(Id), unpause) is null) return;
                Publish(ContainerAction.Unpause);
                Sender.Tell(new ContainerUnpaused(Id));
                StartHealthMonitor();
                _status = ContainerStatus.Running;
                Become(Running);
            });
            ReceiveAsync<KillContainer>(KillAsync);
            ExitHandling();
            CommonQueries();
        });
    }

    private void BecomeExited()
    {
        _status = ContainerStatus.Exited;
        _pid = 0;
        Become(() =>
        {
            ReceiveAsync<StartContainer>(async start =>
            {
                _manuallyStopped = false;
                var replyTo = Sender;
                if (await RunAgainAsync(exists: true) is { } reason)
                    replyTo.Tell(new CommandFailed(Id, start, reason));
                else
                    replyTo.Tell(new ContainerStarted(Id));
            });
            ReceiveAsync<RemoveContainer>(RemoveAsync);
            CommonQueries();
        });
    }

    private void CommonQueries()
    {
        Receive<GetContainerState>(_ => Sender.Tell(new ContainerStateSnapshot(Id, _status, _spec.RestartPolicy, _pid, _lastExit?.ExitCode, _lastExit?.OomKilled ?? false)
        {
            Health = _health,
        }));
        Receive<HealthMonitor.HealthReported>(reported =>
        {
            if (Sender.Equals(_healthMonitor)) _health = reported.Report; // a stopped monitor's last word is stale
        });
        Receive<WaitContainer>(_ =>
        {
            if (_status == ContainerStatus.Exited && _lastExit is { } exit)
                Sender.Tell(new ContainerDied(Id, exit.ExitCode, exit.OomKilled));
            else
                _exitWaiters.Add(Sender);
        });
        Receive<IContainerCommand>(command => Sender.Tell(new CommandRejected(Id, command, _status, $"container {Id} is {_status.ToString().ToLowerInvariant()}")));
    }

    // Commands.

    private async Task StartAsync(StartContainer start)
    {
        var replyTo = Sender;
        if (await Kernel<KernelProtocol.OperationCompleted>(new KernelProtocol.StartContainer(Id), start) is null) return;
        await StartedAsync();
        replyTo.Tell(new ContainerStarted(Id));
    }

    private async Task StartedAsync()
    {
        _run++;
        if (await Kernel<RuntimeState>(new KernelProtocol.GetRuntimeState(Id)) is { } state)
            _pid = state.Pid;
        Publish(ContainerAction.Start);
        BecomeRunning();
    }

    /// <summary>runc cannot start a stopped container again: delete it, create it afresh and start it. Null on success.</summary>
    private async Task<string?> RunAgainAsync(bool exists)
    {
        if (exists && await Kernel<KernelProtocol.OperationCompleted>(new KernelProtocol.DeleteContainer(Id, Force: false)) is null
            || await Kernel<KernelProtocol.OperationCompleted>(new KernelProtocol.CreateContainer(Id, _spec.BundlePath)) is null
            || await Kernel<KernelProtocol.OperationCompleted>(new KernelProtocol.StartContainer(Id)) is null)
            return _lastFailure;
        await StartedAsync();
        return null;
    }

    private async Task StopAsync(StopContainer stop)
    {
        var replyTo = Sender;
        var firstRequest = !_manuallyStopped;
        _manuallyStopped = true;
        _stopRequesters.Add(replyTo);
        if (!firstRequest) return;
        if (await Kernel<KernelProtocol.OperationCompleted>(new KernelProtocol.KillContainer(Id, Signals.Term), stop) is null)
        {
            _stopRequesters.Remove(replyTo);
            return;
        }
        Timers.StartSingleTimer("stop", new StopTimedOut(_run), stop.Timeout ?? _settings.StopTimeout);
        Become(() =>
        {
            Receive<StopTimedOut>(timedOut =>
            {
                if (timedOut.Run == _run) _kernel.Tell(new KernelProtocol.KillContainer(Id, Signals.Kill));
            });
            Receive<KernelProtocol.OperationCompleted>(_ => { });
            Receive<KernelProtocol.OperationFailed>(f => _log.Warning("SIGKILL after the stop timeout failed: {0}", f.Reason));
            Receive<StopContainer>(_ => _stopRequesters.Add(Sender));
            ReceiveAsync<KillContainer>(KillAsync);
            ExitHandling();
            CommonQueries();
        });
    }

    private async Task KillAsync(KillContainer kill)
    {
        var replyTo = Sender;
        var wasStopped = _manuallyStopped;
        _manuallyStopped = true;
        if (await Kernel<KernelProtocol.OperationCompleted>(new KernelProtocol.KillContainer(Id, kill.Signal), kill) is null)
        {
            _manuallyStopped = wasStopped;
            return;
        }
        Context.System.EventStream.Publish(new ContainerEvent(Id, ContainerAction.Kill) { Signal = kill.Signal });
        replyTo.Tell(new ContainerKilled(Id, kill.Signal));
    }

    private async Task RemoveAsync(RemoveContainer remove)
    {
        var replyTo = Sender;
        if (await Kernel<KernelProtocol.OperationCompleted>(new KernelProtocol.DeleteContainer(Id, Force: false), remove) is null) return;
        _status = ContainerStatus.Removed;
        Publish(ContainerAction.Destroy);
        replyTo.Tell(new ContainerRemoved(Id));
        Forget(null);
    }

    // The process's end.

    private void ExitHandling()
    {
        Receive<KernelProtocol.ContainerExited>(exited => OnExited(exited.Exit));
        Receive<KernelProtocol.OperationFailed>(f => f.Command is KernelProtocol.WaitForExit, failed =>
            throw new ContainerRestartFailedException(Id, $"lost track of the process: {failed.Reason}"));
    }

    private void OnExited(ContainerExit exit)
    {
        _lastExit = exit;
        Timers.Cancel("stop");
        StopHealthMonitor();
        BecomeExited();
        Context.System.EventStream.Publish(new ContainerEvent(Id, ContainerAction.Die) { ExitCode = exit.ExitCode });
        if (exit.OomKilled) Publish(ContainerAction.Oom);
        var died = new ContainerDied(Id, exit.ExitCode, exit.OomKilled);
        _supervisor.Tell(died); // so that an actor adopting this container after a stop still knows how it ended
        foreach (var waiter in _exitWaiters) waiter.Tell(died);
        _exitWaiters.Clear();
        if (_manuallyStopped)
        {
            Context.System.EventStream.Publish(new ContainerEvent(Id, ContainerAction.Stop) { ExitCode = exit.ExitCode });
            foreach (var requester in _stopRequesters) requester.Tell(new ContainerStopped(Id, exit.ExitCode));
            _stopRequesters.Clear();
            return;
        }
        // Under "no" there is nothing to decide: this actor stays, exited. Failing would only have it replaced, and
        // the commands already in its mailbox (a docker rm right after the exit) would be lost with it.
        if (_spec.RestartPolicy.Kind == RestartPolicyKind.No)
            return;
        throw new ContainerExitedException(Id, exit);
    }

    // Health.

    private void StartHealthMonitor()
    {
        if (_spec.HealthCheck is not { Command: not null } check || _healthMonitor is not null) return;
        _health = HealthReport.Starting;
        _healthMonitor = Context.ActorOf(HealthMonitor.Props(Id, check, _kernel));
    }

    private void StopHealthMonitor()
    {
        if (_healthMonitor is null) return;
        Context.Stop(_healthMonitor);
        _healthMonitor = null;
    }

    // Plumbing.

    /// <summary>
    /// Asks the kernel pool; returns the typed reply, or null after telling <paramref name="command"/>'s sender (if
    /// any) why it failed. A failure leaves the status as it was.
    /// </summary>
    private async Task<T?> Kernel<T>(KernelProtocol.KernelCommand request, IContainerCommand? command = null) where T : class
    {
        var replyTo = Sender;
        object reply;
        try
        {
            reply = await _kernel.Ask<object>(request, _settings.KernelTimeout);
        }
        catch (AskTimeoutException)
        {
            reply = new KernelProtocol.OperationFailed(request, $"no answer from the kernel pool within {_settings.KernelTimeout.TotalSeconds:0}s");
        }
        if (reply is T typed)
            return typed;
        _lastFailure = reply is KernelProtocol.OperationFailed failed ? failed.Reason : $"unexpected reply {reply}";
        if (command is not null)
            replyTo.Tell(new CommandFailed(Id, command, _lastFailure));
        return null;
    }

    private void Publish(string action) => Context.System.EventStream.Publish(new ContainerEvent(Id, action));

    /// <summary>Stops this actor for good: the supervisor will not bring it back.</summary>
    private void Forget(CommandFailed? creationFailure)
    {
        if (creationFailure is not null)
            _creator?.Tell(creationFailure);
        _supervisor.Tell(new ContainerForgotten(Id, Self));
        Context.Stop(Self);
    }
}
