using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>prlimit(2) (sys/resource.h), missing from Tmds.LibC. glibc's prlimit is prlimit64 on 64-bit targets.</summary>
internal static unsafe partial class Resource
{
    public const ulong RLIM_INFINITY = ulong.MaxValue;

    [StructLayout(LayoutKind.Sequential)]
    public struct Rlimit
    {
        public ulong Soft;
        public ulong Hard;
    }

    [LibraryImport("libc", EntryPoint = "prlimit", SetLastError = true)]
    private static partial int PrlimitCall(int pid, int resource, Rlimit* newLimit, Rlimit* oldLimit);

    /// <summary>Reads the limit of <paramref name="pid"/> (0: the calling process).</summary>
    public static Rlimit Get(int pid, int resource, string what)
    {
        Rlimit old;
        KernelException.ThrowIfFailed(PrlimitCall(pid, resource, null, &old), what);
        return old;
    }

    /// <summary>Returns the errno (0 on success) so the caller can explain an EPERM in terms of the limit.</summary>
    public static int TrySet(int pid, int resource, ulong soft, ulong hard)
    {
        var limit = new Rlimit { Soft = soft, Hard = hard };
        return PrlimitCall(pid, resource, &limit, null) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }
}
