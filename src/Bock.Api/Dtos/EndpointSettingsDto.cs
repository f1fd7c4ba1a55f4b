namespace Bock.Api.Dtos;

/// <summary>
/// Docker's EndpointSettings: asked for in create and connect (IPAMConfig, Aliases, MacAddress), reported in
/// inspect's NetworkSettings.Networks (the rest).
/// </summary>
public sealed record EndpointSettingsDto
{
    public EndpointIpamConfigDto? IPAMConfig { get; init; }
    public IReadOnlyList<string>? Aliases { get; init; }
    public string? MacAddress { get; init; }
    public string? NetworkID { get; init; }
    public string? EndpointID { get; init; }
    public string? Gateway { get; init; }
    public string? IPAddress { get; init; }
    public int IPPrefixLen { get; init; }
    public IReadOnlyList<string>? DNSNames { get; init; }
}
