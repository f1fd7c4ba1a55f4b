using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Daemon;

namespace Bock.Cli.Commands;

internal sealed class RmiCommand(string name = "rmi") : ICommand
{
    public string Name => name;
    public string Arguments => "IMAGE [IMAGE...]";
    public string Summary => "Remove one or more images";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("force", 'f', "Force removal of the image")
        .Bool("no-prune", null, "Do not delete untagged parents");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var failed = false;
        foreach (var image in flags.Arguments(1))
        {
            try
            {
                using var response = await context.Daemon.SendAsync(HttpMethod.Delete,
                    $"images/{EachContainer.EscapeImage(image)}?force={(flags.Bool("force") ? "true" : "false")}&noprune={(flags.Bool("no-prune") ? "true" : "false")}", null, context.Cancellation);
                using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.Cancellation));
                foreach (var item in json.RootElement.EnumerateArray())
                foreach (var property in item.EnumerateObject())
                    await context.Out.WriteLineAsync($"{property.Name}: {property.Value.GetString()}");
            }
            catch (DaemonException e)
            {
                failed = true;
                await context.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
            }
        }
        return failed ? 1 : 0;
    }
}
