using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class PushCommand : ICommand
{
    public string Name => "push";
    public string Arguments => "NAME[:TAG]";
    public string Summary => "Upload an image to a registry";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath).Bool("quiet", 'q', "Suppress verbose output");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var image = flags.Arguments(1, 1)[0];
        var lastColon = image.LastIndexOf(':');
        var (name, tag) = lastColon > image.LastIndexOf('/') ? (image[..lastColon], image[(lastColon + 1)..]) : (image, "latest");
        var auth = new Daemon.JsonBytesContent([]);
        auth.Headers.Add("X-Registry-Auth", RegistryAuth.HeaderFor(name));
        using var response = await context.Daemon.SendAsync(HttpMethod.Post, $"images/{EachContainer.EscapeImage(name)}/push?tag={Uri.EscapeDataString(tag)}", auth, context.Cancellation);
        var renderer = flags.Bool("quiet") ? new Output.JsonMessageRenderer(TextWriter.Null, false) : context.Progress();
        await renderer.RenderAsync(await response.Content.ReadAsStreamAsync(context.Cancellation), context.Cancellation);
        if (flags.Bool("quiet")) await context.Out.WriteLineAsync($"{name}:{tag}");
        return 0;
    }
}
