using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Bock.Kernel.Terminal;

/// <summary>
/// Whether a unix socket's peer has closed entirely, not merely shut down its writing: poll(2) reports POLLHUP only
/// when both directions are shut, where a half-close gives just an EOF to read. .NET's Socket.Poll has no POLLHUP.
/// </summary>
public static unsafe partial class PeerHangup
{
    private const short PollHup = 0x10;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    /// <exception cref="ObjectDisposedException">The socket was closed here meanwhile.</exception>
    public static bool Of(Socket socket)
    {
        var fd = new PollFd { Fd = (int)socket.Handle };
        return poll(&fd, 1, 0) == 1 && (fd.Revents & PollHup) != 0;
    }
}
