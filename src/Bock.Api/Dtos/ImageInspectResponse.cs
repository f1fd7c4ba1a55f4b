namespace Bock.Api.Dtos;

/// <summary>GET /images/{name}/json.</summary>
public sealed record ImageInspectResponse
{
    public required string Id { get; init; }
    public required IReadOnlyList<string> RepoTags { get; init; }
    public required IReadOnlyList<string> RepoDigests { get; init; }
    public string Parent { get; init; } = "";
    public string Comment { get; init; } = "";
    public required string Created { get; init; }
    public string Author { get; init; } = "";
    public required ImageContainerConfigDto Config { get; init; }
    public required string Architecture { get; init; }
    public string? Variant { get; init; }
    public required string Os { get; init; }
    public long Size { get; init; }
    public required ImageRootFsDto RootFS { get; init; }
    /// <summary>Ours, beyond Docker's fields: the manifest the id's config belongs to.</summary>
    public string? ManifestDigest { get; init; }
}
