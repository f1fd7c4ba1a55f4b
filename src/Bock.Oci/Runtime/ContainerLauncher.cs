using Bock.Kernel.Cgroups;
using Bock.Kernel.Hooks;
using Bock.Kernel.Namespaces;
using Bock.Kernel.Native;
using Bock.Kernel.Spec;

namespace Bock.Oci.Runtime;

/// <summary>What <c>create</c> (and <c>run</c>) need to know beyond the bundle.</summary>
public sealed record CreateOptions(string Root, string Id, string Bundle)
{
    public string? PidFile { get; init; }
    public string? ConsoleSocket { get; init; }
    public bool NoPivot { get; init; }
    public int PreserveFds { get; init; }
    /// <summary>Nobody will hold the pty master unless it goes to the console socket (create, run --detach).</summary>
    public bool Detached { get; init; }
    /// <summary>Init's fds 0, 1 and 2; null: the caller's own. A shim serving many containers passes each its pipes.</summary>
    public IReadOnlyList<int>? Stdio { get; init; }
}

/// <summary>A container that init has set up and that now waits on its exec fifo.</summary>
public sealed record CreatedContainer(ContainerDirectory Directory, ContainerRecord Record, RuntimeSpec Spec, ICgroup Cgroup, int ConsoleFd);

/// <summary>
/// The parent side of <c>create</c>: claims the id, makes the cgroup, spawns <c>bock-oci init</c> in the new
/// namespaces and answers its requests (see <see cref="SyncSocket"/>). Every step registers its undo, so a failure at
/// any point leaves no state directory, cgroup or process behind.
/// </summary>
public static class ContainerLauncher
{
    public const string InitFdVariable = "_BOCK_INIT_FD";

    public static CreatedContainer Create(CreateOptions options)
    {
        var bundle = Path.GetFullPath(options.Bundle);
        if (!Directory.Exists(bundle))
            throw new OciException($"bundle {bundle} does not exist");
        var spec = SpecLoader.LoadBundle(bundle);
        var rootfs = Path.GetFullPath(Path.Combine(bundle, spec.Root!.Path));
        if (!Directory.Exists(rootfs))
            throw new OciException($"rootfs {rootfs} does not exist ($.root.path in {Path.Combine(bundle, "config.json")})");

        if (spec.Process!.Terminal && options.ConsoleSocket is null && options.Detached)
            throw new OciException("cannot allocate a tty for a detached container without --console-socket");

        var cleanup = new CleanupStack();
        try
        {
            var dir = ContainerDirectory.Claim(options.Root, options.Id);
            cleanup.Push("state directory", dir.Remove);
            File.Copy(Path.Combine(bundle, "config.json"), dir.ConfigFile);
            // 0622: init may already run as the container user when it opens the fifo for writing.
            Unistd.Mkfifo(dir.FifoPath, 0b110_010_010);
            Unistd.Chmod(dir.FifoPath, 0b110_010_010); // mkfifo's mode went through the umask

            var cgroup = ContainerCgroups.Open(spec.Linux?.CgroupsPath, options.Id);
            cleanup.Push("cgroup", cgroup.Destroy);
            cgroup.Create();
            foreach (var warning in cgroup.Apply(ContainerCgroups.WithDefaultDevices(spec.Linux?.Resources, spec.Linux?.Devices)))
                Log.Warn(warning);

            var state = new ContainerState { Id = options.Id, Status = ContainerStatus.Creating, Bundle = bundle, Annotations = spec.Annotations };
            var (pid, sync, inCgroup) = SpawnInit(spec.Linux?.Namespaces ?? [], options.PreserveFds, cgroup, cleanup, NeedsSealedInit(spec), options.Stdio);
            using (sync)
            {
                state = state with { Pid = pid };
                sync.Send(new InitRequest
                {
                    Mode = InitModes.Create, StateDir = dir.Path, Bundle = bundle, Rootfs = rootfs, NoPivot = options.NoPivot,
                    State = state, PreserveFds = options.PreserveFds, CgroupMounts = cgroup.Mounts(),
                });
                // Where init could not start inside its cgroup, move it while it builds the root filesystem (see SyncSocket).
                if (!inCgroup)
                    cgroup.AddProcess(pid);
                // If init failed meanwhile, its error message is waiting for Converse below.
                sync.TrySend(new SyncMessage { Type = SyncTypes.CgroupJoined });
                var consoleFd = Converse(sync, pid, spec, state, options.ConsoleSocket, cleanup);

                var record = new ContainerRecord
                {
                    Id = options.Id, Bundle = bundle, Rootfs = rootfs, Pid = pid,
                    PidStartTime = ProcStat.StartTime(pid) ?? throw new OciException("container init exited during create"),
                    Created = DateTimeOffset.UtcNow, CgroupsPath = cgroup.Path, Annotations = spec.Annotations,
                };
                dir.WriteRecord(record);
                if (options.PidFile is { } pidFile)
                    WritePidFile(pidFile, pid);
                cleanup.Commit();
                return new CreatedContainer(dir, record, spec, cgroup, consoleFd);
            }
        }
        catch
        {
            cleanup.Unwind();
            throw;
        }
    }

