using Akka.Actor;

namespace Bock.Actors.Containers;

/// <summary>
/// Messages of the ContainerSupervisor and its ContainerActors. Commands are imperative, events (and the replies
/// that report them) past tense, queries GetX → X. A command the current status does not allow is answered with
/// <see cref="CommandRejected"/>; one the runtime fails with <see cref="CommandFailed"/>.
/// </summary>
public static class ContainerProtocol
{
    /// <summary>A message about one container: the supervisor forwards it to that container's actor.</summary>
    public interface IContainerCommand
    {
        string ContainerId { get; }
    }

    // Commands.

    /// <summary>Replied with <see cref="ContainerCreated"/>.</summary>
    public sealed record CreateContainer(ContainerSpec Spec) : IContainerCommand
    {
        public string ContainerId => Spec.Id;
    }

    /// <summary>
    /// A container that exists in the runtime but has no actor, as found when the daemon starts again: an actor adopts
    /// it (running, paused, created or exited) without creating it. One that died while nobody watched has its exit
    /// reported (a die event) and its policy applied as at a daemon start: <c>always</c> restarts it,
    /// <c>unless-stopped</c> and <c>on-failure</c> restart it if it was running (<see cref="WasRunning"/>, the last
    /// state recorded) and the exit calls for it, <c>no</c> leaves it exited. Replied with <see cref="ContainerAdopted"/>.
    /// </summary>
    public sealed record AdoptContainer(ContainerSpec Spec, bool WasRunning) : IContainerCommand
    {
        /// <summary>Restarts the policy already spent on this run (bock.db keeps them): on-failure:N allows N in all, across daemons.</summary>
        public int RestartsUsed { get; init; }

        public string ContainerId => Spec.Id;
    }

    /// <summary>Replied with <see cref="ContainerStarted"/>. A manual start also re-arms the restart policy.</summary>
    public sealed record StartContainer(string ContainerId) : IContainerCommand;

    /// <summary>SIGTERM, then SIGKILL after <see cref="Timeout"/>; replied with <see cref="ContainerStopped"/>. Never undone by the restart policy.</summary>
    public sealed record StopContainer(string ContainerId, TimeSpan? Timeout = null) : IContainerCommand;

    /// <summary>Replied with <see cref="ContainerKilled"/>. Like docker kill, it counts as a manual stop.</summary>
    public sealed record KillContainer(string ContainerId, int Signal = 9) : IContainerCommand;

    public sealed record PauseContainer(string ContainerId) : IContainerCommand;

    public sealed record UnpauseContainer(string ContainerId) : IContainerCommand;

    /// <summary>Removes a created or exited container; replied with <see cref="ContainerRemoved"/>.</summary>
    public sealed record RemoveContainer(string ContainerId) : IContainerCommand;

    /// <summary>docker wait: replied with <see cref="ContainerDied"/> when the process ends (at once if it has).</summary>
    public sealed record WaitContainer(string ContainerId) : IContainerCommand;

    /// <summary>Replied with <see cref="ContainerStateSnapshot"/>.</summary>
    public sealed record GetContainerState(string ContainerId) : IContainerCommand;

    // Events and replies.

    public sealed record ContainerCreated(string ContainerId);

    public sealed record ContainerAdopted(string ContainerId);

    public sealed record ContainerStarted(string ContainerId);

    public sealed record ContainerStopped(string ContainerId, int ExitCode);

    public sealed record ContainerKilled(string ContainerId, int Signal);

    public sealed record ContainerPaused(string ContainerId);

    public sealed record ContainerUnpaused(string ContainerId);

    public sealed record ContainerRemoved(string ContainerId);

    public sealed record ContainerDied(string ContainerId, int ExitCode, bool OomKilled);

    /// <summary><see cref="ExitCode"/> is the last exit's, null before the first (or when it happened while no actor watched).</summary>
    public sealed record ContainerStateSnapshot(string ContainerId, ContainerStatus Status, RestartPolicy RestartPolicy, int Pid, int? ExitCode, bool OomKilled)
    {
        /// <summary>Null when the container has no health check (or it has not run yet).</summary>
        public HealthReport? Health { get; init; }
    }

    public sealed record CommandRejected(string ContainerId, IContainerCommand Command, ContainerStatus Status, string Reason);

    public sealed record CommandFailed(string ContainerId, IContainerCommand Command, string Reason);

    public sealed record ContainerNotFound(string ContainerId, IContainerCommand Command);

    /// <summary>The answer to any command while the restart policy waits out its backoff (there is no actor to ask).</summary>
    public sealed record ContainerRestarting(string ContainerId);

    // Between a ContainerActor and its supervisor.

    internal sealed record Initialize
    {
        public static readonly Initialize Instance = new();
    }

    internal sealed record MayRestart(string ContainerId);

    internal sealed record RestartPermission(bool Allowed);

    /// <summary>The container is gone (removed, or its creation failed): its actor stops and must not be brought back.</summary>
    internal sealed record ContainerForgotten(string ContainerId, IActorRef Actor);

    internal sealed record StopTimedOut(int Run);
}
