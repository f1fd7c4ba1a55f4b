using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class NetworkRmCommand : ICommand
{
    public string Name => "rm";
    public string Arguments => "NETWORK [NETWORK...]";
    public string Summary => "Remove one or more networks";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath).Bool("force", 'f', "Do not error if the network does not exist");

    public Task<int> RunAsync(ParsedFlags flags, CliContext context) =>
        EachContainer.RunAsync(context, flags.Arguments(1), async n =>
        {
            try
            {
                await context.Daemon.SendAsync(HttpMethod.Delete, $"networks/{EachContainer.Escape(n)}", context.Cancellation);
            }
            catch (Daemon.DaemonException e) when (e.Status == 404 && flags.Bool("force"))
            {
                // -f: a network that is not there is what was asked for.
            }
        });
}
