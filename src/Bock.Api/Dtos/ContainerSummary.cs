namespace Bock.Api.Dtos;

/// <summary>One entry of GET /containers/json.</summary>
public sealed record ContainerSummary
{
    public required string Id { get; init; }
    public required IReadOnlyList<string> Names { get; init; }
    public required string Image { get; init; }
    public string ImageID { get; init; } = "";
    public required string Command { get; init; }
    public long Created { get; init; }
    public required string State { get; init; }
    public required string Status { get; init; }
    public IReadOnlyList<PortDto> Ports { get; init; } = [];
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public IReadOnlyList<MountPointDto> Mounts { get; init; } = [];

    /// <summary>Bytes the container wrote into its own layer; only where asked for (system df), as Docker.</summary>
    public long? SizeRw { get; init; }
}
