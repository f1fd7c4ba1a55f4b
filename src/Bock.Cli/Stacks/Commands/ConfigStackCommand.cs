using Bock.Api;
using Bock.Cli.CommandLine;
using Bock.Cli.Daemon;

namespace Bock.Cli.Stacks.Commands;

/// <summary>
/// <c>config</c>: the loader in bockd resolves the files (merge, interpolation, profiles, validation) and answers the
/// canonical model; an invalid file answers 400 with <c>file:line:col: …</c>, printed as it is, exit 1.
/// </summary>
internal sealed class ConfigStackCommand : IStackCommand
{
    public string Name => "config";
    public string Arguments => "[SERVICE...]";
    public string Summary => "Parse, resolve and render compose file in canonical format";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Value("format", null, "Format the output. Values: [yaml | json] (default \"yaml\")")
        .Bool("services", null, "Print the service names, one per line.")
        .Bool("quiet", 'q', "Only validate the configuration, don't print anything.");

    public static string Query(ParsedFlags flags)
    {
        var format = flags.Value("format") ?? "yaml";
        if (format is not ("yaml" or "json")) throw new UsageException($"unsupported format \"{format}\": expected yaml or json");
        return $"bock/stacks/config?format={format}" + (flags.Bool("services") ? "&services=1" : "") + (flags.Bool("quiet") ? "&quiet=1" : "");
    }

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        using var response = await context.Daemon.SendAsync(HttpMethod.Post, Query(flags),
            new JsonBytesContent(DaemonClient.Serialize(context.Request, BockApiJsonContext.Default.StackRequest)), context.Cancellation);
        var text = await response.Content.ReadAsStringAsync(context.Cancellation);
        if (flags.Bool("quiet")) return 0;
        await context.Out.WriteAsync(text);
        if (text.Length > 0 && !text.EndsWith('\n')) await context.Out.WriteLineAsync();
        return 0;
    }
}
