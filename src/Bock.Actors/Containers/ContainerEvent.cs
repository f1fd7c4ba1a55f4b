namespace Bock.Actors.Containers;

/// <summary>
/// What goes to the event stream: one record per Docker event (<see cref="ContainerAction"/>). <see cref="ExitCode"/>
/// is set for die and stop, <see cref="Signal"/> for kill.
/// </summary>
public sealed record ContainerEvent(string ContainerId, string Action)
{
    public DateTimeOffset Time { get; init; } = DateTimeOffset.UtcNow;
    public int? ExitCode { get; init; }
    public int? Signal { get; init; }
}
