using Bock.Api;
using Bock.Api.Dtos;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Stacks.Commands;

/// <summary>
/// start, stop, restart, kill, pause, unpause: POST /bock/stacks/{project}/{verb} for the services named (all when
/// none), with the flags docker compose gives each (<c>-t</c> for stop and restart, <c>-s</c> for kill).
/// </summary>
internal sealed class ActionStackCommand(string name, string summary) : IStackCommand
{
    public string Name => name;
    public string Arguments => "[SERVICE...]";
    public string Summary => summary;

    public FlagSet Flags(string commandPath)
    {
        var flags = new FlagSet(commandPath);
        if (name is "stop" or "restart") flags.Value("timeout", 't', "Specify a shutdown timeout in seconds", "int");
        if (name == "kill")
        {
            flags.Value("signal", 's', "SIGNAL to send to the container (default \"SIGKILL\")");
            flags.Bool("remove-orphans", null, "Remove containers for services not defined in the Compose file");
        }
        return flags;
    }

    public StackActionRequest ToRequest(ParsedFlags flags) => new()
    {
        Services = flags.Positional,
        Timeout = name is "stop" or "restart" ? flags.Int("timeout") : null,
        Signal = name == "kill" ? flags.Value("signal") : null,
    };

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context) =>
        await context.StreamAsync(await context.ProjectPathAsync(name), ToRequest(flags), BockApiJsonContext.Default.StackActionRequest, Verb);

    private string Verb => name switch
    {
        "start" => "Running",
        "stop" => "Stopping",
        "restart" => "Restarting",
        "kill" => "Killing",
        "pause" => "Pausing",
        _ => "Unpausing",
    };
}
