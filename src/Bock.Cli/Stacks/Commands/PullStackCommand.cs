using Bock.Api.Dtos;
using Bock.Cli.CommandLine;
using Bock.Cli.Commands;
using Bock.Cli.Output;

namespace Bock.Cli.Stacks.Commands;

/// <summary><c>pull</c>: POST /images/create for each service's image, shown as docker compose's per-service lines.</summary>
internal sealed class PullStackCommand : IStackCommand
{
    public string Name => "pull";
    public string Arguments => "[SERVICE...]";
    public string Summary => "Pull service images";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("quiet", 'q', "Pull without printing progress information")
        .Bool("ignore-pull-failures", null, "Pull what it can and ignores images with pull failures")
        .Bool("ignore-buildable", null, "Ignore images that can be built");

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        var services = ServiceModel.From(await context.ConfigJsonAsync(), flags.Positional)
            .Where(s => s.Image is not null && !(flags.Bool("ignore-buildable") && s.Build is not null)).ToList();
        var renderer = new StackProgressRenderer(flags.Bool("quiet") ? TextWriter.Null : context.Out, context.Cli.StdoutIsTerminal, "Pulling");
        var failed = false;
        foreach (var service in services)
        {
            renderer.Render(new StackProgress { Resource = "", Name = service.Name, Status = "Pulling" });
            try
            {
                await ImagePuller.PullAsync(context.Cli, service.Image!, null, TextWriter.Null);
                renderer.Render(new StackProgress { Resource = "", Name = service.Name, Status = "Pulled" });
            }
            catch (Exception e) when (e is JsonMessageException or Daemon.DaemonException)
            {
                // A service that can be built may pull nothing: compose only warns for those.
                renderer.Render(new StackProgress { Resource = "", Name = service.Name, Status = "Error", Message = e.Message });
                if (service.Build is null && !flags.Bool("ignore-pull-failures")) failed = true;
            }
        }
        renderer.Finish();
        return failed ? 1 : 0;
    }
}
