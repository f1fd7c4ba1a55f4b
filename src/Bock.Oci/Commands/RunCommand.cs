using Bock.Oci.Cli;
using Bock.Oci.Runtime;

namespace Bock.Oci.Commands;

public sealed class RunCommand : ICommand
{
    public string Name => "run";
    public string Summary => "create and start a container, wait for it and delete it (unless --detach or --keep)";
    public string Usage => """
        Usage: bock-oci run [options] <container-id>

          -b, --bundle DIR        the bundle; default: the current directory
          -d, --detach            return once the container runs
          --keep                  do not delete the container when it exits
          --pid-file FILE         write the container's init pid here
          --console-socket SOCK   send the pty master here
          --no-pivot              switch root with MS_MOVE + chroot instead of pivot_root
          --preserve-fds N        pass N extra fds (from 3 on) to the container
        The exit status is the container's (128 + N when killed by signal N).
        """;

    public int Run(GlobalOptions global, IReadOnlyList<string> args)
    {
        var reader = CreateCommand.Options().Parse(args, Name);
        var id = CommandHelpers.SingleId(reader, Name);
        var detach = reader.Has("detach");
        var created = ContainerLauncher.Create(CreateCommand.ToCreateOptions(global, reader, id) with { Detached = detach });
        try
        {
            using var proxy = created.ConsoleFd >= 0 ? ConsoleProxy.Start(created.ConsoleFd) : null;
            using var forwarding = detach ? null : ForegroundProcess.ForwardSignals(created.Record.Pid);
            ContainerOps.Start(created.Directory, created.Record, created.Spec);
            if (detach)
                return 0;
            var status = ForegroundProcess.Wait(created.Record.Pid);
            proxy?.Drain();
            if (created.Cgroup.OomKillCount() > 0)
                Log.Error($"container {id} was killed by the kernel's OOM killer (memory limit reached)");
            if (!reader.Has("keep"))
                ContainerOps.Delete(created.Directory, force: true);
            return ExitStatus.ToExitCode(status);
        }
        catch
        {
            ContainerOps.Delete(created.Directory, force: true);
            throw;
        }
    }
}
