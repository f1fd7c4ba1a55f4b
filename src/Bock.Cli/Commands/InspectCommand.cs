using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Daemon;
using Bock.Cli.Output;

namespace Bock.Cli.Commands;

/// <summary>
/// <c>inspect</c> (containers, then images, then volumes, as Docker tries them), <c>container inspect</c>,
/// <c>image inspect</c> and <c>volume inspect</c>: a JSON array, or one <c>--format</c> line per object.
/// </summary>
internal sealed class InspectCommand(string name, string summary, params string[] kinds) : ICommand
{
    public string Name => name;
    public string Arguments => "NAME|ID [NAME|ID...]";
    public string Summary => summary;

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Value("format", 'f', "Format output using a custom template")
        .Value("type", null, "Only inspect objects of the given type (container, image, volume, network)");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var types = flags.Value("type") is { } type ? [type] : kinds;
        var found = new List<JsonElement>();
        var failed = false;
        foreach (var target in flags.Arguments(1))
        {
            if (await FindAsync(context, target, types) is { } json) found.Add(json);
            else
            {
                failed = true;
                await context.Error.WriteLineAsync($"Error: No such object: {target}");
            }
        }
        if (flags.Value("format") is { } format)
        {
            var template = new GoTemplate(format);
            foreach (var json in found) await context.Out.WriteLineAsync(template.Render(json));
        }
        else
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartArray();
                foreach (var json in found) json.WriteTo(writer);
                writer.WriteEndArray();
            }
            await context.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        return failed ? 1 : 0;
    }

    private static async Task<JsonElement?> FindAsync(CliContext context, string target, IReadOnlyList<string> types)
    {
        foreach (var type in types)
        {
            var path = type switch
            {
                "container" => $"containers/{EachContainer.Escape(target)}/json",
                "image" => $"images/{EachContainer.EscapeImage(target)}/json",
                "volume" => $"volumes/{EachContainer.Escape(target)}",
                "network" => $"networks/{EachContainer.Escape(target)}",
                _ => throw new UsageException($"\"{type}\" is not a valid value for --type"),
            };
            try
            {
                return await context.Daemon.GetJsonAsync(path, context.Cancellation);
            }
            catch (DaemonException e) when (e.Status == 404)
            {
            }
        }
        return null;
    }
}
