using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Bock.Kernel.Cgroups;
using Bock.Kernel.Hooks;
using Bock.Kernel.Native;
using Bock.Kernel.Spec;
using Bock.Oci.Runtime;

namespace Bock.Oci.Shim;

/// <summary>
/// The detached shim process of one state root: it serves every container created through it (as containerd groups
/// containers under one shim), so a container costs a session, not a process. Its socket takes one request per
/// connection:
/// <code>
/// request               reply
/// ────────────────────  ─────────────────────────────────────────────────────────────────────────────
/// create {ShimOptions}  ok PID (this shim's pid) once the container is created | error MESSAGE
/// delete ID             ok once the container is deleted as by `bock-oci delete ID` (not --force): its exit
///                       recorded, its socket, cgroup and state gone; a created one is killed first | error MESSAGE
/// hold                  ok, then nothing: the shim does not exit while this connection is open
/// </code>
/// The caller holds <see cref="ShimGroupPaths.Lock"/> from before it connects until the reply; the shim takes the
/// same lock before it exits, which it does once its last container has finished, no request is pending and nobody
/// holds it. An idle shim would otherwise outlive the daemon that used it (and every test's temporary root); bockd
/// holds its shim while it runs, so that a create or delete is a request to a running process, not a process start.
/// </summary>
public sealed class ShimGroup
{
    private readonly ShimGroupPaths _paths;
    private readonly Socket _listener;
    private readonly EventLoop _loop = EventLoop.Start();
    private readonly SemaphoreSlim _creating = new(1, 1);
    private readonly Lock _lock = new();
    private readonly HashSet<ShimSession> _sessions = [];
    private int _connections;

    private ShimGroup(ShimGroupPaths paths, Socket listener)
    {
        _paths = paths;
        _listener = listener;
    }

    /// <summary>The shim process: reports "ok" on <paramref name="readyFd"/> once it listens, then serves until idle.</summary>
    public static int Run(ShimGroupPaths paths, int readyFd)
    {
        // Our stdio is /dev/null and stays so: containers get their own pipes, never our fds 0-2.
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
        Directory.SetCurrentDirectory("/");
        Socket listener;
        try
        {
            listener = ShimServer.ListenPrivate(paths.Socket);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            Report(readyFd, "error " + e.Message.ReplaceLineEndings(" "));
            return 1;
        }
        Report(readyFd, "ok");
        var group = new ShimGroup(paths, listener);
        group.AcceptAllAsync().GetAwaiter().GetResult();
        return 0;
    }

    private async Task AcceptAllAsync()
    {
        // A shortage of fds refuses no create for good: it must not end the shim of every running container.
        while (await ListenerAccept.NextAsync(_listener) is { } client)
        {
            lock (_lock) _connections++;
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            var reader = new LineReader(client);
            var line = await reader.ReadLineAsync();
            var isCreate = line is not null && line.StartsWith("create ", StringComparison.Ordinal);
            var reply = line switch
            {
                _ when isCreate => await CreateAsync(line!["create ".Length..]),
                not null when line.StartsWith("delete ", StringComparison.Ordinal) => await DeleteAsync(line["delete ".Length..].Trim()),
                "hold" => "ok",
                _ => $"error unknown request \"{line}\" (create {{options}}, delete ID, hold)",
            };
            await client.SendAsync(Encoding.UTF8.GetBytes(reply + "\n"), SocketFlags.None);
            if (isCreate) CollectAfterCreate();
            if (line == "hold")
                while (await reader.ReadLineAsync() is not null) { } // until the holder closes (or dies)
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidDataException)
        {
            // The caller went away: it reports its own failure.
        }
        finally
        {
            client.Dispose();
            lock (_lock) _connections--;
            ExitIfIdle();
        }
    }

    /// <summary>
    /// A create is the shim's only burst of garbage (the spec, JSON, the cgroup and init conversations), and the GC
    /// sizes its gen0 budget from the L3 cache (260 MiB reported here): uncollected, 50 creates left 16 MiB resident in
    /// an otherwise idle process. Returned to the kernel after the reply is sent, so that no create waits for it.
    /// </summary>
    private static void CollectAfterCreate() => GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    private async Task<string> CreateAsync(string json)
    {
        await _creating.WaitAsync();
        try
        {
            var options = JsonSerializer.Deserialize(json, ShimJsonContext.Default.ShimOptions)
                ?? throw new InvalidDataException("create: no options");
            var session = ShimSession.Create(options, _loop);
            lock (_lock) _sessions.Add(session);
            _ = session.Finished.ContinueWith(_ =>
            {
                lock (_lock) _sessions.Remove(session);
                ExitIfIdle();
            }, TaskScheduler.Default);
            return $"ok {Environment.ProcessId}";
        }
        catch (Exception e)
        {
            // Every failure, bugs included, goes back to the caller: our own stderr is /dev/null.
            var message = e is OciException or SpecException or KernelException or IOException or CgroupException or HookException or JsonException
                ? e.Message : e.ToString();
            return "error " + message.ReplaceLineEndings(" ");
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>
    /// <c>bock-oci delete ID</c> without its process start: the session of a container of ours is waited for (its exit
    /// recorded, its socket removed) before the state goes, so that the caller finds nothing of it afterwards.
    /// </summary>
    private async Task<string> DeleteAsync(string id)
    {
        try
        {
            ShimSession? session;
            lock (_lock) session = _sessions.FirstOrDefault(s => s.Id == id);
            if (session is not null) await session.StopForDeleteAsync();
            var dir = ContainerDirectory.Locate(_paths.Root, id);
            if (!dir.Exists) throw new OciException($"container \"{id}\" does not exist");
            ContainerOps.Delete(dir, force: false);
            return "ok";
        }
        catch (Exception e)
        {
            var message = e is OciException or SpecException or KernelException or IOException or CgroupException or HookException or JsonException
                ? e.Message : e.ToString();
            return "error " + message.ReplaceLineEndings(" ");
        }
    }

    /// <summary>
    /// Exits once nothing is left to serve. Under the callers' lock: a caller that connected before we took it has its
    /// connection counted or waiting in the backlog, and one that comes after finds no socket and starts a new shim.
    /// </summary>
    private void ExitIfIdle()
    {
        lock (_lock)
            if (_sessions.Count > 0 || _connections > 0) return;
        int lockFd;
        try
        {
            lockFd = FileLock.Acquire(_paths.Lock);
        }
        catch (KernelException)
        {
            // The root was removed under us (a test's temporary root, or bockd's run root): no caller can find us.
            lockFd = -1;
        }
        lock (_lock)
        {
            if (_sessions.Count == 0 && _connections == 0 && !_listener.Poll(0, SelectMode.SelectRead))
            {
                try
                {
                    File.Delete(_paths.Socket);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The root is gone (DirectoryNotFoundException): so is the socket, and nobody can find us.
                }
                Environment.Exit(0); // the lock goes with the process
            }
        }
        if (lockFd >= 0) FileLock.Release(lockFd);
    }

    /// <summary>One line to the waiting caller, then the fd is closed so its read ends.</summary>
    private static void Report(int readyFd, string line)
    {
        try
        {
            Unistd.WriteAll(readyFd, Encoding.UTF8.GetBytes(line + "\n"));
        }
        catch (KernelException)
        {
            // The caller died: nobody to tell.
        }
        Unistd.Close(readyFd);
    }
}
