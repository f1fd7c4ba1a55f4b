using System.Collections.Concurrent;
using Bock.Builder.Execution;
using Bock.Images.Store;

namespace Bock.Builder.Tests.Execution;

/// <summary>
/// The daemon's side of a build, faked: RUN "containers" are a function that writes into the upper dir and returns
/// an exit code (or waits for cancellation), no image can be pulled, and progress is recorded.
/// </summary>
internal sealed class FakeBuildHost : IRunContainers, IBuildImages, IBuildObserver
{
    public Func<RunContainerSpec, CancellationToken, Task<int>> Run { get; set; } = (_, _) => Task.FromResult(0);
    public ConcurrentQueue<RunContainerSpec> Runs { get; } = new();
    public ConcurrentQueue<StepProgress> Steps { get; } = new();
    public ConcurrentQueue<string> Logs { get; } = new();

    public async Task<int> RunAsync(RunContainerSpec spec, Action<string> output, CancellationToken cancellationToken)
    {
        Runs.Enqueue(spec);
        output("running " + string.Join(' ', spec.Args));
        return await Run(spec, cancellationToken);
    }

    public Task<Image> ResolveAsync(string reference, bool pull, Action<string> log, CancellationToken cancellationToken) =>
        throw new ImageNotFoundException(reference);

    public void Step(StepProgress progress) => Steps.Enqueue(progress);

    public void Log(int vertex, string line) => Logs.Enqueue(line);
}
