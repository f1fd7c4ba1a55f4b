using System.Net.Sockets;
using System.Text;

namespace Bock.Oci.Shim;

/// <summary>
/// Reads request lines from a connection, keeping what follows a line (stdin bytes after <c>attach</c>) for
/// <see cref="ReadRawAsync"/>. The buffer starts small and grows to <see cref="MaxLine"/>: bockd keeps a connection
/// open per container (its <c>wait</c>), and requests are short.
/// </summary>
internal sealed class LineReader(Socket socket)
{
    private const int MaxLine = 4096;
    private byte[] _buffer = new byte[256];
    private int _start, _end;

    /// <summary>The next line without its newline; null at end of stream.</summary>
    public async ValueTask<string?> ReadLineAsync()
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }
            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
            {
                if (_buffer.Length == MaxLine)
                    throw new InvalidDataException($"request line longer than {MaxLine} bytes");
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 4, MaxLine));
            }
            var n = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
            if (n == 0) return null;
            _end += n;
        }
    }

    /// <summary>Buffered bytes first, then straight from the socket; 0 at end of stream.</summary>
    public async ValueTask<int> ReadRawAsync(byte[] destination)
    {
        if (_end > _start)
        {
            var n = Math.Min(destination.Length, _end - _start);
            Array.Copy(_buffer, _start, destination, 0, n);
            _start += n;
            return n;
        }
        return await socket.ReceiveAsync(destination, SocketFlags.None);
    }
}
