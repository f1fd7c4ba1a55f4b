using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>Numbers of the system calls glibc wraps late or not at all, per architecture (asm/unistd.h).</summary>
internal static class SyscallNumbers
{
    private static readonly bool IsArm64 = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    public static long PivotRoot => IsArm64 ? 41 : 155;
    public static long Capget => IsArm64 ? 90 : 125;
    public static long Capset => IsArm64 ? 91 : 126;
    public static long Seccomp => IsArm64 ? 277 : 317;
    public static long Gettid => IsArm64 ? 178 : 186;
    public static long PidfdOpen => 434;
    public static long Clone3 => 435;
    public static long CloseRange => 436;
    public static long MountSetattr => 442;
}
