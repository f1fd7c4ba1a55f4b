using Bock.Cli.Stacks.Commands;

namespace Bock.Cli.Stacks;

/// <summary>Every command of <c>bockrose</c>, in the order <c>--help</c> lists them (docker compose's).</summary>
internal static class StackCommandTable
{
    private static readonly IStackCommand[] Commands =
    [
        new BuildStackCommand(), new ConfigStackCommand(), new DownStackCommand(), new EventsStackCommand(), new ExecStackCommand(),
        new ActionStackCommand("kill", "Force stop service containers"), new LogsStackCommand(), new LsStackCommand(),
        new ActionStackCommand("pause", "Pause services"), new PsStackCommand(), new PullStackCommand(), new PushStackCommand(),
        new ActionStackCommand("restart", "Restart service containers"), new RmStackCommand(), new RunStackCommand(),
        new ScaleStackCommand(), new ActionStackCommand("start", "Start services"), new ActionStackCommand("stop", "Stop services"),
        new TopStackCommand(), new ActionStackCommand("unpause", "Unpause services"), new UpStackCommand(), new VersionStackCommand(),
    ];

    public static IStackCommand? Find(string name) => Commands.FirstOrDefault(c => c.Name == name);

    public static string Usage(string program) =>
        $"""
         Usage:  {program} [OPTIONS] COMMAND

         Define and run multi-container applications with Bock (docker compose's command line over bockd).

         Options:
               --env-file stringArray         Specify an alternate environment file
           -f, --file stringArray             Compose configuration files
           -H, --host string                  Daemon socket to connect to (default unix:///run/bock/bock.sock, or $BOCK_HOST)
               --profile stringArray          Specify a profile to enable
               --project-directory string     Specify an alternate working directory
                                              (default: the path of the, first specified, Compose file)
           -p, --project-name string          Project name
           -v, --version                      Show the bockrose version information

         Commands:
         {string.Concat(Commands.Select(c => $"  {c.Name,-10}{c.Summary}\n"))}
         Run '{program} COMMAND --help' for more information on a command.
         """;
}
