using System.Text;
using Bock.Kernel.Native;
using Tmds.Linux;

namespace Bock.Kernel.Terminal;

/// <summary>
/// runc's --console-socket protocol: the runtime connects to the caller's unix stream socket and sends the pty master
/// as SCM_RIGHTS in one message whose payload is the master's file name ("/dev/ptmx", as runc's utils.SendFd sends
/// os.File.Name()). Callers such as containerd and podman's conmon read it with one recvmsg.
/// </summary>
public static class ConsoleSocket
{
    /// <summary>runc's RecvFd buffer size: a name must be shorter than this.</summary>
    public const int MaxNameLength = 4096;

    /// <summary>Connects to <paramref name="socketPath"/> (close-on-exec). The CLI does this before init exists.</summary>
    public static int Connect(string socketPath) => UnixSocket.Connect(socketPath);

    /// <summary>Connects, sends the master, closes the connection.</summary>
    public static void SendMaster(string socketPath, int masterFd, string name = "/dev/ptmx")
    {
        var socket = Connect(socketPath);
        try
        {
            SendMaster(socket, masterFd, name);
        }
        finally
        {
            LibC.close(socket);
        }
    }

    /// <summary>Sends the master over an already connected socket (init receives the connection from the CLI).</summary>
    public static void SendMaster(int socketFd, int masterFd, string name = "/dev/ptmx")
    {
        var payload = Encoding.UTF8.GetBytes(name);
        if (payload.Length == 0 || payload.Length >= MaxNameLength)
            throw new ArgumentException($"console name must be 1 to {MaxNameLength - 1} bytes", nameof(name));
        FdPassing.Send(socketFd, payload, [masterFd]);
    }

    /// <summary>The receiving end, for bock's own shim and for tests: one message, exactly one fd.</summary>
    public static (int MasterFd, string Name) ReceiveMaster(int connectionFd)
    {
        var payload = new byte[MaxNameLength];
        Span<int> fds = stackalloc int[1];
        var (bytes, count) = FdPassing.Receive(connectionFd, payload, fds);
        if (count != 1)
            throw new IOException($"console socket: expected one fd, got {count} (with {bytes} bytes)");
        return (fds[0], Encoding.UTF8.GetString(payload, 0, bytes));
    }

    /// <summary>A listening socket at <paramref name="socketPath"/>, as `runc --console-socket` callers create.</summary>
    public static int Listen(string socketPath) => UnixSocket.Listen(socketPath);

    public static int Accept(int listenerFd) => UnixSocket.Accept(listenerFd);
}
