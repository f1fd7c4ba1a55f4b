using System.Threading.Channels;
using Akka.Actor;
using Akka.Hosting;
using Bock.Actors.Containers;
using Bock.Host.Events;
using Microsoft.Extensions.Logging;
using static Bock.Host.Containers.ContainerDirectoryProtocol;

namespace Bock.Host.Containers;

/// <summary>
/// <c>--rm</c>: a container with AutoRemove is removed, with its anonymous volumes, once it has died for good (its
/// restart policy does not bring it back), as <c>docker rm -v</c> would.
/// </summary>
public sealed class AutoRemover(IRequiredActor<ContainerDirectory> directory, ActorSystem system, ContainerService containers, ILogger<AutoRemover> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var events = Channel.CreateUnbounded<ContainerEventSeen>();
        var sink = system.ActorOf(EventSink.Props(events.Writer));
        try
        {
            await (await directory.GetAsync(stoppingToken)).Ask<Subscribed>(new Subscribe(sink), TimeSpan.FromSeconds(30), stoppingToken);
            await foreach (var seen in events.Reader.ReadAllAsync(stoppingToken))
            {
                if (seen.Event.Action == ContainerAction.Die && seen.Container is { AutoRemove: true, State: "exited" } container)
                    _ = RemoveAsync(container.Id, stoppingToken);
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

    private async Task RemoveAsync(string id, CancellationToken ct)
    {
        // The actor may still be settling into its exited state: it is asked until it answers, a refusal is retried.
        for (var attempt = 0; attempt < 50 && !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                if (!await containers.HasSettledAsync(id, ct))
                {
                    await Task.Delay(100, ct);
                    continue;
                }
                var result = await containers.RemoveAsync(id, force: false, ct, removeVolumes: true, diedForGood: true);
                if (result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status204NoContent or StatusCodes.Status404NotFound }) return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "auto-removing container {Id} failed", id);
                return;
            }
            await Task.Delay(100, ct);
        }
    }
}
