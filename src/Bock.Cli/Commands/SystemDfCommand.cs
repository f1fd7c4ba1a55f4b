using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Output;

namespace Bock.Cli.Commands;

internal sealed class SystemDfCommand : ICommand
{
    public string Name => "df";
    public string Arguments => "";
    public string Summary => "Show bock disk usage";

    public FlagSet Flags(string commandPath) => new(commandPath);

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        flags.Arguments(0, 0);
        var df = await context.Daemon.GetJsonAsync("system/df", context.Cancellation);
        List<JsonElement> Items(string name) =>
            df.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray().ToList() : [];
        long Size(JsonElement e, string field) => e.TryGetProperty(field, out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : 0;
        var images = Items("Images");
        var containers = Items("Containers");
        var volumes = Items("Volumes");
        var table = new Table("TYPE", "TOTAL", "ACTIVE", "SIZE");
        table.Add("Images", images.Count.ToString(), images.Count(i => Size(i, "Containers") > 0).ToString(), Units.HumanSize(images.Sum(i => Size(i, "Size"))));
        table.Add("Containers", containers.Count.ToString(), containers.Count(c => c.TryGetProperty("State", out var s) && s.GetString() == "running").ToString(),
            Units.HumanSize(containers.Sum(c => Size(c, "SizeRw"))));
        table.Add("Local Volumes", volumes.Count.ToString(),
            volumes.Count(v => v.TryGetProperty("UsageData", out var u) && Size(u, "RefCount") > 0).ToString(),
            Units.HumanSize(volumes.Sum(v => v.TryGetProperty("UsageData", out var u) ? Math.Max(0, Size(u, "Size")) : 0)));
        table.Write(context.Out);
        return 0;
    }
}
