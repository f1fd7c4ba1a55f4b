namespace Bock.Actors.Kernel;

/// <summary>What the runtime's <c>state</c> command reports. <see cref="Pid"/> is 0 when there is no process.</summary>
public sealed record RuntimeState(string ContainerId, RuntimeStatus Status, int Pid)
{
    public static RuntimeState Absent(string containerId) => new(containerId, RuntimeStatus.Absent, 0);
}
