using System.Globalization;
using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Output;

namespace Bock.Cli.Commands;

/// <summary><c>stats --no-stream</c> (one sample per container) or a live table redrawn every sample.</summary>
internal sealed class StatsCommand : ICommand
{
    public string Name => "stats";
    public string Arguments => "[CONTAINER...]";
    public string Summary => "Display a live stream of container(s) resource usage statistics";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("all", 'a', "Show all containers (default shows just running)")
        .Bool("no-stream", null, "Disable streaming stats and only pull the first result")
        .Value("format", null, "Format output using a custom template");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var names = flags.Positional.ToList();
        if (names.Count == 0)
            names = (await context.Daemon.GetJsonAsync($"containers/json?all={(flags.Bool("all") ? 1 : 0)}", context.Cancellation))
                .EnumerateArray().Select(c => c.GetProperty("Id").GetString()![..12]).ToList();
        do
        {
            var rows = new List<JsonElement>();
            foreach (var name in names)
            {
                var stats = await context.Daemon.GetJsonAsync($"containers/{EachContainer.Escape(name)}/stats?stream=false", context.Cancellation);
                rows.Add(Row(name, stats));
            }
            if (!flags.Bool("no-stream") && context.StdoutIsTerminal) await context.Out.WriteAsync("\u001b[2J\u001b[H");
            Listing.Write(context.Out, rows, flags.Value("format"),
                [("CONTAINER ID", "ID"), ("NAME", "Name"), ("CPU %", "CPUPerc"), ("MEM USAGE / LIMIT", "MemUsage"), ("MEM %", "MemPerc"), ("PIDS", "PIDs")]);
            if (flags.Bool("no-stream")) return 0;
            await Task.Delay(TimeSpan.FromSeconds(1), context.Cancellation);
        } while (true);
    }

    private static JsonElement Row(string name, JsonElement stats)
    {
        double Number(JsonElement e, params string[] path)
        {
            foreach (var p in path)
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e)) return 0;
            return e.ValueKind == JsonValueKind.Number ? e.GetDouble() : 0;
        }
        var cpuDelta = Number(stats, "cpu_stats", "cpu_usage", "total_usage") - Number(stats, "precpu_stats", "cpu_usage", "total_usage");
        var systemDelta = Number(stats, "cpu_stats", "system_cpu_usage") - Number(stats, "precpu_stats", "system_cpu_usage");
        var cpus = Math.Max(1, Number(stats, "cpu_stats", "online_cpus"));
        var cpu = systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * cpus * 100 : 0;
        var usage = Number(stats, "memory_stats", "usage");
        var limit = Number(stats, "memory_stats", "limit");
        return new RowBuilder()
            .Add("ID", stats.TryGetProperty("id", out var id) ? id.GetString()![..12] : name)
            .Add("Name", stats.TryGetProperty("name", out var n) ? n.GetString()!.TrimStart('/') : name)
            .Add("CPUPerc", cpu.ToString("0.00", CultureInfo.InvariantCulture) + "%")
            .Add("MemUsage", $"{Units.BinarySize(usage)} / {Units.BinarySize(limit)}")
            .Add("MemPerc", (limit > 0 ? usage / limit * 100 : 0).ToString("0.00", CultureInfo.InvariantCulture) + "%")
            .Add("PIDs", Number(stats, "pids_stats", "current").ToString(CultureInfo.InvariantCulture))
            .Build();
    }
}
