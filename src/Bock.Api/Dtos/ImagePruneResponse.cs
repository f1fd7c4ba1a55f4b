namespace Bock.Api.Dtos;

public sealed record ImagePruneResponse
{
    public required IReadOnlyList<ImageDeleteResponseItem> ImagesDeleted { get; init; }
    public long SpaceReclaimed { get; init; }
}
