namespace Bock.Cli.Build;

/// <summary>Whether stdin's first bytes start a tar (ustar magic) or a compressed stream (gzip, bzip2, xz, zstd), as docker checks.</summary>
internal static class ArchiveSniffer
{
    public static bool IsArchive(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]) ||
        head.StartsWith("BZh"u8) ||
        head.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) ||
        head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]) ||
        (head.Length >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8));
}
