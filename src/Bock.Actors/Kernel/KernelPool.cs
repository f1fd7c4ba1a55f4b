using Akka.Actor;
using Akka.Routing;
using Bock.Actors.Networks;

namespace Bock.Actors.Kernel;

/// <summary>
/// The only way into privileged code: a consistent-hashing router (by container id) over KernelActors, each on a
/// thread of its own. Work for one container is ordered; work for different containers runs in parallel.
/// The type is also the pool's key in Akka.Hosting's ActorRegistry.
/// </summary>
public sealed class KernelPool
{
    private KernelPool()
    {
    }

    public const string DispatcherId = "bock.kernel-dispatcher";
    public const string DefaultName = "kernel";

    public static Props Props(IContainerRuntime runtime, int size, INetworkKernel? network = null) =>
        KernelActor.Props(runtime, network)
            .WithDispatcher(DispatcherId)
            .WithRouter(new ConsistentHashingPool(size));

    public static IActorRef Create(IActorRefFactory factory, IContainerRuntime runtime, int size = 4, string name = DefaultName, INetworkKernel? network = null) =>
        factory.ActorOf(Props(runtime, size, network), name);
}
