using Bock.Cli.CommandLine;
using Bock.Cli.Daemon;

namespace Bock.Cli.Commands;

internal sealed class WaitCommand : ICommand
{
    public string Name => "wait";
    public string Arguments => "CONTAINER [CONTAINER...]";
    public string Summary => "Block until one or more containers stop, then print their exit codes";

    public FlagSet Flags(string commandPath) => new(commandPath);

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var failed = false;
        foreach (var name in flags.Arguments(1))
        {
            try
            {
                var json = await context.Daemon.GetJsonViaPostAsync($"containers/{EachContainer.Escape(name)}/wait", context.Cancellation);
                await context.Out.WriteLineAsync(json.GetProperty("StatusCode").GetInt32().ToString());
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
