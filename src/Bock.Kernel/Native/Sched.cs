using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>sched.h: namespaces. unshare and setns change only the calling thread, which is why callers pin a thread.</summary>
public static partial class Sched
{
    public const int CLONE_FS = 0x200, CLONE_NEWNS = 0x20000, CLONE_NEWCGROUP = 0x2000000, CLONE_NEWUTS = 0x4000000,
        CLONE_NEWIPC = 0x8000000, CLONE_NEWUSER = 0x10000000, CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000;

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    private static partial int UnshareCall(int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetnsCall(int fd, int nstype);

    public static void Unshare(int flags) => KernelException.ThrowIfFailed(UnshareCall(flags), $"unshare(0x{flags:x})");

    public static void Setns(int fd, int nstype, string path) =>
        KernelException.ThrowIfFailed(SetnsCall(fd, nstype), $"setns {path}");
}
