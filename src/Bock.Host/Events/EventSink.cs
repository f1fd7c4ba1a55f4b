using System.Threading.Channels;
using Akka.Actor;
using static Bock.Host.Containers.ContainerDirectoryProtocol;

namespace Bock.Host.Events;

/// <summary>One GET /events client: the directory's events go into a channel the HTTP response drains.</summary>
public sealed class EventSink : ReceiveActor
{
    public EventSink(ChannelWriter<ContainerEventSeen> writer)
    {
        // A client that stops reading loses its oldest events rather than growing the daemon's memory without bound.
        Receive<ContainerEventSeen>(seen => writer.TryWrite(seen));
    }

    public static Props Props(ChannelWriter<ContainerEventSeen> writer) => Akka.Actor.Props.Create(() => new EventSink(writer));
}
