using System.Runtime.InteropServices;

namespace Bock.Images.Native;

/// <summary>
/// The calls the layer writer walks a tree with, taking names as raw NUL-terminated bytes: Linux names are bytes,
/// and a layer must carry them unchanged even when they are not UTF-8.
/// </summary>
internal static unsafe partial class FileSystemCalls
{
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    public static partial int StatxRaw(int dirfd, byte* path, int flags, uint mask, Statx* buffer);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
    public static partial int OpenatRaw(int dirfd, byte* path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true)]
    public static partial nint ReadlinkatRaw(int dirfd, byte* path, byte* buffer, nuint size);

    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    public static partial nint Getdents64(int fd, byte* buffer, nuint size);

    [LibraryImport("libc", EntryPoint = "llistxattr", SetLastError = true)]
    public static partial nint LlistxattrRaw(byte* path, byte* list, nuint size);

    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true)]
    public static partial nint LgetxattrRaw(byte* path, byte* name, byte* value, nuint size);
}
