using Bock.Kernel.Cgroups;
using Bock.Kernel.Hooks;
using Bock.Kernel.Native;
using Bock.Kernel.Spec;

namespace Bock.Oci.Runtime;

/// <summary>The lifecycle operations on an existing container that several commands share.</summary>
public static class ContainerOps
{
    public static string StatusOf(ContainerDirectory dir, ContainerRecord record, ICgroup? cgroup = null)
    {
        if (!ProcStat.IsAlive(record.Pid, record.PidStartTime))
            return ContainerStatus.Stopped;
        if (File.Exists(dir.FifoPath))
            return ContainerStatus.Created;
        cgroup ??= ContainerCgroups.Open(record.CgroupsPath, record.Id);
        return cgroup.Exists && cgroup.IsFrozen ? ContainerStatus.Paused : ContainerStatus.Running;
    }

    public static ContainerState StateOf(ContainerDirectory dir, ContainerRecord record)
    {
        var status = StatusOf(dir, record);
        return new ContainerState
        {
            Id = record.Id, Status = status, Bundle = record.Bundle, Annotations = record.Annotations,
            Pid = status == ContainerStatus.Stopped ? 0 : record.Pid,
        };
    }

    /// <summary>Releases init from its fifo wait, waits until the user's program runs, then runs the poststart hooks.</summary>
    public static void Start(ContainerDirectory dir, ContainerRecord record, RuntimeSpec spec)
    {
        var status = StatusOf(dir, record);
        if (status != ContainerStatus.Created)
            throw new OciException($"cannot start a container that is {status}");
        // Non-blocking open: if init died we must not wait forever for a writer.
        var fd = Unistd.Open(dir.FifoPath, Unistd.O_RDONLY | Unistd.O_NONBLOCK);
        try
        {
            // First the byte init writes once released, then end of file: its write end is close-on-exec, so
            // EOF means the user's program runs (after the startContainer hooks), or init is gone.
            Span<byte> buffer = stackalloc byte[1];
            var released = false;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                int n;
                try
                {
                    n = Unistd.Read(fd, buffer);
                }
                catch (KernelException e) when (e.Errno == 11) // EAGAIN: nothing yet
                {
                    n = -1;
                }
                if (n == 1) released = true;
                else if (n == 0 && released) break;
                // Once released, a quick program may already have run and exited: only EOF matters then.
                else if (!released && !ProcStat.IsAlive(record.Pid, record.PidStartTime))
                    throw new OciException("cannot start: the container's init process has exited");
                if (DateTime.UtcNow > deadline)
                    throw new OciException("cannot start: the container's init process did not answer within 10 s");
                if (n <= 0) Thread.Sleep(1);
            }
        }
        finally
        {
            Unistd.Close(fd);
        }
        File.Delete(dir.FifoPath);
        HookRunner.RunAll(spec.Hooks?.Poststart, StateOf(dir, record), "poststart");
    }

    /// <summary>Removes a stopped (or, with <paramref name="force"/>, any) container: its processes, cgroup and state.</summary>
    public static void Delete(ContainerDirectory dir, bool force)
    {
        var record = dir.ReadRecord();
        var cgroup = ContainerCgroups.Open(record.CgroupsPath, record.Id);
        var status = StatusOf(dir, record, cgroup);
        if (status is ContainerStatus.Running or ContainerStatus.Paused && !force)
            throw new OciException($"cannot delete container {record.Id} that is not stopped: {status}");
        if (status != ContainerStatus.Stopped)
        {
            // A created container's init is only waiting on its fifo: it goes without --force, as with runc.
            if (cgroup.Exists)
            {
                if (status == ContainerStatus.Paused) cgroup.Thaw();
                cgroup.KillAll(Signals.SIGKILL);
            }
            Unistd.Kill(record.Pid, Signals.SIGKILL);
            WaitForExit(record);
        }
        RuntimeSpec? spec = null;
        try
        {
            spec = dir.ReadSpec();
        }
        catch (SpecException e)
        {
            Log.Warn($"delete {record.Id}: {e.Message}");
        }
        cgroup.Destroy();
        dir.Remove();
        // The spec says a failing poststop hook is logged and the delete goes on.
        var stopped = new ContainerState { Id = record.Id, Status = ContainerStatus.Stopped, Bundle = record.Bundle, Annotations = record.Annotations };
        foreach (var failure in HookRunner.RunAll(spec?.Hooks?.Poststop, stopped, "poststop", continueOnError: true))
            Log.Warn(failure.Message);
    }

    private static void WaitForExit(ContainerRecord record)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ProcStat.IsAlive(record.Pid, record.PidStartTime))
        {
            // Reap it if it is our child (bock-oci run); otherwise its parent will.
            try { Unistd.WaitPid(record.Pid, out _, 1 /* WNOHANG */); } catch (KernelException) { }
            if (DateTime.UtcNow > deadline)
                throw new OciException($"container {record.Id}: init {record.Pid} did not exit after SIGKILL");
            Thread.Sleep(2);
        }
    }
}
