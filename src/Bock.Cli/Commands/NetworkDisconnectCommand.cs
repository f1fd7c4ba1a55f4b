using Bock.Api;
using Bock.Api.Dtos;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class NetworkDisconnectCommand : ICommand
{
    public string Name => "disconnect";
    public string Arguments => "NETWORK CONTAINER";
    public string Summary => "Disconnect a container from a network";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath).Bool("force", 'f', "Force the container to disconnect from a network");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var args = flags.Arguments(2, 2);
        var request = new NetworkDisconnectRequest { Container = args[1], Force = flags.Bool("force") };
        using var response = await context.Daemon.SendAsync(HttpMethod.Post, $"networks/{EachContainer.Escape(args[0])}/disconnect",
            new Daemon.JsonBytesContent(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(request, BockApiJsonContext.Default.NetworkDisconnectRequest)), context.Cancellation);
        return 0;
    }
}
