using System.Net.Sockets;
using System.Text;

namespace Bock.Cli.Daemon;

/// <summary>
/// The raw byte stream left after an HTTP upgrade: reads first return what arrived with the response headers.
/// <see cref="CloseWrite"/> half-closes the socket, which tells the container its stdin ended.
/// </summary>
internal sealed class HijackedStream : Stream
{
    private readonly NetworkStream _inner;
    private readonly Socket _socket;
    private byte[] _leftover;
    private int _leftoverOffset;

    private HijackedStream(NetworkStream inner, Socket socket, byte[] leftover)
    {
        _inner = inner;
        _socket = socket;
        _leftover = leftover;
    }

    public static async Task<HijackedStream> ReadResponseAsync(NetworkStream stream, Socket socket, CancellationToken ct)
    {
        var buffer = new byte[8192];
        var filled = 0;
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer.AsSpan(0, filled))) < 0)
        {
            if (filled == buffer.Length) throw new DaemonException(500, "bockd sent a response header larger than 8 KiB");
            var n = await stream.ReadAsync(buffer.AsMemory(filled), ct);
            if (n == 0) throw new DaemonException(500, "bockd closed the connection before it answered");
            filled += n;
        }
        var head = Encoding.ASCII.GetString(buffer, 0, headerEnd);
        var lines = head.Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        var status = statusParts.Length > 1 && int.TryParse(statusParts[1], out var s) ? s : 500;
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var rest = buffer[(headerEnd + 4)..filled];
        if (status is 101 or 200 && !(headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked")))
            return new HijackedStream(stream, socket, rest);
        // An error: its body is Docker's {"message"}, sized or chunked (the connection stays open: never read to its end).
        var chunked = headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked");
        var length = headers.TryGetValue("content-length", out var cl) && int.TryParse(cl, out var l) ? l : -1;
        var body = new MemoryStream();
        body.Write(rest);
        while (chunked ? ChunkedBody(body.ToArray()) is null : length < 0 || body.Length < length)
        {
            var n = await stream.ReadAsync(buffer, ct);
            if (n == 0) break;
            body.Write(buffer, 0, n);
        }
        var text = Encoding.UTF8.GetString(chunked ? ChunkedBody(body.ToArray()) ?? body.ToArray() : body.ToArray());
        var message = text;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(text);
            message = json.RootElement.GetProperty("message").GetString() ?? text;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
        }
        throw new DaemonException(status, message.Trim());
    }

    /// <summary>The decoded body once the last (empty) chunk has arrived; null while more is to come.</summary>
    private static byte[]? ChunkedBody(byte[] raw)
    {
        var decoded = new MemoryStream();
        var at = 0;
        while (true)
        {
            var lineEnd = raw.AsSpan(at).IndexOf("\r\n"u8);
            if (lineEnd < 0) return null;
            var sizeText = Encoding.ASCII.GetString(raw, at, lineEnd).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, System.Globalization.NumberStyles.HexNumber, null, out var size) || size < 0) return raw;
            at += lineEnd + 2;
            if (size == 0) return decoded.ToArray();
            if (raw.Length < at + size + 2) return null;
            decoded.Write(raw, at, size);
            at += size + 2;
        }
    }

    public void CloseWrite() => _socket.Shutdown(SocketShutdown.Send);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_leftoverOffset < _leftover.Length)
        {
            var n = Math.Min(buffer.Length, _leftover.Length - _leftoverOffset);
            _leftover.AsMemory(_leftoverOffset, n).CopyTo(buffer);
            _leftoverOffset += n;
            if (_leftoverOffset == _leftover.Length) _leftover = [];
            return n;
        }
        return await _inner.ReadAsync(buffer, cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _inner.WriteAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    private static int IndexOfHeaderEnd(ReadOnlySpan<byte> data) => data.IndexOf("\r\n\r\n"u8);
}
