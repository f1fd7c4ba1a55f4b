using Akka.Actor;
using Bock.Actors.Containers;
using static Bock.Host.Containers.ContainerDirectoryProtocol;

namespace Bock.Host.Containers;

/// <summary>
/// The Docker-facing view of the containers: names, configuration and status, kept up to date from the
/// <see cref="ContainerEvent"/>s. Listing and inspecting read it instead of asking every ContainerActor, some of which
/// may be between incarnations. A ContainerActor publishes an event before it replies to a command, so a client that
/// asks here after a command returned sees that command's effect.
/// </summary>
public sealed class ContainerDirectory : ReceiveActor
{
    private readonly Dictionary<string, ContainerRecord> _containers = [];
    /// <summary>Docker keeps this many past events for <c>--since</c>.</summary>
    public const int RememberedEvents = 256;

    private readonly HashSet<IActorRef> _subscribers = [];
    private readonly Queue<ContainerEventSeen> _recent = new();
    private readonly ContainerStore? _store;

    /// <summary>
    /// Restarts by time, for the policies that count them within a window: as the supervisor's decider does, each at
    /// the death it followed. Memory only, as the supervisor's are.
    /// </summary>
    private readonly Dictionary<string, RestartAttempts> _windowedRestarts = [];

    /// <param name="store">Where every change is written (bock.db); null keeps the records in memory only.</param>
    /// <param name="restored">The records a previous daemon left in the store.</param>
    public ContainerDirectory(ContainerStore? store = null, IReadOnlyList<ContainerRecord>? restored = null)
    {
        _store = store;
        foreach (var record in restored ?? [])
            _containers[record.Id] = record;
        Receive<ReserveName>(reserve =>
        {
            var record = reserve.Record;
            if (_containers.Values.FirstOrDefault(c => c.Name == record.Name) is { } existing)
            {
                Sender.Tell(new NameInUse(record.Name, existing.Id));
                return;
            }
            foreach (var port in record.Ports)
                if (_containers.Values.SelectMany(c => c.Ports.Select(p => (Container: c, Port: p))).FirstOrDefault(h => h.Port.Clashes(port)) is { Container: not null } holder)
                {
                    Sender.Tell(new PortInUse($"Bind for {(port.HostIp.Length == 0 ? "0.0.0.0" : port.HostIp)}:{port.HostPort} failed: port is already allocated (by container {holder.Container.Name})"));
                    return;
                }
            _containers[record.Id] = record;
            _store?.Save(record);
            Sender.Tell(new NameReserved(record.Id));
        });
        Receive<ReleaseName>(release =>
        {
            _containers.Remove(release.Id);
            _store?.Delete(release.Id);
        });
        Receive<ResolveContainer>(resolve => Sender.Tell(Resolve(resolve.IdOrName) is { } record ? record : new NoSuchContainer(resolve.IdOrName)));
        Receive<ListContainers>(_ => Sender.Tell(new ContainerList([.. _containers.Values.OrderByDescending(c => c.Created)])));
        Receive<ResetRestartCount>(reset =>
        {
            _windowedRestarts.Remove(reset.Id);
            Update(reset.Id, c => c with { RestartCount = 0 });
        });
        Receive<SetEndpoints>(set =>
        {
            Update(set.Id, c => c with { Endpoints = set.Endpoints });
            Sender.Tell(new EndpointsSet(set.Id));
        });
        Receive<Subscribe>(subscribe =>
        {
            _subscribers.Add(subscribe.Subscriber);
            Context.Watch(subscribe.Subscriber);
            Sender.Tell(subscribe.ReplaySince is { } since ? new Subscribed([.. _recent.Where(r => r.Event.Time >= since)]) : Subscribed.Instance);
        });
        Receive<Terminated>(terminated => _subscribers.Remove(terminated.ActorRef));
        Receive<ContainerEvent>(OnEvent);
    }

