using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Output;

namespace Bock.Cli.Commands;

internal sealed class PsCommand(string name = "ps") : ICommand
{
    public string Name => name;
    public string Arguments => "";
    public string Summary => "List containers";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("all", 'a', "Show all containers (default shows just running)")
        .Bool("quiet", 'q', "Only display container IDs")
        .List("filter", 'f', "Filter output based on conditions provided", "filter")
        .Value("format", null, "Format output using a custom template")
        .Bool("no-trunc", null, "Don't truncate output")
        .Value("last", 'n', "Show n last created containers (includes all states)", "int")
        .Bool("latest", 'l', "Show the latest created container (includes all states)");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        flags.Arguments(0, 0);
        var last = flags.Bool("latest") ? 1 : flags.Int("last") ?? -1;
        var all = flags.Bool("all") || last > 0;
        var query = $"containers/json?all={(all ? 1 : 0)}" + (flags.List("filter") is { Count: > 0 } f ? "&" + Filters.Query(f) : "");
        var containers = (await context.Daemon.GetJsonAsync(query, context.Cancellation)).EnumerateArray()
            .OrderByDescending(c => c.GetProperty("Created").GetInt64()).ToList();
        if (last > 0) containers = containers.Take(last).ToList();
        var noTrunc = flags.Bool("no-trunc");
        if (flags.Bool("quiet"))
        {
            foreach (var c in containers) await context.Out.WriteLineAsync(Id(c, noTrunc));
            return 0;
        }
        var rows = containers.Select(c => Row(c, noTrunc)).ToList();
        Listing.Write(context.Out, rows, flags.Value("format"),
            [("CONTAINER ID", "ID"), ("IMAGE", "Image"), ("COMMAND", "Command"), ("CREATED", "RunningFor"), ("STATUS", "Status"), ("PORTS", "Ports"), ("NAMES", "Names")]);
        return 0;
    }

    private static string Id(JsonElement c, bool noTrunc) => noTrunc ? c.GetProperty("Id").GetString()! : c.GetProperty("Id").GetString()![..12];

    internal static JsonElement Row(JsonElement c, bool noTrunc)
    {
        var command = c.TryGetProperty("Command", out var cmd) ? cmd.GetString() ?? "" : "";
        if (!noTrunc && command.Length > 20) command = command[..19] + "…";
        var created = DateTimeOffset.FromUnixTimeSeconds(c.GetProperty("Created").GetInt64());
        var labels = c.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object ? l : default;
        var builder = new RowBuilder()
            .Add("ID", Id(c, noTrunc))
            .Add("Image", c.GetProperty("Image").GetString() ?? "")
            .Add("Command", $"\"{command}\"")
            .Add("CreatedAt", created.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz"))
            .Add("RunningFor", Units.Ago(created))
            .Add("Status", c.GetProperty("Status").GetString() ?? "")
            .Add("State", c.GetProperty("State").GetString() ?? "")
            .Add("Ports", Ports(c))
            .Add("Names", string.Join(',', c.GetProperty("Names").EnumerateArray().Select(n => n.GetString()!.TrimStart('/'))))
            .Add("Mounts", Mounts(c, noTrunc))
            .Add("Labels", labels.ValueKind == JsonValueKind.Object ? string.Join(',', labels.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}")) : "");
        if (labels.ValueKind == JsonValueKind.Object) builder.Add("LabelMap", labels);
        return builder.Build();
    }

    /// <summary>Docker's Mounts column: each mount's volume name, else its source, cut to 15 characters unless --no-trunc.</summary>
    private static string Mounts(JsonElement c, bool noTrunc)
    {
        if (!c.TryGetProperty("Mounts", out var mounts) || mounts.ValueKind != JsonValueKind.Array) return "";
        return string.Join(',', mounts.EnumerateArray().Select(m =>
        {
            var name = m.TryGetProperty("Name", out var n) && n.GetString() is { Length: > 0 } volume ? volume
                : m.TryGetProperty("Source", out var s) ? s.GetString() ?? "" : "";
            return noTrunc || name.Length <= 15 ? name : name[..14] + "…";
        }));
    }

    private static string Ports(JsonElement c)
    {
        if (!c.TryGetProperty("Ports", out var ports) || ports.ValueKind != JsonValueKind.Array) return "";
        return string.Join(", ", ports.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? p.GetString()
            : p.TryGetProperty("PublicPort", out var pub) ? $"{(p.TryGetProperty("IP", out var ip) ? ip.GetString() : "0.0.0.0")}:{pub.GetInt32()}->{p.GetProperty("PrivatePort").GetInt32()}/{p.GetProperty("Type").GetString()}"
            : $"{p.GetProperty("PrivatePort").GetInt32()}/{p.GetProperty("Type").GetString()}"));
    }
}
