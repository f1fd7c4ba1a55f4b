using Bock.Cli.CommandLine;

namespace Bock.Cli.Stacks.Commands;

internal sealed class VersionStackCommand : IStackCommand
{
    public string Name => "version";
    public string Arguments => "";
    public string Summary => "Show the bockrose version information";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("short", null, "Shows only bockrose's version number")
        .Value("format", 'f', "Format the output. Values: [pretty | json]. (Default: pretty)");

    public static string Number => typeof(VersionStackCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static string Text() => $"Bockrose version v{Number}";

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        flags.Arguments(0, 0);
        await context.Out.WriteLineAsync(flags.Bool("short") ? Number : flags.Value("format") == "json" ? $"{{\"version\":\"v{Number}\"}}" : Text());
        return 0;
    }
}
