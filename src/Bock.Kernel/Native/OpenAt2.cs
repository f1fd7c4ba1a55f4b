using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>openat2(2) (linux/openat2.h): path resolution the kernel confines to a root, immune to symlink races.</summary>
public static unsafe partial class OpenAt2
{
    public const ulong RESOLVE_NO_XDEV = 0x01, RESOLVE_NO_MAGICLINKS = 0x02, RESOLVE_NO_SYMLINKS = 0x04,
        RESOLVE_BENEATH = 0x08, RESOLVE_IN_ROOT = 0x10;
    private const long SYS_openat2 = 437;
    private const int EAGAIN = 11;

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, int dirfd, byte* path, OpenHow* how, nuint size);

    /// <summary>Returns the fd (close-on-exec), or the negated errno.</summary>
    public static int TryOpen(int dirfd, string path, int flags, ulong resolve, uint mode = 0)
    {
        var how = new OpenHow { Flags = (ulong)(flags | Unistd.O_CLOEXEC), Mode = mode, Resolve = resolve };
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            while (true)
            {
                var fd = Syscall(SYS_openat2, dirfd, p, &how, (nuint)sizeof(OpenHow));
                if (fd >= 0) return (int)fd;
                // EAGAIN: a rename raced the confined lookup; the kernel asks the caller to try again.
                var errno = Marshal.GetLastPInvokeError();
                if (errno is not (Unistd.EINTR or EAGAIN)) return -errno;
            }
        }
    }
}
