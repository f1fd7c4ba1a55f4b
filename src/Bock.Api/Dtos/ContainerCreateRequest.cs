namespace Bock.Api.Dtos;

/// <summary>
/// The subset of Docker's ContainerCreateConfig that bockd honours. Until images land, <see cref="Image"/> names a
/// local OCI bundle directory (with config.json) or a rootfs directory.
/// </summary>
public sealed record ContainerCreateRequest
{
    public string? Image { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public string? WorkingDir { get; init; }
    public string? Hostname { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public HostConfigDto? HostConfig { get; init; }
}
