using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>
/// pidfd_open(2): an fd that becomes readable when the process exits, so many children can be watched from one
/// epoll without a thread each and without <c>waitpid(-1)</c>, which would also reap children that are not ours to reap.
/// </summary>
public static partial class Pidfd
{
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall2(long number, long a1, long a2);

    /// <summary>The fd is close-on-exec (always, for pidfds).</summary>
    public static int Open(int pid) => (int)KernelException.ThrowIfFailed(Syscall2(SyscallNumbers.PidfdOpen, pid, 0), $"pidfd_open {pid}");
}
