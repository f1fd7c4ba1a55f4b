using System.Text.Json.Serialization;

namespace Bock.Images.Registry;

/// <summary>Docker's <c>config.json</c>: only <c>auths</c> is ours; other keys are kept as they were.</summary>
internal sealed record DockerConfigFile
{
    [JsonPropertyName("auths")] public Dictionary<string, DockerAuthEntry> Auths { get; init; } = [];
    [JsonExtensionData] public Dictionary<string, System.Text.Json.JsonElement>? Other { get; set; }
}

internal sealed record DockerAuthEntry
{
    [JsonPropertyName("auth"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Auth { get; init; }
    [JsonPropertyName("username"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Username { get; init; }
    [JsonPropertyName("password"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Password { get; init; }
    [JsonPropertyName("identitytoken"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? IdentityToken { get; init; }
}
