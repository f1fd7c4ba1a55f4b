using System.Text.Json;
using Bock.Api;
using Bock.Api.Dtos;
using Bock.Cli.CommandLine;
using Bock.Cli.Commands;
using Bock.Cli.Daemon;
using Bock.Cli.Output;

namespace Bock.Cli.Stacks.Commands;

/// <summary>
/// <c>ps</c>: the project's containers from the Docker API (by label), STATUS in Docker's words (bockd's, as dockerd's:
/// "Up About a minute (healthy)"), with what only the stack knows added to that of a container that is not running:
/// its service's supervisor backing off or having failed ("backoff (next try in 4s)").
/// </summary>
internal sealed class PsStackCommand : IStackCommand
{
    public string Name => "ps";
    public string Arguments => "[SERVICE...]";
    public string Summary => "List containers";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("all", 'a', "Show all stopped containers (including those created by the run command)")
        .Bool("quiet", 'q', "Only display IDs")
        .Bool("services", null, "Display services")
        .Value("format", null, "Format output using a custom template: 'table' (default), 'json', or a Go template")
        .Bool("no-trunc", null, "Don't truncate output");

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        var project = await context.ProjectNameAsync();
        var all = flags.Bool("all");
        var containers = (await ProjectContainers.ListAsync(context.Daemon, project, all, flags.Positional, context.Cancellation))
            .Where(c => all || !ProjectContainers.IsOneOff(c)).ToList();
        if (flags.Bool("quiet"))
        {
            foreach (var c in containers) await context.Out.WriteLineAsync(ProjectContainers.Id(c));
            return 0;
        }
        if (flags.Bool("services"))
        {
            foreach (var service in containers.Select(c => ProjectContainers.Label(c, ProjectContainers.ServiceLabel)).Distinct())
                await context.Out.WriteLineAsync(service);
            return 0;
        }
        var states = await ServiceStatesAsync(context, project);
        var format = flags.Value("format");
        if (format == "json")
        {
            foreach (var c in containers) await context.Out.WriteLineAsync(CompactJson.Of(Row(c, project, states, noTrunc: true)));
            return 0;
        }
        var rows = containers.Select(c => Row(c, project, states, flags.Bool("no-trunc"))).ToList();
        Listing.Write(context.Out, rows, format,
            [("NAME", "Name"), ("IMAGE", "Image"), ("COMMAND", "Command"), ("SERVICE", "Service"), ("CREATED", "RunningFor"), ("STATUS", "Status"), ("PORTS", "Ports")]);
        return 0;
    }

    /// <summary>The stack's view of each service; none when bockd does not manage this project (made by another tool).</summary>
    private static async Task<IReadOnlyDictionary<string, ServiceStatus>> ServiceStatesAsync(StackContext context, string project)
    {
        try
        {
            var detail = await context.Daemon.GetAsync($"bock/stacks/{Uri.EscapeDataString(project)}", BockApiJsonContext.Default.StackDetail, context.Cancellation);
            return detail.Services.ToDictionary(s => s.Name);
        }
        catch (DaemonException)
        {
            return new Dictionary<string, ServiceStatus>();
        }
    }

    internal static JsonElement Row(JsonElement c, string project, IReadOnlyDictionary<string, ServiceStatus> states, bool noTrunc)
    {
        var command = c.TryGetProperty("Command", out var cmd) ? cmd.GetString() ?? "" : "";
        if (!noTrunc && command.Length > 20) command = command[..19] + "…";
        var created = DateTimeOffset.FromUnixTimeSeconds(c.TryGetProperty("Created", out var cr) ? cr.GetInt64() : 0);
        var service = ProjectContainers.Label(c, ProjectContainers.ServiceLabel);
        var state = ProjectContainers.State(c);
        var status = c.TryGetProperty("Status", out var s) ? s.GetString() ?? "" : "";
        // A replica between two lives (crash loop): Docker shows "Exited"; the supervisor knows it is backing off, or
        // has given up. Otherwise the status is Docker's own wording ("Up 5 seconds", "Exited (0) 3 seconds ago").
        if (state != "running" && states.TryGetValue(service, out var serviceState) && serviceState.State is { } supervised
            && (supervised.StartsWith("backoff", StringComparison.Ordinal) || supervised.StartsWith("failed", StringComparison.Ordinal)))
            status += $" ({supervised})";
        var health = states.TryGetValue(service, out var st) ? st.Health ?? "" : "";
        var id = ProjectContainers.Id(c);
        return new RowBuilder()
            .Add("ID", noTrunc ? id : id[..Math.Min(12, id.Length)])
            .Add("Name", ProjectContainers.Name(c))
            .Add("Image", c.TryGetProperty("Image", out var image) ? image.GetString() ?? "" : "")
            .Add("Command", $"\"{command}\"")
            .Add("Project", project)
            .Add("Service", service)
            .Add("CreatedAt", created.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz"))
            .Add("RunningFor", Units.Ago(created))
            .Add("State", state)
            .Add("Status", status)
            .Add("Health", health)
            .Add("Ports", Ports(c))
            .Build();
    }

    private static string Ports(JsonElement c)
    {
        if (!c.TryGetProperty("Ports", out var ports) || ports.ValueKind != JsonValueKind.Array) return "";
        return string.Join(", ", ports.EnumerateArray().Select(p => p.TryGetProperty("PublicPort", out var pub) && pub.ValueKind == JsonValueKind.Number
            ? $"{(p.TryGetProperty("IP", out var ip) ? ip.GetString() : "0.0.0.0")}:{pub.GetInt32()}->{p.GetProperty("PrivatePort").GetInt32()}/{p.GetProperty("Type").GetString()}"
            : $"{p.GetProperty("PrivatePort").GetInt32()}/{p.GetProperty("Type").GetString()}"));
    }
}
