namespace Bock.Api.Dtos;

/// <summary>An endpoint's requested address (<c>--ip</c>).</summary>
public sealed record EndpointIpamConfigDto
{
    public string? IPv4Address { get; init; }
}
