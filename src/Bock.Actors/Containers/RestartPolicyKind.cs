namespace Bock.Actors.Containers;

public enum RestartPolicyKind
{
    No,
    OnFailure,
    Always,
    UnlessStopped,
}
