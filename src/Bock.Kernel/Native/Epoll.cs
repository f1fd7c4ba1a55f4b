using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>sys/epoll.h: one epoll instance watches many fds from a single thread.</summary>
public static unsafe partial class Epoll
{
    public const uint EPOLLIN = 0x001, EPOLLERR = 0x008, EPOLLHUP = 0x010;
    private const int EPOLL_CLOEXEC = 0x80000, EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2;
    private const int EINTR = 4;

    /// <summary>struct epoll_event is packed (12 bytes) on x86-64 and naturally aligned (16 bytes) elsewhere.</summary>
    private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = EventSize == 12 ? 4 : 8;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int CreateCall(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int CtlCall(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int WaitCall(int epfd, byte* events, int maxEvents, int timeout);

    public static int Create() => KernelException.ThrowIfFailed(CreateCall(EPOLL_CLOEXEC), "epoll_create1");

    public static void Add(int epfd, int fd, uint events, ulong data)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = events;
        *(ulong*)(ev + DataOffset) = data;
        KernelException.ThrowIfFailed(CtlCall(epfd, EPOLL_CTL_ADD, fd, ev), "epoll_ctl ADD");
    }

    /// <summary>Errors are ignored: the fd may already be closed, which removed it.</summary>
    public static void Remove(int epfd, int fd)
    {
        var ev = stackalloc byte[16];
        _ = CtlCall(epfd, EPOLL_CTL_DEL, fd, ev);
    }

    /// <summary>Blocks until fds are ready (EINTR retried); fills <paramref name="ready"/> and returns how many.</summary>
    public static int Wait(int epfd, Span<(uint Events, ulong Data)> ready)
    {
        var buffer = stackalloc byte[EventSize * ready.Length];
        int n;
        do { n = WaitCall(epfd, buffer, ready.Length, -1); } while (n < 0 && Marshal.GetLastPInvokeError() == EINTR);
        KernelException.ThrowIfFailed(n, "epoll_wait");
        for (var i = 0; i < n; i++)
        {
            var ev = buffer + i * EventSize;
            ready[i] = (*(uint*)ev, *(ulong*)(ev + DataOffset));
        }
        return n;
    }
}
