namespace Bock.Actors.Kernel;

/// <summary>The OCI runtime statuses (runc's, with paused), plus <see cref="Absent"/> for a container the runtime does not know.</summary>
public enum RuntimeStatus
{
    Absent,
    Creating,
    Created,
    Running,
    Paused,
    Stopped,
}
