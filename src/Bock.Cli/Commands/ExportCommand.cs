using Bock.Cli.CommandLine;
using Bock.Cli.Io;

namespace Bock.Cli.Commands;

internal sealed class ExportCommand : ICommand
{
    public string Name => "export";
    public string Arguments => "CONTAINER";
    public string Summary => "Export a container's filesystem as a tar archive";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath).Value("output", 'o', "Write to a file, instead of STDOUT");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var container = flags.Arguments(1, 1)[0];
        var output = flags.Value("output");
        if (output is null && context.StdoutIsTerminal)
            throw new UsageException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        using var response = await context.Daemon.SendAsync(HttpMethod.Get, $"containers/{EachContainer.Escape(container)}/export", null, context.Cancellation);
        await using var body = await response.Content.ReadAsStreamAsync(context.Cancellation);
        await ArchiveOutput.WriteAsync(body, output, context.Cancellation);
        return 0;
    }
}
