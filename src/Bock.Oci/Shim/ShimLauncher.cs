using System.Collections;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Bock.Kernel.Native;
using Bock.Oci.Runtime;

namespace Bock.Oci.Shim;

/// <summary>
/// The caller's half of <c>bock-oci shim</c>: asks the state root's shim (<see cref="ShimGroup"/>) to create the
/// container, first starting that shim if none listens: this binary re-executed as <c>shim --serve</c>, a new
/// session leader (it leaves the caller's process group and terminal) with stdio on /dev/null and a pipe on fd 3
/// that it answers on once it listens. Managed code never forks: posix_spawn.
/// </summary>
public static class ShimLauncher
{
    public const string ReadyFdVariable = "_BOCK_SHIM_READY_FD";
    private const int ReadyFd = 3;

    /// <summary>Returns the shim's pid once the container is created; throws with the shim's error otherwise.</summary>
    public static int Start(ShimOptions options)
    {
        var paths = new ShimGroupPaths(options.Root);
        Directory.CreateDirectory(paths.Root);
        // Held until the reply: the shim cannot decide to exit while a create is on its way (see ShimGroup).
        var lockFd = FileLock.Acquire(paths.Lock);
        try
        {
            using var socket = ConnectOrStartShim(paths);
            socket.Send(Encoding.UTF8.GetBytes("create " + JsonSerializer.Serialize(options, ShimJsonContext.Default.ShimOptions) + "\n"));
            var answer = ReadLine(socket);
            if (answer.StartsWith("ok ", StringComparison.Ordinal) && int.TryParse(answer[3..], out var pid))
                return pid;
            throw new OciException(answer.StartsWith("error ", StringComparison.Ordinal) ? answer["error ".Length..]
                : answer.Length == 0 ? "the shim exited before the container was created" : $"the shim answered \"{answer}\"");
        }
        finally
        {
            FileLock.Release(lockFd);
        }
    }

    private static Socket ConnectOrStartShim(ShimGroupPaths paths)
    {
        if (TryConnect(paths.Socket) is { } socket)
            return socket;
        StartShim(paths);
        return TryConnect(paths.Socket) ?? throw new OciException($"the shim started but does not listen on {paths.Socket}");
    }

    private static Socket? TryConnect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return socket;
        }
        catch (SocketException)
        {
            // No socket, or a stale one of a shim that died (kill -9): under the lock, a new shim replaces it.
            socket.Dispose();
            return null;
        }
    }

    private static void StartShim(ShimGroupPaths paths)
    {
        // The shim outlives us: none of what our caller let us inherit (its pipes) may stay open in it.
        Unistd.CloseOnExecFrom(3);
        var (readEnd, writeEnd) = Pipe.Create();
        try
        {
            int pid;
            var devNull = Unistd.Open("/dev/null", Unistd.O_RDWR);
            try
            {
                var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
                    .Where(e => (string)e.Key != ReadyFdVariable)
                    .Select(e => $"{e.Key}={e.Value}")
                    .Append($"{ReadyFdVariable}={ReadyFd}")
                    .ToList();
                pid = Spawn.Start("/proc/self/exe", ["bock-oci", "--root", paths.Root, "shim", "--serve"], environment,
                    [(devNull, 0), (devNull, 1), (devNull, 2), (writeEnd, ReadyFd)], newSession: true);
            }
            finally
            {
                Unistd.Close(devNull);
                Unistd.Close(writeEnd);
            }
            var answer = ReadAll(readEnd).Trim();
            if (answer == "ok")
                return;
            // The shim failed and exits: reap it so no zombie is left with our caller.
            Unistd.WaitPid(pid, out var status);
            throw new OciException(answer.StartsWith("error ", StringComparison.Ordinal)
                ? answer["error ".Length..]
                : $"the shim exited before it listened{ExitStatus.Describe(status)}");
        }
        finally
        {
            Unistd.Close(readEnd);
        }
    }

    /// <summary>The reply line; "" when the shim closed the connection without one.</summary>
    private static string ReadLine(Socket socket)
    {
        var line = new List<byte>();
        var buffer = new byte[256];
        int n;
        while ((n = socket.Receive(buffer)) > 0)
        {
            line.AddRange(buffer.AsSpan(0, n));
            if (line.Contains((byte)'\n')) break;
        }
        return Encoding.UTF8.GetString([.. line]).Split('\n')[0];
    }

    private static string ReadAll(int fd)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        int n;
        while ((n = Unistd.Read(fd, buffer)) > 0)
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        return text.ToString();
    }
}
