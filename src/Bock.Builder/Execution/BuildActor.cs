using Akka.Actor;
using Bock.Builder.Graph;

namespace Bock.Builder.Execution;

/// <summary>
/// One build: a <see cref="StageActor"/> for each stage the target needs, started as soon as the stages it reads are
/// done (independent stages run in parallel). The target stage's result completes the build; the first failure
/// cancels the build's token and stops every stage still running.
/// </summary>
internal sealed class BuildActor : ReceiveActor
{
    private readonly BuildEnvironment _environment;
    private readonly TaskCompletionSource<StageState> _completion;
    private readonly CancellationTokenSource _cancel;
    private readonly BuildGraph _graph;
    private readonly List<BuildStage> _pending;
    private readonly HashSet<string> _needed;
    private readonly Dictionary<string, StageState> _completed = new(StringComparer.Ordinal);
    private IActorRef _self = ActorRefs.Nobody;

    public BuildActor(BuildEnvironment environment, TaskCompletionSource<StageState> completion, CancellationTokenSource cancel)
    {
        _environment = environment;
        _completion = completion;
        _cancel = cancel;
        _graph = environment.Request.Graph;
        _pending = [.. _graph.Needed(_graph.Target)];
        _needed = _pending.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        Receive<BuildProtocol.StageCompleted>(c =>
        {
            _completed[c.Stage] = c.State;
            if (c.Stage == _graph.Target)
            {
                _completion.TrySetResult(c.State);
                Context.Stop(Self);
                return;
            }
            StartReady();
        });
        Receive<BuildProtocol.StageFailed>(f => Fail(f.Cause));
    }

    public static Props Props(BuildEnvironment environment, TaskCompletionSource<StageState> completion, CancellationTokenSource cancel) =>
        Akka.Actor.Props.Create(() => new BuildActor(environment, completion, cancel));

    protected override void PreStart()
    {
        _self = Self;
        StartReady();
    }

    protected override void PostStop() => _completion.TrySetException(new BuildFailedException(null, "the build was stopped"));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(cause =>
    {
        _self.Tell(new BuildProtocol.StageFailed("?", cause));
        return Directive.Stop;
    });

    private void StartReady()
    {
        foreach (var stage in _pending.ToList())
        {
            if (stage.Dependencies.Where(_needed.Contains).Any(d => !_completed.ContainsKey(d))) continue;
            _pending.Remove(stage);
            Context.ActorOf(StageActor.Props(_environment, stage, new Dictionary<string, StageState>(_completed, StringComparer.Ordinal), _cancel.Token),
                "stage-" + stage.Index);
        }
    }

    private void Fail(Exception cause)
    {
        // Cancel first: the stopped stages' steps see it and take their containers down.
        _cancel.Cancel();
        _completion.TrySetException(cause);
        Context.Stop(Self);
    }
}
