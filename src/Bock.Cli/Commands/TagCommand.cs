using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class TagCommand(string name = "tag") : ICommand
{
    public string Name => name;
    public string Arguments => "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]";
    public string Summary => "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE";

    public FlagSet Flags(string commandPath) => new(commandPath);

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var args = flags.Arguments(2, 2);
        var target = args[1];
        var lastColon = target.LastIndexOf(':');
        var (repo, tag) = lastColon > target.LastIndexOf('/') ? (target[..lastColon], target[(lastColon + 1)..]) : (target, "latest");
        await context.Daemon.SendAsync(HttpMethod.Post,
            $"images/{EachContainer.EscapeImage(args[0])}/tag?repo={Uri.EscapeDataString(repo)}&tag={Uri.EscapeDataString(tag)}", context.Cancellation);
        return 0;
    }
}
