namespace Bock.Api.Dtos;

/// <summary>GET /containers/{id}/json: the fields bockd knows, in dockerd's shape.</summary>
public sealed record ContainerInspectResponse
{
    public required string Id { get; init; }
    public required string Created { get; init; }
    public required string Path { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public required ContainerStateDto State { get; init; }
    public required string Image { get; init; }
    public required string LogPath { get; init; }
    public required string Name { get; init; }
    public int RestartCount { get; init; }
    public string Driver { get; init; } = "bock";
    public string Platform { get; init; } = "linux";
    public required HostConfigDto HostConfig { get; init; }
    public required ContainerConfigDto Config { get; init; }
    public NetworkSettingsDto NetworkSettings { get; init; } = new();
    public IReadOnlyList<MountPointDto> Mounts { get; init; } = [];
}
