using System.Net.Sockets;
using System.Text;

namespace Bock.Host.Tests.Support;

/// <summary>
/// HTTP/1.1 by hand over bockd's unix socket, for what HttpClient cannot do: Docker's hijacked connections, where
/// the response head (101) is followed by a raw duplex stream on the same socket.
/// </summary>
public sealed class RawHttp : IDisposable
{
    private readonly Socket _socket;

    public NetworkStream Stream { get; }
    public string StatusLine { get; private set; } = "";
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    private RawHttp(Socket socket)
    {
        _socket = socket;
        Stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Sends the request (head and body) and reads the response head; the stream is then positioned after it.</summary>
    public static async Task<RawHttp> SendAsync(string socketPath, string method, string path, IReadOnlyDictionary<string, string> headers, string body = "")
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        var http = new RawHttp(socket);
        var head = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: bock\r\n");
        foreach (var (name, value) in headers) head.Append($"{name}: {value}\r\n");
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        if (bodyBytes.Length > 0) head.Append($"Content-Type: application/json\r\nContent-Length: {bodyBytes.Length}\r\n");
        head.Append("\r\n");
        await http.Stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await http.Stream.WriteAsync(bodyBytes);
        var lines = (await http.ReadHeadAsync()).Split("\r\n");
        http.StatusLine = lines[0];
        foreach (var line in lines.Skip(1))
            if (line.IndexOf(':') is var colon and > 0)
                http.Headers[line[..colon]] = line[(colon + 1)..].Trim();
        return http;
    }

    public static Task<RawHttp> UpgradeAsync(string socketPath, string path, string body = "") =>
        SendAsync(socketPath, "POST", path, new Dictionary<string, string> { ["Connection"] = "Upgrade", ["Upgrade"] = "tcp" }, body);

    public int StatusCode => int.Parse(StatusLine.Split(' ')[1]);

    public async Task WriteAsync(string text) => await Stream.WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Ends what we send (our stdin), keeping the connection open for the output.</summary>
    public void CloseWrite() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Reads Docker's multiplexed frames until EOF: (stream, text) in order.</summary>
    public async Task<List<(int Stream, string Text)>> ReadFramesAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        List<(int, string)> frames = [];
        var header = new byte[8];
        while (await Stream.ReadAtLeastAsync(header, 8, throwOnEndOfStream: false, cts.Token) == 8)
        {
            var payload = new byte[System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4))];
            await Stream.ReadExactlyAsync(payload, cts.Token);
            frames.Add((header[0], Encoding.UTF8.GetString(payload)));
        }
        return frames;
    }

    private async Task<string> ReadHeadAsync()
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await Stream.ReadAsync(one) == 0) throw new IOException("the connection closed inside the response head");
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString([.. head]).TrimEnd();
    }

    public void Dispose() => Stream.Dispose();
}
