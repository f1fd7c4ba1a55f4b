using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

/// <summary>An exec's process in its inspect: Docker spells these fields in lower case.</summary>
public sealed record ExecProcessConfigDto
{
    [JsonPropertyName("privileged")] public bool Privileged { get; init; }
    [JsonPropertyName("user")] public string User { get; init; } = "";
    [JsonPropertyName("tty")] public bool Tty { get; init; }
    [JsonPropertyName("entrypoint")] public required string Entrypoint { get; init; }
    [JsonPropertyName("arguments")] public required IReadOnlyList<string> Arguments { get; init; }
}
