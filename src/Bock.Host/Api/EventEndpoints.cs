using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Hosting;
using Bock.Host.Containers;
using Bock.Host.Events;
using static Bock.Host.Containers.ContainerDirectoryProtocol;

namespace Bock.Host.Api;

/// <summary>GET /events: container events as JSON lines, for as long as the client stays connected.</summary>
internal static class EventEndpoints
{
    public static void MapEventEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/events", async (HttpContext context, ActorSystem system, IRequiredActor<ContainerDirectory> directory) =>
        {
            var ct = context.RequestAborted;
            var channel = Channel.CreateBounded<ContainerEventSeen>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropOldest });
            var sink = system.ActorOf(EventSink.Props(channel.Writer));
            try
            {
                // Subscribed before the headers go out: a client that has the response sees every later event.
                await (await directory.GetAsync(ct)).Ask<Subscribed>(new Subscribe(sink), TimeSpan.FromSeconds(10), ct);
                context.Response.ContentType = "application/json";
                await context.Response.StartAsync(ct);
                await context.Response.Body.FlushAsync(ct);
                await foreach (var seen in channel.Reader.ReadAllAsync(ct))
                {
                    await JsonSerializer.SerializeAsync(context.Response.Body, ToMessage(seen), BockApiJsonContext.Default.EventMessage, ct);
                    await context.Response.Body.WriteAsync("\n"u8.ToArray(), ct);
                    await context.Response.Body.FlushAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The client went away: that is how an event stream ends.
            }
            finally
            {
                system.Stop(sink);
            }
        });

    private static EventMessage ToMessage(ContainerEventSeen seen)
    {
        var e = seen.Event;
        var attributes = new Dictionary<string, string>();
        if (seen.Container is { } c)
        {
            attributes["name"] = c.Name;
            attributes["image"] = c.Image;
            foreach (var (key, value) in c.Labels) attributes.TryAdd(key, value);
        }
        if (e.ExitCode is { } code) attributes["exitCode"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (e.Signal is { } signal) attributes["signal"] = signal.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nanos = (e.Time - DateTimeOffset.UnixEpoch).Ticks * 100;
        return new EventMessage
        {
            Status = e.Action,
            Id = e.ContainerId,
            From = seen.Container?.Image,
            Action = e.Action,
            Actor = new EventActor(e.ContainerId, attributes),
            Time = e.Time.ToUnixTimeSeconds(),
            TimeNano = nanos,
        };
    }
}
