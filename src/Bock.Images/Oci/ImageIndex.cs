using System.Text.Json.Serialization;

namespace Bock.Images.Oci;

/// <summary>An OCI image index or a Docker manifest list.</summary>
public sealed record ImageIndex
{
    [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; init; } = 2;
    [JsonPropertyName("mediaType"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? MediaType { get; init; }
    [JsonPropertyName("manifests")] public required IReadOnlyList<Descriptor> Manifests { get; init; }
    [JsonPropertyName("annotations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>The entry for <paramref name="platform"/>, or an error listing what the index offers.</summary>
    public Descriptor SelectPlatform(Platform platform, string what) =>
        Manifests.FirstOrDefault(m => MediaTypes.IsManifest(m.MediaType) && platform.Matches(m.Platform))
        ?? throw new ImageFormatException($"{what}: no manifest for platform {platform} (the index offers: "
            + string.Join(", ", Manifests.Select(m => m.Platform?.ToString() ?? "unknown")) + ")");
}
