namespace Bock.Api.Dtos;

/// <summary>
/// One of a container's Mounts in inspect and in <c>GET /containers/json</c> (Docker's MountPoint): Name and Driver
/// only for a volume, Source its <c>_data</c> directory (the host path for a bind, empty for tmpfs).
/// </summary>
public sealed record MountPointDto
{
    public required string Type { get; init; }
    public string? Name { get; init; }
    public required string Source { get; init; }
    public required string Destination { get; init; }
    public string? Driver { get; init; }
    public required string Mode { get; init; }
    public bool RW { get; init; }
    public required string Propagation { get; init; }
}
