namespace Bock.Api.Dtos;

/// <summary>A network's IPAM: the driver (always "default") and its pools.</summary>
public sealed record IpamDto
{
    public string? Driver { get; init; }
    public IReadOnlyList<IpamConfigDto>? Config { get; init; }
}
