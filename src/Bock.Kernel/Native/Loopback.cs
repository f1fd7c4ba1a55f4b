using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>Brings <c>lo</c> up in a new network namespace (SIOCSIFFLAGS), as runc does for every new netns.</summary>
public static unsafe partial class Loopback
{
    private const int AF_INET = 2, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000;
    private const ulong SIOCGIFFLAGS = 0x8913, SIOCSIFFLAGS = 0x8914;
    private const short IFF_UP = 0x1;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int SocketCall(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, ulong request, byte* ifreq);

    public static void BringUp()
    {
        var fd = KernelException.ThrowIfFailed(SocketCall(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket for lo");
        try
        {
            var ifreq = stackalloc byte[40]; // struct ifreq: 16-byte name, then a union whose first short is ifr_flags
            new Span<byte>(ifreq, 40).Clear();
            "lo"u8.CopyTo(new Span<byte>(ifreq, 16));
            KernelException.ThrowIfFailed(Ioctl(fd, SIOCGIFFLAGS, ifreq), "SIOCGIFFLAGS lo");
            *(short*)(ifreq + 16) |= IFF_UP;
            KernelException.ThrowIfFailed(Ioctl(fd, SIOCSIFFLAGS, ifreq), "SIOCSIFFLAGS lo");
        }
        finally
        {
            Unistd.Close(fd);
        }
    }
}
