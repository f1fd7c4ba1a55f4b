using Akka.Actor;
using Bock.Host.Containers;
using Bockrose.Stacks;
using static Bock.Host.Containers.ContainerDirectoryProtocol;

namespace Bock.Host.Stacks;

/// <summary>The container directory's events of stack containers (compose labels), told to the <see cref="StackDirectory"/>.</summary>
public sealed class StackEventBridge : ReceiveActor
{
    public StackEventBridge(IActorRef containerDirectory, IActorRef stacks)
    {
        Receive<ContainerEventSeen>(seen =>
        {
            if (seen.Container is { } record && HostStackRuntime.ToStack(record) is { } container)
                stacks.Tell(new StackContainerEvent(record.Labels[StackLabels.Project], seen.Event.Action, container));
        });
        containerDirectory.Tell(new Subscribe(Self));
        Receive<Subscribed>(_ => { });
    }

    public static Props Props(IActorRef containerDirectory, IActorRef stacks) =>
        Akka.Actor.Props.Create(() => new StackEventBridge(containerDirectory, stacks));
}
