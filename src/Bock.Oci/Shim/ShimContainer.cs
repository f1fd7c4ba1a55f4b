using System.Text.Json;
using Bock.Kernel.Native;
using Bock.Kernel.Spec;
using Bock.Oci.Runtime;

namespace Bock.Oci.Shim;

/// <summary>
/// The container as its shim sees it: init is the shim's own child, so <see cref="WatchExit"/> gets the real wait
/// status (no polling of /proc), and until it is reaped its pid cannot be reused, which makes <see cref="Kill"/> safe.
/// </summary>
public sealed class ShimContainer
{
    private readonly Lock _lock = new();
    private readonly CreatedContainer _created;
    private readonly TaskCompletionSource<ExitRecord> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _reaped;

    /// <remarks>
    /// Only the poststart hooks of the spec are needed after create: the rest (mounts, the seccomp profile's hundreds
    /// of syscall names) would stay on the heap of a long-lived shim for every container it serves.
    /// </remarks>
    public ShimContainer(CreatedContainer created) =>
        _created = created with { Spec = new RuntimeSpec { Hooks = new HooksSpec { Poststart = created.Spec.Hooks?.Poststart } } };

    public int Pid => _created.Record.Pid;

    /// <summary>Completes once the exit is recorded (exit file written, output drained).</summary>
    public Task<ExitRecord> Exited => _exited.Task;

    public void Start()
    {
        lock (_lock)
        {
            if (_reaped) throw new OciException("cannot start a container that has exited");
            ContainerOps.Start(_created.Directory, _created.Record, _created.Spec);
        }
    }

    /// <summary>The OCI state as one line of JSON.</summary>
    public string StateJson()
    {
        var indented = SpecLoader.Serialize(ContainerOps.StateOf(_created.Directory, _created.Record));
        using var document = JsonDocument.Parse(indented);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            document.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Whether init has exited and been reaped (its exit may still be being recorded).</summary>
    public bool HasExited
    {
        get
        {
            lock (_lock) return _reaped;
        }
    }

    /// <summary>created | running | paused | stopped, as <c>bock-oci state</c> says.</summary>
    public string Status()
    {
        lock (_lock) return _reaped ? ContainerStatus.Stopped : ContainerOps.StatusOf(_created.Directory, _created.Record, _created.Cgroup);
    }

    public void Kill(int signal)
    {
        lock (_lock)
        {
            if (_reaped) throw new OciException("container is not running");
            if (Unistd.Kill(Pid, signal) is var error and not 0)
                throw new OciException($"kill {Pid}: {new KernelException("kill", error).Message}");
        }
    }

    /// <summary>
    /// Calls <paramref name="onExit"/> with the wait status once init has exited and is reaped, on the event loop's
    /// thread. A pidfd, not <c>waitpid(-1)</c>: hooks are children of this process too, reaped by their own waiters.
    /// </summary>
    public void WatchExit(EventLoop loop, Action<int> onExit)
    {
        var pidfd = Pidfd.Open(Pid);
        loop.Watch(pidfd, () =>
        {
            int status;
            lock (_lock)
            {
                if (Unistd.WaitPid(Pid, out status, Unistd.WNOHANG) == 0)
                    return true; // not exited yet
                _reaped = true;
            }
            Unistd.Close(pidfd);
            onExit(status);
            return false;
        });
    }

    public bool WasOomKilled()
    {
        try
        {
            return _created.Cgroup.OomKillCount() > 0;
        }
        catch (Exception e) when (e is IOException or Bock.Kernel.Cgroups.CgroupException)
        {
            return false;
        }
    }

    public void Complete(ExitRecord exit) => _exited.TrySetResult(exit);
}
