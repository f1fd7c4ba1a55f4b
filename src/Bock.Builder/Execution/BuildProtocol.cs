using Bock.Builder.Graph;
namespace Bock.Builder.Execution;

/// <summary>Messages between a build's actors: a StepActor reports to its StageActor, a StageActor to its BuildActor.</summary>
public static class BuildProtocol
{
    public sealed record StepCompleted(StageState State, bool Cached, double Seconds);

    public sealed record StepFailed(Exception Cause);

    /// <param name="Triggers">The base image's ONBUILD triggers, compiled: they run first.</param>
    public sealed record BaseResolved(StageState State, IReadOnlyList<BuildStep>? Triggers = null);

    public sealed record StageCompleted(string Stage, StageState State);

    public sealed record StageFailed(string Stage, Exception Cause);
}
