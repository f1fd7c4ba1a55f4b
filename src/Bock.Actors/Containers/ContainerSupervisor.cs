using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Bock.Actors.Kernel;
using static Bock.Actors.Containers.ContainerProtocol;

namespace Bock.Actors.Containers;

/// <summary>
/// Parent of every container's actor; its supervision is the restart policy.
/// <list type="bullet">
/// <item><c>no</c>: the ContainerActor is a direct child and this actor's strategy stops it when its process dies.</item>
/// <item><c>on-failure[:N]</c>: a BackoffSupervisor (<c>Backoff.OnFailure</c>, exponential) restarts the child after a
/// non-zero exit, at most N times (0 means no limit, as in Docker); the count only starts over on a manual start.</item>
/// <item><c>always</c>, <c>unless-stopped</c>: the same BackoffSupervisor restarts after any exit, its delay reset
/// after a good run (<c>WithAutoReset</c>). They differ only when the daemon starts, which is not this actor's job.
/// <c>always:N</c> (swarm's <c>condition: any</c> with <c>max_attempts</c>) is bounded as <c>on-failure:N</c> is.</item>
/// </list>
/// Swarm's <c>deploy.restart_policy</c> shapes the strategy further: a <c>delay</c> makes every wait that long (a fixed
/// backoff, no jitter) and a <c>window</c> counts only the restarts of the last window toward the bound. The bound is
/// the decider's (<see cref="RestartAttempts"/>), not <c>WithMaxNrOfRetries</c>: the backoff's own count starts over
/// after a good run and knows no window.
/// When a container's actor is stopped for good (policy said no, retries ran out) the container still exists: a fresh
/// actor adopts it, as exited, under a fresh policy supervisor, and this actor holds it back from restarting until a
/// manual start. A manual stop or kill holds it back too, so no pending restart can undo it.
/// </summary>
public sealed class ContainerSupervisor : ReceiveActor, IWithTimers
{
    private sealed record Entry(ContainerSpec Spec, IActorRef Actor, ContainerExit? LastExit = null);

    private readonly IActorRef _kernel;
    private readonly ContainerSettings _settings;
    private readonly Dictionary<string, Entry> _containers = [];
    private readonly HashSet<string> _heldBack = [];

    /// <summary>Redeliveries per command instance (by reference: the same object comes back as a dead letter).</summary>
    private readonly Dictionary<IContainerCommand, int> _redeliveries = new(ReferenceEqualityComparer.Instance);

    private const int MaxRedeliveries = 5;
    private static readonly TimeSpan RedeliveryDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RedeliveryMemory = TimeSpan.FromSeconds(30);

    private sealed record Redelivery(IContainerCommand Command, IActorRef Sender);

    private long _timerKeys;

    public ITimerScheduler Timers { get; set; } = null!;

    private sealed record RedeliveryExpired(IContainerCommand Command);

