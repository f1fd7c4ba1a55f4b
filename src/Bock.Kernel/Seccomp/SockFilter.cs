using System.Runtime.InteropServices;

namespace Bock.Kernel.Seccomp;

/// <summary>One classic BPF instruction, laid out as the kernel's <c>struct sock_filter</c> (linux/filter.h).</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct SockFilter(ushort Code, byte Jt, byte Jf, uint K);
