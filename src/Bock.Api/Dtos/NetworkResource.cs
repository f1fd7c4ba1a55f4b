namespace Bock.Api.Dtos;

/// <summary>GET /networks and /networks/{id}: a network in dockerd's shape.</summary>
public sealed record NetworkResource
{
    public required string Name { get; init; }
    public required string Id { get; init; }
    public required string Created { get; init; }
    public string Scope { get; init; } = "local";
    public required string Driver { get; init; }
    public bool EnableIPv6 { get; init; }
    public required IpamDto IPAM { get; init; }
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool Ingress { get; init; }
    public IReadOnlyDictionary<string, NetworkContainerDto> Containers { get; init; } = new Dictionary<string, NetworkContainerDto>();
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
