using System.Net;

namespace Bock.Actors.Networks;

/// <summary>A bridge network as created: what is persisted, and what <c>network inspect</c> shows besides its endpoints.</summary>
public sealed record NetworkConfig(
    string Id,
    string Name,
    Ipv4Subnet Subnet,
    IPAddress Gateway,
    string BridgeName,
    bool Internal,
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset Created)
{
    /// <summary>The default network (Docker's <c>bridge</c>): no name resolution, as in Docker, and it cannot be removed.</summary>
    public bool IsDefault { get; init; }

    public BridgeConfig Bridge => new(BridgeName, Gateway, Subnet.PrefixLength);
}
