using System.Text.Json.Serialization;

namespace Bock.Images.Oci;

/// <summary>Just enough of a manifest document to tell an index from a manifest when no media type came with it.</summary>
internal sealed record ManifestProbe
{
    [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; init; }
    [JsonPropertyName("mediaType")] public string? MediaType { get; init; }
    [JsonPropertyName("manifests")] public System.Text.Json.JsonElement? Manifests { get; init; }
    [JsonPropertyName("config")] public System.Text.Json.JsonElement? Config { get; init; }
}