    public static Props Props(ContainerStore? store = null, IReadOnlyList<ContainerRecord>? restored = null) =>
        Akka.Actor.Props.Create(() => new ContainerDirectory(store, restored));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ContainerEvent));

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _store?.Dispose();
    }

    private ContainerRecord? Resolve(string idOrName)
    {
        if (_containers.TryGetValue(idOrName, out var byId)) return byId;
        var name = idOrName.TrimStart('/');
        if (_containers.Values.FirstOrDefault(c => c.Name == name) is { } byName) return byName;
        var byPrefix = idOrName.Length > 0 ? _containers.Values.Where(c => c.Id.StartsWith(idOrName, StringComparison.Ordinal)).Take(2).ToList() : [];
        return byPrefix.Count == 1 ? byPrefix[0] : null;
    }

    private void OnEvent(ContainerEvent e)
    {
        _containers.TryGetValue(e.ContainerId, out var before);
        var after = before is null ? null : Apply(before, e);
        if (after is not null)
        {
            if (e.Action == ContainerAction.Destroy)
            {
                _containers.Remove(e.ContainerId);
                _windowedRestarts.Remove(e.ContainerId);
                _store?.Delete(e.ContainerId);
            }
            else
            {
                _containers[e.ContainerId] = after;
                if (after != before) _store?.Save(after);
            }
        }
        var seen = new ContainerEventSeen(e, after ?? before);
        _recent.Enqueue(seen);
        if (_recent.Count > RememberedEvents) _recent.Dequeue();
        foreach (var subscriber in _subscribers)
            subscriber.Tell(seen);
    }

    /// <summary>Docker's status as the events tell it. After a death the policy decides: restarting, or exited for good.</summary>
    private ContainerRecord Apply(ContainerRecord c, ContainerEvent e) => e.Action switch
    {
        ContainerAction.Start => c with { State = "running", StartedAt = e.Time, OomKilled = false, Health = c.HealthCheck?.Command is null ? null : HealthStatus.Starting },
        ContainerAction.Oom => c with { OomKilled = true },
        ContainerAction.Restart => Restarted(c) with { State = "restarting", RestartCount = c.RestartCount + 1 },
        ContainerAction.Pause => c with { State = "paused" },
        ContainerAction.Unpause => c with { State = "running" },
        ContainerAction.Die => c with
        {
            State = WillRestart(c, e.ExitCode ?? 0, e.Time) ? "restarting" : "exited",
            FinishedAt = e.Time,
            ExitCode = e.ExitCode ?? 0,
        },
        // A manual stop or kill is never undone by the policy.
        ContainerAction.Stop => c with { State = "exited" },
        ContainerAction.Destroy => c with { State = "removing" },
        _ when e.Action.StartsWith(ContainerAction.HealthStatus + ": ", StringComparison.Ordinal) =>
            c with { Health = e.Action[(ContainerAction.HealthStatus.Length + 2)..] },
        _ => c,
    };

    private bool WillRestart(ContainerRecord c, int exitCode, DateTimeOffset diedAt) =>
        c.RestartPolicy.RestartsAfter(exitCode) && (c.RestartPolicy.Window is null
            ? !(c.RestartPolicy.MaxRetries is { } max and > 0 && c.RestartCount >= max)
            : WindowedRestarts(c).CanTake(diedAt));

    /// <summary>A restart under a window counts at the death it follows (a manual stop's death is not one).</summary>
    private ContainerRecord Restarted(ContainerRecord c)
    {
        if (c.RestartPolicy.Window is not null)
            WindowedRestarts(c).Take(c.FinishedAt ?? DateTimeOffset.UtcNow);
        return c;
    }

    private RestartAttempts WindowedRestarts(ContainerRecord c) =>
        _windowedRestarts.TryGetValue(c.Id, out var attempts) ? attempts : _windowedRestarts[c.Id] = new RestartAttempts(c.RestartPolicy);

    private void Update(string id, Func<ContainerRecord, ContainerRecord> change)
    {
        if (!_containers.TryGetValue(id, out var record)) return;
        _containers[id] = change(record);
        _store?.Save(_containers[id]);
    }
}
