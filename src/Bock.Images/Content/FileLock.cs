using System.Runtime.InteropServices;

namespace Bock.Images.Content;

/// <summary>
/// An flock(2) on a lock file, shared or exclusive, waited for (not the try-once lock FileShare gives).
/// flock belongs to the open file description, so two holders in one process exclude each other too.
/// </summary>
public sealed partial class FileLock : IDisposable
{
    private const int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, EINTR = 4, EWOULDBLOCK = 11;
    private readonly FileStream _file;

    private FileLock(FileStream file) => _file = file;

    public static FileLock Exclusive(string path, TimeSpan? timeout = null) => Acquire(path, LOCK_EX, timeout);

    public static FileLock Shared(string path, TimeSpan? timeout = null) => Acquire(path, LOCK_SH, timeout);

    private static FileLock Acquire(string path, int operation, TimeSpan? timeout)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.ReadWrite | FileShare.Delete });
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(10));
        int fd = (int)file.SafeFileHandle.DangerousGetHandle();
        while (true)
        {
            // Polling with LOCK_NB keeps a blocked waiter cancellable by its timeout and off a stuck syscall.
            if (Flock(fd, operation | LOCK_NB) == 0)
                return new FileLock(file);
            int errno = Marshal.GetLastPInvokeError();
            if (errno != EWOULDBLOCK && errno != EINTR)
            {
                file.Dispose();
                throw new IOException($"flock {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
            }
            if (DateTime.UtcNow > deadline)
            {
                file.Dispose();
                throw new TimeoutException($"timed out waiting for the lock {path}");
            }
            Thread.Sleep(5);
        }
    }

    public void Dispose() => _file.Dispose();

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}
