using System.IO.Compression;

namespace Bock.Images.Layers;

/// <summary>
/// Recognises a layer's compression by its magic bytes, as containerd does: media types lie more often than magic
/// does (a layer labelled <c>+gzip</c> that is a plain tar still unpacks, and its diff id is checked either way).
/// </summary>
public static class LayerCompression
{
    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b;

    /// <summary>A zstd frame (28 b5 2f fd), or a skippable frame (5? 2a 4d 18) that zstd streams may start with.</summary>
    public static bool IsZstd(ReadOnlySpan<byte> head) => head.Length >= 4
        && ((head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd)
            || ((head[0] & 0xf0) == 0x50 && head[1] == 0x2a && head[2] == 0x4d && head[3] == 0x18));

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
            return new ZstdSharp.DecompressionStream(peek, leaveOpen: false);
        return peek;
    }
}
