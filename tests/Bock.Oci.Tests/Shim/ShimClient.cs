using System.Net.Sockets;
using System.Text;
using Bock.Oci.Shim;

namespace Bock.Oci.Tests.Shim;

/// <summary>A test's side of the shim socket: request lines, reply lines, and attach frames.</summary>
internal sealed class ShimClient : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private ShimClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static ShimClient Connect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = 20_000 };
        socket.Connect(new UnixDomainSocketEndPoint(path));
        return new ShimClient(socket);
    }

    /// <summary>Sends one request and returns its reply line.</summary>
    public string Request(string line)
    {
        _stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
        return ReadLine() ?? throw new EndOfStreamException($"no reply to \"{line}\"");
    }

    private string? ReadLine()
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = _stream.ReadByte();
            if (b < 0) return bytes.Count == 0 ? null : Encoding.UTF8.GetString(bytes.ToArray());
            if (b == '\n') return Encoding.UTF8.GetString(bytes.ToArray());
            bytes.Add((byte)b);
        }
    }

    /// <summary>The next multiplexed frame; null at EOF.</summary>
    public (OutputStream Stream, string Text)? ReadFrame()
    {
        var header = new byte[AttachFrame.HeaderSize];
        try
        {
            _stream.ReadExactly(header);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
        Assert.True(AttachFrame.TryDecodeHeader(header, out var stream, out var size), $"not a frame header: {Convert.ToHexString(header)}");
        var payload = new byte[size];
        _stream.ReadExactly(payload);
        return (stream, Encoding.UTF8.GetString(payload));
    }

    /// <summary>Raw output (a terminal's attach has no frames) until <paramref name="expected"/> shows up or EOF.</summary>
    public string ReadUntil(string expected)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        int n;
        while (!text.ToString().Contains(expected) && (n = _stream.Read(buffer)) > 0)
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        return text.ToString();
    }

    public void Send(string raw) => _stream.Write(Encoding.UTF8.GetBytes(raw));

    /// <summary>Ends what we send (half-close), keeping the connection open for the output.</summary>
    public void CloseSend() => _socket.Shutdown(SocketShutdown.Send);

    public void Dispose() => _stream.Dispose();
}
