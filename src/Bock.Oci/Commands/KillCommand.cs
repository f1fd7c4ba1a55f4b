using Bock.Kernel.Native;
using Bock.Oci.Cli;
using Bock.Oci.Runtime;

namespace Bock.Oci.Commands;

public sealed class KillCommand : ICommand
{
    public string Name => "kill";
    public string Summary => "send a signal to the container's init (or every process with --all)";
    public string Usage => """
        Usage: bock-oci kill [--all] <container-id> [SIGNAL]

          SIGNAL      a name (TERM, SIGTERM, RTMIN+1) or a number; default TERM
          -a, --all   signal every process in the container's cgroup
        """;

    public int Run(GlobalOptions global, IReadOnlyList<string> args)
    {
        var reader = new ArgReader().Flag("all", "a").Parse(args, Name);
        if (reader.Positionals.Count is < 1 or > 2)
            throw new OciException("kill: expected <container-id> [SIGNAL]");
        var signal = reader.Positionals.Count == 2 ? Signals.Parse(reader.Positionals[1]) : Signals.SIGTERM;
        var dir = ContainerDirectory.Open(global.Root, reader.Positionals[0]);
        var record = dir.ReadRecord();
        var cgroup = ContainerCgroups.Open(record.CgroupsPath, record.Id);
        var status = ContainerOps.StatusOf(dir, record, cgroup);
        if (status == ContainerStatus.Stopped)
            throw new OciException($"container {record.Id} is not running");
        if (reader.Has("all"))
            cgroup.KillAll(signal);
        else if (Unistd.Kill(record.Pid, signal) is var error and not 0)
            throw new OciException($"kill {record.Pid}: {new KernelException("kill", error).Message}");
        return 0;
    }
}
