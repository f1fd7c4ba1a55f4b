namespace Bock.Api.Dtos;

/// <summary>POST /networks/create.</summary>
public sealed record NetworkCreateRequest
{
    public string? Name { get; init; }
    public string? Driver { get; init; }
    public bool Internal { get; init; }
    public bool CheckDuplicate { get; init; }
    public IpamDto? IPAM { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Options { get; init; }
}
