using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>poll(2) on one fd: a thread waits for it instead of sleeping and retrying.</summary>
public static unsafe partial class FdPoll
{
    private const short POLLIN = 0x001;
    private const int EINTR = 4;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int PollCall(PollFd* fds, ulong nfds, int timeout);

    /// <summary>
    /// Waits until <paramref name="fd"/> is readable or hung up, at most <paramref name="timeoutMs"/>; true when it is.
    /// An interrupted wait returns false: the caller's loop looks again.
    /// </summary>
    public static bool WaitReadable(int fd, int timeoutMs)
    {
        var poll = new PollFd { Fd = fd, Events = POLLIN };
        var n = PollCall(&poll, 1, timeoutMs);
        if (n < 0 && Marshal.GetLastPInvokeError() != EINTR)
            throw new KernelException("poll", Marshal.GetLastPInvokeError());
        return n > 0;
    }
}
