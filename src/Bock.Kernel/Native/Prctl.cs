using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>prctl(2) (sys/prctl.h), missing from Tmds.LibC.</summary>
public static partial class Prctl
{
    public const int PR_SET_PDEATHSIG = 1, PR_SET_KEEPCAPS = 8, PR_CAPBSET_READ = 23, PR_CAPBSET_DROP = 24,
        PR_SET_CHILD_SUBREAPER = 36, PR_SET_NO_NEW_PRIVS = 38, PR_CAP_AMBIENT = 47,
        PR_CAP_AMBIENT_RAISE = 2, PR_CAP_AMBIENT_CLEAR_ALL = 4;

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Call(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    public static void Set(int option, nuint arg2 = 0, nuint arg3 = 0, string? what = null) =>
        KernelException.ThrowIfFailed(Call(option, arg2, arg3, 0, 0), what ?? $"prctl({option})");

    public static int Get(int option, nuint arg2 = 0, nuint arg3 = 0) => Call(option, arg2, arg3, 0, 0);
}
