namespace Bock.Api.Dtos;

/// <summary>
/// Docker's ContainerCreateConfig (the body of POST /containers/create): the container's own config plus its
/// <see cref="HostConfig"/>. <see cref="Image"/> is an image reference or id; an absolute path names a local OCI bundle
/// or rootfs directory instead (bockd's own extension, used by tests and tools).
/// </summary>
public sealed record ContainerCreateRequest
{
    public string? Image { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }

    /// <summary>Replaces the image's entrypoint; an empty list clears it (Docker's <c>--entrypoint ""</c>).</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string>? Env { get; init; }
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
    public string? Hostname { get; init; }
    public string? Domainname { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public bool StdinOnce { get; init; }
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    public string? StopSignal { get; init; }
    public int? StopTimeout { get; init; }
    public HealthcheckDto? Healthcheck { get; init; }

    /// <summary>Docker's set notation: keys are "80/tcp", values empty objects.</summary>
    public IReadOnlyDictionary<string, EmptyJsonObject>? ExposedPorts { get; init; }

    /// <summary>Anonymous volumes: keys are container paths, values empty objects.</summary>
    public IReadOnlyDictionary<string, EmptyJsonObject>? Volumes { get; init; }

    public HostConfigDto? HostConfig { get; init; }
    public NetworkingConfigDto? NetworkingConfig { get; init; }

    /// <summary>Set only with a network of the container's own (Docker's <c>--mac-address</c> before API 1.44).</summary>
    public string? MacAddress { get; init; }
}
