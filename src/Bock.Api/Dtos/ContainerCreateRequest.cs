namespace Bock.Api.Dtos;

/// <summary>
/// The subset of Docker's ContainerCreateConfig that bockd honours. <see cref="Image"/> is an image name or id; an
/// absolute path names a local OCI bundle directory (with config.json) or a rootfs directory instead.
/// </summary>
public sealed record ContainerCreateRequest
{
    public string? Image { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
    public string? Hostname { get; init; }
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public string? StopSignal { get; init; }
    public int? StopTimeout { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, EmptyDto>? Volumes { get; init; }
    public HostConfigDto? HostConfig { get; init; }
}
