using Akka.Actor;
using Akka.Hosting;
using Bock.Actors.Containers;
using Bock.Actors.Hosting;
using Bock.Actors.Kernel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Bock.Actors.Containers.ContainerProtocol;

namespace Bock.Actors.Tests.Hosting;

public sealed class HostingTests
{
    [Fact]
    public async Task The_host_wires_a_pinned_kernel_pool_and_the_container_supervisor()
    {
        // The content root is the output directory: the default (current directory) is watched recursively.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        var runtime = new RecordingContainerRuntime();
        builder.Services.AddAkka("bock", akka => akka.WithBockContainers(runtime, kernelPoolSize: 2));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var kernel = await host.Services.GetRequiredService<IRequiredActor<KernelPool>>().GetAsync();
            var thread = await kernel.Ask<KernelProtocol.KernelThread>(new KernelProtocol.GetKernelThread("a"), TimeSpan.FromSeconds(5));
            Assert.Contains(KernelPool.DispatcherId.Replace("bock.", ""), thread.Name);

            var containers = await host.Services.GetRequiredService<IRequiredActor<ContainerSupervisor>>().GetAsync();
            var spec = new ContainerSpec("web", "/bundles/web", RestartPolicy.Always);
            await containers.Ask<ContainerCreated>(new CreateContainer(spec), TimeSpan.FromSeconds(5));
            Assert.Equal(RuntimeStatus.Created, runtime.StatusOf("web"));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
