using Bock.Api;
using Bock.Cli.CommandLine;
using Bock.Cli.Output;

namespace Bock.Cli.Commands;

internal sealed class InfoCommand : ICommand
{
    public string Name => "info";
    public string Arguments => "";
    public string Summary => "Display system-wide information";

    public FlagSet Flags(string commandPath) => new(commandPath);

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        flags.Arguments(0, 0);
        var info = await context.Daemon.GetAsync("info", BockApiJsonContext.Default.InfoResponse, context.Cancellation);
        await context.Out.WriteLineAsync($"""
            Server:
             Containers: {info.Containers}
              Running: {info.ContainersRunning}
              Paused: {info.ContainersPaused}
              Stopped: {info.ContainersStopped}
             Images: {info.Images}
             Server Version: {info.ServerVersion}
             Storage Driver: {info.Driver}
             Cgroup Driver: {info.CgroupDriver}
             Cgroup Version: {info.CgroupVersion}
             Default Runtime: {info.DefaultRuntime}
             Kernel Version: {info.KernelVersion}
             Operating System: {info.OperatingSystem}
             OSType: {info.OSType}
             Architecture: {info.Architecture}
             CPUs: {info.NCPU}
             Total Memory: {Units.BinarySize(info.MemTotal)}
             Name: {info.Name}
             ID: {info.ID}
             Docker Root Dir: {info.DockerRootDir}
            """);
        return 0;
    }
}
