namespace Bock.Api.Dtos;

/// <summary>GET /version, as dockerd answers it (the Go-specific fields left out).</summary>
public sealed record VersionResponse
{
    public required PlatformName Platform { get; init; }
    public required IReadOnlyList<ComponentVersion> Components { get; init; }
    public required string Version { get; init; }
    public required string ApiVersion { get; init; }
    public required string MinAPIVersion { get; init; }
    public required string Os { get; init; }
    public required string Arch { get; init; }
    public required string KernelVersion { get; init; }
    public bool Experimental { get; init; }
}
