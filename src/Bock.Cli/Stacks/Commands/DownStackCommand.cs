using Bock.Api;
using Bock.Api.Dtos;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Stacks.Commands;

internal sealed class DownStackCommand : IStackCommand
{
    public string Name => "down";
    public string Arguments => "";
    public string Summary => "Stop and remove containers, networks";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("volumes", 'v', "Remove named volumes declared in the \"volumes\" section of the Compose file and anonymous volumes attached to containers")
        .Bool("remove-orphans", null, "Remove containers for services not defined in the Compose file")
        .Value("timeout", 't', "Specify a shutdown timeout in seconds", "int");

    public static StackDownRequest ToRequest(ParsedFlags flags) => new()
    {
        Volumes = flags.Bool("volumes"),
        RemoveOrphans = flags.Bool("remove-orphans"),
        Timeout = flags.Int("timeout"),
    };

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        flags.Arguments(0, 0);
        return await context.StreamAsync(await context.ProjectPathAsync("down"), ToRequest(flags), BockApiJsonContext.Default.StackDownRequest, "Running");
    }
}
