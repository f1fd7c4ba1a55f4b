using Bock.Api;
using Bock.Cli.CommandLine;
using Bock.Cli.Daemon;

namespace Bock.Cli.Commands;

internal sealed class VersionCommand : ICommand
{
    public string Name => "version";
    public string Arguments => "";
    public string Summary => "Show the Bock version information";

    public FlagSet Flags(string commandPath) => new(commandPath);

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        flags.Arguments(0, 0);
        await context.Out.WriteLineAsync($"""
            Client:
             Version:     {typeof(VersionCommand).Assembly.GetName().Version?.ToString(3)}
             API version: 1.43
             OS/Arch:     linux/amd64

            """);
        try
        {
            var server = await context.Daemon.GetAsync("version", BockApiJsonContext.Default.VersionResponse, context.Cancellation);
            await context.Out.WriteLineAsync($"""
                Server: {server.Platform.Name}
                 Version:     {server.Version}
                 API version: {server.ApiVersion} (minimum version {server.MinAPIVersion})
                 OS/Arch:     {server.Os}/{server.Arch}
                 Kernel:      {server.KernelVersion}
                """);
            return 0;
        }
        catch (DaemonUnreachableException e)
        {
            await context.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }
}
