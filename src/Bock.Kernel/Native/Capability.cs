using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Bock.Kernel.Native;

/// <summary>capget(2)/capset(2) (linux/capability.h): glibc does not wrap them, so they go through syscall(2).</summary>
internal static unsafe class Capability
{
    // Version 3 takes two 32-bit words per set; version 1 would silently lose capabilities 32 and up.
    public const uint LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    [StructLayout(LayoutKind.Sequential)]
    private struct Header
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Data
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    /// <summary>The calling thread's sets: pid 0 in the header means "this task", not the process.</summary>
    public static (ulong Effective, ulong Permitted, ulong Inheritable) Get()
    {
        var header = new Header { Version = LINUX_CAPABILITY_VERSION_3 };
        var data = stackalloc Data[2];
        KernelException.ThrowIfFailed((long)(ssize_t)LibC.syscall((int)SyscallNumbers.Capget, &header, data), "capget");
        return (Join(data[0].Effective, data[1].Effective), Join(data[0].Permitted, data[1].Permitted),
            Join(data[0].Inheritable, data[1].Inheritable));
    }

    public static void Set(ulong effective, ulong permitted, ulong inheritable)
    {
        var header = new Header { Version = LINUX_CAPABILITY_VERSION_3 };
        var data = stackalloc Data[2];
        data[0] = new Data { Effective = (uint)effective, Permitted = (uint)permitted, Inheritable = (uint)inheritable };
        data[1] = new Data { Effective = (uint)(effective >> 32), Permitted = (uint)(permitted >> 32), Inheritable = (uint)(inheritable >> 32) };
        KernelException.ThrowIfFailed((long)(ssize_t)LibC.syscall((int)SyscallNumbers.Capset, &header, data), "capset");
    }

    private static ulong Join(uint low, uint high) => low | (ulong)high << 32;
}