    /// <summary>
    /// Whether init must run from a sealed copy of this binary (CVE-2019-5736): only when some process of the
    /// container could open /proc/PID/exe of init while it runs. In a new pid namespace init is alone until it execs
    /// the user's program, unless createContainer/startContainer hooks (which may be the image's own binaries) run
    /// beside it. Skipping the copy saves copying 5 MB on every start.
    /// </summary>
    public static bool NeedsSealedInit(RuntimeSpec spec) =>
        !(spec.Linux?.Namespaces ?? []).Any(n => n.Type == "pid" && n.Path is null)
        || spec.Hooks?.CreateContainer is { Count: > 0 } || spec.Hooks?.StartContainer is { Count: > 0 };

    /// <summary>
    /// Starts <c>bock-oci init</c> in the given namespaces; it waits for its request. Where the cgroup driver can move
    /// the spawning thread cheaply, init starts inside its cgroup (InCgroup); otherwise the caller must move it.
    /// </summary>
    public static (int Pid, SyncSocket Sync, bool InCgroup) SpawnInit(IReadOnlyList<NamespaceSpec> namespaces, int preserveFds, ICgroup cgroup,
        CleanupStack cleanup, bool sealedInit, IReadOnlyList<int>? stdio = null)
    {
        var inCgroup = false;
        var (parent, child) = SyncSocket.CreatePair();
        var initFd = 3 + preserveFds;
        var initPath = sealedInit ? SealedSelf.Create() : "/proc/self/exe";
        int pid;
        try
        {
            pid = NamespacedSpawner.Spawn(namespaces, () => Spawn.Start(initPath, ["bock-oci", "init"],
                [$"{InitFdVariable}={initFd}", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                [.. (stdio ?? []).Select((fd, target) => (fd, target)), (child.Handle, initFd)]), prepareThread: () => inCgroup = cgroup.TryJoinCallingThread());
        }
        catch
        {
            parent.Dispose();
            throw;
        }
        finally
        {
            child.Dispose();
        }
        cleanup.Push($"init process {pid}", () => KillAndReap(pid));
        return (pid, parent, inCgroup);
    }

    /// <summary>Answers init until it is ready; returns the console master fd (or -1).</summary>
    public static int Converse(SyncSocket sync, int pid, RuntimeSpec spec, ContainerState state, string? consoleSocket, CleanupStack cleanup)
    {
        var consoleFd = -1;
        while (true)
        {
            var (message, fd) = sync.ReceiveWithFd();
            switch (message?.Type)
            {
                case null:
                    throw new OciException($"container init exited before it was ready{ExitDescription(pid)}");
                case SyncTypes.RunHooks:
                    HookRunner.RunAll(spec.Hooks?.Prestart, state, "prestart");
                    HookRunner.RunAll(spec.Hooks?.CreateRuntime, state, "createRuntime");
                    sync.Send(new SyncMessage { Type = SyncTypes.HooksDone });
                    break;
                case SyncTypes.Console:
                    if (fd < 0) throw new OciException("init sent no console fd");
                    if (consoleSocket is not null)
                    {
                        Bock.Kernel.Terminal.ConsoleSocket.SendMaster(consoleSocket, fd);
                        Unistd.Close(fd);
                    }
                    else
                    {
                        consoleFd = fd;
                        cleanup.Push("console", () => Unistd.Close(fd));
                    }
                    break;
                case SyncTypes.Ready:
                    return consoleFd;
                case SyncTypes.Error:
                    throw new OciException(message.Error ?? "container init failed");
                default:
                    throw new OciException($"unexpected message \"{message.Type}\" from container init");
            }
        }
    }

    private static string ExitDescription(int pid)
    {
        try
        {
            Unistd.WaitPid(pid, out var status);
            return ExitStatus.Describe(status);
        }
        catch (KernelException)
        {
            return "";
        }
    }

    public static void KillAndReap(int pid)
    {
        Unistd.Kill(pid, Signals.SIGKILL);
        try
        {
            Unistd.WaitPid(pid, out _);
        }
        catch (KernelException)
        {
            // Not our child (already reaped, or created by an earlier bock-oci): nothing to reap.
        }
    }

    public static void WritePidFile(string path, int pid)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, pid.ToString());
        File.Move(temp, path, overwrite: true);
    }
}
