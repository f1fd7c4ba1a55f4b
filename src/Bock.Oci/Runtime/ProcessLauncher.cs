using Bock.Kernel.Spec;

namespace Bock.Oci.Runtime;

/// <summary>The parent side of <c>exec</c>: init is spawned into the running container's namespaces and cgroup.</summary>
public static class ProcessLauncher
{
    private static readonly HashSet<string> JoinedByParent = ["pid", "ipc", "uts", "network"];

    public static (int Pid, int ConsoleFd) Exec(ContainerDirectory dir, RuntimeSpec spec, ProcessSpec process, string? consoleSocket, int preserveFds)
    {
        var record = dir.ReadRecord();
        var cgroup = ContainerCgroups.Open(record.CgroupsPath, record.Id);
        var status = ContainerOps.StatusOf(dir, record, cgroup);
        if (status != ContainerStatus.Running)
            throw new OciException($"cannot exec in a container that is {status}");

        // pid, ipc, uts and net are joined by the spawning thread (pid must be, for the child to be inside it);
        // init joins cgroup and mount itself (see ContainerInit.PrepareExec).
        var namespaces = (spec.Linux?.Namespaces ?? [])
            .Where(n => JoinedByParent.Contains(n.Type))
            .Select(n => new NamespaceSpec { Type = n.Type, Path = $"/proc/{record.Pid}/ns/{Bock.Kernel.Namespaces.NamespaceKind.ProcName(n.Type)}" })
            .ToList();
        // The container's processes can see an exec'd init: it always runs from a sealed copy.
        var cleanup = new CleanupStack();
        try
        {
            var (pid, sync, inCgroup) = ContainerLauncher.SpawnInit(namespaces, preserveFds, cgroup, cleanup, sealedInit: true);
            using (sync)
            {
                // Before the request: an exec'd init joins the container's cgroup namespace, which needs its cgroup.
                if (!inCgroup)
                    cgroup.AddProcess(pid);
                var state = ContainerOps.StateOf(dir, record);
                sync.Send(new InitRequest
                {
                    Mode = InitModes.Exec, StateDir = dir.Path, Bundle = record.Bundle, Rootfs = record.Rootfs, State = state,
                    Process = process, ContainerPid = record.Pid, PreserveFds = preserveFds,
                });
                var consoleFd = ContainerLauncher.Converse(sync, pid, spec, state, consoleSocket, cleanup);
                cleanup.Commit();
                return (pid, consoleFd);
            }
        }
        catch
        {
            cleanup.Unwind();
            throw;
        }
    }
}
