using Bock.Kernel.Hooks;
using Bock.Kernel.Native;
using Bock.Kernel.Rootfs;
using Bock.Kernel.Spec;
using Bock.Oci.Runtime;

namespace Bock.Oci.Init;

/// <summary>
/// <c>bock-oci init</c>: runs inside the container's namespaces (already its PID 1 for a new pid namespace), sets up
/// the root filesystem and the process, waits for <c>start</c> and execs the user's program. Everything happens on
/// the main thread, the one that will execve, because credentials, capabilities and seccomp are per thread.
/// </summary>
public static class ContainerInit
{
    public static int Run()
    {
        var fdText = Environment.GetEnvironmentVariable(ContainerLauncher.InitFdVariable);
        if (fdText is null || !int.TryParse(fdText, out var fd))
        {
            Console.Error.WriteLine("bock-oci init is started by bock-oci itself, not by hand");
            return 2;
        }
        using var sync = SyncSocket.FromFd(fd);
        InitRequest? request = null;
        try
        {
            request = sync.ReceiveRequest() ?? throw new OciException("the parent closed the sync socket");
            // From here on, only stdio and the preserved fds may be inherited, by hooks as by the user's program.
            Unistd.CloseOnExecFrom(3 + request.PreserveFds);
            var plan = request.Mode == InitModes.Exec ? PrepareExec(request, sync) : PrepareContainer(request, sync);
            var executable = PrepareProcess(plan);
            sync.Send(new SyncMessage { Type = SyncTypes.Ready });
            return Launch(plan, request, executable);
        }
        catch (Exception e)
        {
            var message = e is OciException or KernelException or SpecException or HookException ? e.Message : e.ToString();
            try
            {
                sync.Send(new SyncMessage { Type = SyncTypes.Error, Error = message });
                // Closing with a message of the parent's unread (cgroup-joined may cross our error) would reset
                // the connection and lose the error: wait for the parent to read it and end us (or close).
                while (sync.Receive() is not null)
                {
                }
            }
            catch (Exception)
            {
                // The parent is gone (after ready): the container's stderr is all that is left.
                Console.Error.WriteLine($"bock-oci init: {message}");
            }
            return 127;
        }
    }

    private static LaunchPlan PrepareContainer(InitRequest request, SyncSocket sync)
    {
        var configFile = Path.Combine(request.StateDir, "config.json");
        var spec = SpecLoader.Parse(File.ReadAllBytes(configFile), configFile);
        var process = spec.Process!;
        var namespaces = spec.Linux?.Namespaces ?? [];

        var fifoFd = Unistd.Open(Path.Combine(request.StateDir, "exec.fifo"), Unistd.O_PATH);
        var hasUts = namespaces.Any(n => n.Type == "uts");
        if (hasUts && !string.IsNullOrEmpty(spec.Hostname)) Unistd.SetHostname(spec.Hostname);
        if (hasUts && !string.IsNullOrEmpty(spec.Domainname)) Unistd.SetDomainname(spec.Domainname);
        if (namespaces.Any(n => n.Type == "network" && n.Path is null)) Loopback.BringUp();

        var hasMountNs = namespaces.Any(n => n.Type == "mount");
        if (!hasMountNs)
            throw new OciException("$.linux.namespaces: bock-oci needs a mount namespace to build the container's root");
        var rootfs = new RootfsBuilder(spec, request.Bundle, request.Rootfs, request.CgroupMounts);
        rootfs.PrepareMounts();
        rootfs.EnsureDirectory(process.Cwd);

        // The parent moved us into our cgroup meanwhile; a new cgroup namespace is rooted there.
        if (sync.Receive()?.Type != SyncTypes.CgroupJoined)
            throw new OciException("the parent did not move init into its cgroup");
        if (namespaces.FirstOrDefault(n => n.Type == "cgroup") is { } cgroupNs)
            JoinOrCreate(cgroupNs, Sched.CLONE_NEWCGROUP);

        if (spec.Hooks?.Prestart is { Count: > 0 } || spec.Hooks?.CreateRuntime is { Count: > 0 })
        {
            sync.Send(new SyncMessage { Type = SyncTypes.RunHooks });
            if (sync.Receive()?.Type != SyncTypes.HooksDone)
                throw new OciException("the parent did not confirm the createRuntime hooks");
        }
        HookRunner.RunAll(spec.Hooks?.CreateContainer, request.State with { Status = ContainerStatus.Created }, "createContainer");

        rootfs.SwitchRoot(request.NoPivot);
        if (process.Terminal)
            ConsoleSetup.Attach(sync, process, bindConsole: true);
        rootfs.Finish();

        return new LaunchPlan(spec, process, fifoFd);
    }

