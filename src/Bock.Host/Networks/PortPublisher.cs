using System.Net;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Hosting;
using Bock.Actors.Containers;
using Bock.Actors.Kernel;
using Bock.Host.Containers;
using Bock.Host.Events;
using Bock.Kernel.Nftables;
using Microsoft.Extensions.Logging;
using static Bock.Host.Containers.ContainerDirectoryProtocol;

namespace Bock.Host.Networks;

/// <summary>
/// Published ports follow the container's life, as in Docker: its DNAT rules are added when it starts (each restart
/// included) and removed when it dies, so a stopped container holds no traffic. The host port stays reserved to it
/// in its record until it is removed.
/// </summary>
public sealed class PortPublisher(IRequiredActor<ContainerDirectory> directory, IRequiredActor<KernelPool> kernel, ActorSystem system,
    ILogger<PortPublisher> logger) : BackgroundService
{
    private static readonly TimeSpan KernelTimeout = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var events = Channel.CreateUnbounded<ContainerEventSeen>();
        var sink = system.ActorOf(EventSink.Props(events.Writer));
        try
        {
            await (await directory.GetAsync(stoppingToken)).Ask<Subscribed>(new Subscribe(sink), TimeSpan.FromSeconds(30), stoppingToken);
            var pool = await kernel.GetAsync(stoppingToken);
            await foreach (var seen in events.Reader.ReadAllAsync(stoppingToken))
            {
                if (seen.Container is not { Ports.Count: > 0, Endpoints.Count: > 0 } container) continue;
                object? command = seen.Event.Action switch
                {
                    ContainerAction.Start => new KernelProtocol.PublishPorts(container.Id, Mappings(container)),
                    ContainerAction.Die or ContainerAction.Destroy => new KernelProtocol.UnpublishPorts(container.Id),
                    _ => null,
                };
                if (command is null) continue;
                if (await pool.Ask<object>(command, KernelTimeout, stoppingToken) is KernelProtocol.OperationFailed failed)
                    logger.LogError("ports of container {Id} ({Action}): {Reason}", container.Id, seen.Event.Action, failed.Reason);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            system.Stop(sink);
        }
    }

    /// <summary>Every port goes to the container's address on its first network, where its default route is.</summary>
    public static IReadOnlyList<PortMapping> Mappings(ContainerRecord container) =>
        [.. container.Ports.Select(p => new PortMapping(p.HostIp.Length == 0 ? null : IPAddress.Parse(p.HostIp), p.HostPort,
            PortMapping.ParseProtocol(p.Protocol), container.Endpoints[0].Address, p.ContainerPort))];
}
