using Bock.Cli.CommandLine;
using Bock.Cli.Io;

namespace Bock.Cli.Commands;

internal sealed class SaveCommand(string name = "save") : ICommand
{
    public string Name => name;
    public string Arguments => "IMAGE [IMAGE...]";
    public string Summary => "Save one or more images to a tar archive (streamed to STDOUT by default)";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath).Value("output", 'o', "Write to a file, instead of STDOUT");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var images = flags.Arguments(1);
        var output = flags.Value("output");
        if (output is null && context.StdoutIsTerminal)
            throw new UsageException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        var query = "images/get?" + string.Join('&', images.Select(i => "names=" + Uri.EscapeDataString(i)));
        using var response = await context.Daemon.SendAsync(HttpMethod.Get, query, null, context.Cancellation);
        await using var body = await response.Content.ReadAsStreamAsync(context.Cancellation);
        await ArchiveOutput.WriteAsync(body, output, context.Cancellation);
        return 0;
    }
}
