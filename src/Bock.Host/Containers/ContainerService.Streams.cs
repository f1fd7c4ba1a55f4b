using Bock.Actors.Kernel;
using Bock.Host.Api;
using static Bock.Actors.Containers.ContainerProtocol;

namespace Bock.Host.Containers;

/// <summary>Pause and unpause (through the container's actor), and where a container's shim and log are.</summary>
public sealed partial class ContainerService
{
    public Task<IResult> PauseAsync(string idOrName, CancellationToken ct) => WithContainerAsync(idOrName, async c =>
        await AskSupervisorAsync(new PauseContainer(c.Id), ct) switch
        {
            ContainerPaused => TypedResults.NoContent(),
            CommandRejected { Status: Bock.Actors.Containers.ContainerStatus.Paused } => ApiResults.Conflict($"Container {c.Id} is already paused"),
            CommandRejected => ApiResults.Conflict($"Container {c.Id} is not running"),
            var other => Failure(idOrName, other),
        }, ct);

    public Task<IResult> UnpauseAsync(string idOrName, CancellationToken ct) => WithContainerAsync(idOrName, async c =>
        await AskSupervisorAsync(new UnpauseContainer(c.Id), ct) switch
        {
            ContainerUnpaused => TypedResults.NoContent(),
            CommandRejected => ApiResults.Conflict($"Container {c.Id} is not paused"),
            var other => Failure(idOrName, other),
        }, ct);

    /// <summary>The container's shim files (socket, exit file) under <c>&lt;run-root&gt;/shims</c>.</summary>
    public ShimPaths ShimPathsOf(ContainerRecord c) => new(DaemonHost.ShimsDirectory(options), c.Id);

    /// <summary>Whether the container has a terminal (<c>-t</c>), from its bundle; false when the bundle cannot be read.</summary>
    public static bool HasTerminal(ContainerRecord c) => IoFlagsOf(c).Tty;

    /// <summary>The container's stdio flags from its bundle; none when the bundle cannot be read.</summary>
    public static ContainerIoFlags IoFlagsOf(ContainerRecord c)
    {
        try
        {
            return ShimContainerRuntime.ReadIoFlags(c.BundlePath);
        }
        catch (ContainerRuntimeException)
        {
            return new ContainerIoFlags(false, false, false);
        }
    }
}
