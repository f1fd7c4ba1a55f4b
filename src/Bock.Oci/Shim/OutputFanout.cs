namespace Bock.Oci.Shim;

/// <summary>
/// Where the container's output goes: every chunk into the log, then to each attached client, in the order the event
/// loop reads it. One lock serialises both, so the log and every client see the same interleaving of stdout and
/// stderr. A client that cannot keep up or went away is dropped rather than stalling the container.
/// </summary>
public sealed class OutputFanout
{
    private readonly Lock _lock = new();
    private readonly JsonFileLog _log;
    private readonly bool _framed;
    private readonly List<AttachedClient> _clients = [];
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
                if (!_clients[i].Enqueue(bytes))
                    _clients.RemoveAt(i);
        }
    }

    /// <summary>Adds a client for live output; null once the container's output has ended.</summary>
    public AttachedClient? Subscribe(System.Net.Sockets.Socket socket)
    {
        lock (_lock)
        {
            if (_closed) return null;
            var client = new AttachedClient(socket);
            _clients.Add(client);
            return client;
        }
    }

    public void Unsubscribe(AttachedClient client)
    {
        lock (_lock) _clients.Remove(client);
    }

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
    /// Gives every attached client its EOF after the output queued for it. Separate from <see cref="Close"/> so that
    /// the shim can record the exit in between: a client that sees EOF and then reads the exit file or sends
    /// <c>wait</c> finds the exit recorded.
    /// </summary>
    public void Disconnect()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var client in _clients)
                client.End();
            _clients.Clear();
        }
    }
}
