namespace Bock.Api.Dtos;

public sealed record VolumeListResponse
{
    public required IReadOnlyList<VolumeDto> Volumes { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
