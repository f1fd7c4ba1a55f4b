using System.Text.Json.Serialization;

namespace Bock.Host.Containers;

public sealed record SeccompArchMap
{
    [JsonPropertyName("architecture")] public string Architecture { get; init; } = "";
    [JsonPropertyName("subArchitectures")] public IReadOnlyList<string>? SubArchitectures { get; init; }
}
