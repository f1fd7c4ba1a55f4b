using System.Net;
using Bock.Actors.Networks;

namespace Bock.Host.Containers;

/// <summary>An <see cref="Endpoint"/> as bock.db keeps it (addresses as text).</summary>
public sealed record StoredEndpoint
{
    public required string NetworkId { get; init; }
    public required string ContainerId { get; init; }
    public required string ContainerName { get; init; }
    public required string Address { get; init; }
    public int PrefixLength { get; init; }
    public required string Gateway { get; init; }
    public required string MacAddress { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public required string HostLink { get; init; }
    public required string InterfaceName { get; init; }

    public static StoredEndpoint From(NetworkEndpoint e) => new()
    {
        NetworkId = e.NetworkId, ContainerId = e.ContainerId, ContainerName = e.ContainerName, Address = e.Address.ToString(),
        PrefixLength = e.PrefixLength, Gateway = e.Gateway.ToString(), MacAddress = e.MacAddress, Aliases = e.Aliases,
        HostLink = e.HostLink, InterfaceName = e.InterfaceName,
    };

    public NetworkEndpoint ToEndpoint() =>
        new(NetworkId, ContainerId, ContainerName, IPAddress.Parse(Address), PrefixLength, IPAddress.Parse(Gateway), MacAddress, Aliases, HostLink, InterfaceName);
}
