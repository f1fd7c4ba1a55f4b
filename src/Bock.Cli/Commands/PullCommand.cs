using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class PullCommand : ICommand
{
    public string Name => "pull";
    public string Arguments => "NAME[:TAG|@DIGEST]";
    public string Summary => "Download an image from a registry";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Value("platform", null, "Set platform if server is multi-platform capable")
        .Bool("quiet", 'q', "Suppress verbose output");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var image = flags.Arguments(1, 1)[0];
        var output = flags.Bool("quiet") ? TextWriter.Null : context.Out;
        await ImagePuller.PullAsync(context, image, flags.Value("platform"), output);
        if (flags.Bool("quiet")) await context.Out.WriteLineAsync(ImagePuller.Normalize(image));
        return 0;
    }
}
