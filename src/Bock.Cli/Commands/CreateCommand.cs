using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class CreateCommand : ICommand
{
    public string Name => "create";
    public string Arguments => "IMAGE [COMMAND] [ARG...]";
    public string Summary => "Create a new container";

    public FlagSet Flags(string commandPath) => ContainerOptions.Declare(new FlagSet(commandPath, stopAtFirstPositional: true));

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var request = ContainerOptions.ToRequest(flags, flags.Arguments(1));
        try
        {
            var created = await ContainerCreator.CreateAsync(context, request, flags.Value("name"), flags.Value("pull"), flags.Value("platform"));
            await context.Out.WriteLineAsync(created.Id);
            return 0;
        }
        catch (Daemon.DaemonException e)
        {
            await context.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
            return 125;
        }
        catch (Output.JsonMessageException e)
        {
            await context.Error.WriteLineAsync(e.Message);
            return 125;
        }
    }
}
