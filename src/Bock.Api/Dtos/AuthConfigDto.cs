using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

/// <summary>POST /auth's body, and the base64url JSON of the X-Registry-Auth header (Docker's lower-case names).</summary>
public sealed record AuthConfigDto
{
    [JsonPropertyName("username")] public string? Username { get; init; }
    [JsonPropertyName("password")] public string? Password { get; init; }
    /// <summary>base64 of <c>user:password</c>, an alternative to the two fields.</summary>
    [JsonPropertyName("auth")] public string? Auth { get; init; }
    [JsonPropertyName("email")] public string? Email { get; init; }
    [JsonPropertyName("serveraddress")] public string? ServerAddress { get; init; }
    [JsonPropertyName("identitytoken")] public string? IdentityToken { get; init; }
}
