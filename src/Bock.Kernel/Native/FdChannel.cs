using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>One message with at most one fd attached (SCM_RIGHTS) over a unix socket (sys/socket.h).</summary>
public static unsafe partial class FdChannel
{
    private const int SOL_SOCKET = 1, SCM_RIGHTS = 1, MSG_CMSG_CLOEXEC = 0x40000000;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec { public void* Base; public nuint Length; }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name; public uint NameLength; public IoVec* Iov; public nuint IovLength;
        public void* Control; public nuint ControlLength; public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CmsgHdr { public nuint Length; public int Level; public int Type; }

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMsg(int fd, MsgHdr* msg, int flags);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint RecvMsg(int fd, MsgHdr* msg, int flags);

    private static readonly int ControlSize = sizeof(CmsgHdr) + 8; // header + one int, aligned to 8

    public static void Send(int socketFd, ReadOnlySpan<byte> payload, int fd)
    {
        var control = stackalloc byte[ControlSize];
        new Span<byte>(control, ControlSize).Clear();
        var cmsg = (CmsgHdr*)control;
        cmsg->Length = (nuint)(sizeof(CmsgHdr) + sizeof(int));
        cmsg->Level = SOL_SOCKET;
        cmsg->Type = SCM_RIGHTS;
        *(int*)(control + sizeof(CmsgHdr)) = fd;
        fixed (byte* data = payload)
        {
            var iov = new IoVec { Base = data, Length = (nuint)payload.Length };
            var msg = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)ControlSize };
            KernelException.ThrowIfFailed((long)SendMsg(socketFd, &msg, 0), "sendmsg (SCM_RIGHTS)");
        }
    }

    /// <summary>Returns the payload (null at end of stream) and the received fd (close-on-exec), or -1.</summary>
    public static (byte[]? Payload, int Fd) Receive(int socketFd, int maxPayload)
    {
        var buffer = new byte[maxPayload];
        var control = stackalloc byte[ControlSize];
        new Span<byte>(control, ControlSize).Clear();
        fixed (byte* data = buffer)
        {
            var iov = new IoVec { Base = data, Length = (nuint)buffer.Length };
            var msg = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)ControlSize };
            nint n;
            do { n = RecvMsg(socketFd, &msg, MSG_CMSG_CLOEXEC); } while (n < 0 && Marshal.GetLastPInvokeError() == Unistd.EINTR);
            KernelException.ThrowIfFailed((long)n, "recvmsg");
            var fd = -1;
            var cmsg = (CmsgHdr*)control;
            if (msg.ControlLength >= (nuint)sizeof(CmsgHdr) && cmsg->Level == SOL_SOCKET && cmsg->Type == SCM_RIGHTS)
                fd = *(int*)(control + sizeof(CmsgHdr));
            return (n == 0 ? null : buffer[..(int)n], fd);
        }
    }
}
