using Bock.Api;
using Bock.Api.Dtos;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class NetworkConnectCommand : ICommand
{
    public string Name => "connect";
    public string Arguments => "NETWORK CONTAINER";
    public string Summary => "Connect a container to a network";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .List("alias", null, "Add network-scoped alias for the container")
        .Value("ip", null, "IPv4 address (e.g., \"172.30.100.104\")", "string");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var args = flags.Arguments(2, 2);
        var request = new NetworkConnectRequest
        {
            Container = args[1],
            EndpointConfig = new EndpointSettingsDto
            {
                Aliases = flags.List("alias") is { Count: > 0 } aliases ? aliases : null,
                IPAMConfig = flags.Value("ip") is { } ip ? new EndpointIpamConfigDto { IPv4Address = ip } : null,
            },
        };
        using var response = await context.Daemon.SendAsync(HttpMethod.Post, $"networks/{EachContainer.Escape(args[0])}/connect",
            new Daemon.JsonBytesContent(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(request, BockApiJsonContext.Default.NetworkConnectRequest)), context.Cancellation);
        return 0;
    }
}
