using Akka.Actor;
using Bock.Builder.Graph;
using Bock.Images.Oci;

namespace Bock.Builder.Execution;

/// <summary>
/// Builds one stage: resolves its base (scratch, an earlier stage's result, or an image), then runs its steps one
/// after the other, each in a supervised <see cref="StepActor"/>. A failed step fails the stage: the failure goes to
/// the <see cref="BuildActor"/>, which stops the other stages.
/// </summary>
internal sealed class StageActor : ReceiveActor
{
    private readonly BuildEnvironment _environment;
    private readonly BuildStage _stage;
    private readonly StepExecutor _executor;
    private readonly CancellationToken _cancelled;
    private readonly int _offset;
    private IActorRef _self = ActorRefs.Nobody;
    private StageState _state = null!;
    private List<BuildStep> _steps;
    private int _next;
    private int _vertex;

    public StageActor(BuildEnvironment environment, BuildStage stage, IReadOnlyDictionary<string, StageState> completed, CancellationToken cancelled)
    {
        _environment = environment;
        _stage = stage;
        _steps = [.. stage.Steps];
        _cancelled = cancelled;
        _executor = new StepExecutor(environment, completed);
        // BuildKit counts FROM an image as the stage's first step; scratch and another stage are no step.
        _offset = stage.Base is StageBase.Image ? 1 : 0;
        Receive<BuildProtocol.BaseResolved>(b =>
        {
            _state = b.State;
            if (b.Triggers is { Count: > 0 } triggers) _steps = [.. triggers, .. _steps];
            NextStep();
        });
        Receive<BuildProtocol.StepCompleted>(c =>
        {
            Report(_steps[_next], _next + 1, c.Cached ? "cached" : "done", c.Seconds);
            _state = c.State;
            _next++;
            NextStep();
        });
        Receive<BuildProtocol.StepFailed>(f =>
        {
            if (_next < _steps.Count) Report(_steps[_next], _next + 1, "error", null);
            Fail(f.Cause);
        });
        Receive<Status.Failure>(f => Fail(f.Cause));
        if (stage.Base is StageBase.Stage parent) _state = completed[parent.Name];
    }

    public static Props Props(BuildEnvironment environment, BuildStage stage, IReadOnlyDictionary<string, StageState> completed, CancellationToken cancelled) =>
        Akka.Actor.Props.Create(() => new StageActor(environment, stage, completed, cancelled));

    private int Count => _steps.Count + _offset;

    protected override void PreStart()
    {
        _self = Self;
        switch (_stage.Base)
        {
            case StageBase.Scratch:
                _self.Tell(new BuildProtocol.BaseResolved(new StageState([], new ContainerConfig(), [], BaseKey(BuildCache.Key("scratch")))));
                break;
            case StageBase.Stage:
                _self.Tell(new BuildProtocol.BaseResolved(_state));
                break;
            case StageBase.Image image:
                ResolveImage(image.Reference).PipeTo(_self, failure: e => new Status.Failure(e));
                break;
        }
    }

    /// <summary>
    /// The key a stage's steps chain from: owner normalisation and SOURCE_DATE_EPOCH change every layer's bytes, so
    /// the key says so (a FROM another stage inherits that stage's key, which already does). Without them, keys stay
    /// as they were.
    /// </summary>
    private string BaseKey(string key) => BuildCache.LayerVariant(_environment.Request) is { Length: > 0 } variant ? BuildCache.Key(key, variant) : key;

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(cause =>
    {
        _self.Tell(new BuildProtocol.StepFailed(cause));
        return Directive.Stop;
    });

    private async Task<BuildProtocol.BaseResolved> ResolveImage(string reference)
    {
        var vertex = _environment.NextVertex();
        var name = "FROM " + reference;
        _environment.Observer.Step(new StepProgress(vertex, _stage.Name, 1, Count, name, "started", null));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var image = await _environment.Images.ResolveAsync(reference, _environment.Request.Pull, line => _environment.Observer.Log(vertex, line), _cancelled);
            var diffIds = image.Config.RootFs.DiffIds;
            var chains = image.ChainIds;
            var layers = image.Manifest.Layers.Select((blob, i) => new LayerRef(diffIds[i], blob, chains[i])).ToList();
            // A base without a history entry per layer (an import, say) gets one each, so the new image's history adds up.
            var history = image.Config.History ?? [];
            if (history.Count(h => !h.EmptyLayer) != layers.Count)
                history = [.. layers.Select(_ => new HistoryEntry { Created = image.Config.Created, CreatedBy = "FROM " + reference })];
            // The base's ONBUILD triggers run here, first; the new image does not inherit them.
            var config = image.Config.Config ?? new ContainerConfig();
            var triggers = OnbuildTriggers.Compile(config.OnBuild ?? [], reference, _stage.Location);
            var state = new StageState(layers, config with { OnBuild = null }, history, BaseKey(BuildCache.Key("image", image.ConfigDigest)));
            _environment.Observer.Step(new StepProgress(vertex, _stage.Name, 1, Count, name, "done", watch.Elapsed.TotalSeconds));
            return new BuildProtocol.BaseResolved(state, triggers);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _environment.Observer.Step(new StepProgress(vertex, _stage.Name, 1, Count, name, "error", watch.Elapsed.TotalSeconds));
            if (e is BuildFailedException) throw;
            throw new BuildFailedException(_stage.Location, $"FROM {reference}: {e.Message}");
        }
    }

    private void NextStep()
    {
        if (_next >= _steps.Count)
        {
            Context.Parent.Tell(new BuildProtocol.StageCompleted(_stage.Name, _state));
            Context.Stop(Self);
            return;
        }
        var step = _steps[_next];
        _vertex = _environment.NextVertex();
        Report(step, _next + 1, "started", null);
        Context.ActorOf(StepActor.Props(_executor, _state, step, _vertex, _cancelled), "step-" + (_next + 1));
    }

    private void Report(BuildStep step, int index, string status, double? seconds) =>
        _environment.Observer.Step(new StepProgress(_vertex, _stage.Name, index + _offset, Count, StepText.Of(step), status, seconds));

    private void Fail(Exception cause)
    {
        Context.Parent.Tell(new BuildProtocol.StageFailed(_stage.Name, cause));
        Context.Stop(Self);
    }
}
