namespace Bock.Cli.Commands;

/// <summary>
/// The commands of <c>bock-runtime</c>, the image builder's face of the thin client (chosen by argv[0]): build and
/// the image commands a builder needs around it, the same commands as bock's.
/// </summary>
internal static class RuntimeCommandTable
{
    private static readonly ICommand[] Commands =
    [
        new BuildCommand(), new ImagesCommand(), new PushCommand(), new TagCommand(), new RmiCommand(),
        new InspectCommand("inspect", "Display detailed information on one or more images", "image"),
    ];

    public static ICommand? Find(string name) => Commands.FirstOrDefault(c => c.Name == name);

    public static string Usage(string program) =>
        $"""
         Usage:  {program} [OPTIONS] COMMAND

         Builds container images from a Bockfile or a Dockerfile with bockd (started on first use).

         Options:
           -H, --host string   Daemon socket to connect to (default unix:///run/bock/bock.sock, or $BOCK_HOST)
           -v, --version       Print version information and quit
           -h, --help          Print usage

         Commands:
         {string.Concat(Commands.Select(c => $"  {c.Name,-11}{c.Summary}\n"))}
         Run '{program} COMMAND --help' for more information on a command.
         """;
}
