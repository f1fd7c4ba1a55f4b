using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>A failed system call: what was attempted, on what, and the errno the kernel gave.</summary>
public sealed class KernelException(string operation, int errno)
    : Exception($"{operation}: {Marshal.GetPInvokeErrorMessage(errno)}")
{
    public int Errno { get; } = errno;

    /// <summary>Throws with the calling thread's last errno when <paramref name="result"/> is negative.</summary>
    public static long ThrowIfFailed(long result, string operation) =>
        result < 0 ? throw new KernelException(operation, Marshal.GetLastPInvokeError()) : result;

    public static int ThrowIfFailed(int result, string operation) =>
        result < 0 ? throw new KernelException(operation, Marshal.GetLastPInvokeError()) : result;
}
