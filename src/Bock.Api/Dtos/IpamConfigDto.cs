namespace Bock.Api.Dtos;

public sealed record IpamConfigDto
{
    public string? Subnet { get; init; }
    public string? Gateway { get; init; }
    public string? IPRange { get; init; }
}
