using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Output;

namespace Bock.Cli.Commands;

internal sealed class EventsCommand : ICommand
{
    public string Name => "events";
    public string Arguments => "";
    public string Summary => "Get real time events from the server";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .List("filter", 'f', "Filter output based on conditions provided", "filter")
        .Value("format", null, "Format the output using the given Go template")
        .Value("since", null, "Show all events created since timestamp")
        .Value("until", null, "Stream events until this timestamp");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        flags.Arguments(0, 0);
        var query = new List<string>();
        if (flags.List("filter") is { Count: > 0 } f) query.Add(Filters.Query(f));
        if (flags.Value("since") is { } since) query.Add("since=" + Timestamps.ToUnix(since, "since"));
        if (flags.Value("until") is { } until) query.Add("until=" + Timestamps.ToUnix(until, "until"));
        using var response = await context.Daemon.SendAsync(HttpMethod.Get, "events" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), null, context.Cancellation);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(context.Cancellation));
        var template = flags.Value("format") is { } format ? new GoTemplate(format) : null;
        while (await reader.ReadLineAsync(context.Cancellation) is { } line)
        {
            if (line.Length == 0) continue;
            using var json = JsonDocument.Parse(line);
            var e = json.RootElement;
            if (template is not null)
            {
                await context.Out.WriteLineAsync(template.Render(e));
                continue;
            }
            var nanos = e.TryGetProperty("timeNano", out var tn) ? tn.GetInt64() : e.GetProperty("time").GetInt64() * 1_000_000_000;
            var time = DateTimeOffset.FromUnixTimeMilliseconds(nanos / 1_000_000).ToLocalTime();
            var actor = e.GetProperty("Actor");
            var attributes = actor.TryGetProperty("Attributes", out var a) && a.ValueKind == JsonValueKind.Object
                ? " (" + string.Join(", ", a.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value.GetString()}")) + ")"
                : "";
            await context.Out.WriteLineAsync($"{time:yyyy-MM-ddTHH:mm:ss.fffffffzzz} {e.GetProperty("Type").GetString()} {e.GetProperty("Action").GetString()} {actor.GetProperty("ID").GetString()}{attributes}");
        }
        return 0;
    }
}
