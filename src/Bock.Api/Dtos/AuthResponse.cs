namespace Bock.Api.Dtos;

public sealed record AuthResponse
{
    public required string Status { get; init; }
    public string IdentityToken { get; init; } = "";
}
