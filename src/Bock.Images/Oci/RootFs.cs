using System.Text.Json.Serialization;

namespace Bock.Images.Oci;

/// <summary>The uncompressed layer digests (diff ids), bottom first.</summary>
public sealed record RootFs
{
    [JsonPropertyName("type")] public string Type { get; init; } = "layers";
    [JsonPropertyName("diff_ids")] public IReadOnlyList<string> DiffIds { get; init; } = [];
}
