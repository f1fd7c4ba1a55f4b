using System.Text.Json.Serialization;

namespace Bock.Images.Content;

/// <summary>What a name in the image index points at: a platform manifest, and where it came from.</summary>
public sealed record ImageRecord
{
    [JsonPropertyName("digest")] public required string Digest { get; init; }
    [JsonPropertyName("mediaType")] public required string MediaType { get; init; }
    [JsonPropertyName("size")] public required long Size { get; init; }
    /// <summary>The digest the registry knows the image by (an index when the tag named a multi-platform image).</summary>
    [JsonPropertyName("repoDigest"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RepoDigest { get; init; }
    [JsonPropertyName("created")] public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;
}
