namespace Bock.Api.Dtos;

/// <summary>ContainerCreateRequest.NetworkingConfig: per network, the endpoint the container asks for.</summary>
public sealed record NetworkingConfigDto
{
    public IReadOnlyDictionary<string, EndpointSettingsDto>? EndpointsConfig { get; init; }
}
