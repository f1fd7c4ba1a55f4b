using Bock.Oci.Cli;
using Bock.Oci.Runtime;

namespace Bock.Oci.Commands;

/// <summary><c>pause</c> and <c>resume</c>: the freezer, v1 or v2.</summary>
public sealed class PauseCommand(bool resume) : ICommand
{
    public string Name => resume ? "resume" : "pause";
    public string Summary => resume ? "thaw a paused container" : "freeze every process of a running container";
    public string Usage => $"Usage: bock-oci {Name} <container-id>";

    public int Run(GlobalOptions global, IReadOnlyList<string> args)
    {
        var id = CommandHelpers.SingleId(new ArgReader().Parse(args, Name), Name);
        var dir = ContainerDirectory.Open(global.Root, id);
        var record = dir.ReadRecord();
        var cgroup = ContainerCgroups.Open(record.CgroupsPath, record.Id);
        var status = ContainerOps.StatusOf(dir, record, cgroup);
        if (resume && status != ContainerStatus.Paused)
            throw new OciException($"container {id} is not paused: {status}");
        if (!resume && status != ContainerStatus.Running)
            throw new OciException($"container {id} is not running: {status}");
        if (resume) cgroup.Thaw(); else cgroup.Freeze();
        return 0;
    }
}
