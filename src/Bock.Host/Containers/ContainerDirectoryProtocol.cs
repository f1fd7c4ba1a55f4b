using Akka.Actor;
using Bock.Actors.Containers;

namespace Bock.Host.Containers;

/// <summary>Messages of the <see cref="ContainerDirectory"/>.</summary>
public static class ContainerDirectoryProtocol
{
    /// <summary>
    /// Claims the record's name and host ports before the container exists; replied with <see cref="NameReserved"/>,
    /// <see cref="NameInUse"/> or <see cref="PortInUse"/>. Being one actor, the directory makes the check and the claim one step.
    /// </summary>
    public sealed record ReserveName(ContainerRecord Record);

    public sealed record NameReserved(string Id);

    public sealed record NameInUse(string Name, string ExistingId);

    /// <summary>The record publishes a host port another container holds: nothing was reserved.</summary>
    public sealed record PortInUse(string Reason);

    /// <summary>The creation failed: the name is free again.</summary>
    public sealed record ReleaseName(string Id);

    /// <summary>By full id, name (with or without its '/') or unique id prefix; replied with the record or <see cref="NoSuchContainer"/>.</summary>
    public sealed record ResolveContainer(string IdOrName);

    public sealed record NoSuchContainer(string IdOrName);

    /// <summary>Replied with <see cref="ContainerList"/>.</summary>
    public sealed record ListContainers
    {
        public static readonly ListContainers Instance = new();
    }

    public sealed record ContainerList(IReadOnlyList<ContainerRecord> Containers);

    /// <summary>A manual start: as in Docker, the restart count starts over.</summary>
    public sealed record ResetRestartCount(string Id);

    /// <summary>The container's endpoints changed (attached at create, connect, disconnect); replied with <see cref="EndpointsSet"/>.</summary>
    public sealed record SetEndpoints(string Id, IReadOnlyList<Bock.Actors.Networks.NetworkEndpoint> Endpoints);

    public sealed record EndpointsSet(string Id);

    /// <summary>
    /// The subscriber is told every <see cref="ContainerEventSeen"/> until it stops; replied with <see cref="Subscribed"/>,
    /// which carries the remembered events since <paramref name="ReplaySince"/> (docker events --since): taken in the same
    /// step as the subscription, so no event is both replayed and told, or neither.
    /// </summary>
    public sealed record Subscribe(IActorRef Subscriber, DateTimeOffset? ReplaySince = null);

    public sealed record Subscribed(IReadOnlyList<ContainerEventSeen> Replayed)
    {
        public static readonly Subscribed Instance = new([]);
    }

    /// <summary>An event with the record as it was when the event happened (null if the container is unknown here).</summary>
    public sealed record ContainerEventSeen(ContainerEvent Event, ContainerRecord? Container);
}
