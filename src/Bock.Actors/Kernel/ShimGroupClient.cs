using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Bock.Kernel.Native;

namespace Bock.Actors.Kernel;

/// <summary>
/// Asks the shim already serving a state root (<c>&lt;root&gt;/shim.sock</c>, see bock-oci's ShimGroup) to create or
/// delete a container, as <c>bock-oci shim</c> and <c>bock-oci delete</c> would, without starting a process: one
/// process start less per create (~4 ms) and per delete. The same protocol and lock as bock-oci's ShimLauncher:
/// <c>&lt;root&gt;/shim.lock</c> is held until the reply, so the shim cannot decide to exit while a request is on its way.
/// </summary>
internal static class ShimGroupClient
{
    /// <summary>The shim's pid; null when no shim serves the root (the caller starts one through bock-oci).</summary>
    /// <exception cref="ContainerRuntimeException">The shim refused, with its reason.</exception>
    public static string? TryCreate(string ociRoot, IReadOnlyDictionary<string, object> options) =>
        Ask(ociRoot, "create " + JsonSerializer.Serialize(options, ShimGroupJsonContext.Default.IReadOnlyDictionaryStringObject), "created");

    /// <summary>
    /// <c>bock-oci delete ID</c> (without --force) done by the shim: true once the container's state and cgroup are
    /// gone (and its own socket, if the shim served it); false when no shim serves the root (the caller runs bock-oci).
    /// </summary>
    /// <exception cref="ContainerRuntimeException">The shim refused (the container runs, or does not exist), with its reason.</exception>
    public static bool TryDelete(string ociRoot, string containerId) => Ask(ociRoot, "delete " + containerId, "deleted") is not null;

    /// <summary>
    /// A connection that keeps the root's shim from exiting while it is open (closed with its process, when bockd
    /// ends); null when no shim serves the root.
    /// </summary>
    public static Socket? Hold(string ociRoot)
    {
        var lockFd = FileLock.Acquire(Path.Combine(ociRoot, "shim.lock"));
        try
        {
            if (Connect(ociRoot) is not { } socket) return null;
            socket.Send("hold\n"u8);
            if (ReadLine(socket) == "ok") return socket;
            socket.Dispose();
            return null;
        }
        finally
        {
            FileLock.Release(lockFd);
        }
    }

    /// <summary>One request under the lock: the reply's payload ("" for a bare ok), null when no shim listens.</summary>
    private static string? Ask(string ociRoot, string request, string what)
    {
        if (!File.Exists(Path.Combine(ociRoot, "shim.sock"))) return null;
        var lockFd = FileLock.Acquire(Path.Combine(ociRoot, "shim.lock"));
        try
        {
            using var socket = Connect(ociRoot);
            if (socket is null) return null;
            socket.Send(Encoding.UTF8.GetBytes(request + "\n"));
            var answer = ReadLine(socket);
            if (answer == "ok") return "";
            if (answer.StartsWith("ok ", StringComparison.Ordinal)) return answer[3..].Trim();
            if (answer.StartsWith("error unknown request", StringComparison.Ordinal)) return null; // a shim of an older bock-oci
            throw new ContainerRuntimeException(answer.StartsWith("error ", StringComparison.Ordinal) ? answer["error ".Length..]
                : answer.Length == 0 ? $"the shim exited before the container was {what}" : $"the shim answered \"{answer}\"");
        }
        finally
        {
            FileLock.Release(lockFd);
        }
    }

    private static Socket? Connect(string ociRoot)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(Path.Combine(ociRoot, "shim.sock")));
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null; // no shim, or one that has just exited left its socket file
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
