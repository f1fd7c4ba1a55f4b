using System.Text.Json.Serialization;

namespace Bock.Images.Archives;

/// <summary>One image in a <c>docker save</c> archive's <c>manifest.json</c>.</summary>
internal sealed record DockerArchiveManifestEntry
{
    [JsonPropertyName("Config")] public required string Config { get; init; }
    [JsonPropertyName("RepoTags")] public List<string>? RepoTags { get; init; }
    [JsonPropertyName("Layers")] public required List<string> Layers { get; init; }
}
