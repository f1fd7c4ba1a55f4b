using System.Buffers.Binary;

namespace Bock.Host.Streams;

/// <summary>
/// Docker's multiplexed framing (stdcopy): <c>[stream, 0, 0, 0, size as uint32 big-endian]</c> then <c>size</c> bytes,
/// so that one connection carries stdout and stderr apart. Used without a terminal; a pty's output goes raw.
/// </summary>
public static class StdFrame
{
    public const int HeaderSize = 8;

    public static byte[] Encode(StdStream stream, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderSize + payload.Length];
        frame[0] = (byte)stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    /// <summary>Reads one frame; null at a clean end of <paramref name="input"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not frames, or the stream ends inside one.</exception>
    public static async Task<(StdStream Stream, byte[] Payload)?> ReadAsync(Stream input, CancellationToken ct)
    {
        var header = new byte[HeaderSize];
        var read = await input.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, ct);
        if (read == 0) return null;
        if (read < HeaderSize || header[0] > 2 || header[1] != 0 || header[2] != 0 || header[3] != 0)
            throw new InvalidDataException("not a multiplexed stream frame");
        var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4))];
        await input.ReadExactlyAsync(payload, ct);
        return ((StdStream)header[0], payload);
    }
}
