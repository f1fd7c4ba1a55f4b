using Akka.Actor;
using Akka.Hosting;
using Bock.Actors.Networks;
using Bock.Host.Containers;
using Microsoft.Extensions.Logging;

namespace Bock.Host.Networks;

/// <summary>
/// After a daemon restart, the embedded DNS listens again in the namespace of every container on a user-defined
/// network (its sockets died with the old daemon; the names came back with the networks' endpoints).
/// </summary>
public sealed class NetworkRestorer(ContainerService containers, ContainerNetworking networking, IRequiredActor<NetworkDirectory> networks,
    ILogger<NetworkRestorer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var list = await (await networks.GetAsync(stoppingToken)).Ask<NetworkProtocol.NetworkList>(NetworkProtocol.ListNetworks.Instance,
            TimeSpan.FromSeconds(30), stoppingToken);
        var userNetworks = list.Networks.Where(n => !n.Config.IsDefault).Select(n => n.Config.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var container in await containers.ListAsync(stoppingToken))
        {
            if (container.NetnsPath is not { } netns || !container.Endpoints.Any(e => userNetworks.Contains(e.NetworkId))) continue;
            try
            {
                await networking.RestoreDnsAsync([(container.Id, netns)], stoppingToken);
            }
            catch (Exception e) when (e is NetworkAttachException or AskTimeoutException)
            {
                logger.LogError("the embedded DNS of container {Id} could not be restored: {Reason}", container.Id, e.Message);
            }
        }
    }
}
