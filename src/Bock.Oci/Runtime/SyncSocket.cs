using System.Net.Sockets;
using System.Text.Json;
using Bock.Kernel.Native;
using Bock.Kernel.Terminal;

namespace Bock.Oci.Runtime;

/// <summary>
/// The parent ↔ init protocol: one SOCK_SEQPACKET socketpair, one JSON message per packet.
/// <code>
///  parent (create / run / exec)          init (bock-oci init, in the new namespaces)
///  ── InitRequest ──────────────────────▶ reads config.json, mounts, creates /dev
///  moves init into its cgroup meanwhile
///  ── cgroup-joined ────────────────────▶ (create only) unshares the cgroup namespace, rooted there
///  ◀───────────────────────── run-hooks  (create only, when the spec has prestart/createRuntime hooks)
///  runs prestart + createRuntime hooks
///  ── hooks-done ───────────────────────▶ createContainer hooks, pivot_root, masked paths, …
///  ◀──────────── console + SCM_RIGHTS fd  (only when process.terminal)
///  ◀──────────────────────────── ready   (or error, with the reason; then init exits)
///                                        create: blocks opening exec.fifo until `start`; exec: execs at once
/// </code>
/// Moving a process into a v1 cgroup waits for an RCU grace period (about 10 ms here): for create the parent does
/// it while init builds the root filesystem, which needs nothing of the cgroup, instead of before.
/// Init's end is close-on-exec, so the parent sees EOF once the user's program is running.
/// </summary>
public sealed class SyncSocket : IDisposable
{
    private readonly Socket _socket;

    private SyncSocket(Socket socket) => _socket = socket;

    public int Handle => (int)_socket.Handle;

    public static (SyncSocket Parent, SyncSocket Child) CreatePair()
    {
        var (a, b) = SocketPair.Create();
        return (new SyncSocket(a), new SyncSocket(b));
    }

    public static SyncSocket FromFd(int fd) => new(new Socket(new SafeSocketHandle(fd, ownsHandle: true)));

    public void Send(SyncMessage message) => SendBytes(JsonSerializer.SerializeToUtf8Bytes(message, OciJsonContext.Default.SyncMessage));

    /// <summary>Sends unless the peer has closed its end; what it said before closing can still be received.</summary>
    public bool TrySend(SyncMessage message)
    {
        try
        {
            Send(message);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Send(InitRequest request) => SendBytes(JsonSerializer.SerializeToUtf8Bytes(request, OciJsonContext.Default.InitRequest));

    public SyncMessage? Receive() => ReceiveBytes() is { } bytes ? JsonSerializer.Deserialize(bytes, OciJsonContext.Default.SyncMessage) : null;

    public InitRequest? ReceiveRequest() => ReceiveBytes() is { } bytes ? JsonSerializer.Deserialize(bytes, OciJsonContext.Default.InitRequest) : null;

    /// <summary>Sends a message with one fd attached (SCM_RIGHTS).</summary>
    public void SendWithFd(SyncMessage message, int fd) =>
        FdPassing.Send(Handle, JsonSerializer.SerializeToUtf8Bytes(message, OciJsonContext.Default.SyncMessage), [fd]);

    /// <summary>Receives a message and the fd that came with it, if any.</summary>
    public (SyncMessage? Message, int Fd) ReceiveWithFd()
    {
        var buffer = new byte[1 << 16];
        Span<int> fds = stackalloc int[1];
        var (length, fdCount) = FdPassing.Receive(Handle, buffer, fds);
        var message = length == 0 ? null : JsonSerializer.Deserialize(buffer.AsSpan(0, length), OciJsonContext.Default.SyncMessage);
        return (message, fdCount > 0 ? fds[0] : -1);
    }

    private void SendBytes(byte[] bytes) => _socket.Send(bytes);

    private byte[]? ReceiveBytes()
    {
        var buffer = new byte[1 << 20];
        var n = _socket.Receive(buffer);
        return n == 0 ? null : buffer[..n];
    }

    public void Dispose() => _socket.Dispose();
}
