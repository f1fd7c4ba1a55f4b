using System.Buffers.Binary;
using System.Text;

namespace Bock.Kernel.Netlink;

/// <summary>
/// Builds one netlink request: an nlmsghdr, a fixed family header, then rtattrs, each padded to 4 bytes. The
/// sequence number and port id stay 0 here; <see cref="NetlinkSocket"/> stamps the sequence when it sends.
/// </summary>
internal sealed class NetlinkMessageWriter
{
    private byte[] _buffer = new byte[256];
    private int _length;

    public NetlinkMessageWriter(ushort type, ushort flags)
    {
        var header = Reserve(RouteNetlink.NlMsgHdrSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], flags);
    }

    /// <summary>Zeroed, 4-byte aligned room for a fixed header (ifinfomsg, ifaddrmsg, rtmsg) the caller fills in.</summary>
    public Span<byte> Reserve(int size)
    {
        var aligned = Align(size);
        if (_length + aligned > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + aligned));
        var span = _buffer.AsSpan(_length, aligned);
        span.Clear();
        _length += aligned;
        return span[..size];
    }

    public void Attribute(ushort type, ReadOnlySpan<byte> value)
    {
        var attribute = Reserve(RouteNetlink.RtAttrSize + value.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)attribute.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute[2..], type);
        value.CopyTo(attribute[RouteNetlink.RtAttrSize..]);
    }

    public void Attribute(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        Attribute(type, bytes);
    }

    /// <summary>A NUL-terminated string, as the kernel expects for names and kinds.</summary>
    public void Attribute(ushort type, string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        Attribute(type, bytes);
    }

    /// <summary>Opens a nested attribute; its length is patched by <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        var start = _length;
        var attribute = Reserve(RouteNetlink.RtAttrSize);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute[2..], type);
        return start;
    }

    public void EndNested(int start) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start), (ushort)(_length - start));

    public byte[] ToArray()
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)_length);
        return _buffer[.._length];
    }

    public static int Align(int length) => (length + 3) & ~3;
}
