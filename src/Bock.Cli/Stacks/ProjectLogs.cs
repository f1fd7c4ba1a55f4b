using System.Collections.Concurrent;
using System.Text.Json;
using Bock.Cli.Commands;
using Bock.Cli.Daemon;
using Bock.Cli.Io;

namespace Bock.Cli.Stacks;

/// <summary>
/// The logs of a project's containers, multiplexed line by line with compose's <c>web-1  | </c> prefixes. Following,
/// it also watches the project's container starts (Docker's /events, by label) so a new replica, or a replica
/// restarted after a crash, joins the output from its start.
/// </summary>
internal sealed class ProjectLogs(StackContext context, string project, IReadOnlyCollection<string> services, LogOptions options)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Task> _streams = new();
    private readonly Dictionary<string, int> _colours = new(StringComparer.Ordinal);
    private int _width;

    public async Task RunAsync(CancellationToken ct)
    {
        var daemon = context.Daemon;
        HttpResponseMessage? events = null;
        if (options.Follow)
        {
            // Subscribed before listing: a container started in between is then seen by one or the other.
            var filters = Filters.Query([$"label={ProjectContainers.ProjectLabel}={project}", "type=container", "event=start"]);
            events = await daemon.SendAsync(HttpMethod.Get, "events?" + filters, null, ct);
        }
        using (events)
        {
            var containers = (await ProjectContainers.ListAsync(daemon, project, all: true, services, ct))
                .Where(c => !ProjectContainers.IsOneOff(c)).ToList();
            if (options.Announce)
                lock (_gate) context.Out.WriteLine($"Attaching to {string.Join(", ", containers.Select(ProjectContainers.Name))}");
            _width = containers.Select(c => LogPrefix.ShortName(ProjectContainers.Name(c), project).Length).DefaultIfEmpty(0).Max();
            foreach (var c in containers)
                Begin(ProjectContainers.Id(c), ProjectContainers.Name(c), ProjectContainers.Label(c, ProjectContainers.ServiceLabel), options.Tail, options.Since, ct);
            if (events is null)
            {
                await Task.WhenAll(_streams.Values);
                return;
            }
            try
            {
                await WatchStartsAsync(events, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (IOException) when (ct.IsCancellationRequested)
            {
            }
        }
    }

    private async Task WatchStartsAsync(HttpResponseMessage events, CancellationToken ct)
    {
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0) continue;
            using var json = JsonDocument.Parse(line);
            var e = json.RootElement;
            var id = e.GetProperty("Actor").GetProperty("ID").GetString()!;
            if (_streams.TryGetValue(id, out var running) && !running.IsCompleted) continue;
            JsonElement inspect;
            try
            {
                inspect = await context.Daemon.GetJsonAsync($"containers/{EachContainer.Escape(id)}/json", ct);
            }
            catch (DaemonException)
            {
                continue; // gone again already
            }
            var labels = inspect.GetProperty("Config").GetProperty("Labels");
            var service = labels.TryGetProperty(ProjectContainers.ServiceLabel, out var s) ? s.GetString() ?? "" : "";
            if (services.Count > 0 && !services.Contains(service)) continue;
            if (labels.TryGetProperty(ProjectContainers.OneOffLabel, out var oneOff) && oneOff.GetString() is "True" or "true") continue;
            var seconds = e.TryGetProperty("time", out var t) ? t.GetInt64() : DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            Begin(id, inspect.GetProperty("Name").GetString()!.TrimStart('/'), service, null, seconds, ct);
        }
    }

    private void Begin(string id, string name, string service, string? tail, long? since, CancellationToken ct)
    {
        int colour;
        lock (_gate)
        {
            if (!_colours.TryGetValue(service, out colour)) _colours[service] = colour = _colours.Count;
        }
        var shortName = LogPrefix.ShortName(name, project);
        var prefix = options.NoPrefix ? "" : LogPrefix.For(shortName, Math.Max(_width, shortName.Length), colour, options.Colour);
        _streams[id] = StreamAsync(id, prefix, tail, since, ct);
    }

    private async Task StreamAsync(string id, string prefix, string? tail, long? since, CancellationToken ct)
    {
        var escaped = EachContainer.Escape(id);
        try
        {
            var inspect = await context.Daemon.GetJsonAsync($"containers/{escaped}/json", ct);
            var tty = inspect.GetProperty("Config").TryGetProperty("Tty", out var t) && t.GetBoolean();
            var query = $"containers/{escaped}/logs?stdout=1&stderr=1&follow={(options.Follow ? 1 : 0)}&timestamps={(options.Timestamps ? 1 : 0)}" +
                        (tail is { } n ? $"&tail={Uri.EscapeDataString(n)}" : "") + (since is { } s ? $"&since={s}" : "");
            using var response = await context.Daemon.SendAsync(HttpMethod.Get, query, null, ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var lines = new PrefixedLineStream(context.Out, _gate, prefix);
            try
            {
                if (tty) await StreamDemultiplexer.CopyRawAsync(body, lines, ct);
                else await StreamDemultiplexer.CopyAsync(body, lines, lines, ct);
            }
            finally
            {
                lines.End();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or DaemonException or HttpRequestException)
        {
            // Ctrl-C, or the container went away while we read it: its lines so far were shown.
        }
    }
}
