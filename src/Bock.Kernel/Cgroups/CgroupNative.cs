using System.Runtime.InteropServices;

namespace Bock.Kernel.Cgroups;

/// <summary>The few libc calls the cgroup drivers make directly. Cgroup interface files must be written with
/// exactly one write(2) (a split write is two values to the kernel), and callers need the precise errno
/// (EBUSY from rmdir means "processes still exiting", ENOENT means "already gone").</summary>
internal static partial class CgroupNative
{
    public const int O_RDONLY = 0, O_WRONLY = 1, O_TRUNC = 0x200, O_CLOEXEC = 0x80000;
    public const int ENOENT = 2, ESRCH = 3, EINTR = 4, EBUSY = 16, EEXIST = 17, EINVAL = 22, ENOTEMPTY = 39;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mkdir(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "rmdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rmdir(string path);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
