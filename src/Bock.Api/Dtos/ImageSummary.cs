namespace Bock.Api.Dtos;

/// <summary>One entry of GET /images/json. Id is the config digest, as Docker's.</summary>
public sealed record ImageSummary
{
    public required string Id { get; init; }
    public string ParentId { get; init; } = "";
    public required IReadOnlyList<string> RepoTags { get; init; }
    public required IReadOnlyList<string> RepoDigests { get; init; }
    public long Created { get; init; }
    public long Size { get; init; }
    public long SharedSize { get; init; } = -1;
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public int Containers { get; init; }
}
