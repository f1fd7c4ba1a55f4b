namespace Bock.Actors.Kernel;

/// <summary>
/// The container runtime as the kernel pool sees it, shaped after bock-oci's commands. Every call but
/// <see cref="WaitForExitAsync"/> and <see cref="ExecAsync"/> blocks and may be privileged: only a <see cref="KernelActor"/> makes them, on its
/// pinned thread. A failure throws <see cref="ContainerRuntimeException"/>.
/// </summary>
public interface IContainerRuntime
{
    void Create(string containerId, string bundlePath);

    void Start(string containerId);

    void Kill(string containerId, int signal);

    void Pause(string containerId);

    void Resume(string containerId);

    void Delete(string containerId, bool force);

    /// <summary>The container's state; <see cref="RuntimeStatus.Absent"/> when the runtime does not know it.</summary>
    RuntimeState State(string containerId);

    /// <summary>Completes when the container's init exits. Must not block the caller: the wait runs elsewhere.</summary>
    Task<ContainerExit> WaitForExitAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a process in the running container and completes when it ends (or is killed at its timeout). Must not
    /// block the caller, as <see cref="WaitForExitAsync"/>. A process that cannot be started throws
    /// <see cref="ContainerRuntimeException"/>.
    /// </summary>
    Task<ExecResult> ExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken);
}
