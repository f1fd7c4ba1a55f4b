using Bock.Api;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Stacks.Commands;

/// <summary><c>scale web=3 worker=2</c>: POST /bock/stacks/{project}/scale; the supervisors add or remove replicas.</summary>
internal sealed class ScaleStackCommand : IStackCommand
{
    public string Name => "scale";
    public string Arguments => "[SERVICE=REPLICAS...]";
    public string Summary => "Scale services";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath).Bool("no-deps", null, "Don't start linked services");

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        var scale = UpRequestParser.Scale(flags.Arguments(1), "");
        return await context.StreamAsync<IReadOnlyDictionary<string, int>>(await context.ProjectPathAsync("scale"), scale,
            BockApiJsonContext.Default.IReadOnlyDictionaryStringInt32, "Running");
    }
}
