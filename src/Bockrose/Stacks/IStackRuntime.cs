using Bock.Api.Dtos;
using Bockrose.Compose.Model;

namespace Bockrose.Stacks;

/// <summary>
/// What the stack actors need of the daemon: networks, volumes, images and containers, named as compose names them.
/// bockd implements it over its services; unit tests use a fake. Failures throw <see cref="StackRuntimeException"/>
/// with the daemon's reason.
/// </summary>
public interface IStackRuntime
{
    Task EnsureNetworkAsync(string name, IReadOnlyDictionary<string, string> labels, bool isInternal, CancellationToken ct);

    Task RemoveNetworkAsync(string name, CancellationToken ct);

    Task EnsureVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken ct);

    Task RemoveVolumeAsync(string name, CancellationToken ct);

    /// <summary>Pulls the image when <paramref name="pullPolicy"/> (missing|always|never) says so; true if it pulled.</summary>
    Task<bool> EnsureImageAsync(string image, string pullPolicy, CancellationToken ct);

    /// <summary>True when the image is in the daemon's store: a <c>build:</c> service is built only when it is not (unless up --build).</summary>
    Task<bool> HasImageAsync(string image, CancellationToken ct);

    /// <summary>
    /// Builds a service's <c>build:</c> section in the daemon from its context directory and tags the result
    /// <paramref name="image"/>; a failed build throws with the builder's message (file:line:column for the spec).
    /// <paramref name="step"/> hears each step as it starts or is found cached (<c>[2/3] RUN make</c>).
    /// </summary>
    Task BuildImageAsync(string image, BuildConfig build, Action<string> step, CancellationToken ct);

    /// <summary>Creates (does not start) a container; returns its id.</summary>
    Task<string> CreateContainerAsync(string name, ContainerCreateRequest request, CancellationToken ct);

    Task StartContainerAsync(string id, CancellationToken ct);

    Task StopContainerAsync(string id, int? timeoutSeconds, CancellationToken ct);

    Task RestartContainerAsync(string id, int? timeoutSeconds, CancellationToken ct);

    Task KillContainerAsync(string id, string? signal, CancellationToken ct);

    Task PauseContainerAsync(string id, CancellationToken ct);

    Task UnpauseContainerAsync(string id, CancellationToken ct);

    /// <summary>
    /// Force-removes the container; a container already gone is not an error. Its anonymous volumes go only when
    /// <paramref name="removeVolumes"/> (rm -v, down -v), and then not one another container still mounts.
    /// </summary>
    Task RemoveContainerAsync(string id, bool removeVolumes, CancellationToken ct);

    /// <summary>The container's anonymous volumes and where it mounts them (none for a container gone).</summary>
    Task<IReadOnlyList<AnonymousVolume>> AnonymousVolumesAsync(string id, CancellationToken ct);

    /// <summary>The root-only directory of the files bockd writes for the project's secrets and configs.</summary>
    string StackFilesDirectory(string project);

    /// <summary>Writes (or rewrites in place, so running replicas see the new content) the project's secret and config files.</summary>
    Task WriteStackFilesAsync(string project, IReadOnlyList<StackFile> files, CancellationToken ct);

    /// <summary>Removes the project's files directory; none is not an error.</summary>
    Task RemoveStackFilesAsync(string project, CancellationToken ct);

    /// <summary>
    /// One probe of <c>x-bock-probes</c>, run by the daemon inside the container's network namespace (127.0.0.1:port):
    /// true when a TCP connection is accepted or the HTTP GET is answered 2xx/3xx within <paramref name="timeout"/>.
    /// </summary>
    Task<bool> ProbeAsync(string id, ProbeTarget target, TimeSpan timeout, CancellationToken ct);

    /// <summary>
    /// Whether the replica takes traffic: its aliases (the service name) answer in the project's DNS only while it
    /// serves; its own container name always does. A replica serves unless told otherwise (readiness says).
    /// </summary>
    Task SetServingAsync(string id, bool serving, CancellationToken ct);

    /// <summary>Every container labelled with the project, one-offs included.</summary>
    Task<IReadOnlyList<StackContainer>> ListContainersAsync(string project, CancellationToken ct);
}