    public ContainerSupervisor(IActorRef kernel, ContainerSettings settings)
    {
        _kernel = kernel;
        _settings = settings;
        Receive<CreateContainer>(Create);
        Receive<AdoptContainer>(AdoptExisting);
        Receive<StartContainer>(start =>
        {
            _heldBack.Remove(start.ContainerId);
            Route(start);
        });
        Receive<StopContainer>(HoldBackAndRoute);
        Receive<KillContainer>(HoldBackAndRoute);
        Receive<IContainerCommand>(Route);
        Receive<MayRestart>(may => Sender.Tell(new RestartPermission(!_heldBack.Contains(may.ContainerId))));
        Receive<ContainerForgotten>(forgotten =>
        {
            if (_containers.TryGetValue(forgotten.ContainerId, out var entry) && IsActorOf(entry, forgotten.Actor))
            {
                _containers.Remove(forgotten.ContainerId);
                _heldBack.Remove(forgotten.ContainerId);
            }
        });
        Receive<ContainerDied>(died =>
        {
            if (_containers.TryGetValue(died.ContainerId, out var entry))
                _containers[died.ContainerId] = entry with { LastExit = new ContainerExit(died.ExitCode, died.OomKilled) };
        });
        Receive<Terminated>(Adopt);
        Receive<DeadLetter>(Redeliver);
        Receive<Redelivery>(redelivery =>
        {
            if (_containers.TryGetValue(redelivery.Command.ContainerId, out var entry))
                entry.Actor.Tell(redelivery.Command, redelivery.Sender);
            else
                redelivery.Sender.Tell(new ContainerNotFound(redelivery.Command.ContainerId, redelivery.Command));
        });
        Receive<RedeliveryExpired>(expired => _redeliveries.Remove(expired.Command));
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>
    /// A command that reached a container's actor as it was being replaced (its process died and the policy stops
    /// it) would be lost with that incarnation, and its asker left waiting. It comes back here as a dead letter and
    /// goes again, shortly, to whoever serves the container then: the new incarnation, the policy's backoff
    /// ("restarting"), or nobody (not found). A few times at most, in case it keeps dying.
    /// </summary>
    private void Redeliver(DeadLetter dead)
    {
        if (dead.Message is not IContainerCommand command || !dead.Recipient.Path.ToString().StartsWith(Self.Path + "/", StringComparison.Ordinal))
            return;
        var attempts = _redeliveries.GetValueOrDefault(command);
        if (attempts >= MaxRedeliveries)
        {
            dead.Sender.Tell(new CommandFailed(command.ContainerId, command, $"container {command.ContainerId} kept being replaced while the command was on its way"));
            return;
        }
        _redeliveries[command] = attempts + 1;
        Timers.StartSingleTimer(++_timerKeys, new Redelivery(command, dead.Sender), RedeliveryDelay);
        if (attempts == 0)
            Timers.StartSingleTimer(++_timerKeys, new RedeliveryExpired(command), RedeliveryMemory);
    }

    public static Props Props(IActorRef kernel, ContainerSettings? settings = null) =>
        Akka.Actor.Props.Create(() => new ContainerSupervisor(kernel, settings ?? ContainerSettings.Default));

    /// <summary>
    /// Children wrapped in a BackoffSupervisor get their policy there; direct children are those under <c>no</c> and
    /// are stopped when they fail, whatever the reason, which is what <c>no</c> means.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    private void Create(CreateContainer create)
    {
        var spec = create.Spec;
        if (!ContainerSpec.IsValidId(spec.Id))
            Sender.Tell(new CommandFailed(spec.Id, create, $"invalid container id \"{spec.Id}\": use letters, digits, '_', '.' and '-', starting with a letter or digit"));
        else if (_containers.ContainsKey(spec.Id))
            Sender.Tell(new CommandFailed(spec.Id, create, $"container {spec.Id} already exists"));
        else
            _containers[spec.Id] = new Entry(spec, Spawn(spec, Sender));
    }

    private void AdoptExisting(AdoptContainer adopt)
    {
        var spec = adopt.Spec;
        // A bound counts restarts across daemons: a new daemon has only what the last one left unspent. Restarts in a
        // window are not kept (swarmkit keeps its history in memory too): a new daemon's window starts empty.
        var remaining = spec.RestartPolicy is { MaxRetries: > 0 and var max, Window: null } ? max - adopt.RestartsUsed : (int?)null;
        if (remaining > 0) spec = spec with { RestartPolicy = spec.RestartPolicy with { MaxRetries = remaining } };
        if (!ContainerSpec.IsValidId(spec.Id) || _containers.ContainsKey(spec.Id))
        {
            Sender.Tell(new CommandFailed(spec.Id, adopt, $"container {spec.Id} cannot be adopted: invalid or already known"));
            return;
        }
        // What a daemon start means for each policy; the exit code is the actor's to check (it reads it).
        var mayRestart = spec.RestartPolicy.Kind switch
        {
            RestartPolicyKind.Always => remaining is null or > 0,
            RestartPolicyKind.UnlessStopped => adopt.WasRunning,
            RestartPolicyKind.OnFailure => adopt.WasRunning && remaining is null or > 0,
            _ => false,
        };
        if (!mayRestart) _heldBack.Add(spec.Id);
        _containers[spec.Id] = new Entry(spec, Spawn(spec, creator: null, reportMissedExit: adopt.WasRunning));
        if (!Sender.IsNobody()) Sender.Tell(new ContainerAdopted(spec.Id)); // the daemon's restore tells, without a sender
    }

    private IActorRef Spawn(ContainerSpec spec, IActorRef? creator, ContainerExit? lastExit = null, bool reportMissedExit = false)
    {
        var container = ContainerActor.Props(spec, _kernel, Self, creator, _settings, lastExit, reportMissedExit);
        var actor = Context.ActorOf(spec.RestartPolicy.Kind == RestartPolicyKind.No ? container : PolicyProps(spec, container), spec.Id);
        Context.Watch(actor);
        return actor;
    }

    private Props PolicyProps(ContainerSpec spec, Props container)
    {
        var policy = spec.RestartPolicy;
        // A fixed delay replaces the exponential backoff: min = max, no jitter (Akka wants it above zero).
        var (minBackoff, maxBackoff, randomFactor) = policy.Delay is { } delay
            ? (Max(delay, MinimumDelay), Max(delay, MinimumDelay), 0.0)
            : (_settings.MinBackoff, _settings.MaxBackoff, _settings.RandomFactor);
        // One history per BackoffSupervisor: its strategy is the only user, on that supervisor's turn.
        var attempts = new RestartAttempts(policy);
        var options = Backoff.OnFailure(container, "container", minBackoff, maxBackoff, randomFactor, maxNrOfRetries: -1)
            .WithSupervisorStrategy(new OneForOneStrategy(e => Decide(policy, e, attempts, DateTimeOffset.UtcNow)))
            .WithReplyWhileStopped(new ContainerRestarting(spec.Id));
        options = policy.Kind == RestartPolicyKind.OnFailure ? options.WithManualReset() : options.WithAutoReset(_settings.ResetBackoffAfter);
        return BackoffSupervisor.Props(options);
    }

    private static readonly TimeSpan MinimumDelay = TimeSpan.FromMilliseconds(1);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// The restart policy as a decider: Restart means "after the backoff", Stop means "stay exited". A restart is
    /// an attempt, counted in <paramref name="attempts"/> at <paramref name="now"/>; a bounded policy without one left
    /// gives up.
    /// </summary>
    internal static Directive Decide(RestartPolicy policy, Exception failure, RestartAttempts attempts, DateTimeOffset now)
    {
        var directive = failure switch
        {
            ContainerExitedException exited => policy.RestartsAfter(exited.Exit.ExitCode) ? Directive.Restart : Directive.Stop,
            _ when policy.Kind == RestartPolicyKind.No => Directive.Stop,
            // A restart that failed, or a lost process, is a failure as well: try again after the backoff.
            _ => Directive.Restart,
        };
        return directive == Directive.Restart && attempts.TryTake(now) ? Directive.Restart : Directive.Stop;
    }

    private void HoldBackAndRoute(IContainerCommand command)
    {
        _heldBack.Add(command.ContainerId);
        Route(command);
    }

    private void Route(IContainerCommand command)
    {
        if (_containers.TryGetValue(command.ContainerId, out var entry))
            entry.Actor.Forward(command);
        else
            Sender.Tell(new ContainerNotFound(command.ContainerId, command));
    }

    /// <summary>A container's actor stopped without the container being forgotten: its policy gave up on it.</summary>
    private void Adopt(Terminated terminated)
    {
        var entry = _containers.Values.FirstOrDefault(e => e.Actor.Equals(terminated.ActorRef));
        if (entry is null) return;
        _heldBack.Add(entry.Spec.Id);
        _containers[entry.Spec.Id] = entry with { Actor = Spawn(entry.Spec, creator: null, entry.LastExit) };
    }

    /// <summary>The forgotten actor is the entry's own or, under a policy, its BackoffSupervisor's child.</summary>
    private static bool IsActorOf(Entry entry, IActorRef actor) =>
        actor.Equals(entry.Actor) || actor.Path.Parent.Equals(entry.Actor.Path);
}
