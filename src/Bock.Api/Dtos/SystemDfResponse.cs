namespace Bock.Api.Dtos;

/// <summary>GET /system/df: what images, containers and volumes take.</summary>
public sealed record SystemDfResponse
{
    public long LayersSize { get; init; }
    public required IReadOnlyList<ImageSummary> Images { get; init; }
    public required IReadOnlyList<ContainerSummary> Containers { get; init; }
    public required IReadOnlyList<VolumeDto> Volumes { get; init; }
    public IReadOnlyList<EmptyJsonObject> BuildCache { get; init; } = [];
}
