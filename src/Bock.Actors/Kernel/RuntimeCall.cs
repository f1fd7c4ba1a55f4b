namespace Bock.Actors.Kernel;

/// <summary>
/// One call a <see cref="RecordingContainerRuntime"/> received, with its typed arguments, when (since the fake was
/// made) and on which managed thread it ran.
/// </summary>
public abstract record RuntimeCall(string ContainerId, RuntimeOperation Operation)
{
    public TimeSpan At { get; init; }
    public int ThreadId { get; init; }

    public sealed record Create(string ContainerId, string BundlePath) : RuntimeCall(ContainerId, RuntimeOperation.Create);

    public sealed record Start(string ContainerId) : RuntimeCall(ContainerId, RuntimeOperation.Start);

    public sealed record Kill(string ContainerId, int Signal) : RuntimeCall(ContainerId, RuntimeOperation.Kill);

    public sealed record Pause(string ContainerId) : RuntimeCall(ContainerId, RuntimeOperation.Pause);

    public sealed record Resume(string ContainerId) : RuntimeCall(ContainerId, RuntimeOperation.Resume);

    public sealed record Delete(string ContainerId, bool Force) : RuntimeCall(ContainerId, RuntimeOperation.Delete);

    public sealed record State(string ContainerId) : RuntimeCall(ContainerId, RuntimeOperation.State);

    public sealed record WaitForExit(string ContainerId) : RuntimeCall(ContainerId, RuntimeOperation.WaitForExit);

    public sealed record Exec(string ContainerId, ExecRequest Request) : RuntimeCall(ContainerId, RuntimeOperation.Exec);
}
