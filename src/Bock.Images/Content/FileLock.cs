using System.Runtime.InteropServices;

namespace Bock.Images.Content;

/// <summary>
/// An flock(2) on a lock file, shared or exclusive, waited for (not the try-once lock FileShare gives).
/// flock belongs to the open file description, so two holders in one process exclude each other too.
/// </summary>
public sealed partial class FileLock : IDisposable
{
    private const int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, EINTR = 4, EWOULDBLOCK = 11;
    private int _fd;

    private FileLock(int fd) => _fd = fd;

    public static FileLock Exclusive(string path, TimeSpan? timeout = null) => Acquire(path, LOCK_EX, timeout);

    public static FileLock Shared(string path, TimeSpan? timeout = null) => Acquire(path, LOCK_SH, timeout);

    private static FileLock Acquire(string path, int operation, TimeSpan? timeout)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // open(2) directly: a FileStream takes an flock of its own (FileShare emulation) that would fight ours.
        int fd = Native.FileSystemCalls.Openat(Native.FileSystemCalls.AT_FDCWD, path,
            Native.FileSystemCalls.O_CREAT | 2 /* O_RDWR */ | Native.FileSystemCalls.O_CLOEXEC, 420);
        if (fd < 0)
            throw new IOException($"open {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(10));
        while (true)
        {
            // Polling with LOCK_NB keeps a blocked waiter bounded by its timeout and off a stuck syscall.
            if (Flock(fd, operation | LOCK_NB) == 0)
                return new FileLock(fd);
            int errno = Marshal.GetLastPInvokeError();
            if (errno != EWOULDBLOCK && errno != EINTR)
            {
                Native.FileSystemCalls.Close(fd);
                throw new IOException($"flock {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
            }
            if (DateTime.UtcNow > deadline)
            {
                Native.FileSystemCalls.Close(fd);
                throw new TimeoutException($"timed out waiting for the lock {path}");
            }
            Thread.Sleep(5);
        }
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
            Native.FileSystemCalls.Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}
