using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class LogoutCommand : ICommand
{
    public string Name => "logout";
    public string Arguments => "[SERVER]";
    public string Summary => "Log out from a registry";

    public FlagSet Flags(string commandPath) => new(commandPath);

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var server = flags.Arguments(0, 1) is [var s] ? s : "https://index.docker.io/v1/";
        RegistryAuth.Write(server, null);
        await context.Out.WriteLineAsync($"Removing login credentials for {server}");
        return 0;
    }
}
