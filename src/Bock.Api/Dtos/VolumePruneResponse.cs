namespace Bock.Api.Dtos;

public sealed record VolumePruneResponse
{
    public required IReadOnlyList<string> VolumesDeleted { get; init; }
    public long SpaceReclaimed { get; init; }
}
