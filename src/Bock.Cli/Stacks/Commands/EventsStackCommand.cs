using System.Globalization;
using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Commands;

namespace Bock.Cli.Stacks.Commands;

/// <summary>
/// <c>events</c>: Docker's /events for the project's containers (by label), in docker compose's line format or, with
/// <c>--json</c>, its JSON objects (time, type, action, id, service, attributes).
/// </summary>
internal sealed class EventsStackCommand : IStackCommand
{
    public string Name => "events";
    public string Arguments => "[SERVICE...]";
    public string Summary => "Receive real time events from containers";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("json", null, "Output events as a stream of json objects")
        .Value("since", null, "Show all events created since timestamp")
        .Value("until", null, "Stream events until this timestamp");

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        var project = await context.ProjectNameAsync();
        var query = "events?" + Filters.Query([$"label={ProjectContainers.ProjectLabel}={project}"]) +
                    (flags.Value("since") is { } since ? "&since=" + Timestamps.ToUnix(since, "since") : "") +
                    (flags.Value("until") is { } until ? "&until=" + Timestamps.ToUnix(until, "until") : "");
        using var response = await context.Daemon.SendAsync(HttpMethod.Get, query, null, context.Cancellation);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(context.Cancellation));
        while (await reader.ReadLineAsync(context.Cancellation) is { } line)
        {
            if (line.Length == 0) continue;
            using var json = JsonDocument.Parse(line);
            var text = Format(json.RootElement, flags.Bool("json"), flags.Positional);
            if (text is not null) await context.Out.WriteLineAsync(text);
        }
        return 0;
    }

    /// <summary>One event as compose prints it; null when it is about a service not asked for.</summary>
    internal static string? Format(JsonElement e, bool asJson, IReadOnlyCollection<string> services)
    {
        var actor = e.GetProperty("Actor");
        var attributes = actor.TryGetProperty("Attributes", out var a) && a.ValueKind == JsonValueKind.Object
            ? a.EnumerateObject().Where(p => !p.Name.StartsWith("com.docker.compose.", StringComparison.Ordinal))
                .OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => (p.Name, Value: p.Value.GetString() ?? "")).ToList()
            : [];
        var service = a.ValueKind == JsonValueKind.Object && a.TryGetProperty(ProjectContainers.ServiceLabel, out var s) ? s.GetString() ?? "" : "";
        if (services.Count > 0 && !services.Contains(service)) return null;
        var nanos = e.TryGetProperty("timeNano", out var tn) ? tn.GetInt64() : e.GetProperty("time").GetInt64() * 1_000_000_000;
        var time = DateTimeOffset.UnixEpoch.AddTicks(nanos / 100).ToLocalTime();
        var type = e.GetProperty("Type").GetString() ?? "";
        var action = e.GetProperty("Action").GetString() ?? "";
        var id = actor.GetProperty("ID").GetString() ?? "";
        if (!asJson)
            return $"{time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)} {type} {action} {id} ({string.Join(", ", attributes.Select(p => $"{p.Name}={p.Value}"))})";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("time", time.ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture));
            json.WriteString("type", type);
            json.WriteString("action", action);
            json.WriteString("id", id);
            json.WriteString("service", service);
            json.WriteStartObject("attributes");
            foreach (var (name, value) in attributes) json.WriteString(name, value);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
