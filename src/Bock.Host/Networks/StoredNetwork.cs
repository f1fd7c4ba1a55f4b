using System.Net;
using Bock.Actors.Networks;

namespace Bock.Host.Networks;

/// <summary>A <see cref="NetworkConfig"/> as bock.db keeps it (addresses as text).</summary>
public sealed record StoredNetwork
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Subnet { get; init; }
    public required string Gateway { get; init; }
    public required string BridgeName { get; init; }
    public bool Internal { get; init; }
    public bool IsDefault { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset Created { get; init; }

    public static StoredNetwork From(NetworkConfig n) => new()
    {
        Id = n.Id, Name = n.Name, Subnet = n.Subnet.ToString(), Gateway = n.Gateway.ToString(), BridgeName = n.BridgeName,
        Internal = n.Internal, IsDefault = n.IsDefault, Labels = n.Labels, Created = n.Created,
    };

    public NetworkConfig ToConfig() =>
        new(Id, Name, Ipv4Subnet.Parse(Subnet), IPAddress.Parse(Gateway), BridgeName, Internal, Labels, Created) { IsDefault = IsDefault };
}
