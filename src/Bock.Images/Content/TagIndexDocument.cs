using System.Text.Json.Serialization;

namespace Bock.Images.Content;

/// <summary>The on-disk form of the image index: normalised reference → image.</summary>
internal sealed record TagIndexDocument
{
    [JsonPropertyName("version")] public int Version { get; init; } = 1;
    [JsonPropertyName("images")] public Dictionary<string, ImageRecord> Images { get; init; } = new(StringComparer.Ordinal);
}
