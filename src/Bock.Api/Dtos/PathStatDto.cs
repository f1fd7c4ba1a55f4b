using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

/// <summary>The X-Docker-Container-Path-Stat header of /containers/{id}/archive (base64 JSON, lower-case names).</summary>
public sealed record PathStatDto
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }

    /// <summary>Go's os.FileMode: permission bits, 1&lt;&lt;31 for a directory, 1&lt;&lt;27 for a symlink.</summary>
    [JsonPropertyName("mode")] public uint Mode { get; init; }

    [JsonPropertyName("mtime")] public required string Mtime { get; init; }
    [JsonPropertyName("linkTarget")] public string LinkTarget { get; init; } = "";
}
