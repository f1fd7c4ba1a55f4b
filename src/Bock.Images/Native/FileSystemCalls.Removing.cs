using System.Runtime.InteropServices;

namespace Bock.Images.Native;

internal static unsafe partial class FileSystemCalls
{
    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true)]
    public static partial int UnlinkatRaw(int dirfd, byte* path, int flags);
}
