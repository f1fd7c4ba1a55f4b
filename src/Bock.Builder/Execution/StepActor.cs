using System.Diagnostics;
using Akka.Actor;
using Bock.Builder.Graph;

namespace Bock.Builder.Execution;

/// <summary>
/// Runs one step and reports <see cref="BuildProtocol.StepCompleted"/> to its stage. A failure is thrown, so the
/// stage's supervisor strategy sees it (and stops this actor); stopping it cancels the step's work (a RUN's
/// container is killed and removed).
/// </summary>
internal sealed class StepActor : ReceiveActor
{
    private readonly CancellationTokenSource _cancel;

    private sealed record Finished(StageState State, bool Cached, double Seconds);

    public StepActor(StepExecutor executor, StageState state, BuildStep step, int vertex, CancellationToken buildCancelled)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(buildCancelled);
        var watch = Stopwatch.StartNew();
        var work = executor.ExecuteAsync(state, step, vertex, _cancel.Token);
        executor.Environment.Track(work);
        work.ContinueWith(t => t.IsCompletedSuccessfully
                    ? (object)new Finished(t.Result.State, t.Result.Cached, watch.Elapsed.TotalSeconds)
                    : new Status.Failure(t.Exception?.GetBaseException() ?? new OperationCanceledException("the step was cancelled")),
                TaskScheduler.Default)
            .PipeTo(Self);
        Receive<Finished>(f => Context.Parent.Tell(new BuildProtocol.StepCompleted(f.State, f.Cached, f.Seconds)));
        Receive<Status.Failure>(f => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(f.Cause));
    }

    public static Props Props(StepExecutor executor, StageState state, BuildStep step, int vertex, CancellationToken buildCancelled) =>
        Akka.Actor.Props.Create(() => new StepActor(executor, state, step, vertex, buildCancelled));

    protected override void PostStop()
    {
        _cancel.Cancel();
        _cancel.Dispose();
    }
}
