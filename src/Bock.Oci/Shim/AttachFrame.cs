using System.Buffers.Binary;

namespace Bock.Oci.Shim;

/// <summary>
/// Docker's multiplexed stream framing (stdcopy): an 8-byte header <c>[stream, 0, 0, 0, size as uint32 big-endian]</c>
/// followed by <c>size</c> bytes of that stream, so one connection carries stdout and stderr apart.
/// </summary>
public static class AttachFrame
{
    public const int HeaderSize = 8;

    public static byte[] Encode(OutputStream stream, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderSize + payload.Length];
        frame[0] = (byte)stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    /// <summary>Reads a header; false when <paramref name="header"/> is not one (too short or reserved bytes set).</summary>
    public static bool TryDecodeHeader(ReadOnlySpan<byte> header, out OutputStream stream, out int size)
    {
        stream = default;
        size = 0;
        if (header.Length < HeaderSize || header[1] != 0 || header[2] != 0 || header[3] != 0 || header[0] > 2)
            return false;
        stream = (OutputStream)header[0];
        size = (int)BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        return true;
    }
}
