using Bock.Kernel.Terminal;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Bock.Host.Streams;

/// <summary>
/// The public API socket, relayed byte for byte to Kestrel on a private one. It exists for Docker's hijacked
/// connections (attach, exec start), which Kestrel alone cannot serve as docker's CLI uses them:
/// <list type="bullet">
/// <item>the CLI half-closes (shutdown SHUT_WR) once its stdin ends, at once when it has none, and still reads the
/// container's output; Kestrel takes a FIN as the end of the connection and aborts the response. On a connection
/// whose first request asks for <c>Upgrade</c>, the client's FIN is therefore not passed on; the connection ends
/// when Kestrel ends it (the container's output has ended) or a write to the client fails;</item>
/// <item>exec start sends a JSON body with its upgrade request, which Kestrel refuses (an upgrade request may have
/// no body). The relay moves such a body into the header <see cref="HijackBodyHeader"/> (base64).</item>
/// </list>
/// Every other connection is passed through unchanged, FIN included. Only the first request of a connection is
/// looked at: Docker clients open a fresh connection for each hijack.
/// </summary>
public sealed class ApiSocketRelay : IAsyncDisposable
{
    public const string HijackBodyHeader = "X-Bock-Hijack-Body";

    private const int MaxHead = 64 * 1024;

    private static readonly TimeSpan HangupPoll = TimeSpan.FromMilliseconds(250);

    private readonly Socket _listener;
    private readonly string _backend;
    private readonly HalfCloseRegistry _halfCloses;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;

