using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Hosting;
using Bock.Host.Containers;
using Bock.Host.Events;
using static Bock.Host.Containers.ContainerDirectoryProtocol;

namespace Bock.Host.Api;

/// <summary>
/// GET /events: container events as JSON lines, for as long as the client stays connected or until <c>until</c>;
/// <c>since</c> first replays the remembered ones; <c>filters</c> selects.
/// </summary>
internal static class EventEndpoints
{
    public static void MapEventEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/events", async (HttpContext context, string? since, string? until, string? filters, ActorSystem system,
            IRequiredActor<ContainerDirectory> directory) =>
        {
            DateTimeOffset? from, to;
            EventFilter filter;
            try
            {
                (from, to) = (ParseTime(since, "since"), ParseTime(until, "until"));
                filter = new EventFilter(DockerFilters.Parse(filters));
            }
            catch (FormatException e)
            {
                await ApiResults.BadRequest(e.Message).ExecuteAsync(context);
                return;
            }
            var ct = context.RequestAborted;
            var channel = Channel.CreateBounded<ContainerEventSeen>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropOldest });
            var sink = system.ActorOf(EventSink.Props(channel.Writer));
            // Ends the stream at --until; the remembered events are written before it is looked at.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            try
            {
                // Subscribed before the headers go out: a client that has the response sees every later event.
                var subscribed = await (await directory.GetAsync(ct)).Ask<Subscribed>(new Subscribe(sink, from), TimeSpan.FromSeconds(10), ct);
                context.Response.ContentType = "application/json";
                await context.Response.StartAsync(ct);
                foreach (var seen in subscribed.Replayed.Where(s => s.Event.Time <= (to ?? DateTimeOffset.MaxValue) && filter.Matches(s)))
                    await WriteAsync(context, seen, ct);
                await context.Response.Body.FlushAsync(ct);
                if (to is { } end)
                {
                    if (end <= DateTimeOffset.UtcNow) return;
                    deadline.CancelAfter(end - DateTimeOffset.UtcNow);
                }
                await foreach (var seen in channel.Reader.ReadAllAsync(deadline.Token))
                {
                    if (seen.Event.Time > (to ?? DateTimeOffset.MaxValue)) return;
                    if (!filter.Matches(seen)) continue;
                    await WriteAsync(context, seen, ct);
                    await context.Response.Body.FlushAsync(ct);
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                // The client went away, or --until came: that is how an event stream ends.
            }
            finally
            {
                system.Stop(sink);
            }
        });

    private static async Task WriteAsync(HttpContext context, ContainerEventSeen seen, CancellationToken ct)
    {
        await JsonSerializer.SerializeAsync(context.Response.Body, ToMessage(seen), BockApiJsonContext.Default.EventMessage, ct);
        await context.Response.Body.WriteAsync("\n"u8.ToArray(), ct);
    }

    /// <summary>Docker's event times: Unix seconds with an optional fraction (what its CLI sends), or RFC 3339.</summary>
    internal static DateTimeOffset? ParseTime(string? text, string name)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
            return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return time;
        throw new FormatException($"invalid value for {name}: '{text}'");
    }

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