    private static LaunchPlan PrepareExec(InitRequest request, SyncSocket sync)
    {
        var configFile = Path.Combine(request.StateDir, "config.json");
        var spec = SpecLoader.Parse(File.ReadAllBytes(configFile), configFile);
        var process = request.Process ?? throw new OciException("exec request without a process");
        var namespaces = spec.Linux?.Namespaces ?? [];
        // The parent joined pid, ipc, uts and network; the cgroup namespace needs our cgroup, the mount namespace
        // needs this thread to own its fs struct.
        var nsDir = $"/proc/{request.ContainerPid}/ns";
        var cgroupFd = namespaces.Any(n => n.Type == "cgroup") ? Unistd.Open($"{nsDir}/cgroup", Unistd.O_RDONLY) : -1;
        var mountFd = Unistd.Open($"{nsDir}/mnt", Unistd.O_RDONLY);
        if (cgroupFd >= 0)
        {
            Sched.Setns(cgroupFd, Sched.CLONE_NEWCGROUP, $"{nsDir}/cgroup");
            Unistd.Close(cgroupFd);
        }
        Sched.Unshare(Sched.CLONE_FS);
        Sched.Setns(mountFd, Sched.CLONE_NEWNS, $"{nsDir}/mnt");
        Unistd.Close(mountFd);
        if (process.Terminal)
            ConsoleSetup.Attach(sync, process, bindConsole: false);
        return new LaunchPlan(spec, process, -1);
    }

    /// <summary>Everything that can fail about the process happens before ready, so that create reports it.</summary>
    private static string PrepareProcess(LaunchPlan plan)
    {
        var process = plan.Process;
        ProcessSetup.Limit(plan.Spec, process);
        ProcessSetup.SwitchCredentials(process);
        ChangeToWorkingDirectory(process.Cwd);
        return ExecutableLookup.Find(process.Args![0], process.Env ?? []);
    }

    /// <summary>After ready: wait for <c>start</c>, run startContainer hooks, then seccomp and execve. Errors go to stderr.</summary>
    private static int Launch(LaunchPlan plan, InitRequest request, string executable)
    {
        var process = plan.Process;
        if (plan.FifoFd >= 0)
        {
            ExecFifo.WaitForStart(plan.FifoFd);
            HookRunner.RunAll(plan.Spec.Hooks?.StartContainer, request.State with { Status = ContainerStatus.Running }, "startContainer");
        }
        // Nothing of ours may reach the user's program (CVE-2024-21626): every fd above stdio and the preserved ones.
        Unistd.CloseOnExecFrom(3 + request.PreserveFds);
        // Last, so that nothing above runs under the filter.
        ProcessSetup.ApplyLateSeccomp(plan.Spec, process);
        var error = Unistd.Execve(executable, process.Args!, process.Env ?? []);
        Console.Error.WriteLine($"bock-oci init: exec {process.Args![0]}: {new KernelException("execve", error).Message}");
        return 127;
    }

    private static void ChangeToWorkingDirectory(string cwd)
    {
        try
        {
            Unistd.Chdir(cwd);
        }
        catch (KernelException e)
        {
            throw new OciException($"process.cwd {cwd}: {e.Message}");
        }
    }

    private static void JoinOrCreate(NamespaceSpec ns, int flag)
    {
        if (ns.Path is null)
        {
            Sched.Unshare(flag);
            return;
        }
        var fd = Unistd.Open(ns.Path, Unistd.O_RDONLY);
        try
        {
            Sched.Setns(fd, flag, ns.Path);
        }
        finally
        {
            Unistd.Close(fd);
        }
    }

    private sealed record LaunchPlan(RuntimeSpec Spec, ProcessSpec Process, int FifoFd);
}
