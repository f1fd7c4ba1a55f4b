using Bock.Api;
using Bock.Api.Dtos;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class NetworkCreateCommand : ICommand
{
    public string Name => "create";
    public string Arguments => "NETWORK";
    public string Summary => "Create a network";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Value("driver", 'd', "Driver to manage the Network (default \"bridge\")", "string")
        .Value("subnet", null, "Subnet in CIDR format that represents a network segment", "string")
        .Value("gateway", null, "IPv4 Gateway for the master subnet", "string")
        .Bool("internal", null, "Restrict external access to the network")
        .List("label", null, "Set metadata on a network");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var name = flags.Arguments(1, 1)[0];
        if (flags.Value("gateway") is not null && flags.Value("subnet") is null)
            throw new UsageException("every ip-range or gateway must have a corresponding subnet");
        var request = new NetworkCreateRequest
        {
            Name = name,
            Driver = flags.Value("driver") ?? "bridge",
            Internal = flags.Bool("internal"),
            CheckDuplicate = true,
            IPAM = flags.Value("subnet") is { } subnet
                ? new IpamDto { Driver = "default", Config = [new IpamConfigDto { Subnet = subnet, Gateway = flags.Value("gateway") }] }
                : null,
            Labels = flags.List("label").ToDictionary(l => l.Split('=', 2)[0], l => l.Contains('=') ? l.Split('=', 2)[1] : ""),
        };
        var created = await context.Daemon.PostAsync("networks/create", request, BockApiJsonContext.Default.NetworkCreateRequest,
            BockApiJsonContext.Default.NetworkCreateResponse, context.Cancellation);
        await context.Out.WriteLineAsync(created.Id);
        return 0;
    }
}
