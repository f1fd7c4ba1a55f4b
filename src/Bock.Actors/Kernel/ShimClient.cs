using System.Net.Sockets;
using System.Text;

namespace Bock.Actors.Kernel;

/// <summary>
/// The client side of a shim's line protocol (the table is at the top of bock-oci's <c>Shim/ShimServer.cs</c>):
/// one request line, one reply line <c>ok[ PAYLOAD]</c> or <c>error MESSAGE</c>; <c>attach</c> turns the connection
/// into the container's byte stream after its <c>ok</c>.
/// </summary>
public static class ShimClient
{
    /// <summary>Whether a shim listens on <paramref name="socketPath"/>; false once it has exited (it removes the socket).</summary>
    public static bool IsListening(string socketPath)
    {
        try
        {
            using var socket = Connect(socketPath);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Sends one request and returns the reply's payload ("" for a bare ok).</summary>
    /// <exception cref="SocketException">No shim listens (it has exited) or it went away mid-request.</exception>
    /// <exception cref="ContainerRuntimeException">The shim answered with an error.</exception>
    public static async Task<string> RequestAsync(string socketPath, string request, CancellationToken ct)
    {
        using var socket = Connect(socketPath);
        await socket.SendAsync(Encoding.UTF8.GetBytes(request + "\n"), SocketFlags.None, ct);
        return Payload(await ReadLineAsync(socket, ct), request);
    }

    public static string Request(string socketPath, string request, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return RequestAsync(socketPath, request, cts.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new ContainerRuntimeException($"the shim did not answer \"{request}\" within {timeout.TotalSeconds:0}s");
        }
    }

    /// <summary>
    /// Connects and sends <c>attach</c>: once this returns, the socket carries the container's output (from now on)
    /// and takes its stdin. Shutting down the socket's sending side ends the container's stdin only.
    /// </summary>
    /// <param name="stdinOnce">Docker's StdinOnce: this client's EOF also closes the container's stdin.</param>
    public static async Task<Socket> AttachAsync(string socketPath, CancellationToken ct, bool stdinOnce = false)
    {
        var socket = Connect(socketPath);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(stdinOnce ? "attach stdin-once\n" : "attach\n"), SocketFlags.None, ct);
            Payload(await ReadLineAsync(socket, ct), "attach");
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Socket Connect(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string Payload(string line, string request) =>
        line == "ok" ? ""
        : line.StartsWith("ok ", StringComparison.Ordinal) ? line[3..]
        : line.StartsWith("error ", StringComparison.Ordinal) ? throw new ContainerRuntimeException(line[6..])
        : throw new ContainerRuntimeException($"the shim answered \"{request}\" with \"{line}\"");

    /// <summary>
    /// Reads one reply line a byte at a time: after an attach's <c>ok</c> the container's output follows at once, and
    /// none of it may be swallowed into a buffer here.
    /// </summary>
    private static async Task<string> ReadLineAsync(Socket socket, CancellationToken ct)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await socket.ReceiveAsync(one, SocketFlags.None, ct) == 0)
                throw new SocketException((int)SocketError.ConnectionReset); // the shim went away without an answer
            if (one[0] == (byte)'\n')
                return Encoding.UTF8.GetString([.. line]);
            line.Add(one[0]);
        }
    }
}
