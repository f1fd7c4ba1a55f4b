using System.Buffers.Binary;

namespace Bock.Actors.Networks.Dns;

/// <summary>DNS over TCP: each message is preceded by its length as two bytes, big-endian (RFC 1035 4.2.2, RFC 7766 8).</summary>
internal static class DnsTcpFraming
{
    /// <summary>The next message, or null when the peer closed the connection between messages.</summary>
    /// <exception cref="EndOfStreamException">The peer closed in the middle of a message.</exception>
    public static async Task<byte[]?> ReadAsync(Stream stream, CancellationToken cancellation)
    {
        var prefix = new byte[2];
        var first = await stream.ReadAsync(prefix.AsMemory(0, 2), cancellation);
        if (first == 0) return null;
        if (first == 1) await stream.ReadExactlyAsync(prefix.AsMemory(1, 1), cancellation);
        var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await stream.ReadExactlyAsync(message, cancellation);
        return message;
    }

    /// <summary>Writes prefix and message in one send, so that a reply is not split into two segments.</summary>
    public static async Task WriteAsync(Stream stream, ReadOnlyMemory<byte> message, CancellationToken cancellation)
    {
        var framed = new byte[2 + message.Length];
        BinaryPrimitives.WriteUInt16BigEndian(framed, checked((ushort)message.Length));
        message.CopyTo(framed.AsMemory(2));
        await stream.WriteAsync(framed, cancellation);
    }
}
