namespace Bock.Cli.Commands;

/// <summary>Every top-level command and management group of <c>bock</c>, in the order <c>--help</c> lists them.</summary>
internal static class CommandTable
{
    private static readonly ICommand[] TopLevel =
    [
        new RunCommand(), new CreateCommand(), new StartCommand(), new StopCommand(), new RestartCommand(), new KillCommand(),
        new RmCommand(), new PsCommand(), new LogsCommand(), new ExecCommand(), new InspectCommand("inspect", "Return low-level information on Bock objects", "container", "image", "volume", "network"),
        new WaitCommand(), new TopCommand(), new StatsCommand(), new PauseCommand(), new UnpauseCommand(), new EventsCommand(),
        new CpCommand(), new ExportCommand(), new PullCommand(), new PushCommand(), new ImagesCommand(), new TagCommand(), new RmiCommand(), new LoadCommand(), new SaveCommand(),
        new ImportCommand(), new HistoryCommand(), new LoginCommand(), new LogoutCommand(), new VersionCommand(), new InfoCommand(),
        new BuildCommand(),
    ];

    private static readonly CommandGroup[] Groups =
    [
        new("container", "Manage containers",
        [
            new RunCommand(), new CreateCommand(), new StartCommand(), new StopCommand(), new RestartCommand(), new KillCommand(),
            new RmCommand(), new PsCommand("ls"), new LogsCommand(), new ExecCommand(), new InspectCommand("inspect", "Display detailed information on one or more containers", "container"),
            new WaitCommand(), new TopCommand(), new StatsCommand(), new PauseCommand(), new UnpauseCommand(),
            new CpCommand(), new ExportCommand(), new PruneCommand("containers", "Remove all stopped containers", "ContainersDeleted"),
        ]),
        new("image", "Manage images",
        [
            new ImagesCommand("ls"), new PullCommand(), new PushCommand(), new TagCommand(), new RmiCommand("rm"),
            new InspectCommand("inspect", "Display detailed information on one or more images", "image"), new HistoryCommand(),
            new LoadCommand(), new SaveCommand(), new ImportCommand(), new PruneCommand("images", "Remove unused images", "ImagesDeleted"),
            new BuildCommand(),
        ]),
        new("volume", "Manage volumes",
        [
            new VolumeCreateCommand(), new VolumeLsCommand(), new InspectCommand("inspect", "Display detailed information on one or more volumes", "volume"),
            new VolumeRmCommand(), new PruneCommand("volumes", "Remove unused local volumes", "VolumesDeleted"),
        ]),
        new("network", "Manage networks",
        [
            new NetworkCreateCommand(), new NetworkLsCommand(), new InspectCommand("inspect", "Display detailed information on one or more networks", "network"),
            new NetworkRmCommand(), new PruneCommand("networks", "Remove all unused networks", "NetworksDeleted"), new NetworkConnectCommand(), new NetworkDisconnectCommand(),
        ]),
        new("system", "Manage Bock",
        [
            new SystemDfCommand(), new SystemPruneCommand(), new InfoCommand(), new EventsCommand(),
        ]),
    ];

    public static ICommand? Find(string name) => TopLevel.FirstOrDefault(c => c.Name == name);

    public static CommandGroup? Group(string name) => Groups.FirstOrDefault(g => g.Name == name);

    public static string Usage(string program) =>
        $"""
         Usage:  {program} [OPTIONS] COMMAND

         A container runtime: Docker's command line over bockd (started on first use).

         Options:
           -H, --host string   Daemon socket to connect to (default unix:///run/bock/bock.sock, or $BOCK_HOST)
           -v, --version       Print version information and quit
           -h, --help          Print usage

         Management Commands:
         {string.Concat(Groups.Select(g => $"  {g.Name,-11}{g.Summary}\n"))}
         Commands:
         {string.Concat(TopLevel.Select(c => $"  {c.Name,-11}{c.Summary}\n"))}
         Run '{program} COMMAND --help' for more information on a command.
         """;
}
