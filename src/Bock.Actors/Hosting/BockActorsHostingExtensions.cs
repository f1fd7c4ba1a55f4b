using Akka.Hosting;
using Bock.Actors.Containers;
using Bock.Actors.Kernel;

namespace Bock.Actors.Hosting;

/// <summary>How bockd wires the actor core with Akka.Hosting; tests pass a <see cref="RecordingContainerRuntime"/>.</summary>
public static class BockActorsHostingExtensions
{
    /// <summary>
    /// Prepends config/akka.hocon (the pinned kernel dispatcher) and starts the kernel pool and the container
    /// supervisor, registered as <see cref="KernelPool"/> and <see cref="ContainerSupervisor"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithBockContainers(this AkkaConfigurationBuilder builder, IContainerRuntime runtime,
        int kernelPoolSize = 4, ContainerSettings? settings = null, Bock.Actors.Networks.INetworkKernel? network = null) =>
        builder
            .AddHocon(BockActorsConfig.Default, HoconAddMode.Prepend)
            .WithActors((system, registry) =>
            {
                var kernel = KernelPool.Create(system, runtime, kernelPoolSize, network: network);
                registry.Register<KernelPool>(kernel);
                registry.Register<ContainerSupervisor>(system.ActorOf(ContainerSupervisor.Props(kernel, settings), "containers"));
            });
}
