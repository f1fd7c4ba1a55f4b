using System.Net.Sockets;

namespace Bock.Oci.Shim;

/// <summary>
/// Where the container's output goes: every chunk into the log, then to each attached client, in the order the pumps
/// read it. One lock serialises both, so the log and every client see the same interleaving of stdout and stderr.
/// A client that cannot keep up (its send times out) or went away is dropped rather than stalling the container.
/// </summary>
public sealed class OutputFanout
{
    private readonly Lock _lock = new();
    private readonly JsonFileLog _log;
    private readonly bool _framed;
    private readonly List<Socket> _clients = [];
    private readonly ManualResetEventSlim _disconnected = new();
    private bool _closed;

    /// <param name="framed">Docker multiplexes attach output only without a terminal: a pty has a single stream, sent raw.</param>
    public OutputFanout(JsonFileLog log, bool framed)
    {
        _log = log;
        _framed = framed;
    }

    public void Publish(OutputStream stream, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            if (_closed) return; // a straggler after the drain timeout: the log is complete
            _log.Write(stream, data, DateTime.UtcNow);
            if (_clients.Count == 0) return;
            var bytes = _framed ? AttachFrame.Encode(stream, data) : data.ToArray();
            for (var i = _clients.Count - 1; i >= 0; i--)
            {
                try
                {
                    _clients[i].Send(bytes);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    _clients.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Adds a client for live output; false once the container's output has ended.</summary>
    public bool Subscribe(Socket client)
    {
        lock (_lock)
        {
            if (_closed) return false;
            _clients.Add(client);
            return true;
        }
    }

    public void Unsubscribe(Socket client)
    {
        lock (_lock) _clients.Remove(client);
    }

    /// <summary>
    /// Blocks until <see cref="Disconnect"/> or for <paramref name="timeout"/>; true once disconnected. An attached
    /// client stays connected for output after its stdin ends.
    /// </summary>
    public bool WaitDisconnected(TimeSpan timeout) => _disconnected.Wait(timeout);

    /// <summary>The output has ended: writes the log's last partial lines; later output and subscribers are refused.</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (_closed) return;
            _closed = true;
            _log.Flush(DateTime.UtcNow);
            _log.Dispose();
        }
    }

    /// <summary>
    /// Gives every attached client its EOF. Separate from <see cref="Close"/> so that the daemon can record the exit
    /// in between: a client that sees EOF and then reads the exit file or sends <c>wait</c> finds the exit recorded.
    /// </summary>
    public void Disconnect()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var client in _clients)
            {
                try { client.Shutdown(SocketShutdown.Send); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
            }
            _clients.Clear();
            _disconnected.Set();
        }
    }
}
