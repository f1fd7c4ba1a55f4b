using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Bock.Kernel.Native;

namespace Bock.Actors.Kernel;

/// <summary>
/// Asks the shim already serving a state root (<c>&lt;root&gt;/shim.sock</c>, see bock-oci's ShimGroup) to create a
/// container, as <c>bock-oci shim</c> would, without starting that process first: one process start less per
/// container (~4 ms). The same protocol and lock as bock-oci's ShimLauncher: <c>&lt;root&gt;/shim.lock</c> is held
/// until the reply, so the shim cannot decide to exit while a create is on its way.
/// </summary>
internal static class ShimGroupClient
{
    /// <summary>The shim's pid; null when no shim serves the root (the caller starts one through bock-oci).</summary>
    /// <exception cref="ContainerRuntimeException">The shim refused, with its reason.</exception>
    public static string? TryCreate(string ociRoot, IReadOnlyDictionary<string, object> options)
    {
        var socketPath = Path.Combine(ociRoot, "shim.sock");
        if (!File.Exists(socketPath)) return null;
        var lockFd = FileLock.Acquire(Path.Combine(ociRoot, "shim.lock"));
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            }
            catch (SocketException)
            {
                return null; // a shim that has just exited left its socket file
            }
            socket.Send(Encoding.UTF8.GetBytes("create " + JsonSerializer.Serialize(options, ShimGroupJsonContext.Default.IReadOnlyDictionaryStringObject) + "\n"));
            var answer = ReadLine(socket);
            if (answer.StartsWith("ok ", StringComparison.Ordinal)) return answer[3..].Trim();
            throw new ContainerRuntimeException(answer.StartsWith("error ", StringComparison.Ordinal) ? answer["error ".Length..]
                : answer.Length == 0 ? "the shim exited before the container was created" : $"the shim answered \"{answer}\"");
        }
        finally
        {
            FileLock.Release(lockFd);
        }
    }

    private static string ReadLine(Socket socket)
    {
        var text = new StringBuilder();
        var buffer = new byte[256];
        int n;
        while ((n = socket.Receive(buffer)) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
            if (text.ToString().Contains('\n')) break;
        }
        return text.ToString().Split('\n')[0];
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyDictionary<string, object>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(bool))]
internal sealed partial class ShimGroupJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
