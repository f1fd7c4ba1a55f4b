namespace Bock.Actors.Kernel;

/// <summary>The operations of <see cref="IContainerRuntime"/>, for naming a call in a fake's script.</summary>
public enum RuntimeOperation
{
    Create,
    Start,
    Kill,
    Pause,
    Resume,
    Delete,
    State,
    WaitForExit,
    Exec,
}
