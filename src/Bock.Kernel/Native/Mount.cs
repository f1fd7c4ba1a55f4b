using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>sys/mount.h and pivot_root(2): the calls that shape a container's filesystem view.</summary>
public static partial class Mount
{
    public const int MNT_DETACH = 2;

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MountCall(string? source, string target, string? fstype, ulong flags, string? data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2Call(string target, int flags);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long PivotRootCall(long number, string newRoot, string putOld);

    public static void Do(string? source, string target, string? fstype, ulong flags, string? data, string? describe = null)
    {
        if (MountCall(source, target, fstype, flags, string.IsNullOrEmpty(data) ? null : data) < 0)
            throw new KernelException(describe ?? $"mount {source ?? "none"} on {target} (type {fstype ?? "none"}, flags 0x{flags:x}, data \"{data}\")",
                Marshal.GetLastPInvokeError());
    }

    public static void Unmount(string target, int flags = 0) =>
        KernelException.ThrowIfFailed(Umount2Call(target, flags), $"umount {target}");

    public static bool TryUnmount(string target, int flags = 0) => Umount2Call(target, flags) == 0;

    public static void PivotRoot(string newRoot, string putOld) =>
        KernelException.ThrowIfFailed(PivotRootCall(SyscallNumbers.PivotRoot, newRoot, putOld), $"pivot_root {newRoot}");
}
