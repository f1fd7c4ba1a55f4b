using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>sys/statfs.h and sys/statvfs.h: a filesystem's type and a mount's flags.</summary>
public static unsafe partial class StatFs
{
    [LibraryImport("libc", EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatfsCall(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatvfsCall(string path, byte* buffer);

    /// <summary>f_type of struct statfs (its first field on 64-bit Linux), or 0 when the path cannot be read.</summary>
    public static ulong FileSystemType(string path)
    {
        var buffer = stackalloc byte[512];
        return StatfsCall(path, buffer) < 0 ? 0 : *(ulong*)buffer;
    }

    /// <summary>f_flag of struct statvfs (ST_* bits); offset 72 on 64-bit glibc.</summary>
    public static ulong MountFlags(string path)
    {
        var buffer = stackalloc byte[512];
        KernelException.ThrowIfFailed(StatvfsCall(path, buffer), $"statvfs {path}");
        return *(ulong*)(buffer + 72);
    }
}
