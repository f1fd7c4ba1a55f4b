using System.Buffers.Binary;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using Bock.Kernel.Native;

namespace Bock.Kernel.Netlink;

/// <summary>
/// An AF_NETLINK/NETLINK_ROUTE socket. Every request asks for an ack, so each call ends with the kernel's verdict;
/// an error becomes a <see cref="KernelException"/> carrying the kernel's extended-ack text when it gives one.
/// A socket stays in the network namespace it was created in, whatever thread later uses it.
/// </summary>
public sealed unsafe partial class NetlinkSocket : IDisposable
{
    private const int ReceiveBufferSize = 32 * 1024;

    private readonly int _fd;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private uint _sequence;

    private NetlinkSocket(int fd) => _fd = fd;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int SocketCall(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int BindCall(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOptCall(int fd, int level, int name, int* value, int length);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    private static partial nint SendToCall(int fd, byte* buffer, nuint length, int flags, byte* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint RecvCall(int fd, byte* buffer, nuint length, int flags);

    /// <summary>A socket in the calling thread's network namespace.</summary>
    public static NetlinkSocket Open()
    {
        var fd = KernelException.ThrowIfFailed(
            SocketCall(RouteNetlink.AF_NETLINK, RouteNetlink.SOCK_RAW | RouteNetlink.SOCK_CLOEXEC, RouteNetlink.NETLINK_ROUTE),
            "socket(AF_NETLINK, NETLINK_ROUTE)");
        try
        {
            // Extended acks give "Unknown device type"-style text; capped acks keep the echoed request out of errors.
            var on = 1;
            SetSockOptCall(fd, RouteNetlink.SOL_NETLINK, RouteNetlink.NETLINK_EXT_ACK, &on, sizeof(int));
            SetSockOptCall(fd, RouteNetlink.SOL_NETLINK, RouteNetlink.NETLINK_CAP_ACK, &on, sizeof(int));
            var address = stackalloc byte[12]; // sockaddr_nl, nl_pid 0: the kernel picks our port id
            new Span<byte>(address, 12).Clear();
            *(ushort*)address = RouteNetlink.AF_NETLINK;
            KernelException.ThrowIfFailed(BindCall(fd, address, 12), "bind netlink socket");
            return new NetlinkSocket(fd);
        }
        catch
        {
            Unistd.Close(fd);
            throw;
        }
    }

    /// <summary>
    /// A socket in the network namespace <paramref name="netnsFd"/> refers to. setns changes only the calling thread,
    /// so it is done on a short-lived thread of its own; the caller's namespace never changes.
    /// </summary>
    public static NetlinkSocket OpenIn(int netnsFd)
    {
        NetlinkSocket? socket = null;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Sched.Setns(netnsFd, Sched.CLONE_NEWNET, $"network namespace fd {netnsFd}");
                socket = Open();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }) { Name = "bock-netns-open", IsBackground = true };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return socket!;
    }

    /// <summary>
    /// Sends one request and reads until its ack. <paramref name="onReply"/> sees each other message answering it
    /// (e.g. the RTM_NEWLINK answering an RTM_GETLINK). Throws a <see cref="KernelException"/> naming
    /// <paramref name="operation"/> when the kernel refuses.
    /// </summary>
    public void Request(byte[] message, string operation, ReplyHandler? onReply = null)
    {
        var sequence = ++_sequence;
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), sequence);
        Send(message, operation);
        while (true)
        {
            var received = Receive(operation);
            var offset = 0;
            while (offset + RouteNetlink.NlMsgHdrSize <= received)
            {
                var span = _receiveBuffer.AsSpan(offset, received - offset);
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(span);
                if (length < RouteNetlink.NlMsgHdrSize || length > span.Length) break;
                var reply = span[..length];
                offset += NetlinkMessageWriter.Align(length);
                if (BinaryPrimitives.ReadUInt32LittleEndian(reply[8..]) != sequence) continue; // a stale answer
                var type = BinaryPrimitives.ReadUInt16LittleEndian(reply[4..]);
                if (type == RouteNetlink.NLMSG_ERROR)
                {
                    var error = BinaryPrimitives.ReadInt32LittleEndian(reply[RouteNetlink.NlMsgHdrSize..]);
                    if (error == 0) return;
                    var detail = ExtendedAckMessage(reply);
                    throw new KernelException(detail is null ? operation : $"{operation} ({detail})", -error);
                }
                if (type == RouteNetlink.NLMSG_DONE) return;
                onReply?.Invoke(reply);
            }
        }
    }

    public void Dispose() => Unistd.Close(_fd);

    private void Send(byte[] message, string operation)
    {
        var address = stackalloc byte[12];
        new Span<byte>(address, 12).Clear();
        *(ushort*)address = RouteNetlink.AF_NETLINK; // nl_pid 0: the kernel
        fixed (byte* buffer = message)
        {
            nint sent;
            do sent = SendToCall(_fd, buffer, (nuint)message.Length, 0, address, 12);
            while (sent < 0 && Marshal.GetLastPInvokeError() == Unistd.EINTR);
            KernelException.ThrowIfFailed(sent, $"{operation}: sendto netlink");
        }
    }

    private int Receive(string operation)
    {
        fixed (byte* buffer = _receiveBuffer)
        {
            nint received;
            do received = RecvCall(_fd, buffer, (nuint)_receiveBuffer.Length, 0);
            while (received < 0 && Marshal.GetLastPInvokeError() == Unistd.EINTR);
            return (int)KernelException.ThrowIfFailed(received, $"{operation}: recv netlink");
        }
    }

    /// <summary>NLMSGERR_ATTR_MSG from an extended ack: the attributes follow the nlmsgerr and the echoed header.</summary>
    private static string? ExtendedAckMessage(ReadOnlySpan<byte> reply)
    {
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(reply[6..]);
        if ((flags & RouteNetlink.NLM_F_ACK_TLVS) == 0) return null;
        var offset = RouteNetlink.NlMsgHdrSize + RouteNetlink.NlMsgErrSize;
        if ((flags & RouteNetlink.NLM_F_CAPPED) == 0)
            offset = RouteNetlink.NlMsgHdrSize + 4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(reply[(RouteNetlink.NlMsgHdrSize + 4)..]);
        while (offset + RouteNetlink.RtAttrSize <= reply.Length)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(reply[offset..]);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(reply[(offset + 2)..]);
            if (length < RouteNetlink.RtAttrSize || offset + length > reply.Length) break;
            if (type == RouteNetlink.NLMSGERR_ATTR_MSG)
                return Encoding.UTF8.GetString(reply.Slice(offset + RouteNetlink.RtAttrSize, length - RouteNetlink.RtAttrSize)).TrimEnd('\0');
            offset += NetlinkMessageWriter.Align(length);
        }
        return null;
    }
}
