namespace Bock.Builder.Execution;

/// <summary>Messages between a build's actors: a StepActor reports to its StageActor, a StageActor to its BuildActor.</summary>
public static class BuildProtocol
{
    public sealed record StepCompleted(StageState State, bool Cached, double Seconds);

    public sealed record StepFailed(Exception Cause);

    public sealed record BaseResolved(StageState State);

    public sealed record StageCompleted(string Stage, StageState State);

    public sealed record StageFailed(string Stage, Exception Cause);
}
