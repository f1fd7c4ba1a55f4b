using System.Net.Sockets;
using System.Threading.Channels;

namespace Bock.Oci.Shim;

/// <summary>
/// One attached connection's output side: chunks are queued by the event loop and sent by an async loop, so a slow
/// client never holds up the loop (which serves every container of the shim). A client that falls more than
/// <see cref="MaxQueued"/> bytes behind is dropped, as Docker drops a client that cannot keep up.
/// </summary>
public sealed class AttachedClient
{
    public const int MaxQueued = 1024 * 1024;

    private readonly Socket _socket;
    private readonly Channel<byte[]> _queue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private int _queued;

    public AttachedClient(Socket socket)
    {
        _socket = socket;
        Sent = SendAllAsync();
    }

    /// <summary>Completes when everything queued before <see cref="End"/> is sent and the client has its EOF, or it was dropped.</summary>
    public Task Sent { get; }

    /// <summary>False when the client is too far behind (it is cut off) or gone.</summary>
    public bool Enqueue(byte[] data)
    {
        if (Interlocked.Add(ref _queued, data.Length) > MaxQueued || !_queue.Writer.TryWrite(data))
        {
            Abort();
            return false;
        }
        return true;
    }

    /// <summary>No more output: what is queued is still sent, then the client reads EOF.</summary>
    public void End() => _queue.Writer.TryComplete();

    private void Abort()
    {
        _queue.Writer.TryComplete();
        try { _socket.Shutdown(SocketShutdown.Both); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    private async Task SendAllAsync()
    {
        try
        {
            await foreach (var data in _queue.Reader.ReadAllAsync())
            {
                await _socket.SendAsync(data, SocketFlags.None);
                Interlocked.Add(ref _queued, -data.Length);
            }
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Gone: its connection ends on its own.
        }
    }
}
