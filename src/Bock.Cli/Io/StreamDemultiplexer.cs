using System.Buffers.Binary;

namespace Bock.Cli.Io;

/// <summary>
/// Splits Docker's multiplexed stream (frames of <c>[stream, 0, 0, 0, size32be]</c> + payload; 1 stdout, 2 stderr)
/// into two writers. Containers with a terminal send raw bytes instead: see <see cref="CopyRawAsync"/>.
/// </summary>
internal static class StreamDemultiplexer
{
    public static async Task CopyAsync(Stream source, Stream stdout, Stream stderr, CancellationToken ct = default)
    {
        var header = new byte[8];
        var payload = new byte[32 * 1024];
        while (await ReadExactlyOrEndAsync(source, header, ct))
        {
            var target = header[0] == 2 ? stderr : stdout;
            var remaining = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            while (remaining > 0)
            {
                var n = await source.ReadAsync(payload.AsMemory(0, Math.Min(payload.Length, remaining)), ct);
                if (n == 0) return;
                await target.WriteAsync(payload.AsMemory(0, n), ct);
                remaining -= n;
            }
            await target.FlushAsync(ct);
        }
    }

    public static async Task CopyRawAsync(Stream source, Stream stdout, CancellationToken ct = default)
    {
        var buffer = new byte[32 * 1024];
        int n;
        while ((n = await source.ReadAsync(buffer, ct)) > 0)
        {
            await stdout.WriteAsync(buffer.AsMemory(0, n), ct);
            await stdout.FlushAsync(ct);
        }
    }

    /// <summary>False on a clean end of stream before the first byte of <paramref name="buffer"/>.</summary>
    private static async Task<bool> ReadExactlyOrEndAsync(Stream source, byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var n = await source.ReadAsync(buffer.AsMemory(filled), ct);
            if (n == 0)
            {
                if (filled == 0) return false;
                throw new EndOfStreamException("the daemon's stream ended inside a frame header");
            }
            filled += n;
        }
        return true;
    }
}
