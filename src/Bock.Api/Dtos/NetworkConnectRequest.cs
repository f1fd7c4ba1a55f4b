namespace Bock.Api.Dtos;

/// <summary>POST /networks/{id}/connect.</summary>
public sealed record NetworkConnectRequest
{
    public string? Container { get; init; }
    public EndpointSettingsDto? EndpointConfig { get; init; }
}
