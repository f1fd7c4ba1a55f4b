using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Bock.Oci.Shim;

/// <summary>
/// Whether an attached client has closed its connection entirely rather than only its sending side: poll(2) reports
/// POLLHUP on a unix socket only when both directions are shut. A half-closed client still wants the output.
/// </summary>
internal static unsafe partial class SocketHangup
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

    public static bool Of(Socket socket)
    {
        var fd = new PollFd { Fd = (int)socket.Handle };
        return poll(&fd, 1, 0) == 1 && (fd.Revents & PollHup) != 0;
    }
}
