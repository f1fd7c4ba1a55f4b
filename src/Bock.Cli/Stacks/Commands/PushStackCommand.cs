using Bock.Cli.CommandLine;
using Bock.Cli.Commands;

namespace Bock.Cli.Stacks.Commands;

/// <summary><c>push</c>: bock's push of each service's image (those with <c>image:</c>), in turn.</summary>
internal sealed class PushStackCommand : IStackCommand
{
    public string Name => "push";
    public string Arguments => "[SERVICE...]";
    public string Summary => "Push service images";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("quiet", 'q', "Push without printing progress information")
        .Bool("ignore-push-failures", null, "Push what it can and ignores images with push failures");

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        var services = ServiceModel.From(await context.ConfigJsonAsync(), flags.Positional).Where(s => s.Image is not null).ToList();
        var push = new PushCommand();
        foreach (var service in services)
        {
            try
            {
                var args = flags.Bool("quiet") ? new[] { "-q", service.Image! } : [service.Image!];
                await push.RunAsync(push.Flags("bockrose push").Parse(args), context.Cli);
            }
            catch (Exception e) when (e is Output.JsonMessageException or Daemon.DaemonException && flags.Bool("ignore-push-failures"))
            {
                await context.Error.WriteLineAsync($"{service.Name}: {e.Message}");
            }
        }
        return 0;
    }
}
