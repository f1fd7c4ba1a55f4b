using Bock.Oci.Cli;
using Bock.Oci.Runtime;

namespace Bock.Oci.Commands;

public sealed class CreateCommand : ICommand
{
    public string Name => "create";
    public string Summary => "create a container from a bundle; it waits for `start`";
    public string Usage => """
        Usage: bock-oci create [options] <container-id>

          -b, --bundle DIR        the bundle (config.json + rootfs); default: the current directory
          --pid-file FILE         write the container's init pid here
          --console-socket SOCK   send the pty master here (required when process.terminal is true)
          --no-pivot              switch root with MS_MOVE + chroot instead of pivot_root
          --preserve-fds N        pass N extra fds (from 3 on) to the container
          --no-new-keyring        accepted for runc compatibility (no session keyring is made)
        """;

    public int Run(GlobalOptions global, IReadOnlyList<string> args)
    {
        var reader = Options().Parse(args, Name);
        var id = CommandHelpers.SingleId(reader, Name);
        ContainerLauncher.Create(ToCreateOptions(global, reader, id) with { Detached = true });
        return 0;
    }

    public static ArgReader Options() => new ArgReader()
        .Value("bundle", "b").Value("pid-file").Value("console-socket").Flag("no-pivot").Value("preserve-fds")
        .Flag("no-new-keyring").Flag("detach", "d").Flag("keep").Flag("no-subreaper");

    public static CreateOptions ToCreateOptions(GlobalOptions global, ArgReader reader, string id) =>
        new(global.Root, id, reader.Get("bundle") ?? Directory.GetCurrentDirectory())
        {
            PidFile = reader.Get("pid-file") is { } pidFile ? Path.GetFullPath(pidFile) : null,
            ConsoleSocket = reader.Get("console-socket"),
            NoPivot = reader.Has("no-pivot"),
            PreserveFds = reader.GetInt("preserve-fds", 0),
        };
}
