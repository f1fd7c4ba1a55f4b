using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>
/// Credentials and limits of the calling process (unistd.h, grp.h, sys/resource.h, linux/capability.h).
/// glibc's set*id calls change every thread of the process; capset changes only the calling thread.
/// </summary>
public static unsafe partial class Credentials
{
    private const uint LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    [StructLayout(LayoutKind.Sequential)]
    private struct CapHeader { public uint Version; public int Pid; }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapData { public uint Effective; public uint Permitted; public uint Inheritable; }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit { public ulong Soft; public ulong Hard; }

    [LibraryImport("libc", EntryPoint = "setgroups", SetLastError = true)]
    private static partial int SetgroupsCall(nuint size, uint* list);

    [LibraryImport("libc", EntryPoint = "setresgid", SetLastError = true)]
    private static partial int SetresgidCall(uint r, uint e, uint s);

    [LibraryImport("libc", EntryPoint = "setresuid", SetLastError = true)]
    private static partial int SetresuidCall(uint r, uint e, uint s);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetrlimitCall(int resource, Rlimit* limit);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long CapsetCall(long number, CapHeader* header, CapData* data);

    public static void SetGroups(IReadOnlyList<uint> groups)
    {
        var list = groups.ToArray();
        fixed (uint* p = list)
            KernelException.ThrowIfFailed(SetgroupsCall((nuint)list.Length, p), $"setgroups({string.Join(',', list)})");
    }

    public static void SetGid(uint gid) => KernelException.ThrowIfFailed(SetresgidCall(gid, gid, gid), $"setresgid({gid})");

    public static void SetUid(uint uid) => KernelException.ThrowIfFailed(SetresuidCall(uid, uid, uid), $"setresuid({uid})");

    public static void SetRlimit(int resource, ulong soft, ulong hard, string name)
    {
        var limit = new Rlimit { Soft = soft, Hard = hard };
        if (SetrlimitCall(resource, &limit) == 0) return;
        var errno = Marshal.GetLastPInvokeError();
        var hint = errno == 1 ? " (raising a hard limit needs CAP_SYS_RESOURCE, which this host's bounding set may lack)" : "";
        throw new KernelException($"setrlimit {name} soft={soft} hard={hard}{hint}", errno);
    }

    /// <summary>capset(2) for the calling thread: the three 64-bit masks (two 32-bit words each, version 3).</summary>
    public static void SetCapabilities(ulong effective, ulong permitted, ulong inheritable)
    {
        var header = new CapHeader { Version = LINUX_CAPABILITY_VERSION_3, Pid = 0 };
        var data = stackalloc CapData[2];
        data[0] = new CapData { Effective = (uint)effective, Permitted = (uint)permitted, Inheritable = (uint)inheritable };
        data[1] = new CapData { Effective = (uint)(effective >> 32), Permitted = (uint)(permitted >> 32), Inheritable = (uint)(inheritable >> 32) };
        KernelException.ThrowIfFailed(CapsetCall(SyscallNumbers.Capset, &header, data), "capset");
    }
}
