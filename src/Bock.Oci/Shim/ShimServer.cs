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
/// clients get EOF; then the socket is removed and the shim exits.
/// </summary>
public sealed class ShimServer
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HangupPoll = TimeSpan.FromMilliseconds(250);

    private readonly Socket _listener;
    private readonly string _path;
    private readonly ShimContainer _container;
    private readonly OutputFanout _fanout;
    private readonly ContainerStdio _stdio;
    private readonly Lock _lock = new();
    private readonly List<(Socket Socket, Thread Thread)> _connections = [];
    private bool _stopping;

    private ShimServer(Socket listener, string path, ShimContainer container, OutputFanout fanout, ContainerStdio stdio)
    {
        _listener = listener;
        _path = path;
        _container = container;
        _fanout = fanout;
        _stdio = stdio;
    }

    public static ShimServer Listen(string path, ShimContainer container, OutputFanout fanout, ContainerStdio stdio)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path); // a stale socket from an earlier shim of the same container
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        // umask, not a chmod after bind: no moment where another user could connect. Nothing else creates files now.
        var umask = Unistd.Umask(0b000_111_111);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
        }
        finally
        {
            Unistd.Umask(umask);
        }
        listener.Listen(16);
        var server = new ShimServer(listener, path, container, fanout, stdio);
        new Thread(server.AcceptLoop) { IsBackground = true, Name = "accept" }.Start();
        return server;
    }

    /// <summary>Stops accepting, lets connections finish their answers (bounded), removes the socket.</summary>
    public void Shutdown(TimeSpan grace)
    {
        List<(Socket Socket, Thread Thread)> connections;
        lock (_lock)
        {
            _stopping = true;
            connections = [.. _connections];
        }
        _listener.Dispose();
        File.Delete(_path);
        // Idle readers see EOF and end; a waiter sends its answer first.
        foreach (var (socket, _) in connections)
        {
            try { socket.Shutdown(SocketShutdown.Receive); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        }
        var deadline = DateTime.UtcNow + grace;
        foreach (var (_, thread) in connections)
            thread.Join(Max(deadline - DateTime.UtcNow, TimeSpan.Zero));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private void AcceptLoop()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            client.SendTimeout = (int)SendTimeout.TotalMilliseconds;
            var thread = new Thread(() => Serve(client)) { IsBackground = true, Name = "connection" };
            lock (_lock)
            {
                if (_stopping)
                {
                    client.Dispose();
                    return;
                }
                _connections.Add((client, thread));
            }
            thread.Start();
        }
    }

    private void Serve(Socket client)
    {
        var reader = new LineReader(client);
        try
        {
            while (reader.ReadLine() is { } line)
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words is ["attach"] or ["attach", "stdin-once"])
                {
                    Attach(client, reader, stdinOnce: words.Length == 2);
                    return;
                }
                Reply(client, Answer(words));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidDataException)
        {
            // The client went away or spoke nonsense: only this connection ends.
        }
        finally
        {
            lock (_lock) _connections.RemoveAll(c => c.Socket == client);
            client.Dispose();
        }
    }

    private string Answer(string[] words)
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
                    return "ok " + JsonSerializer.Serialize(_container.Exited.GetAwaiter().GetResult(), ShimJsonContext.Default.ExitRecord);
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

    private void Attach(Socket client, LineReader reader, bool stdinOnce)
    {
        Reply(client, "ok");
        if (!_fanout.Subscribe(client))
            return; // the container has exited: EOF right away
        try
        {
            var buffer = new byte[8192];
            int n;
            while ((n = reader.ReadRaw(buffer)) > 0)
                _stdio.WriteStdin(buffer.AsSpan(0, n));
            if (stdinOnce) _stdio.CloseStdin();
            // The client closed its sending side: it may still want the output until the container exits, unless it
            // has hung up altogether (a silent container would otherwise hold its connection until it exits).
            while (!_fanout.WaitDisconnected(HangupPoll))
                if (PeerHangup.Of(client))
                    return;
        }
        finally
        {
            _fanout.Unsubscribe(client);
        }
    }

    private static void Reply(Socket client, string line) => client.Send(Encoding.UTF8.GetBytes(line + "\n"));
}
