using Bock.Oci.Cli;
using Bock.Oci.Runtime;
using Bock.Oci.Shim;

namespace Bock.Oci.Commands;

public sealed class ShimCommand : ICommand
{
    public string Name => "shim";
    public string Summary => "create a container under a detached monitor that logs its output, records its exit and serves attach";
    public string Usage => """
        Usage: bock-oci shim [options]

          -b, --bundle DIR    the bundle (config.json + rootfs)
          --id ID             the container id
          --log FILE          the container's output as Docker json-file lines
          --exit-file FILE    written when the container exits: {"exitCode":N,"signal":N,"oomKilled":bool,"exitedAt":…}
          --socket SOCK       the control and attach socket (protocol: src/Bock.Oci/Shim/ShimServer.cs)
          --pid-file FILE     write the container's init pid here
          --tty               process.terminal is true: the shim holds the pty master
          -i, --stdin         keep stdin open for attached clients (without a terminal; else stdin is /dev/null)
        Returns once the container is created (send `start` on the socket to run it) and prints the shim's pid.
        One shim per --root serves all its containers, each on its own socket; it lives on in its own session
        until its last container has exited. (`shim --serve` is that shim, started by the first `shim`.)
        """;

    public int Run(GlobalOptions global, IReadOnlyList<string> args)
    {
        var reader = new ArgReader().Value("bundle", "b").Value("id").Value("log").Value("exit-file").Value("socket")
            .Value("pid-file").Flag("tty").Flag("stdin", "i").Flag("serve").Parse(args, Name);
        if (reader.Positionals.Count > 0)
            throw new OciException($"shim: unexpected argument \"{reader.Positionals[0]}\" (see bock-oci shim --help)");
        if (reader.Has("serve"))
        {
            if (Environment.GetEnvironmentVariable(ShimLauncher.ReadyFdVariable) is not { } readyFd || !int.TryParse(readyFd, out var fd))
                throw new OciException("shim --serve is started by bock-oci shim, not by hand");
            Environment.SetEnvironmentVariable(ShimLauncher.ReadyFdVariable, null);
            // Neither the ready fd nor anything else our caller let us inherit may reach init or the hooks.
            Bock.Kernel.Native.Unistd.CloseOnExecFrom(3);
            return ShimGroup.Run(new ShimGroupPaths(global.Root), fd);
        }
        string Required(string name) => reader.Get(name) is { Length: > 0 } value
            ? value : throw new OciException($"shim: --{name} is required");
        var id = Required("id");
        ContainerDirectory.ValidateId(id);
        var options = new ShimOptions(global.Root, id, Path.GetFullPath(Required("bundle")), Path.GetFullPath(Required("log")),
            Path.GetFullPath(Required("exit-file")), Path.GetFullPath(Required("socket")))
        {
            PidFile = reader.Get("pid-file") is { } pidFile ? Path.GetFullPath(pidFile) : null,
            Tty = reader.Has("tty"),
            OpenStdin = reader.Has("stdin"),
        };
        Console.Out.WriteLine(ShimLauncher.Start(options));
        return 0;
    }
}
