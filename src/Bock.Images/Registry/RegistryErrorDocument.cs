using System.Text.Json.Serialization;

namespace Bock.Images.Registry;

/// <summary>The distribution API's error body: <c>{"errors":[{"code":"MANIFEST_UNKNOWN","message":"…"}]}</c>.</summary>
internal sealed record RegistryErrorDocument
{
    [JsonPropertyName("errors")] public List<RegistryErrorItem>? Errors { get; init; }
}

internal sealed record RegistryErrorItem
{
    [JsonPropertyName("code")] public string? Code { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
}
