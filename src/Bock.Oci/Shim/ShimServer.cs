using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Bock.Kernel.Cgroups;
using Bock.Kernel.Hooks;
using Bock.Kernel.Native;
using Bock.Kernel.Spec;
using Bock.Kernel.Terminal;
using Bock.Oci.Runtime;

namespace Bock.Oci.Shim;

/// <summary>
/// The shim's control and attach socket (unix stream, mode 0600). Requests are lines; each gets one reply line,
/// <c>ok[ PAYLOAD]</c> or <c>error MESSAGE</c>; a connection may send several requests, one at a time.
/// <code>
/// request          reply                      notes
/// ───────────────  ─────────────────────────  ────────────────────────────────────────────────────────────────────
/// start            ok                         ContainerOps.Start: releases init from its exec fifo, poststart hooks
/// state            ok {OCI state JSON}        one line; status created | running | paused | stopped
/// kill [SIGNAL]    ok                         to init; SIGNAL as kill(1): TERM, SIGTERM, 15 (default TERM)
/// wait             ok {exit JSON}             blocks until the exit is recorded; same JSON as the exit file:
///                                             {"exitCode":N,"signal":N,"oomKilled":bool,"exitedAt":"RFC3339"}
/// resize ROWS COLS ok                         terminal containers only
/// attach           ok, then a byte stream     shim → client: live output from now on, in Docker's multiplexed frames
///                                             [stream,0,0,0,size32be]+payload (stream 1 stdout, 2 stderr); raw bytes
///                                             with --tty, as Docker does. client → shim: raw stdin bytes. The client's
///                                             EOF ends its stdin only; output ends (EOF) when the container exits. A
///                                             client that closes entirely (POLLHUP) is let go.
/// attach stdin-once  as attach             Docker's StdinOnce (docker run -i): the client's EOF also closes the
///                                             container's stdin (a pipe; with --tty nothing is closed), so `cat` ends
/// </code>
/// When the container exits, output is drained and logged, the exit file written, <c>wait</c>ers answered and attached
/// clients get EOF; then the socket is removed (the shim goes on serving its other containers).
/// Connections are served asynchronously: a waiting or attached client holds no thread.
/// </summary>
public sealed class ShimServer
{
    private static readonly TimeSpan HangupPoll = TimeSpan.FromMilliseconds(250);

    private readonly Socket _listener;
    private readonly string _path;
    private readonly ShimContainer _container;
    private readonly OutputFanout _fanout;
    private readonly ContainerStdio _stdio;
    private readonly Lock _lock = new();
    private readonly Dictionary<Socket, Task> _connections = [];
    private bool _stopping;

    private ShimServer(Socket listener, string path, ShimContainer container, OutputFanout fanout, ContainerStdio stdio)
    {
        _listener = listener;
        _path = path;
        _container = container;
        _fanout = fanout;
        _stdio = stdio;
    }

    /// <summary>Binds with umask 077: the caller must make sure nothing else in the process creates files meanwhile.</summary>
    public static ShimServer Listen(string path, ShimContainer container, OutputFanout fanout, ContainerStdio stdio)
    {
        var listener = ListenPrivate(path);
        var server = new ShimServer(listener, path, container, fanout, stdio);
        _ = server.AcceptAllAsync();
        return server;
    }

    /// <summary>A unix stream socket at <paramref name="path"/> that only its owner may connect to.</summary>
    public static Socket ListenPrivate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path); // a stale socket from an earlier shim
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        // umask, not a chmod after bind: no moment where another user could connect.
        var umask = Unistd.Umask(0b000_111_111);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        finally
        {
            Unistd.Umask(umask);
        }
        listener.Listen(16);
        return listener;
    }

    /// <summary>
    /// Removes the socket, stops accepting, lets connections finish their answers (bounded). The path goes first: a
    /// new shim for the same id may bind it as soon as connecting here fails.
    /// </summary>
    public async Task ShutdownAsync(TimeSpan grace)
    {
        List<(Socket Socket, Task Task)> connections;
        lock (_lock)
        {
            _stopping = true;
            connections = [.. _connections.Select(c => (c.Key, c.Value))];
        }
        File.Delete(_path);
        _listener.Dispose();
        // Idle readers see EOF and end; a waiter sends its answer first.
        foreach (var (socket, _) in connections)
        {
            try { socket.Shutdown(SocketShutdown.Receive); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        }
        await Task.WhenAny(Task.WhenAll(connections.Select(c => c.Task)), Task.Delay(grace));
        foreach (var (socket, _) in connections)
            socket.Dispose();
    }

    private async Task AcceptAllAsync()
    {
        while (await ListenerAccept.NextAsync(_listener) is { } client)
        {
            lock (_lock)
            {
                if (_stopping)
                {
                    client.Dispose();
                    return;
                }
                _connections[client] = ServeAsync(client);
            }
        }
    }

    private async Task ServeAsync(Socket client)
    {
        await Task.Yield(); // off the accept loop, and registered before it can end
        var reader = new LineReader(client);
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words is ["attach"] or ["attach", "stdin-once"])
                {
                    await AttachAsync(client, reader, stdinOnce: words.Length == 2);
                    return;
                }
                await ReplyAsync(client, await AnswerAsync(words));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidDataException)
        {
            // The client went away or spoke nonsense: only this connection ends.
        }
        finally
        {
            lock (_lock) _connections.Remove(client);
            client.Dispose();
        }
    }

    private async Task<string> AnswerAsync(string[] words)
    {
        try
        {
            switch (words)
            {
                case ["start"]:
                    _container.Start();
                    return "ok";
                case ["state"]:
                    return "ok " + _container.StateJson();
                case ["kill"]:
                    _container.Kill(Signals.SIGTERM);
                    return "ok";
                case ["kill", var signal]:
                    _container.Kill(Signals.Parse(signal));
                    return "ok";
                case ["wait"]:
                    return "ok " + JsonSerializer.Serialize(await _container.Exited, ShimJsonContext.Default.ExitRecord);
                case ["resize", var rows, var columns] when ushort.TryParse(rows, out var r) && ushort.TryParse(columns, out var c):
                    _stdio.Resize(r, c);
                    return "ok";
                default:
                    return $"error unknown request \"{string.Join(' ', words)}\" (start, state, kill [SIGNAL], wait, resize ROWS COLS, attach [stdin-once])";
            }
        }
        catch (Exception e) when (e is OciException or KernelException or SpecException or CgroupException or HookException or IOException)
        {
            return "error " + e.Message.ReplaceLineEndings(" ");
        }
    }

    private async Task AttachAsync(Socket client, LineReader reader, bool stdinOnce)
    {
        await ReplyAsync(client, "ok");
        if (_fanout.Subscribe(client) is not { } attached)
            return; // the container has exited: EOF right away
        try
        {
            var buffer = new byte[8192];
            int n;
            while ((n = await reader.ReadRawAsync(buffer)) > 0)
                await _stdio.WriteStdinAsync(buffer.AsMemory(0, n));
            if (stdinOnce) _stdio.CloseStdin();
            // The client closed its sending side: it may still want the output until the container exits, unless it
            // has hung up altogether (a silent container would otherwise hold its connection until it exits).
            while (!attached.Sent.IsCompleted)
            {
                if (PeerHangup.Of(client))
                    return;
                await Task.WhenAny(attached.Sent, Task.Delay(HangupPoll));
            }
        }
        finally
        {
            _fanout.Unsubscribe(attached);
        }
    }

    private static async Task ReplyAsync(Socket client, string line) =>
        await client.SendAsync(Encoding.UTF8.GetBytes(line + "\n"), SocketFlags.None);
}
