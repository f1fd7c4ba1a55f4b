namespace Bock.Actors.Containers;

/// <summary>A restart the policy asked for could not be carried out; the policy decides again, after its backoff.</summary>
public sealed class ContainerRestartFailedException(string containerId, string reason)
    : Exception($"cannot restart container {containerId}: {reason}")
{
    public string ContainerId { get; } = containerId;
}
