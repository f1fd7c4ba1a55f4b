using System.Text;
using Bock.Kernel.Native;
using Tmds.Linux;

namespace Bock.Kernel.Terminal;

/// <summary>sockaddr_un handling for connecting to and listening on a unix stream socket by path.</summary>
internal static unsafe class UnixSocket
{
    // sun_path is 108 bytes in struct sockaddr_un, including the terminating NUL.
    private const int SunPathLength = 108;

    public static int Connect(string path)
    {
        var fd = KernelException.ThrowIfFailed(LibC.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0), "socket(AF_UNIX)");
        try
        {
            WithAddress(path, (address, length) =>
                KernelException.ThrowIfFailed(LibC.connect(fd, address, length), $"connect {path}"));
            return fd;
        }
        catch
        {
            LibC.close(fd);
            throw;
        }
    }

    public static int Listen(string path, int backlog = 1)
    {
        var fd = KernelException.ThrowIfFailed(LibC.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0), "socket(AF_UNIX)");
        try
        {
            WithAddress(path, (address, length) =>
                KernelException.ThrowIfFailed(LibC.bind(fd, address, length), $"bind {path}"));
            KernelException.ThrowIfFailed(LibC.listen(fd, backlog), $"listen {path}");
            return fd;
        }
        catch
        {
            LibC.close(fd);
            throw;
        }
    }

    public static int Accept(int listenerFd)
    {
        int fd;
        do
            fd = LibC.accept4(listenerFd, null, null, LibC.SOCK_CLOEXEC);
        while (fd < 0 && LibC.errno == LibC.EINTR);
        return KernelException.ThrowIfFailed(fd, "accept4");
    }

    private delegate void AddressAction(sockaddr* address, socklen_t length);

    private static void WithAddress(string path, AddressAction action)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        if (bytes.Length == 0 || bytes.Length >= SunPathLength)
            throw new ArgumentException($"unix socket path must be 1 to {SunPathLength - 1} bytes: {path}", nameof(path));
        var address = stackalloc byte[sizeof(ushort) + SunPathLength];
        new Span<byte>(address, sizeof(ushort) + SunPathLength).Clear();
        *(ushort*)address = (ushort)LibC.AF_UNIX;
        bytes.CopyTo(new Span<byte>(address + sizeof(ushort), SunPathLength));
        action((sockaddr*)address, sizeof(ushort) + bytes.Length + 1);
    }
}
