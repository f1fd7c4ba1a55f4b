namespace Bock.Api.Dtos;

public sealed record ContainerPruneResponse
{
    public IReadOnlyList<string> ContainersDeleted { get; init; } = [];

    /// <summary>Bytes of the removed containers' writable layers (not measured yet: 0).</summary>
    public long SpaceReclaimed { get; init; }
}
