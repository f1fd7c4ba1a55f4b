using System.IO.Compression;

namespace Bock.Images.Layers;

/// <summary>Recognises a layer's compression by its magic bytes (media types lie more often than magic does).</summary>
public static class LayerCompression
{
    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b;

    public static bool IsZstd(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd;

    /// <summary>Returns a stream of the uncompressed tar, whatever the layer was compressed with.</summary>
    public static Stream OpenUncompressed(Stream layer, string what)
    {
        var buffered = new BufferedStream(layer, 1 << 17);
        Span<byte> head = stackalloc byte[4];
        int n = 0;
        // BufferedStream cannot un-read: peek by filling its buffer and reading through a view of it.
        var peek = new PeekableStream(buffered);
        n = peek.Peek(head);
        if (IsGzip(head[..n]))
            return new GZipStream(peek, CompressionMode.Decompress);
        if (IsZstd(head[..n]))
            throw new Oci.ImageFormatException($"{what}: zstd-compressed layers are not supported (.NET 10 has no zstd decoder)");
        return peek;
    }
}
