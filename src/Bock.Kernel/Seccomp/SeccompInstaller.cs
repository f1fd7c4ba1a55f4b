using System.Runtime.InteropServices;
using Bock.Kernel.Native;

namespace Bock.Kernel.Seccomp;

/// <summary>seccomp(2) with <c>SECCOMP_SET_MODE_FILTER</c>, which glibc does not wrap.</summary>
public static partial class SeccompInstaller
{
    private const uint SeccompSetModeFilter = 1;

    // syscall(2) is variadic; passing integer arguments as fixed ones is the same call on x86_64 and arm64 Linux.
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, nuint operation, nuint flags, nuint args);

    /// <summary>Installs a compiled profile with the flags it asked for; see <see cref="Install(ReadOnlySpan{SockFilter}, SeccompFilterFlags)"/>.</summary>
    public static void Install(SeccompProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        Install(program.Instructions, program.Flags);
    }

    /// <summary>
    /// Installs <paramref name="program"/> on the calling thread, or on every thread of the process with
    /// <see cref="SeccompFilterFlags.Tsync"/>. Filters stack and can never be removed; threads and children
    /// created later inherit them.
    /// </summary>
    /// <remarks>
    /// The kernel accepts a filter only from a thread that has set <c>PR_SET_NO_NEW_PRIVS</c> or holds
    /// CAP_SYS_ADMIN in its user namespace (EACCES otherwise). Container init arranges that: with
    /// <c>process.noNewPrivileges</c> it sets no_new_privs first; without it, it installs the filter while it
    /// still has CAP_SYS_ADMIN, i.e. before dropping to the container's capabilities. Install as late as
    /// possible before execve, since the filter also applies to init's own remaining syscalls.
    /// </remarks>
    /// <exception cref="KernelException">seccomp(2) failed (EACCES, EINVAL for a program the kernel rejects, ...).</exception>
    /// <exception cref="SeccompException">With TSYNC, another thread could not be synchronized.</exception>
    public static unsafe void Install(ReadOnlySpan<SockFilter> program, SeccompFilterFlags flags)
    {
        if (program.IsEmpty || program.Length > ushort.MaxValue)
            throw new ArgumentException($"a seccomp program has 1 to {ushort.MaxValue} instructions, not {program.Length}", nameof(program));
        fixed (SockFilter* instructions = program)
        {
            var fprog = new SockFprog((ushort)program.Length, instructions);
            var result = Syscall(SyscallNumbers.Seccomp, SeccompSetModeFilter, (nuint)(uint)flags, (nuint)(&fprog));
            KernelException.ThrowIfFailed(result, $"seccomp(SECCOMP_SET_MODE_FILTER, {flags})");
            // With TSYNC the kernel reports a thread it could not synchronize by returning that thread's id.
            if (result > 0)
                throw new SeccompException($"seccomp: thread {result} could not be synchronized to the new filter (TSYNC)");
        }
    }
}
