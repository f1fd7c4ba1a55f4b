using System.Net;

namespace Bock.Actors.Networks;

/// <summary>
/// Messages of the <see cref="NetworkDirectory"/> and its <see cref="NetworkActor"/>s. Networks are named by name, id
/// or a unique id prefix, as in Docker. Every command gets one reply: its result or <see cref="NetworkCommandFailed"/>.
/// </summary>
public static class NetworkProtocol
{
    public sealed record CreateNetwork(string Name, string? Subnet, string? Gateway, bool Internal, IReadOnlyDictionary<string, string> Labels);

    public sealed record NetworkCreated(NetworkConfig Network);

    public sealed record RemoveNetwork(string NameOrId);

    public sealed record NetworkRemoved(NetworkConfig Network);

    public sealed record ListNetworks
    {
        public static readonly ListNetworks Instance = new();
    }

    public sealed record NetworkList(IReadOnlyList<NetworkState> Networks);

    public sealed record InspectNetwork(string NameOrId);

    /// <summary>A network with its endpoints: what <c>network inspect</c> and <c>network ls</c> show.</summary>
    public sealed record NetworkState(NetworkConfig Config, IReadOnlyList<NetworkEndpoint> Endpoints);

    /// <summary>
    /// Attaches a container whose namespace exists at <paramref name="NetnsPath"/>. <paramref name="DefaultRoute"/>:
    /// its first routed network gives it the default route.
    /// </summary>
    public sealed record ConnectContainer(
        string NameOrId,
        string ContainerId,
        string ContainerName,
        string NetnsPath,
        string InterfaceName,
        IPAddress? Address,
        string? MacAddress,
        IReadOnlyList<string> Aliases,
        bool DefaultRoute);

    public sealed record ContainerConnected(NetworkEndpoint Endpoint, NetworkConfig Network);

    public sealed record DisconnectContainer(string NameOrId, string ContainerId);

    public sealed record ContainerDisconnected(string NetworkId, string ContainerId);

    public sealed record PruneNetworks
    {
        public static readonly PruneNetworks Instance = new();
    }

    public sealed record NetworksPruned(IReadOnlyList<string> Names);

    public sealed record NetworkCommandFailed(NetworkFailure Failure, string Reason);
}
