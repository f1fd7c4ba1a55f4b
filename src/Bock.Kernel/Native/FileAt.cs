using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>The *at(2) calls that create entries relative to a directory fd (fcntl.h, sys/stat.h).</summary>
public static partial class FileAt
{
    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkdirAtCall(int dirfd, string name, uint mode);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenAtCall(int dirfd, string name, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial nint ReadlinkAtCall(int dirfd, string name, byte* buffer, nuint size);

    /// <summary>The target of a symlink, or null when <paramref name="name"/> is not one (or does not exist).</summary>
    public static unsafe string? TryReadLink(int dirfd, string name)
    {
        var buffer = stackalloc byte[4096];
        var n = ReadlinkAtCall(dirfd, name, buffer, 4096);
        return n < 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, (int)n);
    }

    /// <summary>Returns 0 or the errno.</summary>
    public static int TryMkdir(int dirfd, string name, uint mode) =>
        MkdirAtCall(dirfd, name, mode) < 0 ? Marshal.GetLastPInvokeError() : 0;

    /// <summary>Creates an empty regular file if absent (O_NOFOLLOW: a symlink planted there is refused); returns 0 or the errno.</summary>
    public static int TryCreateFile(int dirfd, string name, uint mode)
    {
        var fd = OpenAtCall(dirfd, name, Unistd.O_CREAT | Unistd.O_WRONLY | Unistd.O_NOFOLLOW | Unistd.O_CLOEXEC, mode);
        if (fd < 0) return Marshal.GetLastPInvokeError();
        Unistd.Close(fd);
        return 0;
    }
}
