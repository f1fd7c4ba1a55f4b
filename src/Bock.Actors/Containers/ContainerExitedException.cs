using Bock.Actors.Kernel;

namespace Bock.Actors.Containers;

/// <summary>
/// Thrown by a ContainerActor when its process ends without a manual stop: the supervisor's strategy, which is the
/// restart policy, decides what happens next.
/// </summary>
public sealed class ContainerExitedException(string containerId, ContainerExit exit)
    : Exception($"container {containerId} exited with {exit.ExitCode}{(exit.OomKilled ? " (OOM killed)" : "")}")
{
    public string ContainerId { get; } = containerId;
    public ContainerExit Exit { get; } = exit;
}