    private ApiSocketRelay(Socket listener, string backend, HalfCloseRegistry halfCloses, ILogger log)
    {
        _listener = listener;
        _backend = backend;
        _halfCloses = halfCloses;
        _log = log;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Binds <paramref name="publicPath"/> (mode 0660 from the start: no moment where others could connect) and starts relaying.</summary>
    public static ApiSocketRelay Start(string publicPath, string backendPath, HalfCloseRegistry halfCloses, ILogger log)
    {
        UnixSocket.RemoveStale(publicPath);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var umask = Tmds.Linux.LibC.umask(0b000_001_111);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(publicPath));
        }
        finally
        {
            Tmds.Linux.LibC.umask(umask);
        }
        listener.Listen(128);
        return new ApiSocketRelay(listener, backendPath, halfCloses, log);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var backend = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        Task toBackend = Task.CompletedTask;
        var (halfCloseId, halfClose) = _halfCloses.Register();
        try
        {
            await backend.ConnectAsync(new UnixDomainSocketEndPoint(_backend), _stopping.Token);
            var (head, rest, hijack) = await ReadFirstHeadAsync(client, halfCloseId);
            await backend.SendAsync(head, SocketFlags.None);
            if (rest.Length > 0) await backend.SendAsync(rest, SocketFlags.None);
            halfClose.Add(rest.Length);
            toBackend = CopyAsync(client, backend, passFin: !hijack, hijack ? halfClose : null);
            // Kestrel ending its side ends the exchange; a client that went away fails a copy, which ends both sides.
            await CopyAsync(backend, client, passFin: true, null);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or InvalidDataException)
        {
            _log.LogDebug("API connection ended: {Reason}", e.Message);
        }
        finally
        {
            client.Dispose();
            backend.Dispose();
            try { await toBackend; }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
            _halfCloses.Remove(halfCloseId);
        }
    }

    /// <summary>The first request's head (rewritten for a hijack with a body), the bytes read after it, and whether it asks for an upgrade.</summary>
    private static async Task<(byte[] Head, byte[] Remainder, bool Hijack)> ReadFirstHeadAsync(Socket client, long halfCloseId)
    {
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        int end, terminator;
        while ((end = IndexOfHeadEnd(buffer, out terminator)) < 0)
        {
            if (buffer.Count > MaxHead) return ([.. buffer], [], false); // not HTTP as we know it: Kestrel will say so
            var n = await client.ReceiveAsync(chunk, SocketFlags.None);
            if (n == 0) return ([.. buffer], [], false);
            buffer.AddRange(chunk.AsSpan(0, n));
        }
        // Lines as sent, CRLF or bare LF (Docker.DotNet ends its header lines with LF alone, which Go's server takes
        // and Kestrel refuses): passed on with CRLF.
        var headText = Encoding.Latin1.GetString([.. buffer.Take(end)]);
        var rest = buffer.Skip(end + terminator).ToList();
        var lines = headText.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        bool HasHeader(string name, Func<string, bool> value) => lines.Skip(1).Any(l =>
            l.IndexOf(':') is var c and > 0 && l[..c].Trim().Equals(name, StringComparison.OrdinalIgnoreCase) && value(l[(c + 1)..].Trim()));
        var hijack = HasHeader("Upgrade", _ => true) && HasHeader("Connection", v => v.Contains("upgrade", StringComparison.OrdinalIgnoreCase));
        if (!hijack)
            return (Encoding.Latin1.GetBytes(string.Join("\r\n", lines) + "\r\n\r\n"), [.. rest], false);
        lines.Add($"{HalfCloseRegistry.Header}: {halfCloseId}");
        var lengthLine = lines.FindIndex(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (lengthLine > 0 && int.TryParse(lines[lengthLine]["Content-Length:".Length..].Trim(), out var length) && length > 0)
        {
            if (length > MaxHead) throw new InvalidDataException("a hijack request's body is too large");
            while (rest.Count < length)
            {
                var n = await client.ReceiveAsync(chunk, SocketFlags.None);
                if (n == 0) throw new InvalidDataException("the client closed inside the request body");
                rest.AddRange(chunk.AsSpan(0, n));
            }
            lines[lengthLine] = $"{HijackBodyHeader}: {Convert.ToBase64String([.. rest.Take(length)])}";
            rest = rest.Skip(length).ToList();
        }
        return (Encoding.Latin1.GetBytes(string.Join("\r\n", lines) + "\r\n\r\n"), [.. rest], true);
    }

    /// <summary>Where the head's last line ends (before its line feed), and how long the blank line after it is: LF CR LF or LF LF.</summary>
    private static int IndexOfHeadEnd(List<byte> buffer, out int terminator)
    {
        for (var i = 0; i + 1 < buffer.Count; i++)
        {
            if (buffer[i] != '\n') continue;
            if (buffer[i + 1] == '\n')
            {
                terminator = 2;
                return i > 0 && buffer[i - 1] == '\r' ? i - 1 : i;
            }
            if (i + 2 < buffer.Count && buffer[i + 1] == '\r' && buffer[i + 2] == '\n')
            {
                terminator = 3;
                if (i > 0 && buffer[i - 1] == '\r')
                {
                    terminator = 4;
                    return i - 1;
                }
                return i;
            }
        }
        terminator = 0;
        return -1;
    }

    /// <param name="halfClose">For a hijack's input: counts what is passed on, and takes the FIN in Kestrel's stead.</param>
    private static async Task CopyAsync(Socket from, Socket to, bool passFin, HalfCloseRegistry.Entry? halfClose)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
                halfClose?.Add(n);
            }
            if (passFin) to.Shutdown(SocketShutdown.Send);
            if (halfClose is null) return;
            halfClose.End();
            // A half-closed client still reads; one that closed entirely is gone, and so is its hijack: the endpoint
            // hears it through the registry (Kestrel does not abort an upgraded request when its connection closes).
            while (!PeerHangup.Of(from))
                await Task.Delay(HangupPoll);
            halfClose.Hangup();
            from.Shutdown(SocketShutdown.Both);
            to.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // One side is gone: end both, so the other side's copy ends too.
            try { from.Shutdown(SocketShutdown.Both); } catch (Exception f) when (f is SocketException or ObjectDisposedException) { }
            try { to.Shutdown(SocketShutdown.Both); } catch (Exception f) when (f is SocketException or ObjectDisposedException) { }
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
    }
}
