namespace Bock.Api.Dtos;

/// <summary>Inspect's NetworkSettings: per network the endpoint, and (Docker's legacy fields) the default network's address.</summary>
public sealed record NetworkSettingsDto
{
    public string? SandboxKey { get; init; }
    public string IPAddress { get; init; } = "";
    public int IPPrefixLen { get; init; }
    public string Gateway { get; init; } = "";
    public string MacAddress { get; init; } = "";
    public IReadOnlyDictionary<string, EndpointSettingsDto> Networks { get; init; } = new Dictionary<string, EndpointSettingsDto>();

    /// <summary>"80/tcp" → where the host publishes it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PortBindingDto>?> Ports { get; init; } = new Dictionary<string, IReadOnlyList<PortBindingDto>?>();
}
