namespace Bock.Api.Dtos;

/// <summary>POST /networks/{id}/disconnect.</summary>
public sealed record NetworkDisconnectRequest
{
    public string? Container { get; init; }
    public bool Force { get; init; }
}
