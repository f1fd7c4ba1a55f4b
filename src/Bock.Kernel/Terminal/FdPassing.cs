using System.Runtime.InteropServices;
using Bock.Kernel.Native;
using Tmds.Linux;

namespace Bock.Kernel.Terminal;

/// <summary>File descriptors sent over a unix socket as SCM_RIGHTS, with a payload in the same message.</summary>
public static unsafe class FdPassing
{
    /// <summary>The most fds one message carries here; the kernel's own limit is SCM_MAX_FD (253).</summary>
    public const int MaxFds = 64;

    // Tmds.LibC 0.5.0's CMSG_LEN pads the data length (CMSG_LEN(4) is 24, glibc says 20): the kernel then reads a
    // second fd of 0 after ours. The real macro is the aligned header plus the unpadded data length.
    private static int CmsgLen(int dataLength) => LibC.CMSG_ALIGN(sizeof(cmsghdr)) + dataLength;

    /// <summary>
    /// One sendmsg of <paramref name="payload"/> with <paramref name="fds"/> attached. The payload must not be empty:
    /// on a stream socket the kernel drops ancillary data that travels without at least one byte.
    /// </summary>
    public static void Send(int socketFd, ReadOnlySpan<byte> payload, ReadOnlySpan<int> fds)
    {
        if (payload.IsEmpty)
            throw new ArgumentException("the payload must hold at least one byte to carry the fds", nameof(payload));
        if (fds.Length > MaxFds)
            throw new ArgumentException($"at most {MaxFds} fds per message", nameof(fds));

        var controlLength = fds.IsEmpty ? 0 : LibC.CMSG_SPACE(fds.Length * sizeof(int));
        var control = stackalloc byte[Math.Max(controlLength, 1)];
        new Span<byte>(control, Math.Max(controlLength, 1)).Clear();
        fixed (byte* data = payload)
        {
            var iov = new iovec { iov_base = data, iov_len = payload.Length };
            var message = new msghdr { msg_iov = &iov, msg_iovlen = 1 };
            if (!fds.IsEmpty)
            {
                message.msg_control = control;
                message.msg_controllen = controlLength;
                var header = LibC.CMSG_FIRSTHDR(&message);
                header->cmsg_level = LibC.SOL_SOCKET;
                header->cmsg_type = LibC.SCM_RIGHTS;
                header->cmsg_len = CmsgLen(fds.Length * sizeof(int));
                fds.CopyTo(new Span<int>(LibC.CMSG_DATA(header), fds.Length));
            }
            long sent;
            do
                sent = LibC.sendmsg(socketFd, &message, LibC.MSG_NOSIGNAL);
            while (sent < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR);
            KernelException.ThrowIfFailed(sent, "sendmsg(SCM_RIGHTS)");
            if (sent != payload.Length)
                throw new IOException($"sendmsg sent {sent} of {payload.Length} bytes");
        }
    }

    /// <summary>
    /// One recvmsg into <paramref name="payload"/>; received fds (close-on-exec) go into <paramref name="fds"/>.
    /// Returns the payload length (0 at end of stream) and the number of fds. If the kernel had to cut fds off
    /// because <paramref name="fds"/> was too small, the ones that did arrive are closed and an IOException thrown.
    /// </summary>
    public static (int Bytes, int FdCount) Receive(int socketFd, Span<byte> payload, Span<int> fds)
    {
        var capacity = Math.Min(fds.Length, MaxFds);
        var controlLength = LibC.CMSG_SPACE(Math.Max(capacity, 1) * sizeof(int));
        var control = stackalloc byte[controlLength];
        new Span<byte>(control, controlLength).Clear();
        fixed (byte* data = payload)
        {
            var iov = new iovec { iov_base = data, iov_len = payload.Length };
            var message = new msghdr { msg_iov = &iov, msg_iovlen = 1, msg_control = control, msg_controllen = controlLength };
            long received;
            do
                received = LibC.recvmsg(socketFd, &message, LibC.MSG_CMSG_CLOEXEC);
            while (received < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR);
            KernelException.ThrowIfFailed(received, "recvmsg(SCM_RIGHTS)");

            var count = 0;
            var overflow = false;
            for (var header = LibC.CMSG_FIRSTHDR(&message); header != null; header = LibC.CMSG_NXTHDR(&message, header))
            {
                if (header->cmsg_level != LibC.SOL_SOCKET || header->cmsg_type != LibC.SCM_RIGHTS)
                    continue;
                var n = ((int)header->cmsg_len - CmsgLen(0)) / sizeof(int);
                var arrived = new ReadOnlySpan<int>(LibC.CMSG_DATA(header), n);
                foreach (var fd in arrived)
                {
                    if (count < fds.Length)
                        fds[count++] = fd;
                    else
                    {
                        overflow = true;
                        LibC.close(fd);
                    }
                }
            }
            if (overflow || (message.msg_flags & LibC.MSG_CTRUNC) != 0)
            {
                foreach (var fd in fds[..count])
                    LibC.close(fd);
                throw new IOException($"recvmsg: more fds arrived than the {fds.Length} expected; all were closed");
            }
            if ((message.msg_flags & LibC.MSG_TRUNC) != 0)
            {
                foreach (var fd in fds[..count])
                    LibC.close(fd);
                throw new IOException($"recvmsg: the message was longer than the {payload.Length}-byte buffer");
            }
            return ((int)received, count);
        }
    }
}
