using System.Text.Json.Serialization;

namespace Bock.Images.Registry;

internal sealed record TokenResponse
{
    [JsonPropertyName("token")] public string? Token { get; init; }
    [JsonPropertyName("access_token")] public string? AccessToken { get; init; }
}
