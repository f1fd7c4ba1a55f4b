namespace Bock.Builder.Execution;

/// <summary>
/// Where a build reports its progress (the API's JSON lines). Called from the build's actors and step tasks, so an
/// implementation must be thread-safe and must not block.
/// </summary>
public interface IBuildObserver
{
    void Step(StepProgress progress);

    void Log(int vertex, string line);
}

/// <summary>A step's state: <see cref="Status"/> is started, cached, done or error.</summary>
public sealed record StepProgress(int Vertex, string Stage, int Index, int Count, string Name, string Status, double? Seconds);
