using Akka.Actor;
using Akka.Event;
using Bock.Api.Dtos;
using static Bockrose.Stacks.StackProtocol;

namespace Bockrose.Stacks;

/// <summary>
/// Every stack of the daemon: a <see cref="StackActor"/> per project, the desired states in bock.db, the container
/// events routed by their project label. Told <see cref="Reconcile"/>, it loads the stored stacks again and brings each one up
/// (adopting its running containers by their labels, recreating missing ones, in dependency order): the reconcile
/// after a bockd restart.
/// </summary>
public sealed class StackDirectory : ReceiveActor
{
    private readonly IStackRuntime _runtime;
    private readonly IStackStore _store;
    private readonly Func<StoredStack, StackDefinition> _load;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _stacks = new(StringComparer.Ordinal);

    /// <summary>From a stack actor: its desired state changed.</summary>
    public sealed record Persist(StoredStack Stack);

    /// <summary>From a stack actor: it is down, and stops.</summary>
    public sealed record Forget(string Name)
    {
        /// <summary>The down's answer, given once the stack is out of the store (so a client never sees it after).</summary>
        public (object Reply, IActorRef ReplyTo)? Answer { get; init; }
    }

    /// <summary>
    /// Load the stored stacks and bring each up again. bockd sends it once it serves (the containers' actors have
    /// adopted their shims, the networks are restored by then).
    /// </summary>
    public sealed record Reconcile
    {
        public static readonly Reconcile Instance = new();
    }

    public StackDirectory(IStackRuntime runtime, IStackStore store, Func<StoredStack, StackDefinition> load)
    {
        _runtime = runtime;
        _store = store;
        _load = load;
        Receive<Up>(up => Stack(up.Definition.Name).Forward(up));
        Receive<Run>(run => Stack(run.Definition.Name).Forward(run));
        // down also works for a stack known only by its labels (its desired state lost): the actor sweeps them.
        Receive<Down>(down => Stack(down.Project).Forward(down));
        Receive<StackProtocol.Act>(act => Known(act.Project)?.Forward(act));
        Receive<Scale>(scale => Known(scale.Project)?.Forward(scale));
        Receive<GetStack>(get => Known(get.Project)?.Forward(get));
        Receive<ListStacks>(_ => ListAsync().PipeTo(Sender));
        Receive<StackContainerEvent>(e =>
        {
            if (_stacks.TryGetValue(e.Project, out var stack)) stack.Forward(e);
        });
        Receive<Persist>(p => _store.Save(p.Stack));
        Receive<Forget>(f =>
        {
            _store.Delete(f.Name);
            if (_stacks.TryGetValue(f.Name, out var stack) && stack.Equals(Sender)) _stacks.Remove(f.Name);
            if (f.Answer is var (reply, replyTo)) replyTo.Tell(reply);
        });
        Receive<Reconcile>(_ => ReconcileStored());
        Receive<Terminated>(t =>
        {
            foreach (var (name, stack) in _stacks.Where(kv => kv.Value.Equals(t.ActorRef)).ToList()) _stacks.Remove(name);
        });
    }

    public static Props Props(IStackRuntime runtime, IStackStore store, Func<StoredStack, StackDefinition> load) =>
        Akka.Actor.Props.Create(() => new StackDirectory(runtime, store, load));

    private void ReconcileStored()
    {
        foreach (var stored in _store.LoadAll())
        {
            StackDefinition definition;
            try
            {
                definition = _load(stored);
            }
            catch (Exception e)
            {
                // The files moved or broke while bockd was down: the containers stay as they are, unmanaged, until up again.
                _log.Warning("stack {0} could not be loaded again: {1}", stored.Name, e.Message);
                continue;
            }
            _log.Info("reconciling stack {0}", stored.Name);
            Stack(stored.Name).Tell(new Up(definition, new StackUpRequest { Project = stored.Request, Pull = "never" }, NoProgress, Reconcile: true));
        }
    }

    private IActorRef Stack(string name)
    {
        if (_stacks.TryGetValue(name, out var stack)) return stack;
        stack = Context.ActorOf(StackActor.Props(name, _runtime), Uri.EscapeDataString(name) + "-" + Guid.NewGuid().ToString("N")[..8]);
        Context.Watch(stack);
        _stacks[name] = stack;
        return stack;
    }

    private IActorRef? Known(string name)
    {
        if (_stacks.TryGetValue(name, out var stack)) return stack;
        Sender.Tell(new OperationDone($"no such stack: {name}", NotFound: true));
        return null;
    }

    private async Task<IReadOnlyList<StackSummary>> ListAsync()
    {
        var stacks = _stacks.ToList();
        var details = await Task.WhenAll(stacks.Select(async kv =>
        {
            try
            {
                return await kv.Value.Ask<object>(new GetStack(kv.Key), TimeSpan.FromSeconds(10)) as StackDetail;
            }
            catch (Exception)
            {
                return null;
            }
        }));
        return [.. details.OfType<StackDetail>().OrderBy(d => d.Name, StringComparer.Ordinal).Select(Summary)];
    }

    /// <summary>Like docker compose ls: "running(3)", "exited(1), running(2)".</summary>
    private static StackSummary Summary(StackDetail detail)
    {
        var running = detail.Services.Sum(s => s.Running);
        var others = detail.Services.Sum(s => s.ContainerIds.Count) - running;
        var parts = new List<string>();
        if (others > 0) parts.Add($"exited({others})");
        if (running > 0) parts.Add($"running({running})");
        return new StackSummary { Name = detail.Name, Status = parts.Count > 0 ? string.Join(", ", parts) : "created(0)", ConfigFiles = detail.ConfigFiles };
    }
}
