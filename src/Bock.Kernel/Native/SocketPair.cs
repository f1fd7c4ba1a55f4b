using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>socketpair(2) of SOCK_SEQPACKET unix sockets (message boundaries kept), both ends close-on-exec.</summary>
public static unsafe partial class SocketPair
{
    private const int AF_UNIX = 1, SOCK_SEQPACKET = 5, SOCK_CLOEXEC = 0x80000;

    [LibraryImport("libc", EntryPoint = "socketpair", SetLastError = true)]
    private static partial int SocketpairCall(int domain, int type, int protocol, int* fds);

    public static (Socket First, Socket Second) Create()
    {
        var fds = stackalloc int[2];
        KernelException.ThrowIfFailed(SocketpairCall(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds), "socketpair");
        return (new Socket(new SafeSocketHandle(fds[0], true)), new Socket(new SafeSocketHandle(fds[1], true)));
    }
}
