using Tmds.Linux;

namespace Bock.Kernel.Native;

/// <summary>
/// setgroups/setresgid/setresuid as raw system calls (unistd.h numbers). glibc's wrappers broadcast the change to
/// every thread of the process (POSIX semantics); the kernel calls change only the calling thread. Init wants the
/// broadcast; tests use these to change one dedicated thread and leave the test host's credentials alone.
/// </summary>
internal static unsafe class ThreadCredentials
{
    private static readonly bool IsArm64 = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture
        == System.Runtime.InteropServices.Architecture.Arm64;

    private static int SetgroupsNumber => IsArm64 ? 159 : 116;
    private static int SetresuidNumber => IsArm64 ? 147 : 117;
    private static int SetresgidNumber => IsArm64 ? 149 : 119;

    public static void SetGroups(ReadOnlySpan<uint> gids)
    {
        fixed (uint* list = gids)
            KernelException.ThrowIfFailed((long)(ssize_t)LibC.syscall(SetgroupsNumber, gids.Length, list), "setgroups");
    }

    public static void SetResgid(uint gid) =>
        KernelException.ThrowIfFailed((long)(ssize_t)LibC.syscall(SetresgidNumber, gid, gid, gid), $"setresgid({gid})");

    public static void SetResuid(uint uid) =>
        KernelException.ThrowIfFailed((long)(ssize_t)LibC.syscall(SetresuidNumber, uid, uid, uid), $"setresuid({uid})");
}
