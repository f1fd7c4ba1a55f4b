using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class LoadCommand(string name = "load") : ICommand
{
    public string Name => name;
    public string Arguments => "";
    public string Summary => "Load an image from a tar archive (docker-archive or oci-archive) or STDIN";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Value("input", 'i', "Read from tar archive file, instead of STDIN")
        .Bool("quiet", 'q', "Suppress the load output");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        flags.Arguments(0, 0);
        Stream input;
        if (flags.Value("input") is { } file)
        {
            if (!File.Exists(file)) throw new UsageException($"open {file}: no such file or directory");
            input = File.OpenRead(file);
        }
        else
        {
            if (context.StdinIsTerminal) throw new UsageException("requested load from stdin, but stdin is empty");
            input = Console.OpenStandardInput();
        }
        await using (input)
        {
            using var response = await context.Daemon.SendStreamAsync(HttpMethod.Post, $"images/load?quiet={(flags.Bool("quiet") ? 1 : 0)}", input, "application/x-tar", context.Cancellation);
            await context.Progress().RenderAsync(await response.Content.ReadAsStreamAsync(context.Cancellation), context.Cancellation);
        }
        return 0;
    }
}
