using System.Runtime.InteropServices;

namespace Bock.Kernel.Seccomp;

/// <summary><c>struct sock_fprog</c>: the length and address of a program, as seccomp(2) takes it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly unsafe struct SockFprog(ushort length, SockFilter* filter)
{
    public readonly ushort Length = length;
    public readonly SockFilter* Filter = filter;
}
