using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Daemon;

namespace Bock.Cli.Commands;

internal sealed class VolumeCreateCommand : ICommand
{
    public string Name => "create";
    public string Arguments => "[VOLUME]";
    public string Summary => "Create a volume";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Value("driver", 'd', "Specify volume driver name")
        .List("label", null, "Set metadata for a volume")
        .List("opt", 'o', "Set driver specific options", "map");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var name = flags.Arguments(0, 1) is [var n] ? n : null;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (name is not null) json.WriteString("Name", name);
            json.WriteString("Driver", flags.Value("driver") ?? "local");
            json.WriteStartObject("Labels");
            foreach (var label in flags.List("label")) json.WriteString(label.Split('=', 2)[0], label.Contains('=') ? label.Split('=', 2)[1] : "");
            json.WriteEndObject();
            json.WriteStartObject("DriverOpts");
            foreach (var opt in flags.List("opt")) json.WriteString(opt.Split('=', 2)[0], opt.Contains('=') ? opt.Split('=', 2)[1] : "");
            json.WriteEndObject();
            json.WriteEndObject();
        }
        using var response = await context.Daemon.SendAsync(HttpMethod.Post, "volumes/create", new JsonBytesContent(buffer.ToArray()), context.Cancellation);
        using var created = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.Cancellation));
        await context.Out.WriteLineAsync(created.RootElement.GetProperty("Name").GetString());
        return 0;
    }
}
