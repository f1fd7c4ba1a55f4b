using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>sys/file.h's flock(2): an advisory lock on an open file, released when the fd closes or the process dies.</summary>
public static partial class FileLock
{
    private const int LOCK_EX = 2, LOCK_UN = 8, EINTR = 4;

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int FlockCall(int fd, int operation);

    /// <summary>Opens (creating) <paramref name="path"/> close-on-exec and blocks until it holds the exclusive lock; returns the fd.</summary>
    public static int Acquire(string path)
    {
        var fd = Unistd.Open(path, Unistd.O_RDWR | Unistd.O_CREAT, 0b110_000_000);
        int r;
        do { r = FlockCall(fd, LOCK_EX); } while (r < 0 && Marshal.GetLastPInvokeError() == EINTR);
        if (r < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Unistd.Close(fd);
            throw new KernelException($"flock {path}", errno);
        }
        return fd;
    }

    public static void Release(int fd)
    {
        _ = FlockCall(fd, LOCK_UN);
        Unistd.Close(fd);
    }
}
